"""db.bulk writes what the ORM would, on SQLite (executemany) and on PostgreSQL (COPY):
values that COPY's text format must escape come back as they went in."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sbpdesk.db import bulk

META = MetaData()
THING = Table("bulk_thing", META,
              Column("id", Integer, primary_key=True),
              Column("name", String, nullable=True),
              Column("amount", BigInteger, nullable=False),
              Column("day", Date, nullable=True),
              Column("at", DateTime(timezone=True), nullable=True),
              Column("blob", LargeBinary, nullable=True),
              Column("doc", JSON, nullable=True),
              Column("flag", Boolean, nullable=False, default=False))

AWKWARD = ["tab\there", "new\nline\r\n", "back\\slash", "\\N", "Nguyễn Văn Á", "", "a,b;\"c\"",
           "end\\"]


def rows():
    at = dt.datetime(2026, 12, 7, 3, 4, 5, 123456, tzinfo=dt.UTC)
    out = [{"id": i, "name": s, "amount": 10 ** 15 + i, "day": dt.date(2026, 1, 1 + i),
            "at": at, "blob": bytes(range(256)) + s.encode(), "doc": {"s": s, "n": [i, None]}}
           for i, s in enumerate(AWKWARD)]
    out.append({"id": 99, "name": None, "amount": -5, "day": None, "at": None, "blob": None,
                "doc": None})
    return out


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'b.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    eng = create_engine(url)
    META.create_all(eng)
    yield eng
    eng.dispose()


def test_rows_written_in_bulk_read_back_as_written_with_defaults(engine):
    with Session(engine) as db:
        bulk.insert_rows(db, THING, rows())
        db.commit()
    with Session(engine) as db:
        got = {r.id: r._asdict() for r in db.execute(select(THING))}
    for want in rows():
        row = got[want["id"]]
        assert row["flag"] is False                       # the model's scalar default
        at = row.pop("at")          # SQLite keeps no zone: compare the UTC moment
        assert (at.astimezone(dt.UTC).replace(tzinfo=None) if at and at.tzinfo else at) == \
            (want["at"].replace(tzinfo=None) if want["at"] else None)
        assert {k: row[k] for k in want if k != "at"} == {k: v for k, v in want.items()
                                                          if k != "at"}


def test_bulk_rows_join_the_sessions_transaction(engine):
    with Session(engine) as db:
        bulk.insert_rows(db, THING, rows()[:2])
        db.rollback()
    with Session(engine) as db:
        assert db.execute(select(THING)).all() == []


def test_a_duplicate_key_raises_sqlalchemy_s_integrity_error(engine):
    """COPY (PostgreSQL) runs on the driver's cursor: its errors come out as SQLAlchemy's,
    as every other statement's do, so callers catch one kind (month_end._insert)."""
    with Session(engine) as db:
        bulk.insert_rows(db, THING, rows()[:1])
        with pytest.raises(IntegrityError):
            bulk.insert_rows(db, THING, rows()[:1])


def test_a_list_of_ids_is_one_array_parameter_on_postgresql(engine):
    """`bulk.in_ids`: the rows whose column is one of the list bound as "ids", whatever its
    length; on PostgreSQL one array parameter (`= ANY`), so the statement's text is the
    same for 1 id and 2.000 (an IN list sends one parameter per value: a 500-id lookup of an
    import was a 9 KB statement parsed again at every call; decision 0280)."""
    from sqlalchemy import event
    with Session(engine) as db:
        bulk.insert_rows(db, THING, [{"id": i, "name": f"n{i}", "amount": i}
                                     for i in range(2500)])
        db.commit()
    texts = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cur, stmt, *rest: texts.append(stmt))
    by_id = select(THING.c.id).where(bulk.in_ids(THING.c.id), THING.c.amount >= 0)
    by_name = select(THING.c.id).where(bulk.in_ids(THING.c.name))
    with Session(engine) as db:
        for ids in ([], [7], [3, 3, 4], list(range(0, 5000, 2))):
            assert sorted(db.scalars(by_id, {"ids": ids})) == sorted(
                {i for i in ids if i < 2500})
            assert sorted(db.scalars(by_name, {"ids": [f"n{i}" for i in ids]})) == sorted(
                {i for i in ids if i < 2500})
    if engine.dialect.name == "postgresql":
        assert len(set(texts)) == 2 and all("ANY" in t and "ids_" not in t for t in texts)
    else:
        assert any("?, ?, ?" in t for t in texts)    # SQLite: an IN list, as before


def test_an_id_longer_than_its_column_matches_nothing(engine):
    """An id looked up (from a bundle's payload, say) that is longer than its column and
    starts with a stored id is not that id: the array is not cast to the column's length,
    which would cut the id short (PostgreSQL truncates on an explicit cast to varchar(n))."""
    short = Table("bulk_short", MetaData(), Column("code", String(8), primary_key=True))
    short.create(engine)
    with Session(engine) as db:
        bulk.insert_rows(db, short, [{"code": "ABCDEFGH"}, {"code": "XY"}])
        db.commit()
        q = select(short.c.code).where(bulk.in_ids(short.c.code))
        assert db.scalars(q, {"ids": ["ABCDEFGHIJ", "XY"]}).all() == ["XY"]
        assert sorted(db.scalars(q, {"ids": ["ABCDEFGH", "XY", "XYZ"]})) == ["ABCDEFGH", "XY"]

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

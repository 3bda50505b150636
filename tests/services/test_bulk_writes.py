"""The import's fast paths (decision 0041, second push) write and read what the ORM would:
state dumps byte for byte, Core executemany and IN reads, typed values alike."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pytest
from sqlalchemy import insert, select

from sbpdesk.db.models import AccountSnapshot, Instalment, Loan
from sbpdesk.demo.office import build_demo
from sbpdesk.domain.canonical import canonical_json, from_json, state_json
from sbpdesk.domain.loan_state import _OMITTED_AT_DEFAULT, LoanState
from sbpdesk.services import fold, loans, posting
from sbpdesk.services.books import open_book


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "book"
    build_demo(path, households=60, years=1, seed=11, as_of=dt.date(2026, 11, 20))
    return path


@pytest.fixture
def book(demo_dir, tmp_path):
    shutil.copytree(demo_dir, tmp_path / "b")
    b = open_book(tmp_path / "b")
    yield b
    b.close()


def walked_to_dict(state: LoanState) -> dict:
    """`LoanState.to_dict` as it was written before: every field through `fields()`."""
    out = {}
    for f in dataclasses.fields(state):
        v = getattr(state, f.name)
        if f.name == "instalments":
            v = [{"due_date": i.due_date.isoformat(), "amount": i.amount, "paid": i.paid,
                  "overdue": i.overdue, "carried": i.carried} for i in v]
        elif f.name == "suspense_entries":
            v = [{"op_id": e.op_id, "amount": e.amount, "reason": e.reason} for e in v]
        elif f.name == "flags":
            v = list(v)
        elif isinstance(v, dt.date):
            v = v.isoformat()
        if f.name in _OMITTED_AT_DEFAULT and v == f.default:
            continue    # the 2026 fields are left out at their defaults (issue 13)
        out[f.name] = v
    return out


def test_every_snapshot_of_a_demo_book_round_trips_byte_for_byte(book):
    snaps = book.db.scalars(select(AccountSnapshot)).all()
    kinds = {s.account_kind for s in snaps}
    assert {"loan", "savings"} <= kinds
    for snap in snaps:
        kind = posting.account_kind(snap.account_kind)
        if kind is None:
            continue
        state = kind.from_dict(from_json(snap.state))
        dumped = kind.to_dict(state)
        assert state_json(dumped) == canonical_json(dumped) == snap.state
        # Written directly (decision 0276): the same bytes, the same snapshot row.
        text, figures = kind.snapshot(state)
        assert text == snap.state
        pair = (snap.account_kind, snap.account_id)
        assert fold._snapshot_row(text, figures, pair, None, {}) == \
            fold._snapshot_row(state_json(dumped), dumped, pair, None, {})
        if snap.account_kind == "loan":
            assert state.to_dict() == walked_to_dict(state)
            assert LoanState(**{f.name: getattr(state, f.name)
                                for f in dataclasses.fields(state)}) == state


def test_loan_from_dict_keeps_defaults_and_refuses_a_state_without_id():
    state = LoanState.from_dict({"loan_id": "L1", "outstanding": 5})
    assert state == LoanState(loan_id="L1")
    with pytest.raises(TypeError):
        LoanState.from_dict({"status": "active"})


def test_executemany_and_reads_store_the_values_the_orm_stores(book):
    loan_id = book.db.scalars(select(Loan.id)).first()
    day = dt.date(2031, 2, 28)
    with book.transaction():
        book.db.execute(insert(Instalment.__table__), [
            {"loan_id": loan_id, "no": 900 + k, "due_date": day, "amount": k, "paid": 0}
            for k in range(3)])
        posting.write_rows(book, AccountSnapshot.__table__, posting.SNAPSHOT_KEYS, [
            {**posting.load_snapshots(book, [("loan", loan_id)])[("loan", loan_id)],
             "state": b'{"x":1}', "needs_update": True, "last_date": day}],
            posting.load_snapshots(book, [("loan", loan_id)]))
    rows = book.db.scalars(select(Instalment).where(Instalment.loan_id == loan_id,
                                                    Instalment.no >= 900)).all()
    assert [(r.no, r.due_date, r.amount) for r in rows] == [(900 + k, day, k) for k in range(3)]
    snap = book.db.get(AccountSnapshot, ("loan", loan_id))
    assert (snap.state, snap.needs_update, snap.last_date) == (b'{"x":1}', True, day)
    read = posting.rows_in(book, Instalment.__table__, "loan_id", [loan_id])
    orm = [{c: getattr(r, c) for c in ("loan_id", "no", "due_date", "amount", "paid")}
           for r in book.db.scalars(select(Instalment).where(Instalment.loan_id == loan_id))]
    assert sorted(read, key=lambda r: r["no"]) == sorted(orm, key=lambda r: r["no"])
    assert posting.load_snapshots(book, [("loan", loan_id)])[("loan", loan_id)][
        "needs_update"] is True


def test_projection_rows_equal_the_snapshot_states(book):
    """What the demo wrote is what `loan_row`/`instalment_rows` give: the rows the import's
    instalment diff assumes a snapshot's state stands for."""
    for snap in book.db.scalars(select(AccountSnapshot).where(
            AccountSnapshot.account_kind == "loan")).all()[:200]:
        state = LoanState.from_dict(from_json(snap.state))
        rows = posting.rows_in(book, Instalment.__table__, "loan_id", [state.loan_id])
        assert sorted(rows, key=lambda r: r["no"]) == loans.instalment_rows(state)


def test_bulk_rows_are_stored_as_the_orm_stores_them(book):
    """db/bulk.py binds values through the column types' own processors: a date, a flag
    and money land in the file exactly as an ORM write puts them (decision 0046)."""
    from sqlalchemy import text

    from sbpdesk.db import bulk
    loan_id = book.db.scalars(select(Loan.id)).first()
    day = dt.date(2031, 3, 31)
    with book.transaction():
        book.db.add(Instalment(loan_id=loan_id, no=950, due_date=day, amount=7, paid=0))
        book.db.flush()
        bulk.insert_rows(book.db, Instalment.__table__, [
            {"loan_id": loan_id, "no": 951, "due_date": day, "amount": 7, "paid": 0}])
        bulk.update_rows(book.db, Instalment.__table__, ("loan_id", "no"), ("paid",), [
            {"loan_id": loan_id, "no": n, "paid": 7} for n in (950, 951)])
    raw = book.db.execute(text(
        "SELECT no, typeof(due_date), due_date, typeof(paid), paid FROM instalment "
        "WHERE loan_id = :l AND no IN (950, 951) ORDER BY no"), {"l": loan_id}).all()
    assert [tuple(r)[1:] for r in raw] == [("text", "2031-03-31", "integer", 7)] * 2
    with book.transaction():
        bulk.delete_rows(book.db, Instalment.__table__, ("loan_id", "no"),
                         [{"loan_id": loan_id, "no": 951}])
    left = book.db.scalars(select(Instalment.no).where(Instalment.loan_id == loan_id,
                                                       Instalment.no >= 950)).all()
    assert left == [950]


def test_bulk_insert_gives_missing_columns_their_model_defaults(book):
    from sbpdesk.db import bulk
    loan_id = book.db.scalars(select(Loan.id)).first()
    with book.transaction():
        bulk.insert_rows(book.db, Instalment.__table__, [
            {"loan_id": loan_id, "no": 960, "due_date": dt.date(2031, 4, 30)}])
    row = book.db.get(Instalment, (loan_id, 960))
    assert (row.amount, row.paid) == (0, 0)   # Money's default, not NULL

"""Revision 0004 writes the savings snapshots of an older program in the pruned shape
(decision 0041): the book then checks clean — a replay gives the stored bytes — and its
movement history, kept in `savings_movement`, is what the downgrade puts back."""
from __future__ import annotations

import datetime as dt
import importlib.util

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import select, update

from sbpdesk import paths
from sbpdesk.db.models import AccountSnapshot
from sbpdesk.domain.canonical import from_json, state_json
from sbpdesk.services import check, posting
from tests.sync.test_exchange import as_user, office_with_loan

D = dt.date


def _migration():
    path = paths.migrations_dir() / "versions" / "0004_held_index_savings_pruned.py"
    spec = importlib.util.spec_from_file_location("migration_0004", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(book, change):
    book.db.commit()
    with book.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        _migration()._rewrite_savings(getattr(_migration(), change))


def _credited_account(tmp_path, clock):
    office, ids = office_with_loan(tmp_path, clock)
    with office.transaction():
        as_user(office, "teller", ["teller"])
        for day, amount in ((D(2026, 4, 15), 300_000), (D(2026, 5, 15), 100_000)):
            posting.post(office, "collection.record", {"person_id": ids["person"],
                                                       "savings": amount}, business_date=day)
        snap = office.db.scalars(select(AccountSnapshot).where(
            AccountSnapshot.account_kind == "savings")).one()
        as_user(office, "accountant", ["accountant"])
        posting.post(office, "savings.credit_interest", {"savings_account_id": snap.account_id,
                                                         "period_end": "2026-06-30"},
                     business_date=D(2026, 7, 2))
        as_user(office, "teller", ["teller"])
        posting.post(office, "collection.record", {"person_id": ids["person"],
                                                   "savings": 50_000}, business_date=D(2026, 7, 15))
    return office, snap.account_id


def _state(book, account_id):
    book.end_read()
    return book.db.get(AccountSnapshot, ("savings", account_id)).state


def test_an_older_snapshot_is_pruned_and_checks_clean(tmp_path, clock):
    office, account_id = _credited_account(tmp_path, clock)
    pruned = _state(office, account_id)
    state = from_json(pruned)
    assert state["opening_balance"] == 400_000 and len(state["movements"]) == 1
    _run(office, "_expanded")          # as an older program wrote it: every movement
    older = from_json(_state(office, account_id))
    assert "opening_balance" not in older and len(older["movements"]) == 3
    assert not check.check_book(office, replay=True).ok
    _run(office, "_pruned")
    assert _state(office, account_id) == pruned
    assert check.check_book(office, replay=True).ok
    office.close()


def test_an_uncredited_snapshot_gains_its_opening_balance(tmp_path, clock):
    office, account_id = _credited_account(tmp_path, clock)
    state = from_json(_state(office, account_id))
    del state["opening_balance"]
    with office.transaction():
        office.db.execute(update(AccountSnapshot).where(AccountSnapshot.account_id == account_id)
                          .values(state=state_json({**state, "interest_through": None})))
    _run(office, "_pruned")
    assert from_json(_state(office, account_id))["opening_balance"] == 0
    office.close()

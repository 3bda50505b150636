"""The movement history of a savings account lives in `savings_movement`, built from what
each operation made: complete after the interest credit has pruned the state, and rebuilt
from the journal when a back-dated operation replays the account (decision 0041)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from sbpdesk.db.models import SavingsAccount, SavingsMovement
from sbpdesk.services import check, posting, savings
from tests.migrations.test_savings_pruned import _credited_account
from tests.sync.test_exchange import as_user


def _history(book, account_id):
    rows = book.db.scalars(select(SavingsMovement).where(
        SavingsMovement.account_id == account_id).order_by(SavingsMovement.business_date))
    return [(m.business_date, m.amount) for m in rows]


def test_history_is_complete_after_the_credit_and_after_a_replay(tmp_path, clock):
    office, account_id = _credited_account(tmp_path, clock)
    state = savings.load(office, account_id)
    assert [m.value_date for m in state.movements] == [dt.date(2026, 7, 15)]
    assert _history(office, account_id) == [(dt.date(2026, 4, 15), 300_000),
                                            (dt.date(2026, 5, 15), 100_000),
                                            (dt.date(2026, 7, 15), 50_000)]
    person = office.db.get(SavingsAccount, account_id).person_id
    with office.transaction():      # saved at a point on 20/06, reaches the office now
        as_user(office, "teller", ["teller"])
        posting.post(office, "collection.record", {"person_id": person, "savings": 20_000},
                     business_date=dt.date(2026, 6, 20))
    assert _history(office, account_id)[2] == (dt.date(2026, 6, 20), 20_000)
    assert len(_history(office, account_id)) == 4
    assert office.db.get(SavingsAccount, account_id).balance == 470_000
    assert savings.load(office, account_id).opening_balance == 420_000
    assert check.check_book(office, replay=True).ok
    office.close()

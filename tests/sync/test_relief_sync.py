"""A reduction recorded at the office (`rate.relief`, decisions/0078) reaches the laptop in
the next bundle: the laptop replays its loan the same way and bills the same interest.
Figures as tests/services/test_relief.py: 63.597 collected for 15/03 → 15/04/2026; the
reduction of those 31 days is 20.384; the next bill 61.545 − 20.384 = 41.161.
"""
from __future__ import annotations

import datetime as dt

from sbpdesk.services import loans, posting
from tests.sync.test_enrol import export, fast_kdf, imp  # noqa: F401  (autouse fixture)
from tests.sync.test_exchange import as_user, collect, loan_of, loan_pair, open_session

D_REC, D2 = dt.date(2026, 4, 20), dt.date(2026, 5, 15)


def test_relief_reaches_the_laptop_with_the_next_bundle(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    collect(laptop, ids, savings=0)
    imp(office, export(laptop, tmp_path, name="up1"))
    as_user(office, "admin", ["admin"])
    posting.post(office, "rate.relief", {
        "decision": "9999/QĐ-TTg (thử)", "points": "2", "start": "2026-03-15",
        "until": "2026-04-14", "programmes": "pm_rate", "provinces": []}, business_date=D_REC)
    assert loans.loan_detail(laptop, ids["loan"], D2).dues.interest_in_term == 61_545
    imp(laptop, export(office, tmp_path, to=f"device:{laptop.origin}", name="down1"))
    assert loans.loan_detail(laptop, ids["loan"], D2).dues.interest_in_term == 41_161
    assert loan_of(laptop, ids["loan"]) == loan_of(office, ids["loan"])

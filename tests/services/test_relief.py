"""A retroactive reduction recorded by the office (`rate.relief`, decisions/0078) on a real
book: the covered loans are replayed, the next bill is lower, the list shows the borrower,
`check --replay` stays clean. Figures by hand (ACT/365, poor rate 6,24 % from 01/12/2025):
  interest 15/03 → 15/04/2026 (31 days) on 12.000.000: 748.800 × 31 / 365 = 63.596,71 → 63.597
  the reduction −2 %/year on the same 31 days: 240.000 × 31 / 365 = 20.383,56 → 20.384
  interest 15/04 → 15/05 (30 days): 748.800 × 30 / 365 = 61.545,21 → 61.545
  the May bill with the 20.384 collected in April credited: 61.545 − 20.384 = 41.161
"""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import check, loans, posting, relief
from tests.services.test_loans_collections import D1, _disbursed, as_user

D_REC, D2 = dt.date(2026, 4, 20), dt.date(2026, 5, 15)
RELIEF = {"decision": "9999/QĐ-TTg (thử)", "points": "2", "start": "2026-03-15",
          "until": "2026-04-14", "programmes": "pm_rate", "provinces": []}


def test_relief_recomputes_the_covered_loans_and_credits_the_next_bill(office):
    _, _, person_id, loan_id = _disbursed(office)
    posting.post(office, "collection.record", {"person_id": person_id, "loan_id": loan_id,
                                               "interest": 63_597}, business_date=D1)
    assert loans.loan_detail(office, loan_id, D2).dues.interest_in_term == 61_545
    as_user(office, "admin", ["admin"])
    posting.post(office, "rate.relief", RELIEF, business_date=D_REC)
    assert loans.loan_detail(office, loan_id, D2).dues.interest_in_term == 41_161
    [line] = relief.relief_list(office, D2, point_code="P01")
    assert (line.loan_id, line.person_name, line.reduction) == (loan_id, "Nguyễn Thị Hằng",
                                                                  20_384)
    assert relief.relief_list(office, D2, point_code="P02") == []
    assert check.check_book(office, replay=True).ok


def test_relief_refused_with_a_reason(office):
    as_user(office, "admin", ["admin"])
    for bad, field in (({"points": "0"}, "points"), ({"until": "2026-03-01"}, "points"),
                       ({"method": "gift"}, "method"), ({"programmes": ["nope"]}, "programmes"),
                       ({"decision": ""}, "decision")):
        with pytest.raises(DomainError) as err:
            posting.post(office, "rate.relief", {**RELIEF, **bad}, business_date=D_REC)
        assert err.value.field == field and err.value.vi


def test_a_session_day_move_shows_in_the_next_session_from_its_date(office):
    from sbpdesk.services import ui_queries
    # P01 meets on the 15th; today is 15/03/2026. Moved to the 20th from 01/04/2026:
    # the next session after today is 20/04, not 15/04; March keeps the 15th.
    as_user(office, "admin", ["admin"])
    posting.post(office, "calendar.publish", {
        "point_code": "P01", "session_day": 15, "session_time": "07:30",
        "moves": [{"from": "2026-04-01", "session_day": 20}]}, business_date=D1)
    assert ui_queries.next_session_date(office, "P01") == dt.date(2026, 3, 15)
    office._clock = lambda: dt.datetime(2026, 3, 16, 3, tzinfo=dt.UTC)
    assert ui_queries.next_session_date(office, "P01") == dt.date(2026, 4, 20)
    cal = office.refs.calendar("P01")
    assert cal.is_held(dt.date(2026, 3, 15)) and not cal.is_held(dt.date(2026, 4, 15))
    with pytest.raises(DomainError):
        posting.post(office, "calendar.publish", {
            "point_code": "P01", "session_day": 15,
            "moves": [{"from": "2026-04-01", "session_day": 32}]}, business_date=D1)


def test_the_13td_row_says_the_reduction_taken_off_its_interest(office):
    """Seen: after a reduction the 13/TD's "Lãi kỳ này" read less than the rate gives (or 0)
    with nothing on the row to say why. The row now carries the reduction and prints it."""
    from sbpdesk.db.models import Loan
    from sbpdesk.printing.statement import render_statement
    from sbpdesk.services.documents import statements
    from tests.printing.pdfread import flat
    group_id, _, person_id, loan_id = _disbursed(office)
    posting.post(office, "collection.record", {"person_id": person_id, "loan_id": loan_id,
                                               "interest": 63_597}, business_date=D1)
    group_id = office.db.get(Loan, loan_id).group_id
    before = statements.statement(office, group_id, D2, after=False)
    [row] = [r for r in before.rows if r.contract.number]
    assert (row.interest_period, row.relief) == (61_545, 0)
    as_user(office, "admin", ["admin"])
    posting.post(office, "rate.relief", RELIEF, business_date=D_REC)
    data = statements.statement(office, group_id, D2, after=False)
    [row] = [r for r in data.rows if r.contract.number]
    assert (row.interest_period, row.relief, row.frozen) == (41_161, 20_384, False)
    text = flat(render_statement(data))
    assert "41.161 (giảm lãi 20.384)" in text


def test_the_13td_row_of_a_frozen_loan_says_so(office):
    from sbpdesk.db.models import Loan
    from sbpdesk.printing.statement import render_statement
    from sbpdesk.services.documents import statements
    from tests.printing.pdfread import flat
    _, _, person_id, loan_id = _disbursed(office)
    posting.post(office, "collection.record", {"person_id": person_id, "loan_id": loan_id,
                                               "interest": 63_597}, business_date=D1)
    as_user(office, "director", ["director"])
    posting.post(office, "loan.freeze", {"loan_id": loan_id, "reason": "thiên tai"},
                 business_date=D_REC)
    data = statements.statement(office, office.db.get(Loan, loan_id).group_id, D2, after=False)
    [row] = [r for r in data.rows if r.contract.number]
    assert row.frozen
    assert "(khoanh nợ)" in flat(render_statement(data))

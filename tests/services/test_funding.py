"""Each loan carries its funding source and, for local funds, the investor code
(decisions/0107); the office's local-budget report adds them up. Figures by hand:
12.000.000 central + 8.000.000 local (investor NS-68) disbursed on 15/03/2026 →
outstanding 20.000.000, local 8.000.000 = 40,00 %; nothing outstanding on 14/03, so the
local budget funded 8.000.000 of the 20.000.000 growth = 40,00 %."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.reports import funding
from sbpdesk.services import journal, posting
from sbpdesk.services.auth import Approval
from tests.conftest import PW
from tests.services.test_loans_collections import D0, DS, _disbursed, as_user


def local_loan(office, household_id, person_id, **extra):
    as_user(office, "accountant", ["accountant"])
    a = posting.post(office, "application.submit", {
        "household_id": household_id, "person_id": person_id, "programme_code": "poor",
        "amount": 8_000_000, "term_months": 12, "frequency_months": 12,
        "purpose": "Nuôi dê", "funding_source": "local", **extra}, business_date=DS)
    application_id = journal.get(office.db, a.op_id).payload["application_id"]
    as_user(office, "director", ["director"])
    dec = posting.post(office, "application.decide", {"application_id": application_id,
                                                      "approved": True}, business_date=DS)
    loan_id = journal.get(office.db, dec.op_id).payload["loan_id"]
    as_user(office, "teller", ["teller"])
    posting.post(office, "loan.disburse", {"loan_id": loan_id, "amount": 8_000_000,
                                           "id_checked": True}, business_date=D0,
                 approved_by=Approval("controller", PW))
    return loan_id


def test_local_funds_need_the_investor_code(office):
    _, household_id, person_id, _ = _disbursed(office)
    with pytest.raises(DomainError) as err:
        local_loan(office, household_id, person_id)
    assert err.value.field == "investor_code" and err.value.vi and err.value.en


def test_the_local_budget_share(office):
    _, household_id, person_id, central = _disbursed(office)
    local = local_loan(office, household_id, person_id, investor_code="NS-68")
    on, since = dt.date(2026, 3, 16), dt.date(2026, 3, 14)
    report = funding.local_budget(office, on, since)
    assert (report["outstanding"], report["central"], report["local"]) == (
        20_000_000, 12_000_000, 8_000_000)
    assert report["local_share_pct"] == "40.00"
    assert report["local_by_investor"] == [{"investor_code": "NS-68",
                                            "outstanding": 8_000_000}]
    assert (report["growth"], report["local_growth"]) == (20_000_000, 8_000_000)
    assert report["local_share_of_growth_pct"] == "40.00"
    assert central != local

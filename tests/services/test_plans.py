"""Approvals checked against the office's lending plan and the communes' poor / near-poor lists
(issue 16, decision 0190): beyond the plan is refused until the plan is adjusted; a
household missing from its commune's recorded list is approved only with a stated reason."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from sbpdesk.db.models import EligibilityList
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import applications, journal, plans
from sbpdesk.services.auth import Approval
from tests.conftest import PW
from tests.services.test_loans_collections import D0, DS, as_user, set_up_loan

CHECKER = Approval("accountant", PW)


def two_applications(office):
    """The set-up's approved 12 M đ loan (01/03/2026), and two more applications of its
    household: 5 M đ and 9 M đ, both poor-household programme, central funds."""
    with office.transaction():
        _, household_id, person_id, _ = set_up_loan(office)
    as_user(office, "accountant", ["accountant"])
    ids = []
    for amount in (5_000_000, 9_000_000):
        new = applications.NewApplication(household_id, person_id, None, "poor", amount, 12,
                                          None, "Mua giống lúa")
        (_, app_id), = applications.submit(office, new, business_date=D0).accounts
        ids.append(app_id)
    return household_id, ids


def decide(office, app_id, **kw):
    as_user(office, "director", ["director"])
    return applications.decide(office, app_id, True, reason="đủ điều kiện", business_date=D0,
                               checked_by=CHECKER, **kw)


def test_an_approval_beyond_the_years_plan_is_refused_until_the_plan_is_adjusted(office):
    _, (small, large) = two_applications(office)
    as_user(office, "teller", ["teller"])
    with pytest.raises(DomainError) as e:        # the plan is the accountant's or director's
        plans.set_plan(office, 2026, "poor", "central", 20_000_000, reference="QĐ 35",
                       business_date=D0)
    assert e.value.code == "role_refused"
    as_user(office, "accountant", ["accountant"])
    with pytest.raises(DomainError) as e:
        plans.set_plan(office, 2026, "poor", "central", 20_000_000, reference=" ",
                       business_date=D0)
    assert e.value.field == "reference"
    plans.set_plan(office, 2026, "poor", "central", 20_000_000, reference="QĐ 35/QĐ-NHCS",
                   business_date=D0)
    waiting = {p.row.id: p for p in applications.pending(office)}
    # 20 M planned, 12 M approved on 01/03: each application alone would leave 3 M / −1 M
    assert (waiting[small].plan, waiting[small].plan_left) == (20_000_000, 3_000_000)
    assert waiting[large].plan_left == -1_000_000
    decide(office, small)
    with pytest.raises(DomainError) as e:
        decide(office, large)
    assert (e.value.code, e.value.field) == ("above_plan", "amount")
    assert "còn 3.000.000 đ" in e.value.vi
    assert [p.row.id for p in applications.pending(office)] == [large]
    as_user(office, "director", ["director"])
    plans.set_plan(office, 2026, "poor", "central", 30_000_000, reference="QĐ 41 điều chỉnh",
                   business_date=D0)
    decide(office, large)
    line, = plans.plan_lines(office, 2026)
    assert (line.amount, line.used, line.reference) == (30_000_000, 26_000_000,
                                                        "QĐ 41 điều chỉnh")
    # another source or year has no plan: nothing is checked against it
    assert plans.plan_for(office, 2026, "poor", "local").amount is None
    assert plans.plan_for(office, 2027, "poor", "central").used == 0


def test_a_household_missing_from_its_communes_list_needs_a_stated_reason(office):
    household_id, (first, second) = two_applications(office)
    assert {p.listing for p in applications.pending(office)} == {"no_list"}
    as_user(office, "accountant", ["accountant"])
    with pytest.raises(DomainError) as e:        # only households of the point
        plans.record_list(office, "P02", 2026, "poor", [household_id], reference="QĐ 7",
                          business_date=D0)
    assert e.value.field == "household_ids"
    plans.record_list(office, "P01", 2026, "poor", [], reference="QĐ 7/QĐ-UBND",
                      business_date=D0)
    assert {p.listing for p in applications.pending(office)} == {"not_listed"}
    with pytest.raises(DomainError) as e:
        decide(office, first)
    assert (e.value.code, e.value.field) == ("not_on_list", "list_exception")
    done = decide(office, first, list_exception="Hộ nghèo phát sinh, giấy xác nhận UBND xã "
                                                "số 15 ngày 10/03/2026")
    assert journal.get(office.db, done.op_id).payload["list_exception"].startswith(
        "Hộ nghèo phát sinh")
    as_user(office, "accountant", ["accountant"])
    plans.record_list(office, "P01", 2026, "poor", [household_id],
                      reference="QĐ 9/QĐ-UBND bổ sung", business_date=D0)
    waiting, = applications.pending(office)
    assert (waiting.row.id, waiting.listing) == (second, "listed")
    done = decide(office, second)
    assert "list_exception" not in journal.get(office.db, done.op_id).payload
    rows = office.db.scalars(select(EligibilityList)).all()     # the later list replaced it
    assert [(r.household_id, r.year, r.category) for r in rows] == [(household_id, 2026,
                                                                      "poor")]


def test_the_lists_and_the_plan_are_not_the_tellers(office):
    with office.transaction():
        _, household_id, _, _ = set_up_loan(office)
    as_user(office, "teller", ["teller"])
    with pytest.raises(DomainError) as e:
        plans.record_list(office, "P01", 2026, "poor", [household_id], reference="QĐ 7",
                          business_date=DS)
    assert e.value.code == "role_refused"

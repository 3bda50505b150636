"""The rates and rules in force in 2026, each with a worked example computed by hand.

Sources: ../shared/domain/changes-2025-2026.md §3–4; docs/decisions/0075–0077.
Amounts are multiples of 365.000 đ so that daily interest (ACT/365) is a whole number:
  36.500.000 ÷ 365 = 100.000 → 100.000 × rate % per day (6,6 % → 6.600 đ/day).
Point P1 holds its session on the 15th.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sbpdesk.domain import loan
from sbpdesk.domain.application import check_application
from sbpdesk.domain.calendar import SessionCalendar
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.operation import Operation
from sbpdesk.domain.rates import SHIPPED_RATES, RateEntry, require_rate
from sbpdesk.domain.rules import Refs
from sbpdesk.domain.schedule import first_due_after_study

D = dt.date
R = Decimal
CAL = SessionCalendar("P1", 15)
REFS = Refs(calendars={"P1": CAL})
_seq = iter(range(1, 10_000))


def op(kind, day, origin="lap", **payload):
    n = next(_seq)
    return Operation(f"r{n}", origin, n, kind, 1, payload, D.fromisoformat(day))


def opened(programme, decided_on, disbursed_on, amount=36_500_000, term=60, freq=6,
           approved=None, **decide):
    return [
        op("application.submit", decided_on, application_id="A", household_id="H",
           person_id="M", group_id="G", programme_code=programme, amount=amount,
           term_months=term, frequency_months=freq, purpose="", funding_source="central",
           study_end=None, point_code="P1"),
        op("application.decide", decided_on, origin="office", application_id="A",
           approved=True, reason="", loan_id="L", contract_no="C",
           amount=approved or amount, term_months=term, frequency_months=freq,
           first_due=decide.pop("first_due", None), **decide),
        op("loan.disburse", disbursed_on, loan_id="L", amount=amount, tranche=1,
           id_checked=True),
    ]


def pay(day, interest=0, principal=0):
    return op("collection.record", day, loan_id="L", savings_account_id=None, person_id="M",
              group_id="G", interest=interest, principal=principal, savings=0,
              from_savings=0, bl_no=None, overpay_confirmed=False)


# --- the 01/12/2025 table, shares of the poor-household rate ----------------------------------

def test_rates_defined_as_a_share_follow_the_poor_rate():
    # Decision 2553: poor 6,6 → 6,24; near-poor = 120 % of it = 6,24 × 1,2 = 7,488;
    # newly escaped = 125 % = 7,8; the Decree 28 group = 50 % = 3,12; clean water 8,4 (fixed)
    on = D(2025, 12, 1)
    assert SHIPPED_RATES.rate_on("near_poor", D(2025, 11, 30)) == R("7.92")
    assert SHIPPED_RATES.rate_on("near_poor", on) == R("7.488")
    assert SHIPPED_RATES.rate_on("escaped_poverty", on) == R("7.8")
    assert SHIPPED_RATES.rate_on("ethnic_job_change", on) == R("3.12")
    assert SHIPPED_RATES.rate_on("overseas_worker_27", on) == R("3.12")
    assert SHIPPED_RATES.rate_on("clean_water", on) == R("8.4")
    # the office enters a new poor rate of 6 % from 01/07/2026: the shares follow it
    # (6 × 1,2 = 7,2; 6 × 1,25 = 7,5; 6 × 0,5 = 3; Decree 338: 6 × 1,27 = 7,62); fixed ones stay
    t = SHIPPED_RATES.with_entry(RateEntry("poor", D(2026, 7, 1), R("6")))
    jul = D(2026, 7, 1)
    assert (t.rate_on("near_poor", jul), t.rate_on("escaped_poverty", jul)) == (R("7.2"), R("7.5"))
    assert t.rate_on("ethnic_job_change", jul) == R("3")
    assert t.rate_on("job_creation@338", jul) == R("7.62")
    assert t.rate_on("clean_water", jul) == R("8.4")
    # and the near-poor segments are cut at the poor rate's change
    assert t.rate_segments("near_poor", D(2026, 6, 15), D(2026, 7, 15)) == [
        (D(2026, 6, 15), D(2026, 7, 1), R("7.488")), (D(2026, 7, 1), D(2026, 7, 15), R("7.2"))]


def test_a_rate_not_published_has_no_figure_and_refuses_new_loans():
    # 30a, forestry, poor-household housing, Decree 28 housing: no rate after 01/12/2025 found
    for code in ("poor_30a", "forestry", "poor_housing", "ethnic_housing"):
        assert SHIPPED_RATES.rate_on(code, D(2025, 11, 30)) is not None, code
        assert SHIPPED_RATES.rate_on(code, D(2025, 12, 1)) is None, code
        with pytest.raises(DomainError) as err:
            require_rate(SHIPPED_RATES, code, D(2026, 1, 5))
        assert err.value.code == "rate_unset" and "văn phòng" in err.value.vi
    # once the office enters one, it is used
    t = SHIPPED_RATES.with_entry(RateEntry("poor_30a", D(2025, 12, 1), R("3.12")))
    assert require_rate(t, "poor_30a", D(2026, 1, 5)) == R("3.12")


# --- social housing across 10/10/2025 (Decree 261/2025) ----------------------------------------

def test_social_housing_loan_across_10_10_2025():
    ops = opened("social_housing", "2025-09-01", "2025-09-15")
    # 36.500.000 at 6,6 % → 6.600 đ/day until 09/10; at 5,4 % → 5.400 đ/day from 10/10
    # 15/09 → 10/10: 25 days × 6.600 = 165.000;  10/10 → 15/10: 5 days × 5.400 = 27.000
    s = loan.replay(ops, REFS)
    assert loan.dues(s, D(2025, 10, 15), REFS).interest_in_term == 165_000 + 27_000
    s = loan.replay(ops + [pay("2025-10-15", interest=192_000)], REFS)
    assert s.interest_in_term == 0
    # 15/10 → 15/11: 31 days × 5.400 = 167.400
    assert loan.dues(s, D(2025, 11, 15), REFS).interest_in_term == 167_400
    # 60 months, half-yearly: 10 instalments of 36.500.000 ÷ 10 = 3.650.000 from 15/03/2026
    assert (s.instalments[0].due_date, s.instalments[0].amount) == (D(2026, 3, 15), 3_650_000)


def test_social_housing_instalment_goes_overdue_at_the_first_session_after_its_due_date():
    # First disbursed 15/09/2025 (before 01/03/2026), yet social housing goes overdue
    # instalment by instalment (Letter 597). The core's schedule puts the first instalment on
    # 10/03/2026, between sessions: it is due until the session of 15/03 and moves on 16/03.
    ops = opened("social_housing", "2025-09-01", "2025-09-15") + [
        op("loan.adjust", "2026-01-20", origin="office", loan_id="L", instalments=[
            {"due_date": "2026-03-10", "amount": 3_650_000},
            {"due_date": "2030-09-15", "amount": 32_850_000}])]
    s = loan.replay(ops, REFS)
    on_session = loan.advance(s, D(2026, 3, 15), REFS)    # the start of the session day
    assert (on_session.principal_in_term, on_session.principal_overdue) == (36_500_000, 0)
    after = loan.advance(s, D(2026, 3, 16), REFS)
    assert (after.principal_in_term, after.principal_overdue) == (32_850_000, 3_650_000)
    assert after.instalments[0].overdue and after.instalments[1].amount == 32_850_000
    # one day 16/03 → 17/03: overdue 3.650.000 × 5,4 % × 130 % ÷ 365 = 10.000 × 7,02 = 702;
    # in term 32.850.000 × 5,4 % ÷ 365 = 90.000 × 5,4 = 4.860
    next_day = loan.advance(s, D(2026, 3, 17), REFS)
    assert next_day.interest_overdue - after.interest_overdue == 702
    assert next_day.interest_in_term - after.interest_in_term == 4_860


# --- Decree 338/2025: the regime chosen by the contract's date ---------------------------------

def test_decree_338_job_creation_loan():
    # contract 05/01/2026 → Decree 338: 127 % × 6,24 = 7,9248 %/year
    # 36.500.000: 100.000 × 7,9248 = 7.924,8 đ/day; 15/01 → 14/02 = 30 days → 237.744
    s = loan.replay(opened("job_creation", "2026-01-05", "2026-01-15", term=36, freq=12), REFS)
    assert s.regime == "338"
    assert loan.dues(s, D(2026, 2, 14), REFS).interest_in_term == 237_744
    # a priority borrower (Decree 338): the poor rate, 6.240 đ/day × 30 = 187.200
    s = loan.replay(opened("job_creation", "2026-01-05", "2026-01-15", term=36, freq=12,
                           priority=True), REFS)
    assert loan.dues(s, D(2026, 2, 14), REFS).interest_in_term == 187_200
    # a contract of 20/12/2025 stays on the Decision 2553 rate 7,488: 7.488 × 30 = 224.640
    s = loan.replay(opened("job_creation", "2025-12-20", "2026-01-15", term=36, freq=12), REFS)
    assert s.regime == "" and loan.dues(s, D(2026, 2, 14), REFS).interest_in_term == 224_640


def test_decree_338_limit_by_contract_date():
    prog = REFS.programme("job_creation")
    # 200 M đ per worker, at most 120 months, for contracts from 01/01/2026; 100 M before
    check_application(prog, 200_000_000, 120, contract_date=D(2026, 1, 5))
    with pytest.raises(DomainError, match="vượt mức"):
        check_application(prog, 200_000_001, 120, contract_date=D(2026, 1, 5))
    with pytest.raises(DomainError, match="vượt mức"):
        check_application(prog, 150_000_000, 60, contract_date=D(2025, 12, 20))


# --- STEM students (Decision 29/2025/QĐ-TTg) ---------------------------------------------------

def test_stem_loan_first_year():
    # study ends 30/06/2028; first instalment 12 months later: 30/06/2029 has no session,
    # the first one after it is 15/07/2029
    first_due = first_due_after_study(D(2028, 6, 30), 12, CAL)
    assert first_due == D(2029, 7, 15)
    ops = opened("stem_student", "2025-12-10", "2025-12-15", term=96, freq=6,
                 approved=73_000_000, first_due=first_due.isoformat()) + [
        op("loan.disburse", "2026-09-15", loan_id="L", amount=36_500_000, tranche=2,
           id_checked=True)]     # the second school year's tranche
    s = loan.replay(ops, REFS)
    assert s.instalments[0].due_date == D(2029, 7, 15)
    # 4,8 %: 36.500.000 → 4.800 đ/day; 73.000.000 → 9.600 đ/day
    # 15/12/2025 → 15/09/2026: 31+31+28+31+30+31+30+31+31 = 274 days × 4.800 = 1.315.200
    # 15/09/2026 → 15/12/2026: 30+31+30 = 91 days × 9.600 = 873.600 → 2.188.800 in total,
    # kept as study interest: nothing is billed before the first instalment
    d = loan.dues(s, D(2026, 12, 15), REFS)
    assert (d.interest_grace, d.interest_in_term) == (1_315_200 + 873_600, 0)
    assert d.principal_in_term == 73_000_000


# --- interest is rounded when billed or paid (decisions/0075) ---------------------------------

@pytest.mark.parametrize("between", [
    None,
    op("loan.transfer_overdue", "2025-12-23", origin="office", loan_id="L",
       classification="in_term"),
    pay("2025-12-23"),                   # a zero collection
])
def test_a_stamp_or_zero_collection_does_not_change_the_bill(between):
    # 10.000.000 at 6,24 %: 624.000 a year. 15/12/2025 → 15/01/2026 = 31 days:
    # 624.000 × 31 ÷ 365 = 19.344.000 ÷ 365 = 52.997,26 → 52.997.
    # Rounded at 23/12 as well it would be 624.000 × 8 ÷ 365 = 13.676,71 → 13.677 plus
    # 624.000 × 23 ÷ 365 = 39.320,55 → 39.321, i.e. 52.998: one đồng more.
    ops = opened("poor", "2025-12-10", "2025-12-15", amount=10_000_000, term=12, freq=12)
    ops += [between] if between is not None else []
    s = loan.replay(ops, REFS)
    assert loan.dues(s, D(2026, 1, 15), REFS).interest_in_term == 52_997
    s = loan.replay(ops + [pay("2026-01-15", interest=52_997)], REFS)
    assert (s.interest_in_term, s.acc_in_term, s.suspense) == (0, 0, 0)


def test_snapshots_of_loans_the_2026_fields_do_not_touch_are_unchanged():
    # a snapshot written before the 2026 fields has none of them: the replay today must
    # give the same bytes where no rule changed (check --replay after an upgrade)
    s = loan.replay(opened("poor", "2025-12-10", "2025-12-15", amount=10_000_000, term=12,
                           freq=12), REFS)
    d = s.to_dict()
    for name in ("regime", "acc_relief", "relief_known_on", "interest_credit"):
        assert name not in d
    assert loan.LoanState.from_dict(d) == s
    s338 = loan.replay(opened("job_creation", "2026-01-05", "2026-01-15", term=36, freq=12),
                       REFS)
    assert s338.to_dict()["regime"] == "338"
    assert loan.LoanState.from_dict(s338.to_dict()) == s338

"""`loan.core_adjust`: the loan takes the core's figures and its instalments follow, so the
principal stays the unpaid instalments whatever moved."""
from __future__ import annotations

import datetime as dt

from sbpdesk.domain.core_adjust import adjust
from sbpdesk.domain.loan_state import LoanState
from sbpdesk.domain.operation import Operation
from sbpdesk.domain.schedule import Instalment

DAY = dt.date(2026, 9, 30)


def op(**figures) -> Operation:
    return Operation("op", "BB", 1, "loan.core_adjust", 1, {"loan_id": "L", "figures": figures},
                     DAY)


def loan(**kw) -> LoanState:
    insts = (Instalment(dt.date(2026, 3, 15), 3_000_000, overdue=True),
             Instalment(dt.date(2026, 6, 15), 2_000_000, paid=500_000, overdue=True),
             Instalment(dt.date(2027, 3, 15), 10_000_000),
             Instalment(dt.date(2027, 9, 15), 10_000_000, paid=4_000_000))
    return LoanState(loan_id="L", status="active", instalments=insts,
                     principal_in_term=16_000_000, principal_overdue=4_500_000, **kw)


def unpaid(state, overdue):
    return sum(i.unpaid for i in state.instalments if i.overdue == overdue)


def test_principal_taken_off_comes_off_the_last_instalments():
    s = adjust(loan(), op(principal_in_term=5_000_000, principal_overdue=1_000_000), None)
    assert (s.principal_in_term, unpaid(s, False)) == (5_000_000, 5_000_000)
    assert (s.principal_overdue, unpaid(s, True)) == (1_000_000, 1_000_000)
    # the later in-term instalment went first (its paid part stays), then the earlier
    assert [(i.due_date.isoformat(), i.amount, i.paid) for i in s.instalments] == [
        ("2026-03-15", 1_000_000, 0), ("2026-06-15", 500_000, 500_000),
        ("2027-03-15", 5_000_000, 0), ("2027-09-15", 4_000_000, 4_000_000)]


def test_principal_added_goes_on_the_last_instalment_and_a_new_overdue_one():
    s = adjust(loan(), op(principal_in_term=17_000_000, principal_overdue=6_000_000), None)
    assert unpaid(s, False) == 17_000_000 and s.instalments[-1].amount == 11_000_000
    assert unpaid(s, True) == 6_000_000
    new = s.instalments[2]
    assert (new.due_date, new.amount, new.overdue) == (DAY, 1_500_000, True)


def test_in_term_principal_on_a_loan_with_no_in_term_instalment_falls_due_the_next_day():
    state = LoanState(loan_id="L", status="active", principal_overdue=0)
    s = adjust(state, op(principal_in_term=2_000_000), None)
    assert [(i.due_date, i.amount) for i in s.instalments] == [
        (DAY + dt.timedelta(days=1), 2_000_000)]


def test_interest_in_term_counts_the_grace_interest_and_other_figures_stay():
    s = adjust(loan(interest_grace=30_000, interest_in_term=10_000, interest_overdue=5_000),
               op(interest_in_term=25_000), None)
    assert (s.interest_grace, s.interest_in_term, s.interest_overdue) == (25_000, 0, 5_000)
    assert s.instalments == loan().instalments

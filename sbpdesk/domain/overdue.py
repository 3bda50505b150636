"""Moving unpaid instalments to overdue (chuyển nợ quá hạn), as offices apply it in 2026.

An instalment is due until the end of its **session due date** and moves the day after. The
session due date is the contract due date when a session is held that day, else the first
held session after it (Letter 597/NHCS-TDNN as an office applies it: "the first commune
session on or after the due date"); schedules built by sbpdesk already sit on session days.
Policy: per instalment (`instalment_to_overdue`) for loans first disbursed on/after the
switch date (the programme's `overdue_policy_from`, else the rule set's) — social housing
ships with a switch in the past, so its half-yearly instalments go overdue one by one —
else carry-forward into the next instalment. The final instalment always turns the whole
remaining balance overdue. docs/decisions/0013 and 0077.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .records import evolve
from .schedule import Instalment

if TYPE_CHECKING:
    from .calendar import SessionCalendar
    from .rules import Refs, RuleSet

# domain.loan.LoanState: not imported, loan imports this module (no import circle)
LoanState = Any

CARRY_FORWARD = "carry_forward"
INSTALMENT_TO_OVERDUE = "instalment_to_overdue"


def policy(state: LoanState, refs: Refs, rules: RuleSet) -> str:
    prog = refs.programme(state.programme_code)
    if state.programme_code in rules.overdue_policy_exempt or state.first_disbursed_on is None:
        return CARRY_FORWARD
    switch = (prog.overdue_policy_from if prog and prog.overdue_policy_from
              else rules.overdue_policy_from)
    return INSTALMENT_TO_OVERDUE if state.first_disbursed_on >= switch else CARRY_FORWARD


def session_due(due: dt.date, calendar: SessionCalendar) -> dt.date:
    """The first held session on or after `due` (the day itself when a session is held)."""
    return due if calendar.is_held(due) else calendar.next_session(due)


def next_transfer(state: LoanState, until: dt.date, calendar: SessionCalendar
                  ) -> tuple[int, dt.date] | None:
    """(index, session due date) of the earliest unpaid in-term instalment whose session due
    date is before `until`."""
    for k, inst in enumerate(state.instalments):
        if inst.amount > inst.paid and not inst.overdue:
            if inst.due_date >= until:
                return None     # dates are sorted; a later session date is later still
            on = session_due(inst.due_date, calendar)
            if on < until:
                return k, on
    return None


def _set(insts: tuple[Instalment, ...], k: int, **changes: Any) -> tuple[Instalment, ...]:
    return insts[:k] + (evolve(insts[k], **changes),) + insts[k + 1:]


def all_overdue(state: LoanState) -> LoanState:
    insts = tuple(evolve(i, overdue=True) if i.unpaid > 0 else i for i in state.instalments)
    return evolve(state, instalments=insts, principal_in_term=0,
                  principal_overdue=state.principal_overdue + state.principal_in_term)


def transfer(state: LoanState, k: int, how: str) -> LoanState:
    insts = state.instalments
    if k == len(insts) - 1:
        return all_overdue(state)       # the final instalment: the whole balance
    unpaid = insts[k].unpaid
    if how == INSTALMENT_TO_OVERDUE:
        return evolve(state, instalments=_set(insts, k, overdue=True),
                      principal_in_term=state.principal_in_term - unpaid,
                      principal_overdue=state.principal_overdue + unpaid)
    # carry_forward: the unpaid part rolls into the next instalment, still in term
    insts = _set(insts, k, amount=insts[k].paid, carried=insts[k].carried + unpaid)
    insts = _set(insts, k + 1, amount=insts[k + 1].amount + unpaid)
    return evolve(state, instalments=insts)

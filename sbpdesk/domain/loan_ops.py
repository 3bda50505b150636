"""The office's decisions on a loan account (extend, adjust, freeze, unfreeze, write off) and
the small helpers the fold shares with them; `loan.apply` dispatches here. Split from
loan.py to keep modules short; behaviour as documented there and in decisions/0014.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .loan_state import LoanState, SuspenseEntry
from .records import evolve
from .schedule import Instalment, instalments_from_payload

if TYPE_CHECKING:
    from .operation import Operation
    from .rules import Refs

def flag(state: LoanState, name: str) -> LoanState:
    return state if name in state.flags else evolve(state, flags=state.flags + (name,))


def unflag(state: LoanState, name: str) -> LoanState:
    return evolve(state, flags=tuple(f for f in state.flags if f != name))


def to_suspense(state: LoanState, op_id: str, amount: int, reason: str) -> LoanState:
    if amount == 0:
        return state
    return flag(evolve(state, suspense=state.suspense + amount,
                         suspense_entries=state.suspense_entries
                         + (SuspenseEntry(op_id, amount, reason),)), "suspense")


def set_instalment(insts: tuple[Instalment, ...], k: int, **changes: Any
                   ) -> tuple[Instalment, ...]:
    return insts[:k] + (evolve(insts[k], **changes),) + insts[k + 1:]


def reschedule(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    """extend / adjust: the unpaid in-term instalments are replaced by the new ones; paid
    and overdue instalments stay. Validated at decide time; if a late payment changed the
    in-term balance since, the last new instalment absorbs the difference (flagged)."""
    if state.status != "active":
        return flag(state, "decision_ignored")
    new = list(instalments_from_payload(op.payload.get("instalments") or []))
    kept = tuple(i if i.overdue or i.unpaid == 0 else evolve(i, amount=i.paid)
                 for i in state.instalments)
    kept = tuple(i for i in kept if i.amount > 0 or i.carried > 0 or i.overdue)
    diff = state.principal_in_term - sum(i.amount for i in new)
    if diff != 0:
        state = flag(state, "schedule_refit")
        if not new:
            new = [Instalment(state.final_date or op.business_date, 0)]
        while diff < 0 and new:
            cut = min(-diff, new[-1].amount)
            new[-1] = evolve(new[-1], amount=new[-1].amount - cut)
            diff += cut
            if new[-1].amount == 0:
                new.pop()
        if diff > 0:
            new[-1] = evolve(new[-1], amount=new[-1].amount + diff)
    insts = tuple(sorted(kept + tuple(new), key=lambda i: i.due_date))
    return unflag(evolve(state, instalments=insts), "needs_schedule")


def freeze(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    if state.status != "active":
        return flag(state, "decision_ignored")
    until = op.payload.get("until")
    return evolve(state, status="frozen",
                   principal_frozen=state.principal_frozen + state.principal_in_term
                   + state.principal_overdue,
                   principal_in_term=0, principal_overdue=0,
                   interest_frozen=state.interest_frozen + state.interest_in_term
                   + state.interest_overdue + state.interest_grace,
                   interest_in_term=0, interest_overdue=0, interest_grace=0,
                   frozen_until=dt.date.fromisoformat(until) if until else None)


def unfreeze(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    """Frozen principal back to in-term, frozen interest to unpaid in-term interest. Unpaid
    instalments whose day passed during the freeze roll into the first later one (or one at
    the next session, flagged) — the office normally follows with an extension."""
    if state.status != "frozen":
        return flag(state, "decision_ignored")
    day = op.business_date
    insts = tuple(evolve(i, overdue=False) for i in state.instalments)
    past = [k for k, i in enumerate(insts) if i.unpaid > 0 and i.due_date <= day]
    later = [k for k, i in enumerate(insts) if i.due_date > day]
    if past:
        if not later:
            insts = insts + (Instalment(refs.calendar(state.point_code).next_session(day), 0),)
            later = [len(insts) - 1]
            state = flag(state, "needs_schedule")
        moved = 0
        for k in past:
            moved += insts[k].unpaid
            insts = set_instalment(insts, k, amount=insts[k].paid, carried=insts[k].carried
                         + insts[k].unpaid)
        insts = set_instalment(insts, later[0], amount=insts[later[0]].amount + moved)
    return evolve(state, status="active", instalments=insts,
                   principal_in_term=state.principal_frozen, principal_frozen=0,
                   interest_in_term=state.interest_in_term + state.interest_frozen,
                   interest_frozen=0, frozen_until=None, accrued_from=day)


def write_off(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    if state.status not in ("active", "frozen"):
        return flag(state, "decision_ignored")
    return evolve(state, status="written_off",
                   principal_written_off=state.principal_written_off + state.outstanding,
                   interest_written_off=state.interest_written_off + state.interest_unpaid,
                   principal_in_term=0, principal_overdue=0, principal_frozen=0,
                   interest_in_term=0, interest_overdue=0, interest_grace=0,
                   interest_frozen=0)

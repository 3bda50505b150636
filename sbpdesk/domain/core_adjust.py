"""`loan.core_adjust`: the office accepts the core system's figure for a loan (reconciliation,
docs/core-bridge.md). The payload's `figures` are the core's values on the operation's
business date (the data date of the core's file); each named figure of the loan is set to it,
measured where the fold stands at that point of the replay, so the adjustment means the same
whenever it is replayed. The instalments follow the principal: in-term principal taken off
comes off the last instalments first, added goes on the last in-term instalment; overdue
principal added is one overdue instalment due on the day, taken off comes off the latest
overdue instalments first. Interest in term counts the grace interest, as the core does.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .loan_state import LoanState
from .records import evolve
from .schedule import Instalment

if TYPE_CHECKING:
    from .operation import Operation
    from .rules import Refs

FIGURES = ("principal_in_term", "principal_overdue", "principal_frozen", "interest_in_term",
           "interest_overdue")


def adjust(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    want = op.payload["figures"]
    day = op.business_date
    insts = state.instalments
    changes: dict[str, object] = {}
    if "principal_in_term" in want:
        insts = _moved(insts, want["principal_in_term"] - state.principal_in_term, False, day)
        changes["principal_in_term"] = want["principal_in_term"]
    if "principal_overdue" in want:
        insts = _moved(insts, want["principal_overdue"] - state.principal_overdue, True, day)
        changes["principal_overdue"] = want["principal_overdue"]
    if "principal_frozen" in want:
        changes["principal_frozen"] = want["principal_frozen"]
    if "interest_in_term" in want:      # the core's arrears in term include grace interest
        grace = min(state.interest_grace, want["interest_in_term"])
        changes |= {"interest_grace": grace, "interest_in_term": want["interest_in_term"] - grace}
    if "interest_overdue" in want:
        changes["interest_overdue"] = want["interest_overdue"]
    return evolve(state, instalments=insts, **changes)


def _moved(insts: tuple[Instalment, ...], delta: int, overdue: bool, day: dt.date
           ) -> tuple[Instalment, ...]:
    out = list(insts)
    mine = [k for k, i in enumerate(out) if i.overdue == overdue]
    if delta > 0:
        if overdue:             # after the last overdue instalment: they stay in date order
            at = mine[-1] + 1 if mine else 0
            out.insert(at, Instalment(day, delta, overdue=True))
        elif mine:
            k = mine[-1]
            out[k] = evolve(out[k], amount=out[k].amount + delta)
        else:
            out.append(Instalment(day + dt.timedelta(days=1), delta))
        return tuple(out)
    take = -delta
    for k in reversed(mine):
        part = min(take, out[k].unpaid)
        out[k] = evolve(out[k], amount=out[k].amount - part)
        take -= part
    return tuple(i for i in out if i.amount > 0 or i.paid > 0)

"""The loan account: one fold, `apply(state, op, refs) -> state`, and `replay` = that fold in
canonical order.

Before an operation dated D the state is advanced to D (`advance`): interest accrues exactly
(numerators over interest.DEN) on in-term principal at the programme rate and on overdue
principal at the rule set's multiplier, split at rate changes; each instalment left unpaid
after its session day moves on the day after — carry-forward into the next instalment for
loans first disbursed before the rule set's switch date, to overdue for its own amount from
it, and the whole remaining balance when the final one is missed; then the accrued interest
is rounded (half-up) into the unpaid-interest buckets (students' study and grace interest
into `interest_grace`). The operation then acts on the advanced state. `apply` never raises
for a well-formed operation: cash a rule refuses is booked to suspense with a reason. A
snapshot is `to_dict()` (canonical JSON), so apply(snapshot, op) and replay are one function.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from . import allocation, relief
from .core_adjust import adjust as _core_adjust
from .dues import Dues
from .errors import DomainError
from .interest import accrue, interest_on, to_dong
from .loan_ops import flag as _flag
from .loan_ops import freeze, reschedule, unfreeze, write_off
from .loan_ops import set_instalment as _set
from .loan_ops import to_suspense as _to_suspense
from .loan_ops import unflag as _unflag
from .loan_state import LoanState, SuspenseEntry
from .operation import REVERSE, Operation, effective
from .overdue import CARRY_FORWARD, INSTALMENT_TO_OVERDUE, next_transfer, policy, transfer
from .programmes import AFTER_GRACE, regime_code
from .rates import regime_rate_code
from .records import evolve
from .rules import Refs, RuleSet
from .schedule import Instalment, build_schedule, resplit

ONE_DAY = dt.timedelta(days=1)
__all__ = ["CARRY_FORWARD", "INSTALMENT_TO_OVERDUE", "SuspenseEntry"]  # importable from here


# --- small helpers --------------------------------------------------------------------------

def _grace_end(state: LoanState, refs: Refs) -> dt.date | None:
    """Students: interest on days before the first instalment is study/grace interest."""
    prog = refs.programme(state.programme_code)
    if prog is None or prog.interest_due != AFTER_GRACE or not state.instalments:
        return None
    return state.instalments[0].due_date


# --- advance: accrual, transfer to overdue, rounding ----------------------------------------

def _accrue(state: LoanState, a: dt.date, b: dt.date, refs: Refs, rules: RuleSet,
            grace_end: dt.date | None) -> tuple[int, int, int, bool]:
    """Numerators (grace, in-term, overdue) accrued over [a, b), and whether a day had no
    rate. Returned rather than stored: advance rounds them into the state once."""
    if b <= a or (state.principal_in_term == 0 and state.principal_overdue == 0):
        return 0, 0, 0, False
    segs, covered, span = refs.rate_span(regime_rate_code(state.programme_code, state.regime),
                                         a, b)
    basis = rules.day_basis
    if grace_end is not None and grace_end > a:   # students: [a, split) is grace
        split = min(grace_end, b)
        grace = accrue(state.principal_in_term, a, split, segs, basis)
        in_term = accrue(state.principal_in_term, split, b, segs, basis)
    else:
        grace, in_term = 0, interest_on(state.principal_in_term, span, basis)
    overdue = interest_on(state.principal_overdue, span, basis, rules.overdue_multiplier_pct)
    return grace, in_term, overdue, covered < (b - a).days


def advance(state: LoanState | None, day: dt.date, refs: Refs) -> LoanState | None:
    """The state as of the start of `day`: interest to day − 1 rounded into the buckets (as
    billed) and every instalment due before `day` moved by the overdue policy."""
    return _advance(state, day, refs, stamp=False, bill=True)


def _advance(state: LoanState | None, day: dt.date, refs: Refs, *, stamp: bool, bill: bool
             ) -> LoanState | None:
    """`advance`; with `stamp` (apply) also `last_date`, in the same copy of the state.
    Without `bill` the accrual stays exact in the `acc_*` numerators: only an operation that
    bills or takes interest rounds it (decisions/0075)."""
    if state is None or state.accrued_from is None or day <= state.accrued_from:
        return _round(state, refs.rules_at(day).rounding, day) if bill and state else state
    also = {"last_date": max(state.last_date, day) if state.last_date else day} if stamp else {}
    if state.status != "active":
        return evolve(state, accrued_from=day, **also)   # frozen, written off, closed
    rules = refs.rules_at(day)
    how = policy(state, refs, rules)
    grace_end = _grace_end(state, refs)
    calendar = refs.calendar(state.point_code)
    cur = state.accrued_from
    acc_grace, acc_in_term, acc_overdue = state.acc_grace, state.acc_in_term, state.acc_overdue
    no_rate = False
    while True:
        found = next_transfer(state, day, calendar)
        stop = max(found[1] + ONE_DAY, cur) if found is not None else day
        grace, in_term, overdue, gap = _accrue(state, cur, stop, refs, rules, grace_end)
        acc_grace, acc_in_term, acc_overdue = (acc_grace + grace, acc_in_term + in_term,
                                               acc_overdue + overdue)
        no_rate = no_rate or gap
        state = _accrue_relief(state, cur, stop, refs, rules)
        cur = stop
        if found is None:
            break
        state = transfer(state, found[0], how)
    if no_rate:
        state = _flag(state, "no_rate")     # transfers set no flags: the order is unchanged
    state = evolve(state, accrued_from=day, acc_in_term=acc_in_term, acc_overdue=acc_overdue,
                   acc_grace=acc_grace, **also)
    return _round(state, rules.rounding, day) if bill else state


def advance_principal(state: LoanState | None, day: dt.date, refs: Refs) -> LoanState | None:
    """`advance` as far as principal and status go: the instalments due before `day` moved
    by the overdue policy of `day`'s rule set, in `advance`'s order; the interest, its
    accrual and `accrued_from` left as they were. Its status, identity, instalments and
    principal figures are `advance(state, day, refs)`'s: advance changes them only by these
    transfers (interest, relief and rounding touch the interest buckets, the suspense and
    the flags). Chained over ascending days whose rule sets give the same policy, it equals
    one call at the last day: each call walks the first open instalment forward while its
    session day is before `day` (decision 0280; tests/services/test_month_end_rows.py)."""
    if (state is None or state.accrued_from is None or day <= state.accrued_from
            or state.status != "active"):
        return state
    how = policy(state, refs, refs.rules_at(day))
    calendar = refs.calendar(state.point_code)
    while (found := next_transfer(state, day, calendar)) is not None:
        state = transfer(state, found[0], how)
    return state


def _accrue_relief(state: LoanState, a: dt.date, b: dt.date, refs: Refs, rules: RuleSet
                   ) -> LoanState:
    """The reductions' exact accrual over [a, b) on this stretch's balances (relief.py)."""
    reliefs = refs.reliefs_for(state.programme_code, state.point_code)
    if not reliefs or b <= a or not (state.principal_in_term or state.principal_overdue):
        return state
    segs = refs.rate_span(regime_rate_code(state.programme_code, state.regime), a, b)[0]
    span, known, last = relief.relief_span(reliefs, a, b, segs)
    if not span or last is None:
        return state
    num = (interest_on(state.principal_in_term, span, rules.day_basis)
           + interest_on(state.principal_overdue, span, rules.day_basis,
                         rules.overdue_multiplier_pct))
    return evolve(state, acc_relief=state.acc_relief + num, relief_method=last.method,
                  relief_op=last.relief_id,
                  relief_known_on=max(known, state.relief_known_on or known))


def _round(state: LoanState, rounding: str, day: dt.date) -> LoanState:
    """The exact accrual rounded (half-up by default) into the unpaid-interest buckets:
    a bill on `day` (reductions and credit as relief.bill says)."""
    if not (state.acc_relief or state.acc_relief_billed or state.interest_credit):
        if not (state.acc_in_term or state.acc_overdue or state.acc_grace):
            return state
        return evolve(state, interest_in_term=state.interest_in_term
                      + to_dong(state.acc_in_term, rounding),
                      interest_overdue=state.interest_overdue
                      + to_dong(state.acc_overdue, rounding),
                      interest_grace=state.interest_grace + to_dong(state.acc_grace, rounding),
                      acc_in_term=0, acc_overdue=0, acc_grace=0)
    amounts = (to_dong(state.acc_in_term, rounding), to_dong(state.acc_overdue, rounding),
               to_dong(state.acc_grace, rounding))
    state = relief.bill(evolve(state, acc_in_term=0, acc_overdue=0, acc_grace=0), day,
                        rounding, *amounts)
    if state.refund_due:    # excess interest to pay back (cash) or move to savings
        state = _to_suspense(evolve(state, refund_due=0), state.relief_op, state.refund_due,
                             f"relief_{state.relief_method}")
    return state


# --- operations ------------------------------------------------------------------------------

_IDENTITY = ("household_id", "person_id", "group_id", "point_code", "programme_code",
             "funding_source", "investor_code")


def _identity(p: dict[str, Any]) -> dict[str, str]:
    return {k: p[k] for k in _IDENTITY if p.get(k)}


def _submit(state: LoanState | None, op: Operation) -> LoanState:
    p = op.payload
    if state is None:
        return LoanState(loan_id="", application_id=p["application_id"], status="submitted",
                         last_date=op.business_date, **_identity(p))
    missing = {k: v for k, v in _identity(p).items() if not getattr(state, k)}
    return evolve(state, **missing)


def _decide(state: LoanState | None, op: Operation, refs: Refs) -> LoanState | None:
    p = op.payload
    if not p.get("approved"):
        if state is None:
            return None
        if state.status in ("submitted", "approved") and state.disbursed == 0:
            return evolve(state, status="cancelled")
        return _flag(state, "decision_ignored")
    if state is not None and state.status not in ("submitted", "approved"):
        return _flag(state, "duplicate_decision")
    if state is not None and state.status == "approved" and "no_decision" not in state.flags:
        return _flag(state, "duplicate_decision")
    first_due = p.get("first_due")
    base = state or LoanState(loan_id=p["loan_id"])
    new = evolve(base, loan_id=p["loan_id"], application_id=p["application_id"],
                  contract_no=p.get("contract_no") or "", status="approved",
                  approved_amount=p["amount"], term_months=p["term_months"],
                  frequency_months=p["frequency_months"],
                  instalment_unit=p.get("instalment_unit", 1),
                  first_due=dt.date.fromisoformat(first_due) if first_due else None,
                  approved_on=op.business_date, **_identity(p))
    prog = refs.programme(new.programme_code)
    new = evolve(new, regime=p["regime"] if "regime" in p else
                 regime_code(prog, op.business_date, bool(p.get("priority"))))
    new = _unflag(new, "no_decision")
    if new.status == "approved" and new.disbursed > 0:
        new = evolve(new, status="active")      # cash arrived before the decision
    return new


def _book_disbursement(state: LoanState, amount: int, day: dt.date, refs: Refs) -> LoanState:
    if state.disbursed == 0 or not state.instalments:
        rules = refs.rules_at(day)
        cal = refs.calendar(state.point_code)
        try:
            insts = build_schedule(amount, day, state.term_months, state.frequency_months, cal,
                                   state.first_due, rules.cancelled_session_shift,
                                   state.instalment_unit)
        except DomainError:
            insts = (Instalment(cal.next_session(day), amount),)
            state = _flag(state, "needs_schedule")
        return evolve(state, status="active", first_disbursed_on=day, accrued_from=day,
                       instalments=insts, disbursed=state.disbursed + amount,
                       tranches=state.tranches + 1,
                       principal_in_term=state.principal_in_term + amount)
    insts = state.instalments
    future = [k for k, i in enumerate(insts) if not i.overdue and i.due_date > day]
    if not future:
        cal = refs.calendar(state.point_code)
        insts = insts + (Instalment(cal.next_session(day), 0),)
        future = [len(insts) - 1]
        state = _flag(state, "needs_schedule")
    parts = resplit([insts[k].unpaid for k in future], amount, state.instalment_unit)
    for k, part in zip(future, parts, strict=True):
        insts = _set(insts, k, amount=insts[k].paid + part)
    return evolve(state, status="active", instalments=insts,
                   disbursed=state.disbursed + amount, tranches=state.tranches + 1,
                   principal_in_term=state.principal_in_term + amount)


def _disburse(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    amount = op.payload["amount"]
    if state.status not in ("approved", "active") or "no_decision" in state.flags:
        return _to_suspense(state, op.op_id, -amount, f"disburse_{state.status}")
    if state.disbursed + amount > state.approved_amount:
        return _to_suspense(state, op.op_id, -amount, "over_approval")
    return _book_disbursement(state, amount, op.business_date, refs)


_REFUSED = {"submitted": "not_disbursed", "approved": "not_disbursed", "closed": "loan_closed",
            "written_off": "loan_written_off", "cancelled": "loan_cancelled"}


def _collect(state: LoanState, op_id: str, interest: int, principal: int, day: dt.date,
             rules: RuleSet) -> LoanState:
    """Declared columns into the buckets; what a column cannot take goes to suspense."""
    if state.status not in ("active", "frozen"):
        return _to_suspense(state, op_id, interest + principal, _REFUSED[state.status])
    isplit = allocation.allocate_interest(state, interest)
    psplit = allocation.allocate_principal(state, principal, rules.early_target, day)
    insts = state.instalments
    for k, part in psplit.by_instalment:
        insts = _set(insts, k, paid=insts[k].paid + part)
    state = evolve(
        state, instalments=insts,
        interest_overdue=state.interest_overdue - isplit.overdue,
        interest_in_term=state.interest_in_term - isplit.in_term,
        interest_grace=state.interest_grace - isplit.grace,
        interest_frozen=state.interest_frozen - isplit.frozen,
        principal_overdue=state.principal_overdue - psplit.overdue,
        principal_in_term=state.principal_in_term - psplit.due - psplit.early,
        principal_frozen=state.principal_frozen - psplit.frozen,
        interest_paid=state.interest_paid + isplit.placed,
        principal_paid=state.principal_paid + psplit.placed)
    state = _to_suspense(state, op_id, isplit.excess, "interest_excess")
    return _to_suspense(state, op_id, psplit.excess, "principal_excess")


def _collection(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    p = op.payload
    rules = refs.rules_for(op.rules_version, op.business_date)
    return _collect(state, op.op_id, p.get("interest", 0),
                    p.get("principal", 0) + p.get("from_savings", 0), op.business_date, rules)


def _transfer_overdue(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    return evolve(state, classification=op.payload["classification"],
                   classified_on=op.business_date)


def _resolve(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    p = op.payload
    amount, to = p["amount"], p["to"]
    rules = refs.rules_for(op.rules_version, op.business_date)
    if p["account_kind"] != "loan" or p["account_id"] != state.loan_id:
        # Another account's suspense moved onto this loan: cash in, undivided order.
        return _undivided(state, op.op_id, amount, op.business_date, rules)
    sign = 1 if state.suspense > 0 else -1
    take = min(amount, abs(state.suspense))
    if take < amount:
        state = _flag(state, "resolve_exceeds_suspense")
    state = _to_suspense(state, op.op_id, -sign * take, f"resolved_{to}")
    if to != "loan" or take == 0 or p.get("target_id") not in (None, state.loan_id):
        return state        # settled elsewhere (savings, refund, recovery, another loan)
    if sign < 0:    # a disbursement held in suspense, now booked on the office's decision
        return _book_disbursement(state, take, op.business_date, refs)
    return _undivided(state, op.op_id, take, op.business_date, rules)


def _undivided(state: LoanState, op_id: str, amount: int, day: dt.date,
               rules: RuleSet) -> LoanState:
    if state.status not in ("active", "frozen"):
        return _to_suspense(state, op_id, amount, _REFUSED[state.status])
    split = allocation.allocate_undivided(state, amount, rules.allocation_order,
                                          rules.early_target, day)
    return _collect(state, op_id, split.interest.placed,
                    split.principal.placed + split.excess, day, rules)


def _opened(op: Operation) -> LoanState:
    """A loan as the core system reports it on the data date (`loan.open`): its balances by
    bucket, its interest arrears and the in-term instalments still to fall due; the overdue
    principal is one overdue instalment. Interest accrues from the data date on."""
    p = op.payload
    insts = tuple(Instalment(dt.date.fromisoformat(d), a) for d, a in p["instalments"])
    if p["principal_overdue"]:
        insts = (Instalment(dt.date.fromisoformat(p["overdue_since"]), p["principal_overdue"],
                            overdue=True),) + insts
    frozen = p["status"] == "frozen"
    interest = {"interest_frozen": p["interest_in_term"] + p["interest_overdue"]} if frozen \
        else {"interest_in_term": p["interest_in_term"], "interest_overdue": p["interest_overdue"]}
    first = p.get("disbursed_on")
    return LoanState(
        loan_id=p["loan_id"], contract_no=p["contract_no"], status=p["status"],
        approved_amount=p["amount"], disbursed=p["amount"], tranches=1,
        term_months=p.get("term_months") or 0, frequency_months=p.get("frequency_months") or 0,
        first_disbursed_on=dt.date.fromisoformat(first) if first else op.business_date,
        instalments=insts, principal_in_term=p["principal_in_term"],
        principal_overdue=p["principal_overdue"], principal_frozen=p["principal_frozen"],
        accrued_from=op.business_date, last_date=op.business_date,
        **interest, **_identity(p))


def _unchanged(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    return state


_HANDLERS = {
    "loan.disburse": _disburse, "collection.record": _collection,
    "loan.extend": reschedule, "loan.adjust": reschedule, "loan.freeze": freeze,
    "loan.unfreeze": unfreeze, "loan.write_off": write_off,
    "loan.transfer_overdue": _transfer_overdue, "suspense.resolve": _resolve,
    "loan.change_request": _unchanged, "loan.core_adjust": _core_adjust,
    "loan.paid_elsewhere": _collection,     # paid at the core: as if collected that day
}


def _settle(state: LoanState, refs: Refs, day: dt.date) -> LoanState:
    if state.status == "active" and state.disbursed > 0 and state.outstanding == 0 \
            and state.interest_unpaid == 0:
        rest = _round(state, refs.rules_at(day).rounding, day)  # sub-đồng remainder dropped
        if rest.interest_unpaid == 0:
            return evolve(rest, status="closed")
    return state


# Operations that take, move or settle interest in đồng round the exact accrual first; the
# others (stamps, schedule changes, disbursements, a collection with no interest) keep it
# exact, so they never change the bill by a đồng.
_BILLING = frozenset({"loan.freeze", "loan.write_off", "suspense.resolve"})


def _bills(op: Operation) -> bool:
    if op.kind in ("collection.record", "loan.paid_elsewhere"):
        return bool(op.payload.get("interest"))
    return op.kind in _BILLING


def apply(state: LoanState | None, op: Operation, refs: Refs) -> LoanState | None:
    """The loan after `op`. Total for well-formed operations: refused cash → suspense."""
    if op.kind == REVERSE:
        return state        # reversal = replay without the target (the services replay)
    if op.kind == "application.submit":
        return _submit(state, op)
    if op.kind == "loan.open":
        return _opened(op) if state is None else _flag(state, "duplicate_opening")
    day = op.business_date
    state = _advance(state, day, refs, stamp=True, bill=_bills(op))
    if op.kind == "application.decide":
        state = _decide(state, op, refs)
    elif op.kind in _HANDLERS:
        if state is None:   # cash for a loan whose approval has not arrived yet
            state = LoanState(loan_id=op.payload["loan_id"], flags=("no_decision",))
        state = _HANDLERS[op.kind](state, op, refs)
    if state is None:
        return None
    if state.last_date is None or state.last_date < day:    # not stamped by _advance
        state = evolve(state, last_date=day)
    return _settle(state, refs, day)


def replay(ops: Iterable[Operation], refs: Refs) -> LoanState | None:
    """Fold the operations in canonical order, reversed ones (and reversals) left out."""
    state: LoanState | None = None
    for op in effective(ops):
        state = apply(state, op, refs)
    return state


def dues(state: LoanState, on: dt.date, refs: Refs) -> Dues:
    """What is owed on `on`: each interest bucket = rounded unpaid + accrual to on − 1.
    Cheap on a state already advanced to `on` (advance returns it unchanged)."""
    s = advance(state, on, refs) or state
    active = s.status == "active"
    due_now = sum(i.unpaid for i in s.instalments
                  if active and not i.overdue and i.due_date <= on)
    nxt = next(((i.due_date, i.unpaid) for i in s.instalments
                if active and i.unpaid > 0 and not i.overdue and i.due_date > on), None)
    billed = bool(s.instalments) and s.instalments[0].due_date <= on
    return Dues(on, s.interest_in_term, s.interest_overdue, s.interest_grace,
                s.interest_frozen, s.principal_overdue, due_now, s.principal_in_term,
                s.principal_frozen, s.outstanding, nxt, s.status, billed)


def propose_collection(state: LoanState, on: dt.date, refs: Refs, interest: int,
                       principal: int, *, from_savings: int = 0,
                       overpay_confirmed: bool = False, savings_balance: int | None = None,
                       rules: RuleSet | None = None) -> allocation.CollectionSplit:
    """Decide-time helper: advance to `on`, validate the declared columns, return the split."""
    s = advance(state, on, refs) or state
    rules = rules or refs.rules_at(on)
    return allocation.check_collection(s, dues(s, on, refs), interest, principal,
                                       from_savings=from_savings,
                                       overpay_confirmed=overpay_confirmed,
                                       savings_balance=savings_balance,
                                       early_target=rules.early_target)

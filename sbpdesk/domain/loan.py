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

from . import allocation
from .dues import Dues
from .errors import DomainError
from .interest import accrue, interest_on, to_dong
from .loan_state import LoanState, SuspenseEntry
from .operation import REVERSE, Operation, effective
from .programmes import AFTER_GRACE
from .records import evolve
from .rules import Refs, RuleSet
from .schedule import Instalment, build_schedule, instalments_from_payload, resplit

ONE_DAY = dt.timedelta(days=1)
CARRY_FORWARD = "carry_forward"
INSTALMENT_TO_OVERDUE = "instalment_to_overdue"


# --- small helpers --------------------------------------------------------------------------

def _flag(state: LoanState, flag: str) -> LoanState:
    return state if flag in state.flags else evolve(state, flags=state.flags + (flag,))


def _unflag(state: LoanState, flag: str) -> LoanState:
    return evolve(state, flags=tuple(f for f in state.flags if f != flag))


def _to_suspense(state: LoanState, op_id: str, amount: int, reason: str) -> LoanState:
    if amount == 0:
        return state
    return _flag(evolve(state, suspense=state.suspense + amount,
                         suspense_entries=state.suspense_entries
                         + (SuspenseEntry(op_id, amount, reason),)), "suspense")


def _set(insts: tuple[Instalment, ...], k: int, **changes: Any) -> tuple[Instalment, ...]:
    return insts[:k] + (evolve(insts[k], **changes),) + insts[k + 1:]


def _policy(state: LoanState, refs: Refs, rules: RuleSet) -> str:
    prog = refs.programme(state.programme_code)
    if state.programme_code in rules.overdue_policy_exempt or state.first_disbursed_on is None:
        return CARRY_FORWARD
    switch = (prog.overdue_policy_from if prog and prog.overdue_policy_from
              else rules.overdue_policy_from)
    return INSTALMENT_TO_OVERDUE if state.first_disbursed_on >= switch else CARRY_FORWARD


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
    segs, covered, span = refs.rate_span(state.programme_code, a, b)
    basis = rules.day_basis
    if grace_end is not None and grace_end > a:   # students: [a, split) is grace
        split = min(grace_end, b)
        grace = accrue(state.principal_in_term, a, split, segs, basis)
        in_term = accrue(state.principal_in_term, split, b, segs, basis)
    else:
        grace, in_term = 0, interest_on(state.principal_in_term, span, basis)
    overdue = interest_on(state.principal_overdue, span, basis, rules.overdue_multiplier_pct)
    return grace, in_term, overdue, covered < (b - a).days


def _next_transfer(state: LoanState, until: dt.date) -> int | None:
    """The earliest unpaid in-term instalment whose session day is before `until`."""
    for k, inst in enumerate(state.instalments):
        if inst.amount > inst.paid and not inst.overdue and inst.due_date < until:
            return k
    return None


def _all_overdue(state: LoanState) -> LoanState:
    insts = tuple(evolve(i, overdue=True) if i.unpaid > 0 else i for i in state.instalments)
    return evolve(state, instalments=insts, principal_in_term=0,
                   principal_overdue=state.principal_overdue + state.principal_in_term)


def _transfer(state: LoanState, k: int, policy: str) -> LoanState:
    insts = state.instalments
    if k == len(insts) - 1:
        return _all_overdue(state)       # the final instalment: the whole balance
    unpaid = insts[k].unpaid
    if policy == INSTALMENT_TO_OVERDUE:
        return evolve(state, instalments=_set(insts, k, overdue=True),
                       principal_in_term=state.principal_in_term - unpaid,
                       principal_overdue=state.principal_overdue + unpaid)
    # carry_forward: the unpaid part rolls into the next instalment, still in term
    insts = _set(insts, k, amount=insts[k].paid, carried=insts[k].carried + unpaid)
    insts = _set(insts, k + 1, amount=insts[k + 1].amount + unpaid)
    return evolve(state, instalments=insts)


def advance(state: LoanState | None, day: dt.date, refs: Refs) -> LoanState | None:
    """The state as of the start of `day`: interest to day − 1 rounded into the buckets and
    every instalment due before `day` moved by the overdue policy."""
    return _advance(state, day, refs, stamp=False)


def _advance(state: LoanState | None, day: dt.date, refs: Refs, *, stamp: bool
             ) -> LoanState | None:
    """`advance`; with `stamp` (apply) also `last_date`, in the same copy of the state."""
    if state is None or state.accrued_from is None or day <= state.accrued_from:
        return state
    also = {"last_date": max(state.last_date, day) if state.last_date else day} if stamp else {}
    if state.status != "active":
        return evolve(state, accrued_from=day, **also)   # frozen, written off, closed
    rules = refs.rules_at(day)
    policy = _policy(state, refs, rules)
    grace_end = _grace_end(state, refs)
    cur = state.accrued_from
    acc_grace, acc_in_term, acc_overdue = state.acc_grace, state.acc_in_term, state.acc_overdue
    no_rate = False
    while True:
        k = _next_transfer(state, day)
        stop = max(state.instalments[k].due_date + ONE_DAY, cur) if k is not None else day
        grace, in_term, overdue, gap = _accrue(state, cur, stop, refs, rules, grace_end)
        acc_grace, acc_in_term, acc_overdue = (acc_grace + grace, acc_in_term + in_term,
                                               acc_overdue + overdue)
        no_rate = no_rate or gap
        cur = stop
        if k is None:
            break
        state = _transfer(state, k, policy)
    if no_rate:
        state = _flag(state, "no_rate")     # transfers set no flags: the order is unchanged
    r = rules.rounding   # the accrual is rounded into the buckets (crystallised) at once
    return evolve(state, accrued_from=day,
                   interest_in_term=state.interest_in_term + to_dong(acc_in_term, r),
                   interest_overdue=state.interest_overdue + to_dong(acc_overdue, r),
                   interest_grace=state.interest_grace + to_dong(acc_grace, r),
                   acc_in_term=0, acc_overdue=0, acc_grace=0, **also)


# --- operations ------------------------------------------------------------------------------

_IDENTITY = ("household_id", "person_id", "group_id", "point_code", "programme_code",
             "funding_source")


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
                  first_due=dt.date.fromisoformat(first_due) if first_due else None,
                  approved_on=op.business_date, **_identity(p))
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
                                   state.first_due, rules.cancelled_session_shift)
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
    parts = resplit([insts[k].unpaid for k in future], amount)
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


def _reschedule(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    """extend / adjust: the unpaid in-term instalments are replaced by the new ones; paid
    and overdue instalments stay. Validated at decide time; if a late payment changed the
    in-term balance since, the last new instalment absorbs the difference (flagged)."""
    if state.status != "active":
        return _flag(state, "decision_ignored")
    new = list(instalments_from_payload(op.payload.get("instalments") or []))
    kept = tuple(i if i.overdue or i.unpaid == 0 else evolve(i, amount=i.paid)
                 for i in state.instalments)
    kept = tuple(i for i in kept if i.amount > 0 or i.carried > 0 or i.overdue)
    diff = state.principal_in_term - sum(i.amount for i in new)
    if diff != 0:
        state = _flag(state, "schedule_refit")
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
    return _unflag(evolve(state, instalments=insts), "needs_schedule")


def _freeze(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    if state.status != "active":
        return _flag(state, "decision_ignored")
    until = op.payload.get("until")
    return evolve(state, status="frozen",
                   principal_frozen=state.principal_frozen + state.principal_in_term
                   + state.principal_overdue,
                   principal_in_term=0, principal_overdue=0,
                   interest_frozen=state.interest_frozen + state.interest_in_term
                   + state.interest_overdue + state.interest_grace,
                   interest_in_term=0, interest_overdue=0, interest_grace=0,
                   frozen_until=dt.date.fromisoformat(until) if until else None)


def _unfreeze(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    """Frozen principal back to in-term, frozen interest to unpaid in-term interest. Unpaid
    instalments whose day passed during the freeze roll into the first later one (or one at
    the next session, flagged) — the office normally follows with an extension."""
    if state.status != "frozen":
        return _flag(state, "decision_ignored")
    day = op.business_date
    insts = tuple(evolve(i, overdue=False) for i in state.instalments)
    past = [k for k, i in enumerate(insts) if i.unpaid > 0 and i.due_date <= day]
    later = [k for k, i in enumerate(insts) if i.due_date > day]
    if past:
        if not later:
            insts = insts + (Instalment(refs.calendar(state.point_code).next_session(day), 0),)
            later = [len(insts) - 1]
            state = _flag(state, "needs_schedule")
        moved = 0
        for k in past:
            moved += insts[k].unpaid
            insts = _set(insts, k, amount=insts[k].paid, carried=insts[k].carried
                         + insts[k].unpaid)
        insts = _set(insts, later[0], amount=insts[later[0]].amount + moved)
    return evolve(state, status="active", instalments=insts,
                   principal_in_term=state.principal_frozen, principal_frozen=0,
                   interest_in_term=state.interest_in_term + state.interest_frozen,
                   interest_frozen=0, frozen_until=None, accrued_from=day)


def _write_off(state: LoanState, op: Operation, refs: Refs) -> LoanState:
    if state.status not in ("active", "frozen"):
        return _flag(state, "decision_ignored")
    return evolve(state, status="written_off",
                   principal_written_off=state.principal_written_off + state.outstanding,
                   interest_written_off=state.interest_written_off + state.interest_unpaid,
                   principal_in_term=0, principal_overdue=0, principal_frozen=0,
                   interest_in_term=0, interest_overdue=0, interest_grace=0,
                   interest_frozen=0)


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
    "loan.extend": _reschedule, "loan.adjust": _reschedule, "loan.freeze": _freeze,
    "loan.unfreeze": _unfreeze, "loan.write_off": _write_off,
    "loan.transfer_overdue": _transfer_overdue, "suspense.resolve": _resolve,
    "loan.change_request": _unchanged,
}


def _settle(state: LoanState) -> LoanState:
    if (state.status == "active" and state.disbursed > 0 and state.outstanding == 0
            and state.interest_unpaid == 0 and not (state.acc_in_term or state.acc_overdue
                                                    or state.acc_grace)):
        return evolve(state, status="closed")
    return state


def apply(state: LoanState | None, op: Operation, refs: Refs) -> LoanState | None:
    """The loan after `op`. Total for well-formed operations: refused cash → suspense."""
    if op.kind == REVERSE:
        return state        # reversal = replay without the target (the services replay)
    if op.kind == "application.submit":
        return _submit(state, op)
    if op.kind == "loan.open":
        return _opened(op) if state is None else _flag(state, "duplicate_opening")
    day = op.business_date
    state = _advance(state, day, refs, stamp=True)
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
    return _settle(state)


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

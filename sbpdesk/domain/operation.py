"""Operations: the immutable journal row, its class (fact or decision), its cash direction,
the canonical replay order and the accounts it touches.

`Operation` mirrors the envelope of docs/operations.md with the payload already decoded to a
dict. Replay order is `order_key`: business date, then facts before decisions on the same
date, then origin, then seq — never `recorded_at`. `accounts(op)` tells the services which
account snapshots an operation changes (they replay those accounts), and
`reversed_targets(ops)` is the set of op_ids a replay must skip.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

FACT = "fact"
DECISION = "decision"

# Class of every kind in docs/operations.md. `op.reverse` takes the class of its target; it
# is listed as a fact only so that order_key is defined — replays drop reversals anyway.
CLASS: dict[str, str] = {
    "session.open": FACT, "session.close": FACT, "session.cash_difference": FACT,
    "household.register": FACT, "person.register": FACT, "contact.update": FACT,
    "household.confirm": DECISION, "household.alias": DECISION,
    "group.form": DECISION, "group.update": DECISION,
    "application.submit": FACT, "application.decide": DECISION,
    "loan.change_request": FACT, "loan.disburse": FACT, "collection.record": FACT,
    "group.handover": FACT,
    "savings.withdraw": FACT, "payable.issue": DECISION, "fee.pay": FACT,
    "savings.credit_interest": DECISION,
    "loan.extend": DECISION, "loan.adjust": DECISION, "loan.freeze": DECISION,
    "loan.unfreeze": DECISION, "loan.write_off": DECISION, "loan.transfer_overdue": DECISION,
    "suspense.resolve": DECISION,
    "rules.publish": DECISION, "programme.define": DECISION, "programme.rate": DECISION,
    "rate.relief": DECISION,
    "unit.define": DECISION,
    "calendar.publish": DECISION, "office.define": DECISION, "point.define": DECISION,
    "organisation.define": DECISION, "user.set": DECISION, "device.enrol": DECISION,
    "device.revoke": DECISION, "lease.grant": DECISION, "state.pack": DECISION,
    "op.reverse": FACT, "reversal.request": FACT,
    # Opening balances from the bank's core system (docs/core-bridge.md), office decisions
    # on the data date (a month end, before the office's first session).
    "loan.open": DECISION, "savings.open": DECISION,
    # Reconciliation with the core: its figure accepted for a loan, a difference explained.
    "loan.core_adjust": DECISION, "core.explain": DECISION,
    # A payment the core recorded outside our sessions (the bank's app, a transfer, TK 105):
    # the office's record of it, a decision like every office-only kind.
    "loan.paid_elsewhere": DECISION,
    # Its savings counterpart: a deposit to the member's TK 105 the core recorded (decision
    # 0260), folded as a deposit on its day, no session's cash.
    "savings.paid_elsewhere": DECISION,
    # The office's lending plan and the communes' poor / near-poor lists (decision 0190).
    "plan.set": DECISION, "eligibility.record": DECISION,
}

# Cash direction for the session's cash box: "in", "out", "±", "opening", "counted" or "–".
CASH: dict[str, str] = {kind: "–" for kind in CLASS}
CASH.update({
    "session.open": "opening", "session.close": "counted", "session.cash_difference": "±",
    "loan.disburse": "out", "collection.record": "in", "savings.withdraw": "out",
    "fee.pay": "out",
})

REVERSE = "op.reverse"


@dataclass(frozen=True)
class Operation:
    """One journal row with its payload decoded (canonical JSON → dict)."""

    op_id: str
    origin: str
    seq: int
    kind: str
    kind_version: int
    payload: dict[str, Any]
    business_date: dt.date
    session_id: str | None = None
    actor: str = ""
    approved_by: str | None = None
    rules_version: str | None = None
    recorded_at: str = ""
    prev_hash: str = ""
    hash: str = ""


def class_of(op: Operation) -> str:
    """"fact" or "decision"; unknown kinds sort as decisions (after the facts of their day)."""
    return CLASS.get(op.kind, DECISION)


def order_key(op: Operation) -> tuple[dt.date, int, str, int]:
    """Canonical replay order: (business_date, 0 fact / 1 decision, origin, seq)."""
    return (op.business_date, 0 if class_of(op) == FACT else 1, op.origin, op.seq)


def accounts(op: Operation, target: Operation | None = None) -> list[tuple[str, str]]:
    """The (account_kind, account_id) pairs whose snapshots `op` changes.

    For `op.reverse` the caller resolves the target operation and passes it as `target`: a
    reversal touches exactly the accounts of what it reverses.
    """
    p = op.payload
    kind = op.kind
    if kind == REVERSE:
        return accounts(target) if target is not None and target.kind != REVERSE else []
    out: list[tuple[str, str]] = []
    if kind == "application.submit":
        out.append(("application", p["application_id"]))
    elif kind == "application.decide":
        out.append(("application", p["application_id"]))
        if p.get("approved") and p.get("loan_id"):
            out.append(("loan", p["loan_id"]))
    elif kind in ("loan.open", "loan.change_request", "loan.disburse", "loan.extend", "loan.adjust",
                  "loan.freeze", "loan.unfreeze", "loan.write_off", "loan.transfer_overdue",
                  "loan.core_adjust", "loan.paid_elsewhere"):
        out.append(("loan", p["loan_id"]))
    elif kind == "collection.record":
        if p.get("loan_id"):
            out.append(("loan", p["loan_id"]))
        if p.get("savings_account_id") and (p.get("savings", 0) or p.get("from_savings", 0)):
            out.append(("savings", p["savings_account_id"]))
    elif kind in ("savings.open", "savings.withdraw", "savings.credit_interest",
                  "savings.paid_elsewhere"):
        out.append(("savings", p["savings_account_id"]))
    elif kind == "suspense.resolve":
        out.append((p["account_kind"], p["account_id"]))
        if p.get("to") == "savings" and p.get("target_id"):
            out.append(("savings", p["target_id"]))
        elif p.get("to") == "loan" and p.get("target_id"):
            out.append(("loan", p["target_id"]))
    elif kind in ("payable.issue", "fee.pay"):
        out.append(("payable", p["payable_id"]))
    # Dedupe (a suspense moved to the same account) while keeping the order.
    return list(dict.fromkeys(out))


def reversed_targets(ops: Iterable[Operation]) -> set[str]:
    """op_ids a replay must skip. Reversing a reversal changes nothing (a recorded no-op), and
    reversing the same target twice is the same as once."""
    ops = list(ops)
    reversal_ids = {op.op_id for op in ops if op.kind == REVERSE}
    return {op.payload["target_op_id"] for op in ops
            if op.kind == REVERSE and op.payload["target_op_id"] not in reversal_ids}


def effective(ops: Iterable[Operation]) -> list[Operation]:
    """The operations a replay folds: canonical order, reversed targets and reversals dropped."""
    ops = list(ops)
    skip = reversed_targets(ops)
    return sorted((op for op in ops if op.kind != REVERSE and op.op_id not in skip),
                  key=order_key)

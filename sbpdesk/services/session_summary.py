"""What a session did, for the summary the session page shows when it closes (issue 14):
the cash collected and paid out by kind, the groups whose leader handed over and those that
did not, the differences approved and the rounding recorded, the count against the book.
Reversed postings are left out, as on the session report.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import journal
from sbpdesk.services.context import Book
from sbpdesk.services.groups import list_groups
from sbpdesk.services.sessions import get_session, user_full_name

# (label, payload column) of what a collection brings in, in the order of the paper 13/TD
COLLECTED = (("Thu lãi", "interest"), ("Thu nợ gốc", "principal"),
             ("Gửi tiết kiệm", "savings"), ("Thu nợ gốc từ tiền gửi", "from_savings"))
PAID = {"loan.disburse": "Giải ngân", "savings.withdraw": "Rút tiền gửi",
        "fee.pay": "Chi phí, hoa hồng"}


@dataclass(frozen=True)
class CloseSummary:
    session_id: str
    point_code: str
    business_date: dt.date
    status: str
    teller: str                              # full names
    controller: str
    opening_cash: int
    amounts: tuple[tuple[str, int], ...]     # (label, amount), only those not zero
    groups_done: tuple[str, ...]             # group names, handed over in this session
    groups_not_done: tuple[str, ...]
    differences: int                         # thừa (+) / thiếu (−) the controller approved
    rounding: int                            # recorded as rounding, without the controller
    counted_total: int | None
    expected_total: int | None


def close_summary(book: Book, session_id: str) -> CloseSummary:
    s = get_session(book, session_id)
    if s is None:
        raise DomainError("no_open_session", "Không tìm thấy phiên giao dịch.",
                          "Session not found.")
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.session_id == session_id,
        OperationRow.outcome.in_(("applied", "suspense")))).all()
    ops = [journal.to_entry(r).operation() for r in rows]
    skip = domain_op.reversed_targets(ops)
    live = [o for o in ops if o.op_id not in skip and o.kind != domain_op.REVERSE]
    totals: dict[str, int] = {}
    handed: set[str] = set()
    differences = rounding = 0
    for op in live:
        p = op.payload
        if op.kind == "collection.record":
            for label, column in COLLECTED:
                totals[label] = totals.get(label, 0) + int(p.get(column) or 0)
        elif op.kind in PAID:
            totals[PAID[op.kind]] = totals.get(PAID[op.kind], 0) + int(p.get("amount") or 0)
        elif op.kind == "group.handover":
            handed.add(p.get("group_id") or "")
        elif op.kind == "session.cash_difference" and p.get("rounding"):
            rounding += int(p.get("amount") or 0)
        elif op.kind == "session.cash_difference":
            differences += int(p.get("amount") or 0)
    order = [label for label, _ in COLLECTED] + list(PAID.values())
    groups = [g for g in list_groups(book, s.point_code) if g.members]
    return CloseSummary(
        s.id, s.point_code, s.business_date, s.status, user_full_name(book, s.teller),
        user_full_name(book, s.controller), s.opening_cash,
        tuple((label, totals[label]) for label in order if totals.get(label)),
        tuple(g.name for g in groups if g.id in handed),
        tuple(g.name for g in groups if g.id not in handed),
        differences, rounding, s.counted_total, s.expected_total)

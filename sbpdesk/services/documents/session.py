"""The closed session's report: postings by kind and group, the cash count, the journal
head."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from sbpdesk.db.models import (
    Group,
    Loan,
    SavingsAccount,
)
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.db.models import Receipt as ReceiptRow
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.dates import format_date
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import journal, posting
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry

from .common import (
    issuer,
    mark,
    not_found,
    user_name,
)
from .data_tables import (
    CashCount,
    PostingLine,
    ReceiptRange,
    SessionReport,
)

KIND_ORDER = ("Giải ngân", "Thu lãi", "Thu nợ gốc", "Thu nợ gốc từ tiền gửi", "Gửi tiết kiệm",
              "Rút tiền gửi", "Chi phí, hoa hồng", "Thừa quỹ", "Thiếu quỹ",
              "Làm tròn tiền mặt (thừa)", "Làm tròn tiền mặt (thiếu)",
              "Tổ trưởng giao nộp tiền", "Nhận hồ sơ vay vốn", "Đăng ký khách hàng",
              "Đề nghị điều chỉnh", "Khác")
_LABELS = {"application.submit": "Nhận hồ sơ vay vốn", "household.register": "Đăng ký khách hàng",
           "person.register": "Đăng ký khách hàng", "contact.update": "Đăng ký khách hàng",
           "loan.change_request": "Đề nghị điều chỉnh", "reversal.request": "Đề nghị điều chỉnh"}


# One posting's contribution to the report: (label, group id, amount, cash in, cash out).
Part = tuple[str, str | None, int, int, int]
_COLLECTED = (("Thu lãi", "interest", True), ("Thu nợ gốc", "principal", True),
              ("Gửi tiết kiệm", "savings", True), ("Thu nợ gốc từ tiền gửi", "from_savings", False))
_SKIPPED = (domain_op.REVERSE, "session.open", "session.close")


def session_report(book: Book, session_id: str) -> SessionReport:
    """The closed session's postings by kind and group, its cash count and journal head."""
    s = _closed_session(book, session_id)
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.session_id == s.id,
        OperationRow.outcome.in_(("applied", "suspense")))).all()
    entries = [journal.to_entry(r) for r in rows]
    skip = domain_op.reversed_targets(e.operation() for e in entries)
    groups = {g.id: g for g in book.db.scalars(select(Group).where(
        Group.point_code == s.point_code))}
    parts = [part for e in entries if e.op_id not in skip and e.kind not in _SKIPPED
             for part in _parts(book, e)]
    return SessionReport(
        issuer(book, s.point_code, s.business_date), s.id, s.business_date,
        user_name(book, s.teller),
        user_name(book, s.controller), s.opening_cash, _postings(parts, groups),
        _cash_count(s), s.expected_total if s.expected_total is not None else s.opening_cash,
        s.head_seq, s.head_hash or "", reversed_count=len(skip & {e.op_id for e in entries}),
        mark=mark(book), label=session_label(book, s), **_receipts(book, entries, skip))


def session_label(book: Book, s: SessionRow) -> str:
    """The session as people name it, not its id (issue 14): its point, its date and which
    session of that day it was ("BB01 · 05/03/2026 · phiên 1")."""
    ids = book.db.scalars(select(SessionRow.id).where(
        SessionRow.point_code == s.point_code, SessionRow.business_date == s.business_date)
        .order_by(SessionRow.id)).all()        # uuid7: in the order they were opened
    return f"{s.point_code} · {format_date(s.business_date)} · phiên {ids.index(s.id) + 1}"


def _receipts(book: Book, entries: list[Entry], skip: set[str]) -> dict:
    """The session's receipt numbers issued (a range per origin) and those voided."""
    numbers = {row.op_id: row.receipt_no for row in book.db.scalars(select(ReceiptRow).where(
        ReceiptRow.op_id.in_([e.op_id for e in entries])))}
    by_origin: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for e in entries:
        if e.op_id in numbers:
            by_origin[e.origin].append((e.seq, numbers[e.op_id]))
    ranges = tuple(ReceiptRange(min(r)[1], max(r)[1], len(r))
                   for _, r in sorted(by_origin.items()))
    voided = tuple(numbers[e.op_id] for e in sorted(entries, key=lambda e: e.seq)
                   if e.op_id in skip and e.op_id in numbers)
    return {"receipts": ranges, "voided": voided}


def _closed_session(book: Book, session_id: str) -> SessionRow:
    s = book.db.get(SessionRow, session_id)
    if s is None:
        raise not_found("phiên giao dịch", "Session", session_id)
    if s.status != "closed" or s.head_seq is None:
        raise DomainError("print_session_open",
                          "Phiên giao dịch chưa đóng: báo cáo phiên được in sau khi đóng phiên.",
                          "The session is still open: its report is printed after closing.",
                          field="session")
    return s


def _parts(book: Book, e: Entry) -> list[Part]:
    """What one standing posting adds to the report's lines."""
    p = e.payload
    if e.kind == "collection.record":
        return [(label, p.get("group_id"), amount, amount if cash else 0, 0)
                for label, col, cash in _COLLECTED if (amount := int(p.get(col) or 0))]
    if e.kind == "loan.disburse":
        loan = book.db.get(Loan, p.get("loan_id") or "")
        amount = int(p.get("amount") or 0)
        return [("Giải ngân", loan.group_id if loan else None, amount, 0, amount)]
    if e.kind in ("savings.withdraw", "fee.pay"):
        amount = -posting.cash_amount(e.kind, p)
        acc = book.db.get(SavingsAccount, p.get("savings_account_id") or "")
        return [("Rút tiền gửi" if e.kind == "savings.withdraw" else "Chi phí, hoa hồng",
                 acc.group_id if acc else p.get("group_id"), amount, 0, amount)]
    if e.kind == "session.cash_difference":
        amount = int(p.get("amount") or 0)
        label = ("Thừa quỹ", "Thiếu quỹ") if not p.get("rounding") else (
            "Làm tròn tiền mặt (thừa)", "Làm tròn tiền mặt (thiếu)")   # visibly apart
        return [(label[0] if amount > 0 else label[1], p.get("group_id"), abs(amount),
                 max(amount, 0), max(-amount, 0))]
    if e.kind == "group.handover":
        return [("Tổ trưởng giao nộp tiền", p.get("group_id"),
                 int(p.get("interest") or 0) + int(p.get("savings") or 0), 0, 0)]
    return [(_LABELS.get(e.kind, "Khác"), p.get("group_id"), 0, 0, 0)]


def _postings(parts: list[Part], groups: dict[str, Group]) -> tuple[PostingLine, ...]:
    """The parts summed per (label, group name), in the report's order of kinds and groups."""
    lines: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for label, group_id, amount, cash_in, cash_out in parts:
        g = groups.get(group_id or "")
        line = lines[(label, g.name if g is not None else "")]
        for k, v in enumerate((1, amount, cash_in, cash_out)):
            line[k] += v
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    group_order = {g.name: g.code for g in groups.values()}
    ordered = sorted(lines.items(), key=lambda kv: (order.get(kv[0][0], 99),
                                                    group_order.get(kv[0][1], "")))
    return tuple(PostingLine(kind, group, *figures) for (kind, group), figures in ordered)


def _cash_count(s: SessionRow) -> tuple[CashCount, ...]:
    counted = from_json(s.counted) if s.counted else {}
    return tuple(CashCount(int(d), int(n)) for d, n in
                 sorted(counted.items(), key=lambda kv: -int(kv[0])) if int(n))

"""Payables: what the office owes and a point pays out at a session — the entrustment fee of
an organisation, a group's commission, a refund. The office computes and issues them
(`payable.issue`, with the figures they came from); the point records only the cash it pays
(`fee.pay`). A fee whose rate is not configured is never issued.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import Payable
from sbpdesk.domain.dates import add_months
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import entrustment
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import Command, applier, decider, replace

KINDS = ("union_fee", "group_commission", "refund")


@dataclass(frozen=True)
class PayableRow:
    id: str
    kind: str
    payee_kind: str
    payee_id: str
    point_code: str
    amount: int
    paid: int
    period: str
    status: str


def _row(p: Payable) -> PayableRow:
    return PayableRow(p.id, p.kind, p.payee_kind, p.payee_id, p.point_code, p.amount, p.paid,
                      p.period, p.status)


@decider("payable.issue")
def _decide_issue(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    if p.get("kind") not in KINDS:
        raise DomainError("bad_payable_kind", "Loại khoản phải trả không hợp lệ.",
                          "Unknown payable kind.", field="kind")
    amount = p.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise DomainError("amount_required", "Số tiền phải là số nguyên dương.",
                          "The amount must be a positive whole number.", field="amount")
    for name in ("payee_kind", "payee_id", "point_code", "period"):
        if not p.get(name):
            raise DomainError("missing_field", f"Thiếu thông tin: {name}",
                              f"Missing field: {name}", field=name)
    if p["kind"] == "union_fee" and p["payee_kind"] == "organisation":
        _check_contract(book, p["payee_id"], str(p["period"]))
    p.setdefault("payable_id", uuid7())
    p.setdefault("basis", {})
    return replace(cmd, payload=p)


def _check_contract(book: Book, code: str, period: str) -> None:
    """An entrustment fee only for a month some contract of the organisation covers
    (decisions/0108, 0158). An organisation with no contract recorded (defined before
    contracts were kept) is not checked."""
    org = entrustment.organisations(book).get(code)
    if org is None or not org.contracts:
        return
    try:
        first = dt.date.fromisoformat(f"{period}-01")
    except ValueError:
        raise DomainError("bad_period", "Kỳ phải trả ghi theo tháng (YYYY-MM).",
                          "The period is a month (YYYY-MM).", field="period") from None
    last = add_months(first, 1) - dt.timedelta(days=1)
    if not any(c.valid_from <= last and (c.valid_until is None or c.valid_until >= first)
               for c in org.contracts):
        raise DomainError("no_entrustment_contract",
                          f"{org.name} không có hợp đồng ủy thác hiệu lực trong kỳ {period}: "
                          "không chi phí ủy thác.",
                          f"{org.name} has no entrustment contract in force in {period}: "
                          "no fee.", field="period")


@applier("payable.issue")
def _apply_issue(book: Book, e: Entry) -> None:
    p = e.payload
    if book.db.get(Payable, p["payable_id"]) is None:
        book.db.add(Payable(id=p["payable_id"], kind=p["kind"], payee_kind=p["payee_kind"],
                            payee_id=p["payee_id"], point_code=p["point_code"],
                            amount=p["amount"], paid=0, period=p["period"], status="issued"))


@decider("fee.pay")
def _decide_pay(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    payable = book.db.get(Payable, p.get("payable_id") or "")
    if payable is None:
        raise DomainError("unknown_payable", "Không tìm thấy khoản phải trả.",
                          "Payable not found.", field="payable_id")
    amount = p.get("amount")
    if not isinstance(amount, int) or amount <= 0 or amount > payable.amount - payable.paid:
        raise DomainError("pay_too_much", "Số tiền chi vượt số còn phải trả.",
                          "More than what is left to pay.", field="amount")
    if not (p.get("receiver_name") or "").strip():
        raise DomainError("receiver_required", "Cần ghi tên người nhận tiền.",
                          "The receiver's name is required.", field="receiver_name")
    # the payable's point names the receipt when it is paid at the office, out of a session
    return replace(cmd, payload={**p, "point_code": payable.point_code})


@applier("fee.pay")
def _apply_pay(book: Book, e: Entry) -> str:
    payable = book.db.get(Payable, e.payload["payable_id"])
    if payable is None:
        return "suspense"  # paid before the issue arrived: review settles it
    payable.paid += e.payload["amount"]
    payable.status = "paid" if payable.paid >= payable.amount else "issued"
    return "applied"


def open_payables(book: Book, point_code: str) -> list[PayableRow]:
    rows = book.db.scalars(select(Payable).where(Payable.point_code == point_code,
                                                 Payable.status == "issued"))
    return [_row(p) for p in rows]


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"

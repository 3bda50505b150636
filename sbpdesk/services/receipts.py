"""Cash and receipts: the signed cash an operation moves through the session's box, and
sbpdesk's voucher number (receipt_no) of every cash operation, written for operations posted
here and received alike, so every book numbers them the same.

The number is `<point>-<laptop number>-<seq>` (`BB01-1-47`) for a laptop whose enrolment
gave it a number (`device.enrol` payload `number`, issue 14), else `<point>-<origin>-<seq>`
as before: a laptop enrolled earlier keeps its long numbers, so no stored receipt changes.
The laptop's name given at enrolment ("Máy xách tay 1 – BB01") is what people read.
The point is the payload's `point_code` (a withdrawal or fee paid at the office records its
account's or payable's point, decision 0186), else the session's, else the office's code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from sbpdesk.db import bulk
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.db.models import Receipt
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.canonical import from_json
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry


def cash_amount(kind: str, payload: dict[str, Any]) -> int:
    """Signed cash into the session's box (+ in, − out); 0 for kinds that move no cash."""
    direction = domain_op.CASH.get(kind)
    if direction == "in":
        return sum(int(payload.get(k) or 0) for k in ("interest", "principal", "savings"))
    if direction == "out":
        return -int(payload.get("amount") or 0)
    if direction == "±":
        return int(payload.get("amount") or 0)
    return 0


@dataclass(frozen=True)
class Laptop:
    number: int | None        # small number the office gave at enrolment (None: enrolled before)
    name: str                 # "Máy xách tay 1 – BB01", or the id for an older enrolment


def laptops(book: Book) -> dict[str, Laptop]:
    """Every enrolled laptop this book knows, by device id (from the `device.enrol`
    operations; kept on the book until one is applied)."""
    known = getattr(book, "_laptops", None)
    if known is None:
        known = {}
        for data in book.db.scalars(select(OperationRow.payload).where(
                OperationRow.kind == "device.enrol")):
            p = from_json(data)
            number = p.get("number") if type(p.get("number")) is int else None
            known[p.get("device_id") or ""] = Laptop(number, p.get("name") or
                                                     p.get("device_id") or "")
        book._laptops = known
    return known


def forget_laptops(book: Book) -> None:
    book._laptops = None


def device_name(book: Book, device_id: str | None) -> str:
    """The laptop's name for people ("" when there is none)."""
    if not device_id:
        return ""
    laptop = laptops(book).get(device_id)
    return laptop.name if laptop is not None else device_id


def receipt_no_of(book: Book, entry: Entry) -> str | None:
    """sbpdesk's voucher number of a cash operation (None else); see the module docstring."""
    if domain_op.CASH.get(entry.kind) not in ("in", "out", "±"):
        return None
    point = entry.payload.get("point_code")
    if not point and entry.session_id:
        session = book.db.get(SessionRow, entry.session_id)
        point = session.point_code if session is not None else None
    laptop = laptops(book).get(entry.origin)
    writer = laptop.number if laptop is not None and laptop.number else entry.origin
    return f"{point or book.office_code or '-'}-{writer}-{entry.seq}"


def write_receipt(book: Book, entry: Entry) -> str | None:
    receipt_no = receipt_no_of(book, entry)
    if receipt_no is None:
        return None
    row = {"receipt_no": receipt_no, "op_id": entry.op_id, "bl_no": entry.payload.get("bl_no"),
           "kind": entry.kind, "amount": cash_amount(entry.kind, entry.payload)}
    if getattr(book, "_batch", None) is not None:
        book._batch.setdefault(RECEIPTS, []).append(row)   # written in bulk at the end
    elif book.db.get(Receipt, receipt_no) is None:
        book.db.add(Receipt(**row))
    return receipt_no


RECEIPTS = ("receipts", "")   # the batch's key for receipts waiting to be written


def flush(book: Book, rows: list[dict]) -> None:
    numbers = [r["receipt_no"] for r in rows]
    known = set()
    for k in range(0, len(numbers), 500):
        known |= set(book.db.scalars(select(Receipt.receipt_no).where(
            bulk.in_ids(Receipt.receipt_no)), {"ids": numbers[k:k + 500]}))
    fresh = {r["receipt_no"]: r for r in rows if r["receipt_no"] not in known}
    bulk.insert_rows(book.db, Receipt.__table__, list(fresh.values()))

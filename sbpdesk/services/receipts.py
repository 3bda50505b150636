"""Cash and receipts: the signed cash an operation moves through the session's box, and
sbpdesk's voucher number `<point>-<origin>-<seq>` (receipt_no) of every cash operation, written
for operations posted here and received alike, so every book numbers them the same.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sbpdesk.db import bulk
from sbpdesk.db.models import Receipt
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain import operation as domain_op
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


def receipt_no_of(book: Book, entry: Entry) -> str | None:
    """sbpdesk's voucher number `<point>-<origin>-<seq>` of a cash operation (None else)."""
    if domain_op.CASH.get(entry.kind) not in ("in", "out", "±"):
        return None
    point = entry.payload.get("point_code")
    if not point and entry.session_id:
        session = book.db.get(SessionRow, entry.session_id)
        point = session.point_code if session is not None else None
    return f"{point or book.office_code or '-'}-{entry.origin}-{entry.seq}"


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
            Receipt.receipt_no.in_(bulk.ids())), {"ids": numbers[k:k + 500]}))
    fresh = {r["receipt_no"]: r for r in rows if r["receipt_no"] not in known}
    bulk.insert_rows(book.db, Receipt.__table__, list(fresh.values()))

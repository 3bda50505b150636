"""The print log: every printed document is recorded, so a reprint is marked as a copy.

`record_print(book, document, key, paper=…)` adds one `print_log` row — who printed it, when,
on which paper ("a4", "a5", "thermal") — inside a write transaction and returns the copy
number: 0 the first time a document is printed, n for its nth reprint (the
document then says "BẢN SAO (lần n)"). `document` names the kind of paper ("receipt",
"application", "statement", …) and `key` the thing printed (a receipt number, an application
id, "group:date:after" …); a receipt printed on A5 and then on thermal paper is one document.
The log is local bookkeeping, not a journal operation: a print changes no account.

A row means the document reached paper (or a file the user asked for). The GUI previews with
`next_copy_no` — the number the next print would get — and records only when the pages are
sent to the printer (`printing.record.record`); `withdraw_print` takes back a row whose job
could not be started at all (the printer refused it), while it is still the latest print of
that document.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from sbpdesk.db.models import PrintLog
from sbpdesk.domain.errors import DomainError
from sbpdesk.services.context import Book
from sbpdesk.services.journal import utc_stamp


@dataclass(frozen=True)
class PrintRow:
    document: str
    key: str
    count: int          # 1 for the original, n + 1 for the nth reprint
    printed_at: str     # UTC ISO
    user: str
    paper: str | None = None    # None: recorded before the register kept the paper


PAPERS = ("a4", "a5", "thermal")


def record_print(book: Book, document: str, key: str, *, user: str | None = None,
                 paper: str | None = None) -> int:
    """Record one print of `document` `key` on `paper`; return its copy number (0 = the
    original)."""
    if paper is not None and paper not in PAPERS:
        raise DomainError("print_bad_paper", f"Khổ giấy không hợp lệ: {paper}",
                          f"Unknown paper: {paper}")
    if not document or not key:
        raise DomainError("print_key_missing", "Thiếu loại giấy tờ hoặc mã giấy tờ cần in.",
                          "The document kind and key are required.")
    who = (book.user.username if book.user is not None else None) or user or "-"
    with book.transaction():
        # BEGIN IMMEDIATE (SQLite) serialises writers, so two prints never share a number.
        last = book.db.scalar(select(func.max(PrintLog.count)).where(
            PrintLog.document == document, PrintLog.key == key)) or 0
        book.db.add(PrintLog(document=document, key=key, count=last + 1,
                             printed_at=utc_stamp(book.now()), user=who[:64], paper=paper))
        book.db.flush()
    return last


def record_prints(book: Book, documents: Sequence[tuple[str, str, str | None]],
                  keep: Callable[[int, int], None], *, user: str | None = None) -> list[int]:
    """Record a print of each (document, key, paper) in one transaction; return the copy
    numbers.

    `keep(i, copy_no)` runs right after the i-th is recorded, inside the transaction: the
    caller renders the pages with that number and writes the file it keeps, so a print whose
    pages or file fail is not counted (the transaction rolls back)."""
    numbers = []
    with book.transaction():
        for i, (document, key, paper) in enumerate(documents):
            numbers.append(record_print(book, document, key, user=user, paper=paper))
            keep(i, numbers[-1])
    return numbers


def next_copy_no(book: Book, document: str, key: str) -> int:
    """The copy number the next print of `document` `key` would get (0 = the original).
    Reads only: a preview shows it without recording anything."""
    return print_count(book, document, key)


def withdraw_print(book: Book, document: str, key: str, copy_no: int) -> bool:
    """Take back the print recorded as `copy_no` when no page of it reached the printer.

    Only the latest print of the document is withdrawn (a later print keeps its number, so
    the log has no gaps); returns whether the row was removed. Its own transaction.
    """
    with book.transaction():
        row = book.db.scalar(select(PrintLog).where(
            PrintLog.document == document, PrintLog.key == key,
            PrintLog.count == copy_no + 1))
        last = book.db.scalar(select(func.max(PrintLog.count)).where(
            PrintLog.document == document, PrintLog.key == key)) or 0
        if row is None or last != copy_no + 1:
            return False
        book.db.delete(row)
        book.db.flush()
    return True


def withdraw_prints(book: Book, recorded: Sequence[tuple[str, str, int]]) -> list[bool]:
    """Take back several (document, key, copy number) prints, the last first, in one
    transaction; whether each was withdrawn, in the order given."""
    with book.transaction():
        done = [withdraw_print(book, *r) for r in reversed(recorded)]
    return done[::-1]


def print_count(book: Book, document: str, key: str) -> int:
    """How many times the document has been printed (0 = never)."""
    return book.db.scalar(select(func.max(PrintLog.count)).where(
        PrintLog.document == document, PrintLog.key == key)) or 0


def history(book: Book, document: str, key: str) -> list[PrintRow]:
    rows = book.db.scalars(select(PrintLog).where(
        PrintLog.document == document, PrintLog.key == key).order_by(PrintLog.count))
    return [PrintRow(r.document, r.key, r.count, r.printed_at, r.user, r.paper) for r in rows]

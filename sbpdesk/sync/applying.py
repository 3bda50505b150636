"""Applying stored rows: one at a time, each in a savepoint (an applier that raises leaves its
row `held` with the reason and the rest goes on), or many at once under one savepoint per
chunk, falling back to one at a time for a chunk in which an applier raised (decision 0226:
an enrolment pack's ≈ 60.000 rows paid a savepoint and a flush each).
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import StatementError

from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import journal, posting
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry

# What a malformed payload that passed the schema can still raise in an applier: the row is
# held with the reason, the rest of the bundle goes on.
APPLY_ERRORS = (DomainError, KeyError, TypeError, ValueError, AttributeError, OverflowError,
                StatementError)
CHUNK = 500


def apply_one(book: Book, entry: Entry, *, record: bool = True) -> tuple[str, str | None]:
    """Apply a stored row; an applier that cannot run yet leaves it `held` with the reason.
    `record=False`: the caller records the outcome in bulk."""
    try:
        if posting.defers(book, entry.kind):   # only notes the accounts: nothing to roll back
            outcome = posting.apply_entry(book, entry, record=record)
            return outcome, ("kind_version" if outcome == "held" else None)
        with book.db.begin_nested():
            outcome = posting.apply_entry(book, entry, record=record)
    except APPLY_ERRORS as exc:
        book.invalidate_refs()
        reason = "apply:" + (exc.code if isinstance(exc, DomainError) else type(exc).__name__)
        if record:
            journal.set_outcome(book.db, entry.op_id, "held", reason)
        return "held", reason
    if not record:
        return outcome, ("kind_version" if outcome == "held" else None)
    row = book.db.get(OperationRow, entry.op_id)
    return outcome, row.reason if row is not None and outcome == "held" else None


def apply_many(book: Book, entries: Sequence[Entry]) -> list[tuple[str, str | None]]:
    """`apply_one(…, record=False)` of each entry in order, with one savepoint per CHUNK
    entries: the same outcomes (a chunk where an applier raises is rolled back, the accounts
    it noted for the batch forgotten, and applied again one at a time)."""
    out: list[tuple[str, str | None]] = []
    for k in range(0, len(entries), CHUNK):
        part = entries[k:k + CHUNK]
        mark = _batch_mark(book)
        try:
            with book.db.begin_nested():
                outcomes = [posting.apply_entry(book, e, record=False) for e in part]
        except APPLY_ERRORS:
            book.invalidate_refs()
            _batch_reset(book, mark)
            out += [apply_one(book, e, record=False) for e in part]
            continue
        out += [(o, "kind_version" if o == "held" else None) for o in outcomes]
    return out


def _batch_mark(book: Book) -> dict | None:
    pending = getattr(book, "_batch", None)
    return None if pending is None else {key: len(v) for key, v in pending.items()}


def _batch_reset(book: Book, mark: dict | None) -> None:
    """Forget what a rolled-back chunk noted in the batch (`posting.batch`)."""
    pending = getattr(book, "_batch", None)
    if pending is None or mark is None:
        return
    for key in list(pending):
        if key not in mark:
            del pending[key]
        else:
            del pending[key][mark[key]:]

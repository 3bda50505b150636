"""Idempotency keys: a command re-run after a crash (or by an impatient script) with the
same key answers "already recorded" instead of posting twice.

The key and what it posted are kept in the book's settings in the same transaction as the
operation, so either both exist or neither: a crash before the commit leaves no key, and the
re-run posts. A key used again for a different command is refused (a script bug, not a
retry). Keys are local to the book: a retry happens on the machine that ran the command.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sbpdesk.db.models import BookSetting
from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.domain.errors import DomainError

from . import posting
from .auth import Approval
from .context import Book

PREFIX = "post.key:"
MAX_KEY = 128


def _fingerprint(kind: str, payload: dict[str, Any], business_date: dt.date,
                 session_id: str | None, approved_by: Approval | None) -> str:
    approver = approved_by.username if approved_by is not None else None   # never the password
    return hashlib.sha256(canonical_json({
        "kind": kind, "payload": payload, "business_date": business_date,
        "session_id": session_id, "approved_by": approver})).hexdigest()


def post_once(book: Book, key: str | None, kind: str, payload: dict[str, Any], *,
              business_date: dt.date, session_id: str | None = None,
              approved_by: Approval | None = None) -> tuple[posting.Posted, bool]:
    """(what was posted, True when an earlier run with `key` had already posted it)."""
    if key is None:
        return posting.post(book, kind, payload, business_date=business_date,
                            session_id=session_id, approved_by=approved_by), False
    if not key or len(key) > MAX_KEY:
        raise DomainError("bad_key", f"Khóa chống ghi trùng phải dài 1–{MAX_KEY} ký tự.",
                          f"The idempotency key must be 1–{MAX_KEY} characters long.",
                          field="idempotency_key")
    fingerprint = _fingerprint(kind, payload, business_date, session_id, approved_by)
    with book.transaction():
        earlier = book.db.get(BookSetting, PREFIX + key)
        if earlier is not None:
            done = from_json(earlier.value)
            if done["command"] != fingerprint:
                raise DomainError(
                    "key_reused", "Khóa chống ghi trùng này đã dùng cho một lệnh khác.",
                    "This idempotency key was already used for a different command.",
                    field="idempotency_key")
            return posting.Posted(done["op_id"], done["seq"], done["outcome"],
                                  done.get("receipt_no")), True
        posted = posting.post(book, kind, payload, business_date=business_date,
                              session_id=session_id, approved_by=approved_by)
        book.set_setting(PREFIX + key, canonical_json({
            "command": fingerprint, "op_id": posted.op_id, "seq": posted.seq,
            "outcome": posted.outcome, "receipt_no": posted.receipt_no}).decode("utf-8"))
    return posted, False

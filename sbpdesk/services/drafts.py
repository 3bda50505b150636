"""Drafts: what was typed on a group's 13/TD sheet, or on a form (the loan application, a
loan's actions, the session's opening and closing counts), and not yet saved (issue 14).

A draft is kept in the book — not in the journal: it is nobody's decision yet — one per group
(`book_setting` key `draft:sheet:<group id>`), with the session it was typed in (None before
a session is open). It survives page switches, group changes, opening the session, closing the
window and a power cut; saving the group (`collections.record_group`, in the same
transaction) or discarding it removes it. A draft typed in another session is stale: it is not
offered again. Amounts are integers of đồng, keyed by (person id, loan id).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select

from sbpdesk.db.models import BookSetting
from sbpdesk.domain.errors import DomainError
from sbpdesk.services.context import Book

PREFIX = "draft:sheet:"
AMOUNTS = ("interest", "principal", "savings", "from_savings")


@dataclass(frozen=True)
class DraftLine:
    person_id: str
    loan_id: str | None
    interest: int = 0
    principal: int = 0
    savings: int = 0
    from_savings: int = 0
    bl_no: str = ""


@dataclass(frozen=True)
class SheetDraft:
    group_id: str
    session_id: str | None
    saved_at: str                      # UTC ISO, informational
    lines: tuple[DraftLine, ...]
    counted: int | None = None         # the cash counted, when typed
    reason: str = ""


def keep_sheet(book: Book, draft: SheetDraft) -> None:
    """Keep (or replace) the group's draft; a draft with nothing typed is removed."""
    lines = [line for line in draft.lines if any(getattr(line, k) for k in AMOUNTS)
             or line.bl_no]
    if not lines and draft.counted is None and not draft.reason:
        discard_sheet(book, draft.group_id)
        return
    for line in lines:
        for key in AMOUNTS:
            value = getattr(line, key)
            if type(value) is not int or value < 0:
                raise DomainError("bad_amount", "Số tiền trong bản nháp không hợp lệ.",
                                  "An amount in the draft is invalid.", field=key)
    value = {"session_id": draft.session_id, "saved_at": book.now().isoformat(),
             "counted": draft.counted, "reason": draft.reason,
             "lines": [[x.person_id, x.loan_id, x.interest, x.principal, x.savings,
                        x.from_savings, x.bl_no] for x in lines]}
    book.set_setting(PREFIX + draft.group_id, json.dumps(value, ensure_ascii=False))


def sheet_draft(book: Book, group_id: str, session_id: str | None) -> SheetDraft | None:
    """The group's draft typed in this session or before any session; None else."""
    row = book.db.get(BookSetting, PREFIX + group_id)
    if row is None:
        return None
    try:
        value = json.loads(row.value)
        lines = tuple(DraftLine(p, loan, int(i), int(pr), int(s), int(fs), str(bl or ""))
                      for p, loan, i, pr, s, fs, bl in value["lines"])
    except (ValueError, KeyError, TypeError):
        return None          # unreadable: nothing to offer
    if value.get("session_id") not in (None, session_id):
        return None          # typed in another session: stale
    counted = value.get("counted")
    return SheetDraft(group_id, value.get("session_id"), str(value.get("saved_at") or ""),
                      lines, counted if type(counted) is int else None,
                      str(value.get("reason") or ""))


def discard_sheet(book: Book, group_id: str) -> None:
    book.delete_setting(PREFIX + group_id)


def saved_time(draft: SheetDraft) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(draft.saved_at)
    except ValueError:
        return None


# --- forms (the loan application; issue 14) ---------------------------------------------------

FORM_PREFIX = "draft:form:"


def keep_form(book: Book, form: str, fields: dict[str, str | int | None]) -> None:
    """Keep (or replace) what is typed on a form, e.g. `application:BB01`: short texts and
    whole numbers by field name. Nothing typed: the draft is removed."""
    typed = {k: v for k, v in fields.items() if v not in (None, "")}
    if not typed:
        discard_form(book, form)
        return
    for key, value in typed.items():
        if type(value) not in (str, int) or (type(value) is str and len(value) > 500):
            raise DomainError("bad_draft", "Bản nháp không hợp lệ.", "The draft is invalid.",
                              field=key)
    book.set_setting(FORM_PREFIX + form, json.dumps(
        {"saved_at": book.now().isoformat(), "fields": typed}, ensure_ascii=False))


def form_draft(book: Book, form: str) -> dict[str, str | int] | None:
    row = book.db.get(BookSetting, FORM_PREFIX + form)
    if row is None:
        return None
    try:
        fields = json.loads(row.value)["fields"]
    except (ValueError, KeyError, TypeError):
        return None          # unreadable: nothing to offer
    return {k: v for k, v in fields.items() if type(v) in (str, int)} or None


def discard_form(book: Book, form: str) -> None:
    book.delete_setting(FORM_PREFIX + form)


def newest_form(book: Book, prefix: str) -> str | None:
    """The form, among those whose name starts with `prefix` (e.g. `loan:`), whose draft was
    kept last: the loan page opens it again after a restart."""
    rows = book.db.scalars(select(BookSetting).where(
        BookSetting.key.startswith(FORM_PREFIX + prefix, autoescape=True)))
    kept = []
    for row in rows:
        try:
            kept.append((str(json.loads(row.value)["saved_at"]), row.key))
        except (ValueError, KeyError, TypeError):
            continue         # unreadable: nothing to offer
    return max(kept)[1][len(FORM_PREFIX):] if kept else None

"""Which document a print selector names, and its data: `build(book, selector, **keys)` →
(print_log document, key, data). Reads only; `printing.record` renders and records."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sbpdesk.domain.errors import DomainError
from sbpdesk.services.context import Book

from . import dossier, lists, loanbook, proposals, receipts, session, statements
from . import relief as relief_docs
from .common import find_group, find_household, find_loan

SELECTORS = ("receipt", "application", "contract", "authorisation", "proposal", "approval",
             "statement", "session", "overdue", "notice", "loanbook", "relief")


def _day(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    from sbpdesk.domain.dates import parse_date
    return parse_date(value)


def build(book: Book, selector: str, **keys: Any) -> tuple[str, str, Any]:
    """(print_log document, key, data) of a selector — reads only."""
    k = keys
    if selector == "receipt":
        data = receipts.receipt(book, str(k["number"]))
        return "receipt", data.number, data
    if selector == "application":
        return "application", k["application"], dossier.application(book, k["application"])
    if selector == "contract":
        loan = find_loan(book, k["loan"])
        return "contract", loan.id, dossier.contract(book, loan.id)
    if selector == "authorisation":
        h = find_household(book, k["household"])
        return "authorisation", h.id, dossier.authorisation(book, h.id)
    if selector == "proposal":
        group, on = find_group(book, k["group"]), _day(k["date"])
        programme = k.get("programme")
        key = f"{group.id}:{on.isoformat()}" + (f":{programme}" if programme else "")
        return "proposal", key, proposals.proposal(book, group.id, on, programme)
    if selector == "approval":
        return "approval", k["application"], proposals.approval(book, k["application"])
    if selector in ("statement", "overdue"):
        return _table(book, selector, k)
    if selector == "session":
        return "session", k["session"], session.session_report(book, k["session"])
    if selector == "notice":
        on = _day(k["as_of"])
        return "notice", f"{k['point']}:{on.isoformat()}", lists.notice(book, k["point"], on)
    if selector == "relief":      # one point, or one group of it (decision 0156)
        on, group = _day(k["as_of"]), k.get("group")
        group_id = find_group(book, group).id if group else None
        key = f"{k['point']}:{on.isoformat()}" + (f":{group_id}" if group_id else "")
        return "relief", key, relief_docs.relief_list(book, k["point"], on, group_id)
    if selector == "loanbook":
        h = find_household(book, k["household"])
        return "loanbook", f"{h.id}:{book.today().isoformat()}", loanbook.loanbook(book, h.id)
    raise DomainError("print_unknown_document", f"Không có loại giấy tờ in: {selector}",
                      f"Unknown document: {selector}")


def _table(book: Book, selector: str, k: dict[str, Any]) -> tuple[str, str, Any]:
    """The statement (its key says before or after the session) and the due lists."""
    if selector == "statement":
        group, on = find_group(book, k["group"]), _day(k["date"])
        data = statements.statement(book, group.id, on, after=k.get("after"))
        when = "after" if data.after_session else "before"
        return "statement", f"{group.id}:{on.isoformat()}:{when}", data
    kind = k.get("kind") or "overdue"
    on = _day(k["as_of"])
    return kind, f"{k['point']}:{on.isoformat()}", lists.due_list(book, k["point"], on, kind)

"""Reversals: a mistake is never edited away. While its session is open a point reverses
its own operation (`op.reverse`, a reason and a second user); afterwards it asks the office
(`reversal.request`), which answers with its own `op.reverse`. The target stays in the
journal; every replay that sees the reversal leaves the target out. Reversing something
already reversed is recorded and changes nothing.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from sbpdesk.db.models import Application
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.operation import REVERSE, accounts
from sbpdesk.services import auth, journal, posting
from sbpdesk.services.auth import Approval
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.loans import apply_and_project
from sbpdesk.services.posting import Command, applier, decider, replace

NOT_REVERSIBLE = auth.NOT_REVERSIBLE


def reverse(book: Book, target_op_id: str, reason: str, *, business_date: dt.date,
            session_id: str | None = None, approved_by: Approval | None = None) -> Written:
    """Reverse an operation (op.reverse): a point its own, while their session is open; a
    second user approves."""
    return written(posting.post(book, REVERSE, {"target_op_id": target_op_id, "reason": reason},
                                business_date=business_date, session_id=session_id,
                                approved_by=approved_by))


def request(book: Book, target_op_id: str, reason: str, *, business_date: dt.date,
            session_id: str | None = None) -> Written:
    """Ask the office to correct an operation whose session is closed (reversal.request)."""
    return written(posting.post(book, "reversal.request",
                                {"target_op_id": target_op_id, "reason": reason},
                                business_date=business_date, session_id=session_id))


def _target(book: Book, op_id: str | None) -> Entry:
    entry = journal.get(book.db, op_id) if op_id else None
    if entry is None:
        raise DomainError("unknown_target", "Không tìm thấy nghiệp vụ cần hủy.",
                          "The operation to reverse was not found.", field="target_op_id")
    return entry


def _reason(p: dict) -> str:
    reason = (p.get("reason") or "").strip()
    if not reason:
        raise DomainError("reason_required", "Cần ghi lý do hủy.", "A reason is required.",
                          field="reason")
    return reason


@decider(REVERSE)
def _decide_reverse(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    target = _target(book, p.get("target_op_id"))
    reason = _reason(p)
    if target.kind in NOT_REVERSIBLE:
        raise DomainError("not_reversible", f"Không hủy được nghiệp vụ {target.kind}.",
                          f"{target.kind} cannot be reversed.", field="target_op_id")
    scope = auth.OFFICE if book.is_office else auth.POINT
    if not auth.may(book.user.roles, target.kind, scope, auth.REVERSE):
        # A reversal needs at least the rank of what it reverses (a teller cannot undo a
        # director's write-off): the access table's `reversers`.
        raise auth.refused(book.user.username, target.kind, scope, auth.REVERSE)
    if not book.is_office:
        if target.origin != book.origin:
            raise DomainError("not_own_operation",
                              "Điểm giao dịch chỉ hủy được nghiệp vụ do máy này ghi.",
                              "A point can only reverse its own operations.",
                              field="target_op_id")
        session = book.db.get(SessionRow, target.session_id) if target.session_id else None
        if session is None or session.status != "open":
            raise DomainError("session_closed_request_office",
                              "Phiên của nghiệp vụ này đã đóng: hãy gửi đề nghị điều chỉnh "
                              "về phòng giao dịch.",
                              "That operation's session is closed: send a correction "
                              "request to the office.", field="target_op_id")
        # The reversal belongs to the target's session (its cash nets out there).
        cmd = replace(cmd, session_id=session.id)
    return replace(cmd, payload={"target_op_id": target.op_id, "reason": reason})


@applier(REVERSE)
def _apply_reverse(book: Book, e: Entry) -> str:
    target = journal.get(book.db, e.payload["target_op_id"])
    if target is None:
        return "applied"
    if target.kind == "application.submit" and not is_reversed(book, target.op_id, e.op_id):
        app = book.db.get(Application, target.payload["application_id"])
        if app is not None and app.status == "submitted":
            app.status = "reversed"
    if accounts(target.operation()):
        return apply_and_project(book, e)
    return "applied"


@decider("reversal.request")
def _decide_request(book: Book, cmd: Command) -> Command:
    target = _target(book, cmd.payload.get("target_op_id"))
    return replace(cmd, payload={"target_op_id": target.op_id,
                                 "reason": _reason(cmd.payload)})


@applier("reversal.request")
def _apply_request(book: Book, e: Entry) -> None:
    return None  # the office answers it with op.reverse (review lists open requests)


def reversals_of(book: Book, op_id: str) -> list[Entry]:
    """The `op.reverse` operations whose target is `op_id` (a handful at most)."""
    target = journal.get(book.db, op_id)
    q = select(OperationRow).where(OperationRow.kind == REVERSE)
    if target is not None and target.session_id:
        q = q.where(OperationRow.session_id == target.session_id)
    rows = [journal.to_entry(r) for r in book.db.scalars(q)]
    return [r for r in rows if r.payload.get("target_op_id") == op_id]


def is_reversed(book: Book, op_id: str, excluding: str | None = None) -> bool:
    """True when an effective (not itself reversed) reversal targets `op_id`."""
    for rev in reversals_of(book, op_id):
        if rev.op_id != excluding and not is_reversed(book, rev.op_id):
            return True
    return False


def reversed_in_session(book: Book, session_id: str) -> set[str]:
    rows = book.db.scalars(select(OperationRow).where(OperationRow.kind == REVERSE,
                                                      OperationRow.session_id == session_id))
    targets = {from_json(r.payload)["target_op_id"] for r in rows}
    return {t for t in targets if is_reversed(book, t)}

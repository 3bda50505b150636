"""Posting: decide → append → apply in one transaction.

`post` checks the signed-in user's role, the book's role, the approver's credential and the
open session, then runs the kind's decider (kinds.DECIDERS), appends under the local origin,
applies (`apply_entry`: the kind's applier, then the receipt of a cash kind) and returns what
it posted. The kind table is `kinds.py`, the fold of account snapshots `fold.py`, receipts
`receipts.py` (decision 0055); their names used by other parts are re-exported here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import auth, fold, identities, journal, schema, scope
from sbpdesk.services.auth import Approval
from sbpdesk.services.context import Book

# Re-exported: the subject modules, sync and the demo know them from here.
from sbpdesk.services.fold import ACCOUNT_KINDS as ACCOUNT_KINDS
from sbpdesk.services.fold import DEFERRING as DEFERRING
from sbpdesk.services.fold import PROJECTORS as PROJECTORS
from sbpdesk.services.fold import SNAPSHOT_KEYS as SNAPSHOT_KEYS
from sbpdesk.services.fold import AccountKind as AccountKind
from sbpdesk.services.fold import Folded as Folded
from sbpdesk.services.fold import account_kind as account_kind
from sbpdesk.services.fold import accounts_of as accounts_of
from sbpdesk.services.fold import apply_accounts as apply_accounts
from sbpdesk.services.fold import batch as batch
from sbpdesk.services.fold import defers as defers
from sbpdesk.services.fold import delete_in as delete_in
from sbpdesk.services.fold import delete_rows as delete_rows
from sbpdesk.services.fold import expire as expire
from sbpdesk.services.fold import load_snapshots as load_snapshots
from sbpdesk.services.fold import rows_in as rows_in
from sbpdesk.services.fold import write_rows as write_rows
from sbpdesk.services.journal import Entry
from sbpdesk.services.kinds import ANY as ANY
from sbpdesk.services.kinds import (
    APPLIERS,
    DECIDERS,
    KINDS,
    REFERENCE_KINDS,
    VERSIONS,
    WAIVERS,
    Rule,
)
from sbpdesk.services.kinds import Command as Command
from sbpdesk.services.kinds import applier as applier
from sbpdesk.services.kinds import decider as decider
from sbpdesk.services.kinds import replace as replace
from sbpdesk.services.receipts import cash_amount as cash_amount
from sbpdesk.services.receipts import receipt_no_of as receipt_no_of
from sbpdesk.services.receipts import write_receipt as write_receipt


@dataclass(frozen=True)
class Posted:
    op_id: str
    seq: int
    outcome: str
    receipt_no: str | None = None
    accounts: tuple[tuple[str, str], ...] = ()   # (account kind, id) the operation changed


def load_subjects() -> None:
    """The subject modules register their kinds when imported; `services.books`, which opens
    and creates every book, imports them all. Refuse clearly when that did not happen."""
    if not DECIDERS:
        raise RuntimeError("no operation kinds registered: open books with services.books")


def post(book: Book, kind: str, payload: dict[str, Any], *, business_date: dt.date,
         session_id: str | None = None, approved_by: Approval | None = None) -> Posted:
    """Decide, append and apply one operation in one transaction. A kind that needs a second
    person takes their credential (`Approval`), verified here; the journal keeps the name."""
    check_writable(book)
    load_subjects()
    schema.check_payload(kind, payload)   # types, ranges, text: before anything is decided
    with book.transaction():
        rule = _check_allowed(book, kind)
        waived = approved_by is None and kind in WAIVERS and WAIVERS[kind](
            book, payload, business_date)
        approver = None if waived else _check_approver(book, rule, approved_by)
        session = _session_for(book, kind, rule, payload, business_date, session_id)
        cmd = Command(kind, dict(payload), business_date,
                      session.id if session is not None else session_id, approver,
                      _rules_version(book, business_date))
        cmd = DECIDERS[kind](book, cmd)
        identities.check_new(book, kind, cmd.payload)   # what it creates must not exist yet
        if not book.is_office:   # a laptop records only for the points it is enrolled for
            scope.check_own_points(book, kind, cmd.payload)
        entry = journal.append(book.db, book.origin, kind, cmd.payload, cmd.business_date,
                               actor=book.user.username, kind_version=VERSIONS[kind],
                               session_id=cmd.session_id, approved_by=cmd.approved_by,
                               rules_version=cmd.rules_version,
                               recorded_at=journal.utc_stamp(book.now()), feed=book.is_office)
        outcome = apply_entry(book, entry)
        receipt_no = receipt_no_of(book, entry)
        changed = tuple(accounts_of(book, entry))
    return Posted(entry.op_id, entry.seq, outcome, receipt_no, changed)


def check_writable(book: Book) -> None:
    """A restored backup or copy is read-only (salvage mode, sync/exchange.py)."""
    if book.setting("sync.salvage") == "1":
        raise DomainError("salvage_mode", "Sổ này là bản sao cũ (chế độ cứu dữ liệu): chỉ xem "
                          "và xuất nghiệp vụ chưa gửi; hãy đăng ký lại máy.", "This book is an "
                          "old copy (salvage mode): read-only, it can export its unsent "
                          "operations; enrol the laptop again.")


def apply_entry(book: Book, entry: Entry, *, record: bool = True) -> str:
    """Apply a stored operation (posted here or received) and record its outcome. A kind or
    version this program cannot apply is `held` (reason "kind_version") until an upgrade
    replays it. `record=False`: the caller records outcomes in bulk (journal.set_outcomes)."""
    load_subjects()
    fn = APPLIERS.get(entry.kind)
    if fn is None or entry.kind_version > VERSIONS.get(entry.kind, 0):
        if record:
            journal.set_outcome(book.db, entry.op_id, "held", "kind_version")
        fold.flag_accounts(book, entry)
        return "held"
    outcome = fn(book, entry) or "applied"
    if record and (outcome != entry.outcome or entry.reason):
        journal.set_outcome(book.db, entry.op_id, outcome)
    write_receipt(book, entry)  # cash recorded here or received: every book numbers it alike
    if entry.kind in REFERENCE_KINDS:
        book.invalidate_refs()
        # A back-dated rule set or rate changes how every loan replays (decision 0042).
        fold.history_changed(book, None)
    return outcome


def _check_allowed(book: Book, kind: str) -> Rule:
    rule = KINDS.get(kind)
    if rule is None or kind not in DECIDERS:
        raise DomainError("unknown_kind", f"Nghiệp vụ không được hỗ trợ: {kind}",
                          f"Unsupported operation kind: {kind}")
    if book.user is None:
        raise DomainError("not_signed_in", "Chưa đăng nhập.", "Nobody is signed in.")
    if not book.origin:
        raise DomainError("not_enrolled", "Máy chưa được đăng ký với phòng giao dịch.",
                          "This laptop is not enrolled with an office yet.")
    # The Vietnamese text names people and roles as people read them, never a code (issue 14).
    if rule.author == "office" and not book.is_office:
        raise DomainError("office_only", "Chỉ phòng giao dịch mới được thực hiện nghiệp vụ này.",
                          f"Only the transaction office may record {kind}.")
    if rule.author == "point" and book.is_office:
        raise DomainError("point_only", "Nghiệp vụ này chỉ thực hiện tại điểm giao dịch.",
                          f"{kind} is recorded only at a commune point.")
    scope = auth.OFFICE if book.is_office else auth.POINT
    if not auth.may(book.user.roles, kind, scope):
        raise auth.refused(book.user.username, kind, scope)
    return rule


def _check_approver(book: Book, rule: Rule, approved_by: Approval | None) -> str | None:
    """The approver's name to record, once their credential is verified: a bare name, a
    wrong password, the recorder or a user without the role is refused (auth.check_approval).
    Imported operations are not posted: they keep the name checked where they were made."""
    if rule.approver is None:
        return None
    return auth.check_approval(book.db, approved_by, role=rule.approver,
                               recorder=book.user.username, now=book.now())


def needs_session(book: Book, kind: str, rule: Rule) -> bool:
    if book.is_office or kind == "session.open":
        return False
    # A point reverses its own postings only while their session is open.
    return (rule.author == "point" or kind == domain_op.REVERSE
            or domain_op.CASH.get(kind) in ("in", "out", "±"))


def _session_for(book: Book, kind: str, rule: Rule, payload: dict, business_date: dt.date,
                 session_id: str | None) -> SessionRow | None:
    if not needs_session(book, kind, rule) and session_id is None:
        return None
    session_id = session_id or payload.get("session_id")
    if session_id is None:
        open_ = book.db.scalars(select(SessionRow).where(
            SessionRow.status == "open", SessionRow.origin == book.origin)).all()
        if len(open_) != 1:
            raise DomainError("no_open_session", "Chưa mở phiên giao dịch.",
                              "No session is open.")
        session = open_[0]
    else:
        session = book.db.get(SessionRow, session_id)
        if session is None:
            raise DomainError("no_open_session", "Không tìm thấy phiên giao dịch.",
                              "Session not found.")
    if session.origin != book.origin:
        raise DomainError("not_own_session", "Phiên giao dịch này không thuộc máy này.",
                          "This session belongs to another laptop.")
    if session.status != "open":
        raise DomainError("session_closed", "Phiên giao dịch đã đóng; không ghi thêm được.",
                          "The session is closed; nothing more can be recorded in it.")
    if session.business_date != business_date:
        raise DomainError("wrong_business_date",
                          "Ngày nghiệp vụ phải là ngày của phiên "
                          f"({session.business_date:%d/%m/%Y}).",
                          f"The business date must be the session's ({session.business_date}).",
                          field="business_date")
    return session


def _rules_version(book: Book, on: dt.date) -> str | None:
    """The rule set in force on a date: what a new operation is decided under."""
    return book.refs.rules_at(on).version

"""Posting: decide → append → apply in one transaction, through two small registries.

`KINDS` is the policy of docs/operations.md (who may author a kind, which roles may post it,
who approves). Each subject module registers, per kind, a decider (`DECIDERS[kind](book,
cmd) -> cmd`: validate, fill in ids, return the command to append) and an applier
(`APPLIERS[kind](book, entry) -> "applied" | "suspense" | None`: update projections). `post`
checks the signed-in user's role, the book's role and the open session, then runs the decider,
appends under the local origin, applies and writes the receipt of a cash kind. Account
snapshots are handled by `apply_accounts`, shared by the loan and savings kinds: it folds
the domain's `apply` into the snapshot, or replays the account when an operation arrives
dated before the account's latest one.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from sbpdesk.db.models import AccountSnapshot, AppUser, Receipt
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.canonical import from_json, state_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import journal
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry

ANY = "*"  # approver: any other active user (a second pair of eyes)


@dataclass(frozen=True)
class Rule:
    author: str                 # point | office | either
    roles: tuple[str, ...]      # any of these may post it
    approver: str | None = None  # role whose holder approves (approved_by), or ANY


_T, _A, _D, _ADMIN = ("teller",), ("accountant",), ("director",), ("admin",)
KINDS: dict[str, Rule] = {
    "session.open": Rule("point", _T),
    "session.close": Rule("point", _T, "controller"),
    "session.cash_difference": Rule("point", _T, "controller"),
    "household.register": Rule("either", _T + _A),
    "person.register": Rule("either", _T + _A),
    "contact.update": Rule("either", _T + _A),
    "household.confirm": Rule("office", _A),
    "household.alias": Rule("office", _A),
    "group.form": Rule("office", _A),
    "group.update": Rule("office", _A),
    "application.submit": Rule("either", _T + _A),
    "application.decide": Rule("office", _D),
    "loan.change_request": Rule("point", _T),
    "loan.disburse": Rule("either", _T, "controller"),
    "collection.record": Rule("either", _T),
    "group.handover": Rule("point", _T),
    "savings.withdraw": Rule("either", _T, "controller"),
    "payable.issue": Rule("office", _A),
    "fee.pay": Rule("either", _T),
    "savings.credit_interest": Rule("office", _A),
    "loan.extend": Rule("office", _D),
    "loan.adjust": Rule("office", _D),
    "loan.freeze": Rule("office", _D),
    "loan.unfreeze": Rule("office", _D),
    "loan.write_off": Rule("office", _D),
    "loan.transfer_overdue": Rule("office", _A),
    "suspense.resolve": Rule("office", _A),
    "op.reverse": Rule("either", _T + _A + _D, ANY),
    "reversal.request": Rule("point", _T),
    **{kind: Rule("office", _ADMIN) for kind in (
        "rules.publish", "programme.define", "programme.rate", "calendar.publish",
        "office.define", "point.define", "organisation.define", "user.set", "device.enrol",
        "device.revoke", "lease.grant", "state.pack")},
}
VERSIONS: dict[str, int] = {kind: 1 for kind in KINDS}  # highest payload version we apply
REFERENCE_KINDS = {"rules.publish", "programme.define", "programme.rate", "calendar.publish",
                   "office.define", "point.define", "organisation.define"}


@dataclass(frozen=True)
class Command:
    """What a decider receives and returns: the payload and envelope fields to append."""
    kind: str
    payload: dict[str, Any]
    business_date: dt.date
    session_id: str | None = None
    approved_by: str | None = None
    rules_version: str | None = None


@dataclass(frozen=True)
class Posted:
    op_id: str
    seq: int
    outcome: str
    receipt_no: str | None = None


Decider = Callable[[Book, Command], Command]
Applier = Callable[[Book, Entry], "str | None"]
DECIDERS: dict[str, Decider] = {}
APPLIERS: dict[str, Applier] = {}

# Subject modules register their kinds when imported; post() imports them all once.
SUBJECT_MODULES = ("reference", "users", "customers", "groups", "sessions", "applications",
                   "loans", "collections", "savings", "payables", "reversals", "devices")


def decider(kind: str) -> Callable[[Decider], Decider]:
    def register(fn: Decider) -> Decider:
        DECIDERS[kind] = fn
        return fn
    return register


def applier(kind: str) -> Callable[[Applier], Applier]:
    def register(fn: Applier) -> Applier:
        APPLIERS[kind] = fn
        return fn
    return register


_loaded = False


def load_subjects() -> None:
    global _loaded
    if _loaded:
        return
    for name in SUBJECT_MODULES:
        try:
            importlib.import_module(f"sbpdesk.services.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"sbpdesk.services.{name}":
                raise  # a real missing dependency, not a subject not written yet
    _loaded = True


# --- posting --------------------------------------------------------------------------------

def post(book: Book, kind: str, payload: dict[str, Any], *, business_date: dt.date,
         session_id: str | None = None, approved_by: str | None = None) -> Posted:
    """Decide, append and apply one operation in one transaction."""
    if book.setting("sync.salvage") == "1":   # a restored backup or copy (sync/exchange.py)
        raise DomainError("salvage_mode", "Sổ này là bản sao cũ (chế độ cứu dữ liệu): chỉ xem "
                          "và xuất nghiệp vụ chưa gửi; hãy đăng ký lại máy.", "This book is an "
                          "old copy (salvage mode): read-only, it can export its unsent "
                          "operations; enrol the laptop again.")
    load_subjects()
    with book.transaction():
        rule = _check_allowed(book, kind)
        _check_approver(book, rule, approved_by)
        session = _session_for(book, kind, rule, payload, business_date, session_id)
        cmd = Command(kind, dict(payload), business_date,
                      session.id if session is not None else session_id, approved_by,
                      _rules_version(book, business_date))
        cmd = DECIDERS[kind](book, cmd)
        entry = journal.append(book.db, book.origin, kind, cmd.payload, cmd.business_date,
                               actor=book.user.username, kind_version=VERSIONS[kind],
                               session_id=cmd.session_id, approved_by=cmd.approved_by,
                               rules_version=cmd.rules_version,
                               recorded_at=journal.utc_stamp(book.now()), feed=book.is_office)
        outcome = apply_entry(book, entry)
        receipt_no = receipt_no_of(book, entry)
    return Posted(entry.op_id, entry.seq, outcome, receipt_no)


def apply_entry(book: Book, entry: Entry, *, record: bool = True) -> str:
    """Apply a stored operation (posted here or received) and record its outcome. A kind or
    version this program cannot apply is `held` (reason "kind_version") until an upgrade
    replays it. `record=False`: the caller records outcomes in bulk (journal.set_outcomes)."""
    load_subjects()
    fn = APPLIERS.get(entry.kind)
    if fn is None or entry.kind_version > VERSIONS.get(entry.kind, 0):
        if record:
            journal.set_outcome(book.db, entry.op_id, "held", "kind_version")
        _flag_accounts(book, entry)
        return "held"
    outcome = fn(book, entry) or "applied"
    if record and (outcome != entry.outcome or entry.reason):
        journal.set_outcome(book.db, entry.op_id, outcome)
    write_receipt(book, entry)  # cash recorded here or received: every book numbers it alike
    if entry.kind in REFERENCE_KINDS:
        book.invalidate_refs()
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
    if rule.author == "office" and not book.is_office:
        raise DomainError("office_only",
                          f"Chỉ phòng giao dịch mới được thực hiện nghiệp vụ {kind}.",
                          f"Only the transaction office may record {kind}.")
    if rule.author == "point" and book.is_office:
        raise DomainError("point_only", f"Nghiệp vụ {kind} chỉ thực hiện tại điểm giao dịch.",
                          f"{kind} is recorded only at a commune point.")
    if not book.user.has(*rule.roles):
        raise DomainError("role_refused",
                          f"Người dùng {book.user.username} không có quyền thực hiện {kind}"
                          f" (cần vai trò: {', '.join(rule.roles)}).",
                          f"User {book.user.username} may not record {kind}"
                          f" (needs one of: {', '.join(rule.roles)}).")
    return rule


def _check_approver(book: Book, rule: Rule, approved_by: str | None) -> None:
    if rule.approver is None:
        return
    who = book.db.get(AppUser, approved_by) if approved_by else None
    roles = set(who.roles.split(",")) if who is not None else set()
    if (who is None or not who.active or approved_by == book.user.username
            or (rule.approver != ANY and rule.approver not in roles)):
        need = "một người dùng khác" if rule.approver == ANY else f"vai trò {rule.approver}"
        need_en = "another user" if rule.approver == ANY else f"the {rule.approver} role"
        raise DomainError("approval_required",
                          f"Cần người duyệt ({need}, không phải người lập).",
                          f"Needs approval by {need_en}, other than the person recording it.",
                          field="approved_by")


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
    from sbpdesk.services import reference
    return reference.rules_version_on(book, on)


# --- cash and receipts ----------------------------------------------------------------------

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


def _flush_receipts(book: Book, rows: list[dict]) -> None:
    numbers = [r["receipt_no"] for r in rows]
    known = set()
    for k in range(0, len(numbers), 500):
        known |= set(book.db.scalars(select(Receipt.receipt_no).where(
            Receipt.receipt_no.in_(numbers[k:k + 500]))))
    fresh = {r["receipt_no"]: r for r in rows if r["receipt_no"] not in known}
    if fresh:
        book.db.execute(insert(Receipt), list(fresh.values()))


# --- account snapshots ------------------------------------------------------------------------

@dataclass(frozen=True)
class AccountKind:
    """How to fold one kind of account: domain functions plus the state's (de)serialisers."""
    apply: Callable[[Any, domain_op.Operation, Any], Any]
    replay: Callable[[list[domain_op.Operation], Any], Any]
    from_dict: Callable[[dict], Any]
    to_dict: Callable[[Any], dict]


# account_kind -> (domain module, state class); imported lazily so the services load (and
# their tests run) before every part of the domain engine exists.
ACCOUNT_MODULES: dict[str, tuple[str, str]] = {
    "loan": ("sbpdesk.domain.loan", "LoanState"),
    "savings": ("sbpdesk.domain.savings", "SavingsState"),
}
ACCOUNT_KINDS: dict[str, AccountKind] = {}
SNAPSHOT_COLUMNS = ("point_code", "group_id", "household_id", "programme_code",
                    "organisation_code", "funding_source", "status", "outstanding",
                    "principal_overdue", "principal_frozen", "suspense")


def account_kind(name: str) -> AccountKind | None:
    load_subjects()  # the subject modules register their serialisers (snapshot columns)
    if name not in ACCOUNT_KINDS and name in ACCOUNT_MODULES:
        module_name, class_name = ACCOUNT_MODULES[name]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            return None
        state_cls = getattr(module, class_name)
        ACCOUNT_KINDS[name] = AccountKind(module.apply, module.replay, state_cls.from_dict,
                                          lambda state: state.to_dict())
    return ACCOUNT_KINDS.get(name)


def apply_accounts(book: Book, entry: Entry) -> str:
    """Fold `entry` into the snapshot of every account it touches (locked in id order).
    Returns "suspense" when some of its cash landed in an account's suspense bucket.
    Inside `batch(book)` the fold waits and each account is folded once at the end."""
    outcome = "applied"
    pairs = sorted(accounts_of(book, entry))
    deferred = getattr(book, "_batch", None)
    for kind_name, account_id in pairs:
        kind = account_kind(kind_name)
        if kind is None:
            continue  # projected by its own applier (applications, payables)
        if deferred is not None:
            deferred.setdefault((kind_name, account_id), []).append(entry)
            continue
        snap = book.db.scalars(select(AccountSnapshot).where(
            AccountSnapshot.account_kind == kind_name, AccountSnapshot.account_id == account_id)
            .with_for_update()).one_or_none()
        before = snap.suspense if snap is not None else 0
        if snap is None or (entry.kind != domain_op.REVERSE and not _is_behind(book, snap, entry)):
            state = kind.from_dict(from_json(snap.state)) if snap is not None else None
            state = kind.apply(state, entry.operation(), book.refs)
            last = entry
        else:
            state, last = replay_account(book, kind_name, account_id, including=entry)
            # A late decision can move earlier cash to suspense: say so on those rows.
            _mark_suspense(book, state, None, skip=entry.op_id)
        if _store(book, kind, kind_name, account_id, state, last, snap) > before:
            outcome = "suspense"
    return outcome


def _store(book: Book, kind: AccountKind, kind_name: str, account_id: str, state: Any,
           last: Entry | None, snap: AccountSnapshot | None, *, flush: bool = True) -> int:
    """Write the snapshot (or drop it when every operation was reversed); its suspense."""
    if state is None:
        if snap is not None:
            book.db.delete(snap)
            if flush:
                book.db.flush()
        return 0
    return store_snapshot(book, kind_name, account_id, kind.to_dict(state), last, snap,
                          flush=flush).suspense


# Projections refreshed from a snapshot after a batch: account kind -> fn(book, account_id).
PROJECTORS: dict[str, Callable[[Book, str], None]] = {}
# Appliers that, inside a batch, only note the accounts to fold (no other writes).
DEFERRING: set[Callable] = set()


def defers(book: Book, kind: str) -> bool:
    return getattr(book, "_batch", None) is not None and APPLIERS.get(kind) in DEFERRING


@contextmanager
def batch(book: Book) -> Iterator[None]:
    """Apply many stored operations (an import, an enrolment pack) with each account folded
    and projected once at the end instead of once per operation. Same result: each account
    is folded from its snapshot in canonical order, or replayed when an operation sorts
    before what the snapshot has already seen."""
    if getattr(book, "_batch", None) is not None:
        yield
        return
    book._batch = {}
    try:
        yield
        pending, book._batch = book._batch, None
        _flush_batch(book, pending)
    finally:
        book._batch = None


def _flush_batch(book: Book, pending: dict[tuple[str, str], list[Entry]]) -> None:
    _flush_receipts(book, pending.pop(RECEIPTS, []))
    snaps = _prefetch_snapshots(book, list(pending))
    states: dict[str, dict[str, Any]] = {}
    fresh: dict[str, dict[str, set[str]]] = {}   # folded forward: the operations just added
    for (kind_name, account_id), entries in sorted(pending.items()):
        kind = account_kind(kind_name)
        snap = snaps.get((kind_name, account_id))
        entries = sorted(entries, key=lambda e: domain_op.order_key(e.operation()))
        reverses = any(e.kind == domain_op.REVERSE for e in entries)
        if not reverses and (snap is None or not _is_behind(book, snap, entries[0])):
            state = kind.from_dict(from_json(snap.state)) if snap is not None else None
            for e in entries:
                state = kind.apply(state, e.operation(), book.refs)
            last = entries[-1]
            fresh.setdefault(kind_name, {})[account_id] = {e.op_id for e in entries}
        else:
            state, last = replay_account(book, kind_name, account_id)
            _mark_suspense(book, state, None)
        _store(book, kind, kind_name, account_id, state, last, snap, flush=False)
        states.setdefault(kind_name, {})[account_id] = state
        _mark_suspense(book, state, {e.op_id for e in entries})
    book.db.flush()
    for kind_name, by_id in states.items():
        if kind_name in BULK_PROJECTORS:
            BULK_PROJECTORS[kind_name](book, by_id, fresh.get(kind_name, {}))
        elif kind_name in PROJECTORS:
            for account_id in by_id:
                PROJECTORS[kind_name](book, account_id)


# Projections of many accounts at once, after a batch:
# kind -> fn(book, {id: state|None}, {id: op_ids folded forward (absent: replayed)}).
BULK_PROJECTORS: dict[str, Callable[[Book, dict[str, Any], dict[str, set[str]]], None]] = {}


def _prefetch_snapshots(book: Book, pairs: list[tuple[str, str]]
                        ) -> dict[tuple[str, str], AccountSnapshot]:
    """The batch's snapshots in a few IN queries (not one round trip per account)."""
    out: dict[tuple[str, str], AccountSnapshot] = {}
    by_kind: dict[str, list[str]] = {}
    for kind_name, account_id in pairs:
        by_kind.setdefault(kind_name, []).append(account_id)
    for kind_name, ids in by_kind.items():
        for k in range(0, len(ids), 500):
            for snap in book.db.scalars(select(AccountSnapshot).where(
                    AccountSnapshot.account_kind == kind_name,
                    AccountSnapshot.account_id.in_(ids[k:k + 500]))):
                out[(kind_name, snap.account_id)] = snap
    return out


def _mark_suspense(book: Book, state: Any, op_ids: set[str] | None, skip: str = "") -> None:
    """Operations (of `op_ids`, or any after a replay) whose cash the account put in
    suspense; `skip` is the operation being applied, whose outcome its caller records."""
    for item in getattr(state, "suspense_entries", ()):
        if item.amount and item.op_id != skip and (op_ids is None or item.op_id in op_ids):
            journal.set_outcome(book.db, item.op_id, "suspense")


def replay_account(book: Book, kind_name: str, account_id: str, *,
                   including: Entry | None = None) -> tuple[Any, Entry | None]:
    """The account's state rebuilt from its operations (plus `including`, being applied and
    not yet marked applied), and the last one folded."""
    kind = account_kind(kind_name)
    entries = journal.account_entries(book.db, kind_name, account_id)
    if including is not None and all(e.op_id != including.op_id for e in entries):
        entries.append(including)
    ops = [e.operation() for e in entries]
    effective = domain_op.effective(ops)
    last = None
    if effective:
        last_id = effective[-1].op_id
        last = next(e for e in entries if e.op_id == last_id)
    return kind.replay(ops, book.refs), last


def store_snapshot(book: Book, kind_name: str, account_id: str, state: dict, last: Entry | None,
                   snap: AccountSnapshot | None = None, *, flush: bool = True) -> AccountSnapshot:
    if snap is None:
        snap = AccountSnapshot(account_kind=kind_name, account_id=account_id)
        book.db.add(snap)
    snap.state = state_json(state)
    snap.last_op_id = last.op_id if last else None
    snap.last_date = last.business_date if last else None
    for column in SNAPSHOT_COLUMNS:
        value = state.get(column)
        default = 0 if column in ("outstanding", "principal_overdue", "principal_frozen",
                                  "suspense") else None
        setattr(snap, column, value if value is not None else default)
    snap.needs_update = False
    if flush:
        book.db.flush()
    return snap


def accounts_of(book: Book, entry: Entry) -> list[tuple[str, str]]:
    """The accounts an entry touches (a reversal: those of its target)."""
    target = None
    if entry.kind == domain_op.REVERSE:
        target_entry = journal.get(book.db, entry.payload.get("target_op_id"))
        target = target_entry.operation() if target_entry else None
    return domain_op.accounts(entry.operation(), target)


def _is_behind(book: Book, snap: AccountSnapshot, entry: Entry) -> bool:
    """True when `entry` sorts before the account's latest folded operation."""
    if not snap.last_op_id or (snap.last_date is not None
                                and entry.business_date > snap.last_date):
        return False   # a later day sorts after everything the snapshot has seen
    last = journal.get(book.db, snap.last_op_id)
    return last is not None and domain_op.order_key(entry.operation()) < domain_op.order_key(
        last.operation())


def _flag_accounts(book: Book, entry: Entry) -> None:
    try:
        pairs = accounts_of(book, entry)
    except (KeyError, TypeError):
        return
    for kind_name, account_id in pairs:
        snap = book.db.get(AccountSnapshot, (kind_name, account_id))
        if snap is not None:
            snap.needs_update = True  # "cập nhật phần mềm": a newer op waits for an upgrade


def replace(cmd: Command, **changes: Any) -> Command:
    return dataclasses.replace(cmd, **changes)



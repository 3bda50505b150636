"""Posting: decide → append → apply in one transaction, through two small registries.

`KINDS` is the policy of docs/operations.md (who may author a kind, which roles may post it,
who approves). Each subject module registers, per kind, a decider (`DECIDERS[kind](book,
cmd) -> cmd`: validate, fill in ids, return the command to append) and an applier
(`APPLIERS[kind](book, entry) -> "applied" | "suspense" | None`: update projections). `post`
checks the signed-in user's role, the book's role and the open session, then runs the decider,
appends under the local origin, applies and writes the receipt of a cash kind. Account
snapshots are handled by `apply_accounts`, shared by the loan and savings kinds: it folds
the domain's `apply` into the snapshot, or replays the account when an operation arrives
dated before the account's latest one, then refreshes the account's projections
(`PROJECTORS`). `batch` does the same once per account for many stored operations. Both
write snapshots and projection rows with Core statements, changed columns only (0041).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.orm.util import identity_key

from sbpdesk.db import bulk
from sbpdesk.db.models import AccountSnapshot, AppUser, LoanMonthEnd, Receipt
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.canonical import from_json, state_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import journal, schema
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
    "loan.open": Rule("office", _A),        # opening balances from the core (opening.py)
    "savings.open": Rule("office", _A),
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
                   "loans", "collections", "savings", "payables", "reversals", "devices",
                   "opening")


def decider(kind: str) -> Callable[[Decider], Decider]:
    def register(fn: Decider) -> Decider:
        DECIDERS[kind] = fn
        return fn
    return register


def applier(kind: str) -> Callable[[Applier], Applier]:
    """Register the applier of `kind`. An applier must not select journal rows by their
    outcome: during an office import the rows being applied already read `applied`, and a
    row that then fails is set `held` only after the loop (decision 0046)."""
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
    schema.check_payload(kind, payload)   # types, ranges, text: before anything is decided
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
        # A back-dated rule set or rate changes how past month ends replay (decision 0042).
        book.db.execute(LoanMonthEnd.__table__.delete())
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
            Receipt.receipt_no.in_(bulk.ids())), {"ids": numbers[k:k + 500]}))
    fresh = {r["receipt_no"]: r for r in rows if r["receipt_no"] not in known}
    bulk.insert_rows(book.db, Receipt.__table__, list(fresh.values()))


# --- account snapshots ------------------------------------------------------------------------

@dataclass(frozen=True)
class AccountKind:
    """How to fold one kind of account: domain functions plus the state's (de)serialisers.
    `step` (optional): apply that also returns what the operation made for the projections
    (a savings account's movements). `columns` (optional): snapshot columns the state does
    not hold, for many accounts at once ({id: {column: value}})."""
    apply: Callable[[Any, domain_op.Operation, Any], Any]
    replay: Callable[[list[domain_op.Operation], Any], Any]
    from_dict: Callable[[dict], Any]
    to_dict: Callable[[Any], dict]
    step: Callable[[Any, domain_op.Operation, Any], tuple[Any, list]] | None = None
    columns: Callable[[Book, dict[str, Any]], dict[str, dict[str, Any]]] | None = None

    def fold(self, state: Any, ops: list[domain_op.Operation], refs: Any) -> tuple[Any, list]:
        """Apply `ops` in the order given; the state and everything they made."""
        made: list = []
        for op in ops:
            if self.step is None:
                state = self.apply(state, op, refs)
            else:
                state, moved = self.step(state, op, refs)
                made += moved
        return state, made


@dataclass(frozen=True)
class Folded:
    """One account after a fold, as its snapshot and projections need it."""
    state: Any              # None: every operation of the account was reversed
    last: Entry | None      # the last operation folded (the snapshot's last_op_id)
    made: list              # what the folded operations made (savings movements), in order
    replayed: bool          # rebuilt from the journal: its projections are rewritten whole
    before: Any = None      # folded forward: the snapshot's state (what the rows now show)


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
MONEY_COLUMNS = {"outstanding", "principal_overdue", "principal_frozen", "suspense"}
SNAPSHOT = AccountSnapshot.__table__
SNAPSHOT_KEYS = ("account_kind", "account_id")
CHUNK = 500   # ids per IN (…): well under SQLite's bound-parameter limit

# Projections refreshed after a fold: account kind -> fn(book, {account_id: Folded}).
PROJECTORS: dict[str, Callable[[Book, dict[str, Folded]], None]] = {}
# Appliers that, inside a batch, only note the accounts to fold (no other writes).
DEFERRING: set[Callable] = set()


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
                                          lambda state: state.to_dict(),
                                          getattr(module, "step", None))
    return ACCOUNT_KINDS.get(name)


def apply_accounts(book: Book, entry: Entry) -> str:
    """Fold `entry` into the snapshot of every account it touches (locked in id order) and
    refresh their projections. Returns "suspense" when some of its cash landed in an
    account's suspense bucket. Inside `batch(book)` the fold waits and each account is
    folded once at the end."""
    deferred = getattr(book, "_batch", None)
    folded: dict[tuple[str, str], Folded] = {}
    snaps: dict[tuple[str, str], dict] = {}
    for pair in sorted(accounts_of(book, entry)):
        if account_kind(pair[0]) is None:
            continue  # projected by its own applier (applications, payables)
        if deferred is not None:
            deferred.setdefault(pair, []).append(entry)
            continue
        snaps.update(load_snapshots(book, [pair], lock=True))
        snap = snaps.get(pair)
        last = _last_keys(book, {pair: snap}, {pair: [entry]}).get(pair) if snap else None
        if snap is None or (entry.kind != domain_op.REVERSE and not _is_behind(entry, last)):
            folded[pair] = _fold_forward(book, pair, snap, [entry])
        else:
            folded[pair] = _replay(book, pair, including=entry)
            # A late decision can move earlier cash to suspense: say so on those rows.
            _mark_suspense(book, folded[pair].state, None, skip=entry.op_id)
    if not folded:
        return "applied"
    rows = _write_snapshots(book, folded, snaps)
    _project(book, folded)
    held = {pair: snap["suspense"] for pair, snap in snaps.items()}
    grew = any(rows.get(pair, {}).get("suspense", 0) > held.get(pair, 0) for pair in folded)
    return "suspense" if grew else "applied"


def defers(book: Book, kind: str) -> bool:
    return getattr(book, "_batch", None) is not None and APPLIERS.get(kind) in DEFERRING


@contextmanager
def batch(book: Book) -> Iterator[set[str]]:
    """Apply many stored operations (an import, an enrolment pack) with each account folded
    and projected once at the end instead of once per operation. Same result: each account
    is folded from its snapshot in canonical order, or replayed when an operation sorts
    before what the snapshot has already seen. Yields a set that holds, once the block
    ends, the operations the folds put in suspense (a nested batch: the outer one's)."""
    if getattr(book, "_batch", None) is not None:
        yield book._batch_suspense
        return
    book._batch, book._batch_suspense = {}, set()
    try:
        yield book._batch_suspense
        pending, book._batch = book._batch, None
        _flush_batch(book, pending)
    finally:
        book._batch = None


def _flush_batch(book: Book, pending: dict[tuple[str, str], list[Entry]]) -> None:
    _flush_receipts(book, pending.pop(RECEIPTS, []))
    book.db.flush()   # the reads below bypass the ORM: let them see its pending changes
    # Locked like a single post's (PostgreSQL: a post at another desk waits, nothing is lost).
    snaps = load_snapshots(book, sorted(pending), lock=True)
    lasts = _last_keys(book, snaps, pending)
    folded: dict[tuple[str, str], Folded] = {}
    marked = book._batch_suspense
    for pair, entries in sorted(pending.items()):
        if len(entries) > 1:
            entries = sorted(entries, key=lambda e: domain_op.order_key(e.operation()))
        snap = snaps.get(pair)
        reverses = any(e.kind == domain_op.REVERSE for e in entries)
        if not reverses and (snap is None or not _is_behind(entries[0], lasts.get(pair))):
            folded[pair] = _fold_forward(book, pair, snap, entries)
        else:
            folded[pair] = _replay(book, pair)
            marked |= _mark_suspense(book, folded[pair].state, None)
        marked |= _mark_suspense(book, folded[pair].state, {e.op_id for e in entries})
    _write_snapshots(book, folded, snaps)
    _project(book, folded)


def _fold_forward(book: Book, pair: tuple[str, str], snap: dict | None,
                  entries: list[Entry]) -> Folded:
    """Fold `entries` (in canonical order, all after what the snapshot has seen) into it."""
    kind = account_kind(pair[0])
    before = kind.from_dict(from_json(snap["state"])) if snap is not None else None
    state, made = kind.fold(before, [e.operation() for e in entries], book.refs)
    return Folded(state, entries[-1], made, replayed=False, before=before)


def _replay(book: Book, pair: tuple[str, str], *, including: Entry | None = None) -> Folded:
    """The account rebuilt from its operations in the journal (plus `including`, being
    applied and not yet marked applied)."""
    kind = account_kind(pair[0])
    entries = journal.account_entries(book.db, *pair)
    if including is not None and all(e.op_id != including.op_id for e in entries):
        entries.append(including)
    by_id = {e.op_id: e for e in entries}
    effective = domain_op.effective(e.operation() for e in entries)
    state, made = kind.fold(None, effective, book.refs)
    return Folded(state, by_id[effective[-1].op_id] if effective else None, made,
                  replayed=True)


def load_snapshots(book: Book, pairs: list[tuple[str, str]], *, lock: bool = False
                   ) -> dict[tuple[str, str], dict]:
    """The snapshot rows of `pairs` as dicts, in a few IN queries (`lock`: FOR UPDATE)."""
    out: dict[tuple[str, str], dict] = {}
    by_kind: dict[str, list[str]] = {}
    for kind_name, account_id in pairs:
        by_kind.setdefault(kind_name, []).append(account_id)
    for kind_name, ids in by_kind.items():
        for k in range(0, len(ids), CHUNK):
            query = select(SNAPSHOT).where(SNAPSHOT.c.account_kind == kind_name,
                                           SNAPSHOT.c.account_id.in_(bulk.ids()))
            if lock:   # rows locked in key order (PostgreSQL locks in scan order otherwise)
                query = query.order_by(SNAPSHOT.c.account_id).with_for_update()
            for row in _dicts(book.db.execute(query, {"ids": ids[k:k + CHUNK]})):
                out[(kind_name, row["account_id"])] = row
    return out


def _last_keys(book: Book, snaps: dict[tuple[str, str], dict],
               pending: dict[tuple[str, str], list[Entry]]) -> dict[tuple[str, str], tuple]:
    """The order key of each snapshot's last operation, where the batch may sort before it
    (an operation dated on or before the snapshot's last date); one IN query per chunk."""
    wanted = {pair: snap["last_op_id"] for pair, snap in snaps.items() if snap["last_op_id"]
              and (snap["last_date"] is None
                   or min(e.business_date for e in pending[pair]) <= snap["last_date"])}
    keys = journal.order_keys(book.db, list(set(wanted.values())))
    return {pair: keys[op_id] for pair, op_id in wanted.items() if op_id in keys}


def _write_snapshots(book: Book, folded: dict[tuple[str, str], Folded],
                     snaps: dict[tuple[str, str], dict]) -> dict[tuple[str, str], dict]:
    """Write the folded states as snapshots (or drop those whose every operation was
    reversed), changed columns only; returns the rows written."""
    rows: dict[tuple[str, str], dict] = {}
    by_kind: dict[str, dict[str, Any]] = {}
    for (kind_name, account_id), f in folded.items():
        if f.state is not None:
            by_kind.setdefault(kind_name, {})[account_id] = f.state
    for kind_name, states in by_kind.items():
        kind = account_kind(kind_name)
        extra = kind.columns(book, states) if kind.columns is not None else {}
        for account_id, state in states.items():
            pair = (kind_name, account_id)
            rows[pair] = _snapshot_row(kind.to_dict(state), pair, folded[pair].last,
                                       extra.get(account_id, {}))
    gone = [p for p, f in folded.items() if f.state is None and p in snaps]
    book.db.flush()   # ORM changes first: the rows below are written around the ORM
    delete_rows(book, SNAPSHOT, SNAPSHOT_KEYS, gone)
    # Decision 0042: a loan rebuilt from its journal may have changed before a past month
    # end; drop its kept month-end figures (reports/month_end.py recomputes them when asked).
    delete_in(book, LoanMonthEnd.__table__, "loan_id",
              [p[1] for p, f in folded.items() if f.replayed and p[0] == "loan"])
    write_rows(book, SNAPSHOT, SNAPSHOT_KEYS, list(rows.values()), snaps)
    expire(book, AccountSnapshot, folded)
    return rows


def _snapshot_row(state: dict, pair: tuple[str, str], last: Entry | None,
                  extra: dict[str, Any]) -> dict[str, Any]:
    row = {"account_kind": pair[0], "account_id": pair[1], "state": state_json(state),
           "last_op_id": last.op_id if last else None,
           "last_date": last.business_date if last else None, "needs_update": False}
    for column in SNAPSHOT_COLUMNS:
        value = state.get(column)
        row[column] = value if value is not None else (0 if column in MONEY_COLUMNS else None)
    row.update(extra)
    return row


def _project(book: Book, folded: dict[tuple[str, str], Folded]) -> None:
    by_kind: dict[str, dict[str, Folded]] = {}
    for (kind_name, account_id), f in folded.items():
        by_kind.setdefault(kind_name, {})[account_id] = f
    for kind_name, by_id in sorted(by_kind.items()):
        if kind_name in PROJECTORS:
            PROJECTORS[kind_name](book, by_id)


def _mark_suspense(book: Book, state: Any, op_ids: set[str] | None, skip: str = "") -> set[str]:
    """Operations (of `op_ids`, or any after a replay) whose cash the account put in
    suspense; `skip` is the operation being applied, whose outcome its caller records.
    Returns the operations marked."""
    marked = set()
    for item in getattr(state, "suspense_entries", ()):
        if item.amount and item.op_id != skip and (op_ids is None or item.op_id in op_ids):
            journal.set_outcome(book.db, item.op_id, "suspense")
            marked.add(item.op_id)
    return marked


# --- writing projection rows around the ORM ---------------------------------------------------

def write_rows(book: Book, table: Table, keys: tuple[str, ...], rows: list[dict],
               old: Mapping[Any, Mapping[str, Any]]) -> None:
    """Make `table` hold `rows` (dicts with the same columns): insert those whose key
    (`keys`' values, a tuple; the bare value for a one-column key) `old` lacks, and on the
    others update only the columns that changed, one executemany per set of changed columns
    (unchanged indexes stay untouched)."""
    inserts: list[dict] = []
    changed_by: dict[tuple[str, ...], list[dict]] = {}
    columns = [c for c in rows[0] if c not in keys] if rows else []
    for row in rows:
        before = old.get(_key(row, keys))
        if before is None:
            inserts.append(row)
            continue
        changed = tuple([c for c in columns if before[c] != row[c]])
        if changed:
            changed_by.setdefault(changed, []).append(row)
    bulk.insert_rows(book.db, table, inserts)
    for changed, group in changed_by.items():
        bulk.update_rows(book.db, table, keys, changed, group)


def delete_rows(book: Book, table: Table, keys: tuple[str, ...], gone: list) -> None:
    """Delete the rows of `gone` keys (tuples, or bare values for a one-column key)."""
    bulk.delete_rows(book.db, table, keys, [
        dict(zip(keys, key if len(keys) > 1 else (key,), strict=True)) for key in gone])


def rows_in(book: Book, table: Table, column: str, values: list,
            columns: tuple[str, ...] | None = None, **equal: Any) -> list[dict]:
    """The rows of `table` (`columns` of them, default all) whose `column` is one of
    `values` and whose `equal` columns hold the values given, in a few IN queries."""
    names = columns or tuple(table.c.keys())
    out: list[dict] = []
    for k in range(0, len(values), CHUNK):
        chunk = values[k:k + CHUNK]
        query = select(*(table.c[c] for c in names)).where(
            table.c[column].in_(bulk.ids()), *(table.c[c] == v for c, v in equal.items()))
        out += _dicts(book.db.execute(query, {"ids": chunk}))
    return out


def _dicts(result) -> list[dict]:
    """A result's rows as dicts (fetched at once: thousands of rows per import)."""
    keys = tuple(result.keys())
    return [dict(zip(keys, r, strict=True)) for r in result.all()]


def delete_in(book: Book, table: Table, column: str, values: list) -> None:
    for k in range(0, len(values), CHUNK):
        book.db.execute(delete(table).where(table.c[column].in_(values[k:k + CHUNK])))


def _key(row: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    return tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]


def expire(book: Book, model: type, keys: Any) -> None:
    """Objects of `model` the session holds for `keys` were written around the ORM: reload
    them when next read (the identity map would otherwise serve the old values)."""
    held = book.db.identity_map
    if not held:
        return
    for key in keys:
        obj = held.get(identity_key(model, key if isinstance(key, tuple) else (key,)))
        if obj is not None:
            book.db.expire(obj)


def accounts_of(book: Book, entry: Entry) -> list[tuple[str, str]]:
    """The accounts an entry touches (a reversal: those of its target)."""
    if entry.kind != domain_op.REVERSE:
        return entry.own_accounts()
    target_entry = journal.get(book.db, entry.payload.get("target_op_id"))
    return domain_op.accounts(entry.operation(),
                              target_entry.operation() if target_entry else None)


def _is_behind(entry: Entry, last_key: tuple | None) -> bool:
    """True when `entry` sorts before the account's latest folded operation (`_last_keys`:
    None when a later day, or nothing folded yet)."""
    return last_key is not None and domain_op.order_key(entry.operation()) < last_key


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



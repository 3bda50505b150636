"""Sign-in, approvals and who may do what.

`ACCESS` is the one table of authority (docs/access.md is generated from it): for every
operation kind, the roles that may post it at a point (a laptop book) and at the office, and
the role that approves it. `may(role, kind, scope, action)` answers one cell, `allowed_kinds`
a role's column; posting asks `may` for every operation it records, and import asks
`reversal_refused`/the kind's author for every operation a laptop sends (decision 0135).
A reversal needs at least the rank of the roles that post what it reverses (`RANK`).

Passwords are argon2id hashes in `app_user` (users are office data, `user.set`). An
`Approval` is the approver's own credential — their username and password, typed in front of
the person recording — and `check_approval` verifies it against the book's hashes, so no
caller can name an approver who was not present (decision 0055). The journal keeps only the
approver's name (`approved_by`); an operation received by sync was checked where it was made
and is accepted as recorded.

This module sits below the subject services and `context`: it takes the SQLAlchemy handle,
never the `Book`.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from sbpdesk.db.models import AppUser, BookSetting
from sbpdesk.domain.errors import DomainError

_hasher = PasswordHasher()  # argon2id with the library's current defaults
ANY = "*"  # approver: any other active user (a second pair of eyes)

TELLER, CONTROLLER, CREDIT, ACCOUNTANT, DIRECTOR, ADMIN = (
    "teller", "controller", "credit_officer", "accountant", "director", "admin")
ROLES = (TELLER, CONTROLLER, CREDIT, ACCOUNTANT, DIRECTOR, ADMIN)
ROLE_LABELS = {   # (Vietnamese, English): what a person calls the role
    TELLER: ("Giao dịch viên", "Teller"), CONTROLLER: ("Kiểm soát viên", "Controller"),
    CREDIT: ("Cán bộ tín dụng", "Credit officer"), ACCOUNTANT: ("Kế toán", "Accountant"),
    DIRECTOR: ("Giám đốc", "Director"), ADMIN: ("Quản trị hệ thống", "Administrator")}
POINT, OFFICE = "point", "office"            # scopes: a laptop book, the office book
POST, APPROVE, REVERSE = "post", "approve", "reverse"   # actions
# Who outranks whom for reversals: a reversal needs at least the lowest rank among the roles
# that post the target's kind. The administrator's kinds are reversed by an administrator.
RANK = {TELLER: 1, CONTROLLER: 2, CREDIT: 3, ACCOUNTANT: 3, DIRECTOR: 4}


@dataclass(frozen=True)
class Grant:
    point: tuple[str, ...]       # roles that may post the kind on a laptop (empty: not there)
    office: tuple[str, ...]      # roles that may post it in the office book
    approver: str | None = None  # role whose holder approves it (a second sign-in), or ANY

    @property
    def author(self) -> str:
        return "either" if self.point and self.office else POINT if self.point else OFFICE


_T, _C, _A, _D, _ADM = (TELLER,), (CREDIT,), (ACCOUNTANT,), (DIRECTOR,), (ADMIN,)
_AT_POINT = (TELLER,)
ACCESS: dict[str, Grant] = {
    "session.open": Grant(_T, ()),
    "session.close": Grant(_T, (), CONTROLLER),
    "session.cash_difference": Grant(_T, (), CONTROLLER),
    "household.register": Grant(_T, _T + _C + _A),
    "person.register": Grant(_T, _T + _C + _A),
    "contact.update": Grant(_T, _T + _C + _A),
    "household.confirm": Grant((), _C + _A),
    "household.alias": Grant((), _C + _A),
    "group.form": Grant((), _C + _A),
    "group.update": Grant((), _C + _A),
    "application.submit": Grant(_T, _T + _C + _A),
    "application.decide": Grant((), _D),
    "loan.change_request": Grant(_T, ()),
    "loan.disburse": Grant(_T, _T, CONTROLLER),
    "collection.record": Grant(_T, _T),
    "group.handover": Grant(_T, ()),
    "savings.withdraw": Grant(_T, _T, CONTROLLER),
    "payable.issue": Grant((), _A),
    "fee.pay": Grant(_T, _T),
    "savings.credit_interest": Grant((), _A),
    "loan.extend": Grant((), _D),
    "loan.adjust": Grant((), _D),
    "loan.freeze": Grant((), _D),
    "loan.unfreeze": Grant((), _D),
    "loan.write_off": Grant((), _D),
    "loan.transfer_overdue": Grant((), _A),
    "suspense.resolve": Grant((), _A),
    "loan.open": Grant((), _A),        # opening balances from the core (opening.py)
    "savings.open": Grant((), _A),
    "loan.core_adjust": Grant((), _A, DIRECTOR),   # the core's figure accepted (reconciliation)
    "core.explain": Grant((), _A),
    "loan.paid_elsewhere": Grant((), _A),          # a payment the core recorded (Mẫu 10)
    "savings.paid_elsewhere": Grant((), _A),       # a deposit the core recorded (Mẫu 10)
    "plan.set": Grant((), _A + _D),                # the year's lending plan (decision 0190)
    "eligibility.record": Grant((), _C + _A),      # a commune's poor / near-poor list
    "op.reverse": Grant(_T, _T + _C + _A + _D, ANY),
    "reversal.request": Grant(_T, ()),
    **{kind: Grant((), _ADM) for kind in (
        "rules.publish", "programme.define", "programme.rate", "rate.relief",
        "calendar.publish", "office.define", "point.define", "organisation.define",
        "unit.define", "user.set", "device.enrol", "device.revoke", "lease.grant",
        "state.pack")},
}
# Never reversed: a session's bounds, contact history (last writer wins), users and devices.
# A plan or a commune's list is corrected by recording it again (the latest one counts).
NOT_REVERSIBLE = frozenset({"session.open", "session.close", "contact.update", "user.set",
                            "device.enrol", "device.revoke", "state.pack", "plan.set",
                            "eligibility.record"})


def _roles(role: str | frozenset[str] | set[str] | tuple[str, ...]) -> set[str]:
    return {role} if isinstance(role, str) else set(role)


def reversers(kind: str) -> tuple[str, ...]:
    """The roles whose rank suffices to reverse `kind` (empty: not reversible)."""
    grant = ACCESS.get(kind)
    if grant is None or kind in NOT_REVERSIBLE or kind == "op.reverse":
        return ()
    posters = set(grant.point + grant.office)
    ranked = [RANK[r] for r in posters if r in RANK]
    if not ranked:
        return tuple(sorted(posters))     # the administrator's own kinds
    return tuple(r for r in ROLES if RANK.get(r, 0) >= min(ranked))


def may(role, kind: str, scope: str, action: str = POST) -> bool:
    """May a holder of `role` (one role or a set of them) `action` an operation of `kind` in
    `scope` (POINT: a laptop book; OFFICE: the office book)? POST records it; APPROVE is the
    second sign-in it needs; REVERSE posts `op.reverse` of an operation of that kind."""
    grant, roles = ACCESS.get(kind), _roles(role)
    if grant is None or scope not in (POINT, OFFICE):
        return False
    if action == POST:
        return bool(roles & set(getattr(grant, scope)))
    if action == APPROVE:
        return grant.approver is not None and bool(
            roles if grant.approver == ANY else roles & {grant.approver})
    if action == REVERSE:
        return may(roles, "op.reverse", scope) and bool(roles & set(reversers(kind)))
    return False


def allowed_kinds(role, scope: str | None = None, action: str = POST) -> frozenset[str]:
    """Every kind `role` may `action` (in `scope`, or in either): what a window offers."""
    scopes = (scope,) if scope else (POINT, OFFICE)
    return frozenset(k for k in ACCESS for s in scopes if may(role, k, s, action))


def refused(user: str, kind: str, scope: str, action: str = POST) -> DomainError:
    """The translated refusal when `may` says no."""
    need = {POST: sorted(set(getattr(ACCESS[kind], scope))) if kind in ACCESS else [],
            REVERSE: list(reversers(kind))}.get(action, [])
    vi = ", ".join(ROLE_LABELS[r][0] for r in need if r in ROLE_LABELS) or "không ai"
    en = ", ".join(ROLE_LABELS[r][1] for r in need if r in ROLE_LABELS) or "nobody"
    where_vi = "tại điểm giao dịch" if scope == POINT else "tại phòng giao dịch"
    where_en = "at a commune point" if scope == POINT else "at the office"
    verb_vi, verb_en = ("hủy", "reverse") if action == REVERSE else ("thực hiện", "record")
    return DomainError("role_refused",
                       f"Người dùng {user} không có quyền {verb_vi} {kind} {where_vi} "
                       f"(cần vai trò: {vi}).",
                       f"User {user} may not {verb_en} {kind} {where_en} (needs: {en}).")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class User:
    username: str
    full_name: str
    roles: frozenset[str]

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


@dataclass(frozen=True)
class Approval:
    """The approver's credential: checked by the service that records the operation."""
    username: str
    password: str = field(repr=False)


def roles_of(csv: str) -> list[str]:
    return [r for r in csv.split(",") if r]


def authenticate(db: DbSession, username: str, password: str) -> User:
    row = db.get(AppUser, (username or "").strip().lower())
    ok = row is not None and row.active and verify_password(row.password_hash, password)
    if not ok:
        raise login_failed()
    return User(row.username, row.full_name, frozenset(roles_of(row.roles)))


# --- password strength (a demo book keeps its documented password `demo`) -------------------
MIN_PASSWORD_LENGTH = 8
COMMON_PASSWORDS = frozenset({
    "12345678", "123456789", "1234567890", "password", "password1", "matkhau", "matkhau1",
    "matkhau123", "abc12345", "qwerty123", "11111111", "88888888", "iloveyou", "admin123",
    "nhcsxh123", "vbsp1234", "12341234", "a1234567"})


def password_problem(password: str, username: str = "") -> DomainError | None:
    """Why a new password is too weak (None: strong enough): at least MIN_PASSWORD_LENGTH
    characters of two kinds (letters, digits, others), not a common one, not the username."""
    text = password or ""
    kinds = sum((any(c.isalpha() for c in text), any(c.isdigit() for c in text),
                 any(not c.isalnum() for c in text)))
    low = text.lower()
    if (len(text) < MIN_PASSWORD_LENGTH or kinds < 2 or low in COMMON_PASSWORDS
            or (len(username) >= 4 and username.lower() in low)):
        return DomainError("weak_password", f"Mật khẩu quá yếu: cần ít nhất "
                           f"{MIN_PASSWORD_LENGTH} ký tự gồm chữ và số (hoặc ký hiệu), không "
                           "phải mật khẩu phổ biến, không chứa tên đăng nhập.",
                           f"Password too weak: at least {MIN_PASSWORD_LENGTH} characters with "
                           "letters and digits (or symbols), not a common one, not containing "
                           "the username.", field="password")
    return None


def check_password_strength(password: str, username: str = "", *, demo: bool = False) -> None:
    problem = None if demo else password_problem(password, username)
    if problem is not None:
        raise problem


# --- lock-out: growing delays after repeated failures, per user, recorded in the book --------
FREE_TRIES = 3                 # failures allowed before the first delay
FIRST_DELAY_S, MAX_DELAY_S = 30, 15 * 60   # doubles with each further failure, up to 15 min
_LOCK_PREFIX = "signin.failures."


@dataclass(frozen=True)
class Lockout:
    username: str
    failures: int                       # consecutive failed sign-ins (or approvals)
    locked_until: dt.datetime | None    # UTC; None: no delay now


def lock_state(db: DbSession, username: str) -> Lockout:
    row = db.get(BookSetting, _LOCK_PREFIX + username)
    data = json.loads(row.value) if row is not None else {}
    until = data.get("until")
    return Lockout(username, int(data.get("n", 0)),
                   dt.datetime.fromisoformat(until) if until else None)


def check_not_locked(db: DbSession, username: str, now: dt.datetime) -> None:
    check_until(username, lock_state(db, username).locked_until, now)


def check_until(username: str, until: dt.datetime | None, now: dt.datetime) -> None:
    """Refuse while a lock holds (`locked_out`, the wait said in both languages)."""
    if until is not None and now < until:
        vi, en = wait_text(max(1, math.ceil((until - now).total_seconds())))
        raise DomainError("locked_out", f"Đăng nhập sai nhiều lần: tài khoản {username} tạm khóa, "
                          f"thử lại sau {vi}, hoặc nhờ quản trị hệ thống mở khóa.",
                          f"Too many failed sign-ins: {username} is locked, try again in {en}, "
                          "or ask the administrator to unlock it.", field="password")


def lock_until(failures: int, now: dt.datetime) -> dt.datetime | None:
    """When a lock after `failures` consecutive failures ends (None: no lock yet)."""
    if failures < FREE_TRIES:
        return None
    return now + dt.timedelta(seconds=min(FIRST_DELAY_S * 2 ** (failures - FREE_TRIES),
                                          MAX_DELAY_S))


def login_failed() -> DomainError:
    # One message for both cases: do not tell which usernames exist.
    return DomainError("login_failed", "Sai tên đăng nhập hoặc mật khẩu.",
                       "Wrong username or password.", field="password")


def wait_text(seconds: int) -> tuple[str, str]:
    """A wait said as a person would (Vietnamese, English): seconds under a minute, else
    whole minutes rounded up."""
    if seconds < 60:
        return f"{seconds} giây", f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} phút", f"{minutes} minute{'s' if minutes != 1 else ''}"


def record_failure(db: DbSession, username: str, now: dt.datetime) -> Lockout:
    """Count a failed password for an existing user (inside the caller's transaction)."""
    if db.get(AppUser, username) is None:
        return Lockout(username, 0, None)
    n = lock_state(db, username).failures + 1
    until = lock_until(n, now)
    value = json.dumps({"n": n, "until": until.isoformat() if until else None})
    db.merge(BookSetting(key=_LOCK_PREFIX + username, value=value))
    if until is not None:
        _log_lockout(db, {"user": username, "at": now.isoformat(), "n": n,
                          "until": until.isoformat()})
    return Lockout(username, n, until)


# --- lock-out events: a book's own log, carried in a laptop's bundles to its office ----------
EVENTS_KEY = "signin.lockouts"          # this book's own lock-outs (a capped list)
_DEVICE_PREFIX = "signin.device."       # at the office: a laptop's, as its bundles said
MAX_EVENTS = 100


def _events(db: DbSession, key: str) -> list[dict]:
    row = db.get(BookSetting, key)
    return json.loads(row.value) if row is not None else []


def _store_events(db: DbSession, key: str, events: list[dict]) -> None:
    kept = sorted({(e["at"], e["user"]): e for e in events}.values(),
                  key=lambda e: (e["at"], e["user"]))[-MAX_EVENTS:]
    db.merge(BookSetting(key=key, value=json.dumps(kept, sort_keys=True)))


def _log_lockout(db: DbSession, event: dict) -> None:
    _store_events(db, EVENTS_KEY, [*_events(db, EVENTS_KEY), event])


def lockout_events(db: DbSession) -> list[dict]:
    """This book's lock-outs, oldest first: {user, at, n, until} (UTC ISO texts)."""
    return _events(db, EVENTS_KEY)


def record_device_lockouts(db: DbSession, device_id: str, events: list[dict]) -> None:
    """At the office: merge a laptop's reported lock-outs (idempotent: a bundle sent twice,
    or an older one, adds nothing new)."""
    key = _DEVICE_PREFIX + device_id
    _store_events(db, key, [*_events(db, key), *events])


def device_lockouts(db: DbSession) -> dict[str, list[dict]]:
    """{device id: its reported lock-outs, oldest first}: what the office administrator sees."""
    rows = db.scalars(select(BookSetting).where(BookSetting.key.like(_DEVICE_PREFIX + "%")))
    return {r.key[len(_DEVICE_PREFIX):]: json.loads(r.value) for r in rows}


def clear_failures(db: DbSession, username: str) -> bool:
    row = db.get(BookSetting, _LOCK_PREFIX + username)
    if row is not None:
        db.delete(row)
    return row is not None


def lockouts(db: DbSession) -> dict[str, Lockout]:
    """Every user with failed attempts on record: what the administrator sees."""
    rows = db.scalars(select(BookSetting).where(BookSetting.key.like(_LOCK_PREFIX + "%")))
    names = [r.key[len(_LOCK_PREFIX):] for r in rows]
    return {name: lock_state(db, name) for name in names}


def check_approval(db: DbSession, approval: Approval | None, *, role: str | None,
                   recorder: str, now: dt.datetime | None = None) -> str:
    """The approver's username once their credential is verified: an active user other than
    `recorder` holding `role` (None or ANY: any other user). Refuses a bare name."""
    need = "một người dùng khác" if role in (None, ANY) else f"vai trò {role}"
    need_en = "another user" if role in (None, ANY) else f"the {role} role"
    refused = DomainError("approval_required", f"Cần người duyệt ({need}, không phải người lập) "
                          "nhập mật khẩu.", f"Needs approval by {need_en}, other than the "
                          "person recording it, with their password.", field="approved_by")
    if not isinstance(approval, Approval):
        raise refused   # a name alone is no proof that the approver was there
    username = approval.username.strip().lower()
    if not username or username == recorder:
        raise refused
    check_not_locked(db, username, now or dt.datetime.now(dt.UTC))
    user = authenticate(db, username, approval.password)   # login_failed: wrong password
    if role not in (None, ANY) and not user.has(role):
        raise DomainError("approval_required",
                          f"Người dùng {username} không có vai trò {role}.",
                          f"User {username} does not hold the {role} role.",
                          field="approved_by")
    return user.username

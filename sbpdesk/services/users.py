"""Users and roles. Users are office data: `user.set` (administrator, office books) carries
the username, roles and an argon2id hash, and flows to the laptops like any decision. A
laptop not yet enrolled has only the local `admin` written at init. `authenticate` checks a
password against the stored hash and returns the signed-in `User`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from sbpdesk.db.models import AppUser, Device
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.text import nfc
from sbpdesk.services import auth, posting
from sbpdesk.services.auth import Approval, User, hash_password
from sbpdesk.services.context import ROLES, Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import Command, Posted, applier, decider, replace

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


@dataclass(frozen=True)
class UserRow:
    username: str
    full_name: str
    roles: tuple[str, ...]
    active: bool
    failed_sign_ins: int = 0                 # consecutive failures (lock-out, auth.py)
    locked_until: dt.datetime | None = None  # UTC


def authenticate(book: Book, username: str, password: str) -> User:
    """The user whose password this is (does not change who is signed in); failures count
    towards the lock-out like a sign-in's."""
    return book.verify(username, password)


def check_approval(book: Book, approval: Approval, role: str | None) -> str:
    """Verify an approver's credential before the operation is recorded (the approval dialog
    asks early, so a wrong password is said next to the password field); posting verifies it
    again when it records."""
    try:
        return auth.check_approval(book.db, approval, role=role, recorder=book.user.username,
                                   now=book.now())
    except DomainError as exc:
        if exc.code == "login_failed" and isinstance(approval, Approval):
            book.end_read()
            book.record_failure(approval.username.strip().lower())
        raise
    finally:
        book.end_read()


def set_user(book: Book, username: str, full_name: str, roles: list[str],
             password: str | None = None, *, active: bool = True,
             business_date: dt.date | None = None) -> Posted:
    """Create or change a user (office). Without a password the stored hash is kept."""
    payload = {"username": username, "full_name": full_name, "roles": roles, "active": active,
               "password": password}
    return posting.post(book, "user.set", payload, business_date=business_date or book.today())


def lift_lock(book: Book, username: str, *, business_date: dt.date | None = None) -> Posted:
    """The administrator lifts a user's sign-in lock-out (decision 0170): the user as they
    are, set again (`user.set` clears the count when applied), so the journal says who
    lifted it and when, and the laptops clear their own count for that user too."""
    row = next((u for u in list_users(book) if u.username == username), None)
    if row is None or not row.failed_sign_ins:
        raise DomainError("not_locked", f"Người dùng {username} không bị khóa đăng nhập.",
                          f"User {username} has no failed sign-ins to clear.",
                          field="username")
    return set_user(book, row.username, row.full_name, list(row.roles), active=row.active,
                    business_date=business_date)


def list_users(book: Book) -> list[UserRow]:
    """Every user; `locked_until` only while the lock holds (a lock that has ended is only
    a count of failures until the next success)."""
    rows = book.db.scalars(select(AppUser).order_by(AppUser.username)).all()
    locks = auth.lockouts(book.db)
    none, now = auth.Lockout("", 0, None), book.now()
    holding = {n: lock.locked_until for n, lock in locks.items()
               if lock.locked_until is not None and lock.locked_until > now}
    return [UserRow(r.username, r.full_name, tuple(_roles(r.roles)), r.active,
                    locks.get(r.username, none).failures, holding.get(r.username))
            for r in rows]


@dataclass(frozen=True)
class DeviceLockout:
    """A lock-out on a laptop, as its bundle reported it to the office."""
    device_id: str
    points: str            # the device's points (csv), to say which laptop
    username: str
    at: dt.datetime        # UTC, the laptop's clock (informational)
    failures: int
    locked_until: dt.datetime


def device_lockouts(book: Book) -> list[DeviceLockout]:
    """The laptops' lock-outs the office has heard of, newest first (decision 0201)."""
    rows = []
    for device_id, events in auth.device_lockouts(book.db).items():
        device = book.db.get(Device, device_id)
        points = (device.points or "") if device is not None else ""
        rows += [DeviceLockout(device_id, points, e["user"], dt.datetime.fromisoformat(e["at"]),
                               int(e["n"]), dt.datetime.fromisoformat(e["until"]))
                 for e in events]
    book.end_read()
    return sorted(rows, key=lambda r: (r.at, r.device_id, r.username), reverse=True)


def _roles(csv: str) -> list[str]:
    return [r for r in csv.split(",") if r]


@decider("user.set")
def _decide(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    username = (p.get("username") or "").strip().lower()
    if not USERNAME.match(username):
        raise DomainError("bad_username",
                          "Tên đăng nhập: 2–32 ký tự chữ thường không dấu, số, dấu . _ -",
                          "Username: 2–32 lower-case ASCII letters, digits, . _ -",
                          field="username")
    roles = sorted(set(p.get("roles") or []))
    if not roles or any(r not in ROLES for r in roles):
        raise DomainError("bad_roles", f"Vai trò phải thuộc: {', '.join(ROLES)}",
                          f"Roles must be among: {', '.join(ROLES)}", field="roles")
    password = p.pop("password", None)
    if password:
        auth.check_password_strength(password, username, demo=book.demo)
        p["password_hash"] = hash_password(password)
    elif not p.get("password_hash"):
        existing = book.db.get(AppUser, username)
        if existing is None:
            raise DomainError("password_required", "Người dùng mới cần mật khẩu.",
                              "A new user needs a password.", field="password")
        p["password_hash"] = existing.password_hash
    if not p["password_hash"].startswith("$argon2id$"):
        raise DomainError("bad_password_hash", "Mã băm mật khẩu không hợp lệ.",
                          "Invalid password hash.", field="password_hash")
    p.update(username=username, roles=roles, full_name=nfc(p.get("full_name") or "").strip(),
             active=bool(p.get("active", True)))
    return replace(cmd, payload=p)


@applier("user.set")
def _apply(book: Book, e: Entry) -> None:
    p = e.payload
    auth.clear_failures(book.db, p["username"])   # the administrator's change unlocks
    book.db.merge(AppUser(username=p["username"], full_name=p["full_name"],
                          roles=",".join(p["roles"]), password_hash=p["password_hash"],
                          active=bool(p["active"])))

"""Sign-in and approvals: who is at the keyboard, and the proof that a second person was there.

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

from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session as DbSession

from sbpdesk.db.models import AppUser
from sbpdesk.domain.errors import DomainError

_hasher = PasswordHasher()  # argon2id with the library's current defaults
ANY = "*"  # approver: any other active user (a second pair of eyes)


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
        # One message for both cases: do not tell which usernames exist.
        raise DomainError("login_failed", "Sai tên đăng nhập hoặc mật khẩu.",
                          "Wrong username or password.", field="password")
    return User(row.username, row.full_name, frozenset(roles_of(row.roles)))


def check_approval(db: DbSession, approval: Approval | None, *, role: str | None,
                   recorder: str) -> str:
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
    user = authenticate(db, username, approval.password)   # login_failed: wrong password
    if role not in (None, ANY) and not user.has(role):
        raise DomainError("approval_required",
                          f"Người dùng {username} không có vai trò {role}.",
                          f"User {username} does not hold the {role} role.",
                          field="approved_by")
    return user.username

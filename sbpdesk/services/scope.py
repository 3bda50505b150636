"""Where an operation belongs: the point whose accounts it touches.

The office feed sends a laptop what concerns its points (sync.feed), posting on a laptop
refuses an operation on another point's accounts, and the office refuses one at import
(decision 0136): all three ask `point_of`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from sbpdesk.db import bulk
from sbpdesk.db.models import (
    Application,
    Device,
    Group,
    Household,
    Loan,
    Payable,
    Person,
    SavingsAccount,
)
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import journal
from sbpdesk.services.auth import ACCESS, NOT_REVERSIBLE
from sbpdesk.services.context import Book
from sbpdesk.services.kinds import REFERENCE_KINDS

ALL = "*"
# Kinds every device receives whatever its points: reference data and users.
BROADCAST = REFERENCE_KINDS | {"user.set"}


def point_of(book: Book, kind: str, payload: Mapping[str, Any], _depth: int = 0) -> str | None:
    """The point an operation concerns, ALL for data every device gets, None if unknown."""
    db = book.db
    if kind in BROADCAST:
        return ALL
    p = payload
    if p.get("point_code"):
        return p["point_code"]
    if p.get("loan_id"):
        loan = db.get(Loan, p["loan_id"])
        if loan is not None:
            return loan.point_code
    if p.get("savings_account_id"):
        acc = db.get(SavingsAccount, p["savings_account_id"])
        if acc is not None:
            return acc.point_code or _household_point(book, acc.household_id)
    if p.get("application_id"):
        app = db.get(Application, p["application_id"])
        if app is not None:
            return app.point_code or _household_point(book, app.household_id)
    if p.get("payable_id"):
        payable = db.get(Payable, p["payable_id"])
        if payable is not None:
            return payable.point_code
    if p.get("household_id"):
        found = _household_point(book, p["household_id"])
        if found:
            return found
    if p.get("person_id"):
        person = db.get(Person, p["person_id"])
        if person is not None:
            return _household_point(book, person.household_id)
    if p.get("group_id"):
        group = db.get(Group, p["group_id"])
        if group is not None:
            return group.point_code
    if p.get("session_id"):
        session = db.get(SessionRow, p["session_id"])
        if session is not None:
            return session.point_code
    if p.get("account_id") and p.get("account_kind") in ("loan", "savings"):
        key = "loan_id" if p["account_kind"] == "loan" else "savings_account_id"
        return point_of(book, "", {key: p["account_id"]}, _depth + 1)
    if p.get("target_op_id") and _depth < 4:
        target = journal.get(db, p["target_op_id"])
        if target is not None:
            return point_of(book, target.kind, target.payload, _depth + 1)
    return None


# The rows `point_of` looks up, by payload field.
LOOKED_UP = (("loan_id", Loan), ("savings_account_id", SavingsAccount),
             ("application_id", Application), ("payable_id", Payable), ("person_id", Person),
             ("group_id", Group), ("session_id", SessionRow))


def rows_for(book: Book, payloads: Iterable[Mapping[str, Any]]) -> list[Any]:
    """The rows `point_of` will look up for these payloads (and their households), loaded
    with one query per kind and chunk, for the caller to hold while it asks: the session
    keeps clean rows by weak reference only, so each lookup of a row nobody holds is a
    query again (an enrolment pack's feed asked ≈ 14.000, decision 0256)."""
    asked = [p for p in payloads if not p.get("point_code")]
    held: list[Any] = []
    for field, model in LOOKED_UP:
        held += _load(book, model, {p[field] for p in asked if isinstance(p.get(field), str)})
    households = {getattr(row, "household_id", None) for row in held}
    households |= {p["household_id"] for p in asked if isinstance(p.get("household_id"), str)}
    return held + _load(book, Household, households - {None, ""})


def _load(book: Book, model: type, keys: set[str]) -> list[Any]:
    column, ids = model.__mapper__.primary_key[0], sorted(keys - {""})
    return [row for k in range(0, len(ids), 5000) for row in book.db.scalars(
        select(model).where(bulk.in_ids(column)), {"ids": ids[k:k + 5000]})]


def _household_point(book: Book, household_id: str | None) -> str | None:
    household = book.db.get(Household, household_id) if household_id else None
    return household.point_code if household is not None else None


def device_points(book: Book, device_id: str | None) -> set[str] | None:
    """The points a device is enrolled for (None: no such device in this book)."""
    device = book.db.get(Device, device_id) if device_id else None
    if device is None:
        return None
    return set((device.points or "").split(",")) - {""}


def check_own_points(book: Book, kind: str, payload: Mapping[str, Any]) -> None:
    """On a laptop: refuse an operation on an account of a point it is not enrolled for."""
    points = device_points(book, book.origin)
    where = point_of(book, kind, payload)
    if points is None or where in (None, ALL) or where in points:
        return
    raise DomainError("other_point", f"Máy này không phục vụ điểm giao dịch {where}: không "
                      "ghi được nghiệp vụ trên tài khoản của điểm đó.",
                      f"This laptop does not serve point {where}: it cannot record "
                      "operations on that point's accounts.")


def import_refusal(book: Book, entry: journal.Entry, points: set[str] | None) -> str | None:
    """Why the office refuses an operation a laptop sent (None: it may be applied); `points`
    are the sending device's (`device_points`, read once per bundle: a lookup per operation
    was 60 % of an import into PostgreSQL). Refused operations are stored as received and
    listed in review with this reason; the verdict goes back to the laptop (decision 0136)."""
    grant = ACCESS.get(entry.kind)
    if grant is not None and not grant.point:
        return "office_only_kind"
    if entry.kind == "op.reverse":
        target = journal.get(book.db, entry.payload.get("target_op_id") or "")
        if target is not None:
            target_grant = ACCESS.get(target.kind)
            if target.origin == book.origin or (target_grant and not target_grant.point):
                return "reverses_office_decision"
            if target.origin != entry.origin:
                return "reverses_other_origin"
            if target.kind in NOT_REVERSIBLE:
                return "not_reversible"
    where = point_of(book, entry.kind, entry.payload)
    if points is not None and where not in (None, ALL) and where not in points:
        return "other_point"
    return None

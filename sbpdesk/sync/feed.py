"""The office feed: which of the office's stored rows each enrolled laptop receives.

A laptop receives every stored row above its acknowledgement that touches one of its points
and is not its own; reference data and users go to every device (`BROADCAST`). Enrolment's
pack (enrol.accept) and every office bundle (exchange.export_bundle) select the same way and
send the same envelope (`envelope`: the stored operation and its `feed_no`).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from sbpdesk.db.models import (
    Application,
    Device,
    FeedHead,
    Group,
    Household,
    Loan,
    Payable,
    Person,
    SavingsAccount,
)
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.services import journal, posting
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry

ALL = "*"
# Kinds every device receives whatever its points: reference data and users.
BROADCAST = posting.REFERENCE_KINDS | {"user.set"}


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


def _household_point(book: Book, household_id: str | None) -> str | None:
    household = book.db.get(Household, household_id) if household_id else None
    return household.point_code if household is not None else None


def _relevant(book: Book, entry: Entry, device_id: str, points: set[str]) -> bool:
    kind, p = entry.kind, entry.payload
    if kind in ("device.enrol", "state.pack"):
        return p.get("device_id") == device_id or bool(points & set(p.get("points") or []))
    if kind == "device.revoke":
        other = book.db.get(Device, p.get("device_id") or "")
        return p.get("device_id") == device_id or (
            other is not None and bool(points & set((other.points or "").split(","))))
    where = point_of(book, kind, p)
    return where == ALL or where in points


def select_feed(office: Book, device_id: str, since: int) -> tuple[list[Entry], int]:
    """The office's stored rows above `since` meant for the device, in feed order, and the
    feed head they were selected at."""
    device = office.db.get(Device, device_id)
    points = set((device.points or "").split(",")) - {""} if device is not None else set()
    head = office.db.get(FeedHead, 1)
    feed_head = head.last_feed_no if head is not None else 0
    rows = office.db.scalars(select(OperationRow).where(
        OperationRow.feed_no > since, OperationRow.origin != device_id,
        OperationRow.outcome.in_(("applied", "suspense"))).order_by(OperationRow.feed_no))
    entries = [journal.to_entry(r) for r in rows]
    return [e for e in entries if _relevant(office, e, device_id, points)], feed_head


def envelope(e: Entry) -> dict[str, Any]:
    """A stored office row as the feed sends it: the envelope and its feed number."""
    env = e.envelope()
    env["feed_no"] = e.feed_no
    return env

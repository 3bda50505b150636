"""The office feed: which of the office's stored rows each enrolled laptop receives.

A laptop receives every stored row above its acknowledgement that touches one of its points
and is not its own; reference data and users go to every device (`BROADCAST`). Enrolment's
pack (enrol.accept) and every office bundle (exchange.export_bundle) select the same way and
send the same envelope (`envelope`: the stored operation and its `feed_no`).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sbpdesk.db.models import (
    Device,
    FeedHead,
)
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.services import journal
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.scope import ALL as ALL
from sbpdesk.services.scope import BROADCAST as BROADCAST
from sbpdesk.services.scope import point_of, rows_for


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
    journal.number_feed(office.db)   # an enrolment's own rows, stored in this transaction
    device = office.db.get(Device, device_id)
    points = set((device.points or "").split(",")) - {""} if device is not None else set()
    head = office.db.get(FeedHead, 1)
    feed_head = head.last_feed_no if head is not None else 0
    # the columns, not ORM objects: a pack reads every row once (decision 0256); a Core
    # read does not flush by itself
    office.db.flush()
    rows = office.db.execute(select(OperationRow.__table__).where(
        OperationRow.feed_no > since, OperationRow.origin != device_id,
        OperationRow.outcome.in_(("applied", "suspense"))).order_by(OperationRow.feed_no))
    entries = [journal.to_entry(r) for r in rows]
    held = rows_for(office, (e.payload for e in entries))   # noqa: F841 (held while asked)
    return [e for e in entries if _relevant(office, e, device_id, points)], feed_head


def envelope(e: Entry) -> dict[str, Any]:
    """A stored office row as the feed sends it: the envelope and its feed number."""
    env = e.envelope()
    env["feed_no"] = e.feed_no
    return env

"""What the office window shows of its points and their laptops (read-only; issue 16).

- `points_overview(office)`: each point with its session schedule, the laptop holding its
  lease and every laptop enrolled for it, and each enrolled laptop with what it has sent
  (the highest seq of its operations stored here, how many), what it has been sent (the
  highest office `feed_no` it acknowledged), what waits to go to it (the feed rows above
  that, as `feed.select_feed` would put in its next bundle), what of its own waits here
  (held operations) and when a bundle of it last arrived (`note_contact`).
- `note_contact(office, device_id, bundle)`: called by every office import (the desk or
  `sbpdesk serve`), so the import desk also shows what arrived over the network.

A laptop's origin is its device id (ARCHITECTURE.md "Identity"); its name is the one given
when it was enrolled (the `name` field of its `device.enrol` payload; decision 0115).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from sbpdesk.db.models import Ack, Device, OriginHead, Point
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.services.context import Book

from . import feed

CONTACT_PREFIX = "sync.contact."


@dataclass(frozen=True)
class LaptopLine:
    device_id: str
    name: str
    fingerprint: str
    points: tuple[str, ...]
    leases: tuple[str, ...]          # the points whose session lease it holds
    revoked: bool
    sent_ops: int                    # its operations stored at the office
    sent_seq: int                    # the highest of their seq
    acked_feed: int                  # the highest office feed_no it has stored
    waiting_out: int                 # office rows waiting for its next bundle
    held: int                        # its operations held or rejected here (review)
    last_contact: str | None         # UTC ISO time a bundle of it last arrived
    last_bundle: str = ""            # that bundle's file name


@dataclass(frozen=True)
class PointLine:
    code: str
    name: str
    commune: str
    session_day: int | None
    session_time: str | None
    lease_device_id: str | None
    laptops: tuple[str, ...]         # device ids enrolled for it (not revoked)
    last_contact: str | None         # the newest contact of those laptops
    next_move: tuple[dt.date, int] | None = None   # a moved day not yet in force (0076)
    difficult_area: bool = False     # serves a difficult area (decision 0192)


@dataclass(frozen=True)
class Overview:
    points: tuple[PointLine, ...]
    laptops: tuple[LaptopLine, ...]
    feed_head: int


def note_contact(office: Book, device_id: str, bundle: str = "") -> None:
    """Record that a bundle of `device_id` arrived now, and its file name (inside a
    transaction; every office import calls it, by USB or network). The same bundle read
    again at the same moment changes nothing. An upsert: two imports arriving at once on
    PostgreSQL both record their contact."""
    office.put_setting(CONTACT_PREFIX + device_id, canonical_json({
        "at": office.now().strftime("%Y-%m-%dT%H:%M:%SZ"), "bundle": bundle}).decode("utf-8"))


def _contact(office: Book, device_id: str) -> dict:
    text = office.setting(CONTACT_PREFIX + device_id)
    return from_json(text) if text else {}


def enrol_payloads(office: Book) -> dict[str, dict]:
    """device id → the payload of its (latest) `device.enrol`."""
    rows = office.db.scalars(select(OperationRow.payload).where(
        OperationRow.kind == "device.enrol").order_by(OperationRow.feed_no))
    out: dict[str, dict] = {}
    for payload in rows:
        p = from_json(payload)
        out[str(p.get("device_id"))] = p
    return out


def _pack_feed(office: Book) -> dict[str, int]:
    """device id → the feed_no its enrolment pack covered (what it had from the start)."""
    out: dict[str, int] = {}
    for payload in office.db.scalars(select(OperationRow.payload).where(
            OperationRow.kind == "state.pack")):
        p = from_json(payload)
        out[str(p.get("device_id"))] = max(out.get(str(p.get("device_id")), 0),
                                           int(p.get("feed_no") or 0))
    return out


def _counts(office: Book, column_filter) -> dict[str, int]:
    return dict(office.db.execute(select(OperationRow.origin, func.count()).where(
        column_filter).group_by(OperationRow.origin)).all())


def _schedule(office: Book, point: Point, today: dt.date
              ) -> tuple[int | None, tuple[dt.date, int] | None]:
    """The session day in force today and the first move still to come: the row holds the
    day after the last move, which may not have taken effect yet (decisions/0076)."""
    if not point.session_day:
        return point.session_day, None
    calendar = office.refs.calendar(point.code, point.session_day)
    later = [(since, d) for since, d in calendar.moves if since > today]
    return calendar.day_on(today), (later[0] if later else None)


def _enrolment_order(payloads: dict[str, dict]):
    """Laptops by the number the office gave at enrolment, then name (device ids are
    random: ordered by them, the list changed order from one book to the next)."""
    def key(device: Device) -> tuple:
        p = payloads.get(device.id, {})
        number = p.get("number") if type(p.get("number")) is int else None
        return (number is None, number or 0, str(p.get("name") or "").casefold(), device.id)
    return key


def points_overview(office: Book) -> Overview:
    payloads = enrol_payloads(office)
    devices = sorted(office.db.scalars(select(Device)).all(), key=_enrolment_order(payloads))
    points = office.db.scalars(select(Point).order_by(Point.code)).all()
    today = office.today()
    names = {k: str(p.get("name") or "") for k, p in payloads.items()}
    packs = _pack_feed(office)
    ids = [d.id for d in devices]
    heads = {h.origin: h.seq for h in office.db.scalars(
        select(OriginHead).where(OriginHead.origin.in_(ids)))} if ids else {}
    sent = _counts(office, OperationRow.origin.in_(ids)) if ids else {}
    held = _counts(office, OperationRow.origin.in_(ids) & OperationRow.outcome.in_(
        ("held", "rejected"))) if ids else {}
    acks = {a.peer: a.highest for a in office.db.scalars(select(Ack))}
    laptops, feed_head = [], 0
    for d in devices:
        contact = _contact(office, d.id)
        revoked = d.revoked_last_seq is not None
        acked = acks.get(d.id, 0)
        waiting = 0
        if not revoked:
            rows, feed_head = feed.select_feed(office, d.id, max(acked, packs.get(d.id, 0)))
            waiting = len(rows)
        laptops.append(LaptopLine(
            d.id, names.get(d.id, ""), d.fingerprint or "",
            tuple(c for c in (d.points or "").split(",") if c),
            tuple(p.code for p in points if p.lease_device_id == d.id), revoked,
            sent.get(d.id, 0), heads.get(d.id, 0), acked, waiting, held.get(d.id, 0),
            contact.get("at"), contact.get("bundle", "")))
    from sbpdesk.services.places import difficult_points
    difficult = difficult_points(office)
    lines = []
    for p in points:
        mine = [lap for lap in laptops if p.code in lap.points and not lap.revoked]
        contacts = [lap.last_contact for lap in mine if lap.last_contact]
        day, move = _schedule(office, p, today)
        lines.append(PointLine(p.code, p.name, p.commune or "", day, p.session_time,
                               p.lease_device_id, tuple(lap.device_id for lap in mine),
                               max(contacts) if contacts else None, move,
                               p.code in difficult))
    office.end_read()
    return Overview(tuple(lines), tuple(laptops), feed_head)

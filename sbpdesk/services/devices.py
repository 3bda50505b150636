"""Devices and leases: the office enrols a laptop (`device.enrol`, its public keys and the
points it serves), grants a point's session lease to one device (`lease.grant`), revokes a
device (`device.revoke`, recording its last accepted seq) and records each enrolment pack
(`state.pack`). The sync layer builds the files around them; the operations live here so
that every book can apply them whatever is imported.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from sbpdesk.db.models import Device, Point
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.text import nfc
from sbpdesk.services import journal, posting, receipts
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import Command, applier, decider, replace


def _public_key(text: object, name: str) -> str:
    try:
        raw = base64.b64decode(str(text), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise DomainError("bad_public_key", f"Khóa công khai không hợp lệ: {name}",
                          f"Invalid public key: {name}", field=name)
    return str(text)


def _point(book: Book, code: str | None, field: str) -> Point:
    point = book.db.get(Point, code or "")
    if point is None:
        raise DomainError("unknown_point", f"Không có điểm giao dịch {code}.",
                          f"Unknown point {code}.", field=field)
    return point


@decider("device.enrol")
def _decide_enrol(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    points = sorted(set(p.get("points") or []))
    if not points:
        raise DomainError("enrol_no_points", "Cần chọn ít nhất một điểm giao dịch.",
                          "Choose at least one point.", field="points")
    for code in points:
        _point(book, code, "points")
    if not p.get("device_id") or not p.get("fingerprint"):
        raise DomainError("enrol_incomplete", "Thiếu mã máy hoặc dấu vân tay khóa.",
                          "Device id or key fingerprint missing.", field="device_id")
    # A small number for short receipt numbers and a name people read (issue 14); every
    # enrolment is a new laptop for the receipts, so the count of enrolments numbers it.
    number = len(receipts.laptops(book)) + 1
    while any(x.number == number for x in receipts.laptops(book).values()):
        number += 1
    name = nfc(str(p.get("name") or "")).strip() or f"Máy xách tay {number} – {points[0]}"
    p.update(points=points, sign_key=_public_key(p.get("sign_key"), "sign_key"),
             seal_key=_public_key(p.get("seal_key"), "seal_key"), demo=bool(p.get("demo")),
             number=number, name=name)
    return replace(cmd, payload=p)


@applier("device.enrol")
def _apply_enrol(book: Book, e: Entry) -> None:
    p = e.payload
    book.db.merge(Device(id=p["device_id"], sign_key=p["sign_key"], seal_key=p["seal_key"],
                         fingerprint=p["fingerprint"], points=",".join(p["points"]),
                         demo=bool(p["demo"]), revoked_last_seq=None))
    receipts.forget_laptops(book)   # its number and name, read again with this one


def active_device(book: Book, device_id: str | None) -> Device:
    device = book.db.get(Device, device_id or "")
    if device is None or device.revoked_last_seq is not None or not device.sign_key:
        raise DomainError("unknown_device", f"Máy {device_id} chưa đăng ký hoặc đã bị thu hồi.",
                          f"Device {device_id} is not enrolled or was revoked.",
                          field="device_id")
    return device


@decider("lease.grant")
def _decide_lease(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    point = _point(book, p.get("point_code"), "point_code")
    device = active_device(book, p.get("device_id"))
    if point.code not in (device.points or "").split(","):
        raise DomainError("point_not_in_scope",
                          f"Máy {device.id} không được đăng ký cho điểm {point.code}.",
                          f"Device {device.id} is not enrolled for point {point.code}.",
                          field="point_code")
    return replace(cmd, payload={"point_code": point.code, "device_id": device.id})


@applier("lease.grant")
def _apply_lease(book: Book, e: Entry) -> None:
    point = book.db.get(Point, e.payload["point_code"])
    if point is not None:
        point.lease_device_id = e.payload["device_id"]


@decider("device.revoke")
def _decide_revoke(book: Book, cmd: Command) -> Command:
    device = active_device(book, cmd.payload.get("device_id"))
    origin_head = journal.head(book.db, device.id)
    return replace(cmd, payload={"device_id": device.id,
                                 "last_seq": origin_head.seq if origin_head else 0})


@applier("device.revoke")
def _apply_revoke(book: Book, e: Entry) -> None:
    device = book.db.get(Device, e.payload["device_id"])
    if device is not None:
        device.revoked_last_seq = e.payload["last_seq"]
    for point in book.db.scalars(select(Point).where(
            Point.lease_device_id == e.payload["device_id"])):
        point.lease_device_id = None


@decider("state.pack")
def _decide_pack(book: Book, cmd: Command) -> Command:
    return cmd


@applier("state.pack")
def _apply_pack(book: Book, e: Entry) -> None:
    return None  # a record that a pack was issued; the pack is the rows it names


# --- write verbs (the office) ---------------------------------------------------------------

@dataclass(frozen=True)
class NewDevice:
    device_id: str
    points: tuple[str, ...]
    sign_key: str                 # base64 Ed25519 public key
    seal_key: str                 # base64 X25519 public key
    fingerprint: str
    demo: bool = False
    name: str = ""                # what the office calls the laptop (decision 0115)


@dataclass(frozen=True)
class Pack:
    """What an enrolment pack holds: the feed number it stops at, its operations' count and
    the SHA-256 of its canonical JSON (the sync layer builds the pack itself)."""
    feed_no: int
    op_count: int
    sha256: str


def enrol(book: Book, device: NewDevice, pack: Callable[[str], Pack], *,
          business_date: dt.date) -> Written:
    """Enrol a laptop for its points in one transaction: device.enrol, a lease.grant for each
    point, then state.pack recording the pack `pack(device_id)` builds from the feed as it
    stands inside that transaction."""
    points = sorted(set(device.points))
    with book.transaction():
        posted = [posting.post(book, "device.enrol", {
            "device_id": device.device_id, "points": points, "sign_key": device.sign_key,
            "seal_key": device.seal_key, "fingerprint": device.fingerprint,
            "demo": device.demo, **({"name": device.name} if device.name else {})},
            business_date=business_date)]
        posted += [posting.post(book, "lease.grant", {"point_code": code,
                                                      "device_id": device.device_id},
                                business_date=business_date) for code in points]
        made = pack(device.device_id)
        posted.append(posting.post(book, "state.pack", {
            "device_id": device.device_id, "points": points, "feed_no": made.feed_no,
            "op_count": made.op_count, "sha256": made.sha256}, business_date=business_date))
    return written(*posted)


def grant_lease(book: Book, point_code: str, device_id: str, *,
                business_date: dt.date) -> Written:
    """Move a point's session lease to an enrolled device (lease.grant)."""
    return written(posting.post(book, "lease.grant", {"point_code": point_code,
                                                      "device_id": device_id},
                                business_date=business_date))


def revoke(book: Book, device_id: str, *, business_date: dt.date) -> Written:
    """Revoke a device, recording the last seq accepted from it (device.revoke)."""
    return written(posting.post(book, "device.revoke", {"device_id": device_id},
                                business_date=business_date))

"""What the laptop knows about its synchronisation with the office, for the sync page and home.

Read-only queries returning frozen dataclasses, like every service:
- `sync_status(book)`: enrolled or not, the office, this laptop's operations waiting for the
  office's acknowledgement (the `ack` row of the office: the highest laptop seq it stored),
  the last bundle each way and "dữ liệu văn phòng đến dd/mm/yyyy" (the newest business date
  among the rows that came from the office);
- `own_operations(book)`: this laptop's operations, newest first, each with its local outcome,
  the office's verdict once an office bundle brought it (decision 0022), and its sync status:
  the office's verdict when it is not plain `applied` (`suspense`, `rejected`, `held`,
  `fork`, with the office's reason), `acknowledged` when the office applied it, else the local
  outcome `suspense`, `rejected`, `held`, else `sent` or `waiting`;
- `describe_ops(book, op_ids)`: kind, date and summary of operations named in an import report.

Two writers record the bundles the GUI carried, as book settings (`sync.last_export`,
`sync.last_import`, canonical JSON), each in its own transaction: `note_export`,
`note_import`. They hold no operation data, only what the screens show.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from sbpdesk.db.models import Ack
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.services import posting
from sbpdesk.services.context import Book
from sbpdesk.services.receipts import device_name
from sbpdesk.services.reference import office_name

LAST_EXPORT, LAST_IMPORT = "sync.last_export", "sync.last_import"
CURSOR_KEY, SALVAGE_KEY = "sync.feed_cursor", "sync.salvage"   # written by sync.exchange
STATUSES = ("waiting", "sent", "acknowledged", "suspense", "rejected", "held", "fork")


@dataclass(frozen=True)
class BundleNote:
    """One bundle the laptop wrote or read: when (book's day and UTC time), the file, its
    operation count and, for an import, the outcomes as (outcome, count) pairs."""
    on: dt.date
    at: str
    file: str
    ops: int
    last_seq: int = 0                              # export: the highest own seq it carried
    counts: tuple[tuple[str, int], ...] = ()       # import: outcome counts


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    origin: str
    device_id: str | None
    office_code: str | None
    demo: bool
    own_total: int                 # this laptop's operations
    acknowledged_seq: int          # the highest seq the office has stored
    waiting: int                   # operations above it (not yet acknowledged)
    last_export: BundleNote | None
    last_import: BundleNote | None
    office_data_to: dt.date | None
    feed_cursor: int
    salvage: bool                  # the office holds more of ours than we do (a copied book)
    device_name: str = ""          # the name given at enrolment (issue 14)
    office_name: str = ""          # "Phòng giao dịch NHCSXH Bắc Bình", not "BB" (issue 14)

    @property
    def never_synced(self) -> bool:
        return self.last_export is None and self.last_import is None


@dataclass(frozen=True)
class OwnOp:
    op_id: str
    seq: int
    business_date: dt.date
    kind: str
    summary: str
    cash: int
    outcome: str            # as recorded in this book (what applying it here gave)
    reason: str | None      # the reason that goes with `status`: the office's when the status
                            # is the office's verdict, else the one recorded here
    status: str             # one of STATUSES
    office_outcome: str | None = None   # the office's verdict: None until it has answered,
    office_reason: str | None = None    # then applied|suspense|rejected|held|fork


@dataclass(frozen=True)
class OpInfo:
    op_id: str
    origin: str
    kind: str
    business_date: dt.date
    summary: str


def _note(book: Book, key: str) -> BundleNote | None:
    text = book.setting(key)
    if not text:
        return None
    try:
        d = from_json(text)
        return BundleNote(dt.date.fromisoformat(d["on"]), str(d.get("at", "")),
                          str(d.get("file", "")), int(d.get("ops", 0)),
                          int(d.get("last_seq", 0)),
                          tuple((str(k), int(v)) for k, v in sorted(
                              (d.get("counts") or {}).items())))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _ack(book: Book) -> int:
    row = book.db.get(Ack, book.office_code or "") if book.office_code else None
    return row.highest if row is not None else 0


def sync_status(book: Book) -> SyncStatus:
    origin = book.origin
    ack = _ack(book)
    own_total = waiting = 0
    office_to = None
    if origin:
        own_total = book.db.scalar(select(func.count()).select_from(OperationRow).where(
            OperationRow.origin == origin)) or 0
        waiting = book.db.scalar(select(func.count()).select_from(OperationRow).where(
            OperationRow.origin == origin, OperationRow.seq > ack)) or 0
        office_to = book.db.scalar(select(func.max(OperationRow.business_date)).where(
            OperationRow.origin != origin))
    result = SyncStatus(
        enrolled=bool(origin), origin=origin, device_id=book.device_id,
        office_code=book.office_code, demo=book.demo, own_total=own_total,
        acknowledged_seq=ack, waiting=waiting, last_export=_note(book, LAST_EXPORT),
        last_import=_note(book, LAST_IMPORT), office_data_to=office_to,
        feed_cursor=int(book.setting(CURSOR_KEY, "0") or 0),
        salvage=book.setting(SALVAGE_KEY) == "1",
        device_name=device_name(book, book.device_id), office_name=office_name(book))
    book.end_read()
    return result


def _status(row: OperationRow, ack: int, sent: int) -> tuple[str, str | None]:
    """The row's status and the reason that goes with it. The office's verdict, once given,
    is the book of record's answer and wins over the local outcome."""
    if row.office_outcome not in (None, "applied"):
        return row.office_outcome, row.office_reason
    if row.office_outcome == "applied":
        return "acknowledged", None
    if row.outcome in ("suspense", "rejected", "held"):
        return row.outcome, row.reason
    if row.seq <= ack:
        return "acknowledged", row.reason
    return ("sent" if row.seq <= sent else "waiting"), row.reason


def own_operations(book: Book, limit: int = 1000) -> tuple[OwnOp, ...]:
    """This laptop's operations, newest first (at most `limit`)."""
    from sbpdesk.services.loans import _summary
    if not book.origin:
        return ()
    ack = _ack(book)
    last = _note(book, LAST_EXPORT)
    sent = last.last_seq if last is not None else 0
    rows = book.db.scalars(select(OperationRow).where(OperationRow.origin == book.origin)
                           .order_by(OperationRow.seq.desc()).limit(limit)).all()
    out = []
    for row in rows:
        payload = from_json(row.payload)
        status, reason = _status(row, ack, sent)
        out.append(OwnOp(row.op_id, row.seq, row.business_date, row.kind,
                         _summary(row.kind, payload), posting.cash_amount(row.kind, payload),
                         row.outcome, reason, status, row.office_outcome, row.office_reason))
    book.end_read()
    return tuple(out)


def describe_ops(book: Book, op_ids: Iterable[str]) -> dict[str, OpInfo]:
    """Kind, date and summary of the named operations stored in this book."""
    from sbpdesk.services.loans import _summary
    out: dict[str, OpInfo] = {}
    ids = [i for i in op_ids if i]
    for start in range(0, len(ids), 500):
        for row in book.db.scalars(select(OperationRow).where(
                OperationRow.op_id.in_(ids[start:start + 500]))):
            out[row.op_id] = OpInfo(row.op_id, row.origin, row.kind, row.business_date,
                                    _summary(row.kind, from_json(row.payload)))
    book.end_read()
    return out


def _write(book: Book, key: str, value: Mapping) -> None:
    with book.transaction():
        book.set_setting(key, canonical_json(dict(value)).decode("utf-8"))


def note_export(book: Book, file_name: str, op_count: int, last_seq: int) -> None:
    """Record the bundle just written (and read back) for the office."""
    last = _note(book, LAST_EXPORT)
    # An empty bundle carries no operation: keep the highest seq already sent.
    last_seq = max(last_seq, last.last_seq if last is not None else 0)
    _write(book, LAST_EXPORT, {"on": book.today().isoformat(),
                               "at": book.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
                               "file": file_name, "ops": op_count, "last_seq": last_seq})


def note_import(book: Book, file_name: str, op_count: int, counts: Mapping[str, int]) -> None:
    """Record the office bundle just imported, with its outcome counts."""
    _write(book, LAST_IMPORT, {"on": book.today().isoformat(),
                               "at": book.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
                               "file": file_name, "ops": op_count,
                               "counts": {k: int(v) for k, v in counts.items() if v}})


__all__ = [
    "STATUSES",
    "BundleNote",
    "OpInfo",
    "OwnOp",
    "SyncStatus",
    "describe_ops",
    "note_export",
    "note_import",
    "own_operations",
    "sync_status",
]

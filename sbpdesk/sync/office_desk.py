"""The office's import desk (issue 16): the bundles of a USB folder or of picked files,
imported one by one, each operation's outcome with the point it concerns.

- `find_bundles(office, paths)`: the `.sbpbundle` files among `paths` (files, or folders
  searched one level deep) addressed to this office, from their clear manifests; files for
  someone else or unreadable are counted, not listed.
- `import_one(office, keys, path)`: `exchange.import_bundle` (verify, store, apply: its own
  transaction), then each operation described — kind, date, summary and point. A refused
  bundle is a `DeskBundle` with the refusal (nothing of it was stored), so one bad file
  never stops the rest.

Points: `feed.point_of` on the stored row; an operation not stored (a fork, an envelope of
another origin) gets the sender's point when it serves only one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sbpdesk.db.models import Device
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import journal, sync_status
from sbpdesk.services.context import Book

from . import exchange, feed
from .bundle import inspect_bundle
from .keys import BookKeys

SUFFIX = ".sbpbundle"
OUTCOMES = exchange.OUTCOMES


@dataclass(frozen=True)
class Found:
    path: str
    name: str
    sender: str
    created_at: str
    op_count: int


@dataclass(frozen=True)
class FoundBundles:
    bundles: tuple[Found, ...]
    others: int                 # bundles addressed to someone else
    unreadable: int


@dataclass(frozen=True)
class DeskOp:
    op_id: str
    origin: str
    seq: int | None
    kind: str
    business_date: dt.date | None
    summary: str
    point_code: str
    outcome: str
    reason: str | None


@dataclass(frozen=True)
class DeskBundle:
    path: str
    name: str
    sender: str
    counts: tuple[tuple[str, int], ...]     # every outcome of OUTCOMES, in that order
    ops: tuple[DeskOp, ...]
    refused: DomainError | None = None      # the whole bundle was refused: nothing stored

    def count(self, outcome: str) -> int:
        return dict(self.counts).get(outcome, 0)


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                out.extend(sorted(p for p in path.iterdir() if p.suffix == SUFFIX and p.is_file()))
            except OSError:
                continue
        elif path.suffix == SUFFIX and path.is_file():
            out.append(path)
    seen: set[str] = set()
    return [p for p in out if not (str(p) in seen or seen.add(str(p)))]


def find_bundles(office: Book, paths: list[str]) -> FoundBundles:
    found, others, bad = [], 0, 0
    for path in _files(paths):
        try:
            m = inspect_bundle(path)
        except (DomainError, OSError):
            bad += 1
            continue
        if m.get("to") != office.origin:
            others += 1
            continue
        found.append(Found(str(path), path.name, str(m.get("from", "")),
                           str(m.get("created_at", "")), int(m.get("op_count", 0))))
    found.sort(key=lambda f: (f.sender, f.created_at, f.name))
    return FoundBundles(tuple(found), others, bad)


def _sender_point(office: Book, sender: str) -> str:
    device = office.db.get(Device, sender)
    points = [c for c in (device.points or "").split(",") if c] if device is not None else []
    return points[0] if len(points) == 1 else ""


def _describe(office: Book, sender: str, results: list[dict]) -> tuple[DeskOp, ...]:
    info = sync_status.describe_ops(office, [r.get("op_id") or "" for r in results])
    fallback = _sender_point(office, sender)
    out = []
    for r in results:
        op_id = r.get("op_id") or ""
        i = info.get(op_id)
        entry = journal.get(office.db, op_id) if i is not None else None
        where = feed.point_of(office, entry.kind, entry.payload) if entry is not None else None
        point = where if where and where != feed.ALL else fallback
        out.append(DeskOp(op_id, r.get("origin") or (i.origin if i else sender),
                          r.get("seq") if isinstance(r.get("seq"), int) else
                          (entry.seq if entry is not None else None),
                          i.kind if i else str(r.get("kind") or ""),
                          i.business_date if i else None, i.summary if i else "",
                          point, r["outcome"], r.get("reason")))
    return tuple(out)


def import_one(office: Book, keys: BookKeys, path: str) -> DeskBundle:
    name = Path(path).name
    try:
        report = exchange.import_bundle(office, keys, path)
    except DomainError as refused:
        return DeskBundle(path, name, _sender_of(path), tuple((o, 0) for o in OUTCOMES), (),
                          refused)
    except OSError as e:
        error = DomainError("usb_io", f"Không đọc được {name}: {e.strerror or e}.",
                            f"Cannot read {name}: {e.strerror or e}.")
        return DeskBundle(path, name, "", tuple((o, 0) for o in OUTCOMES), (), error)
    results = [*report["ops"], *(report.get("released") or [])]
    counts = dict(report["counts"])
    for r in report.get("released") or []:    # held rows this bundle let through
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    ops = _describe(office, report["from"], results)
    office.end_read()
    return DeskBundle(path, name, report["from"], tuple((o, counts.get(o, 0)) for o in OUTCOMES),
                      ops)


def _sender_of(path: str) -> str:
    try:
        return str(inspect_bundle(path).get("from", ""))
    except (DomainError, OSError):
        return ""

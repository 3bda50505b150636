"""USB drives and the sync files on them: which drives there are, and the worker tasks that
read and write bundles and enrolment files there (no widgets; the sync page shows them).

The drives are the removable volumes Qt sees (`QStorageInfo.mountedVolumes()`: ready,
writable, not the system or home volume; on Linux and macOS only volumes under /media,
/run/media, /mnt or /Volumes, plus the mounted folders found there), and any folder picked.
An I/O error on a drive is one clear refusal (`io_error`): check the stick and try again.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDir, QStorageInfo

from sbpdesk.domain.errors import DomainError

BUNDLE_SUFFIX = ".sbpbundle"
ENROL_SUFFIX = ".sbpenrol"
# Where Linux and macOS mount removable media (never assumed to be the only place: any
# folder can be picked).
MEDIA_ROOTS = ("/media", "/run/media", "/mnt", "/Volumes")


@dataclass(frozen=True)
class Drive:
    path: str
    name: str
    free_bytes: int | None
    picked: bool = False          # a folder chosen with "Chọn thư mục…"


@dataclass(frozen=True)
class BundleFile:
    path: str
    name: str
    sender: str
    created_at: str
    op_count: int
    last_feed: int | None         # the office feed span's end, None for an empty bundle
    received: bool                # its span is already in this book


@dataclass(frozen=True)
class DriveScan:
    bundles: tuple[BundleFile, ...]
    others: int                   # bundles on the drive for someone else
    unreadable: int


@dataclass(frozen=True)
class ExportDone:
    path: str
    name: str
    op_count: int


@dataclass(frozen=True)
class ImportLine:
    op_id: str
    kind: str
    business_date: dt.date | None
    summary: str
    outcome: str
    reason: str | None


@dataclass(frozen=True)
class ImportDone:
    name: str
    sender: str
    counts: tuple[tuple[str, int], ...]
    lines: tuple[ImportLine, ...]
    salvage: bool


@dataclass(frozen=True)
class EnrolFiles:
    """Response files on the drive that answer this laptop's request."""
    fingerprint: str | None       # this laptop's, once a request was made
    responses: tuple[str, ...]


# --- drives ------------------------------------------------------------------------------------

def _under_media(path: str) -> bool:
    norm = path.rstrip("/") + "/"
    return any(norm.startswith(root + "/") and norm != root + "/" for root in MEDIA_ROOTS)


def removable_drives() -> list[Drive]:
    """Writable removable volumes (see the module docstring); Qt decides what exists."""
    system = {QStorageInfo.root().rootPath(), QStorageInfo(QDir.homePath()).rootPath()}
    if sys.platform == "win32":
        system_drive = os.environ.get("SYSTEMDRIVE", "C:")
        system.add(QStorageInfo(system_drive + "\\").rootPath())
    out: dict[str, Drive] = {}
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        root = volume.rootPath()
        if volume.isRoot() or root in system:
            continue
        if sys.platform != "win32" and not _under_media(root):
            continue
        name = volume.displayName() or root
        out[os.path.normcase(root)] = Drive(root, name, volume.bytesAvailable())
    if sys.platform != "win32":
        for base in MEDIA_ROOTS:
            for depth in ("*", "*/*"):
                for path in sorted(Path(base).glob(depth)) if Path(base).is_dir() else ():
                    key = os.path.normcase(str(path))
                    try:
                        ok = path.is_dir() and os.path.ismount(path) and os.access(path, os.W_OK)
                    except OSError:
                        ok = False
                    if ok and key not in out:
                        info = QStorageInfo(str(path))
                        out[key] = Drive(str(path), path.name,
                                         info.bytesAvailable() if info.isValid() else None)
    return sorted(out.values(), key=lambda d: d.path)


def picked_drive(folder: str) -> Drive:
    info = QStorageInfo(folder)
    return Drive(folder, Path(folder).name or folder,
                 info.bytesAvailable() if info.isValid() else None, picked=True)


# --- worker tasks (no widgets here) ------------------------------------------------------------

def io_error(error: OSError, folder: str) -> DomainError:
    return DomainError(
        "usb_io", f"Không đọc/ghi được {folder}: {error.strerror or error}. Hãy kiểm tra USB còn "
        "cắm, không bị khóa ghi và còn chỗ trống, rồi thử lại.",
        f"Cannot read or write {folder}: {error.strerror or error}. Check that the USB stick is "
        "still plugged in, not write-protected and not full, then try again.")


def scan_drive(book, folder: str) -> DriveScan:
    """The bundles in `folder` addressed to this book (from their clear manifests)."""
    from sbpdesk.sync.bundle import inspect_bundle
    origin = book.origin
    cursor = int(book.setting("sync.feed_cursor", "0") or 0)
    bundles, others, bad = [], 0, 0
    try:
        files = sorted(p for p in Path(folder).iterdir()
                       if p.suffix == BUNDLE_SUFFIX and p.is_file())
    except OSError:
        files = []
    for path in files:
        try:
            m = inspect_bundle(path)
        except (DomainError, OSError):
            bad += 1
            continue
        if not origin or m.get("to") != origin:
            others += 1
            continue
        rng = m.get("range")
        last = rng["last"] if isinstance(rng, dict) else None
        bundles.append(BundleFile(str(path), path.name, str(m.get("from", "")),
                                  str(m.get("created_at", "")), int(m.get("op_count", 0)),
                                  last, last is not None and last <= cursor))
    bundles.sort(key=lambda b: (b.last_feed or 0, b.created_at), reverse=True)
    return DriveScan(tuple(bundles), others, bad)


def export_to(book, keys, folder: str) -> ExportDone:
    from sbpdesk.services import sync_status
    from sbpdesk.sync import exchange
    try:
        result = exchange.export_bundle(book, keys, "office", folder)
    except OSError as e:
        raise io_error(e, folder) from None
    m = result.manifest
    sync_status.note_export(book, result.path.name, m.op_count, m.range[1] if m.range else 0)
    return ExportDone(str(result.path), result.path.name, m.op_count)


def import_from(book, keys, path: str) -> ImportDone:
    from sbpdesk.services import sync_status
    from sbpdesk.sync import exchange
    try:
        report = exchange.import_bundle(book, keys, path)
    except OSError as e:
        raise io_error(e, str(Path(path).parent)) from None
    ops = list(report["ops"]) + list(report.get("released") or [])
    sync_status.note_import(book, report["bundle"], len(report["ops"]), report["counts"])
    info = sync_status.describe_ops(book, [o["op_id"] for o in ops if o.get("op_id")])
    lines = []
    for o in ops:
        i = info.get(o.get("op_id") or "")
        lines.append(ImportLine(o.get("op_id") or "", i.kind if i else "",
                                i.business_date if i else None, i.summary if i else "",
                                o["outcome"], o.get("reason")))
    return ImportDone(report["bundle"], report["from"],
                      tuple((k, v) for k, v in report["counts"].items()), tuple(lines),
                      bool(report.get("salvage")))


def find_responses(book, folder: str) -> EnrolFiles:
    """Enrolment responses on the drive made for this laptop's keys."""
    from sbpdesk.sync import enrol
    keys = enrol.public_keys(book)
    if keys is None:
        return EnrolFiles(None, ())
    found = []
    try:
        files = sorted(Path(folder).glob("*" + ENROL_SUFFIX))
    except OSError:
        files = []
    for path in files:
        try:
            body = enrol.read_response(path)
        except (DomainError, OSError, KeyError):
            continue
        if body.get("laptop_fingerprint") == keys.fingerprint:
            found.append(str(path))
    return EnrolFiles(keys.fingerprint, tuple(found))

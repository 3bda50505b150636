"""A bundle's ZIP on disk: written atomically (a full stick says so), and read from a path
someone else chose, without trusting the path.

The path may name a FIFO (opening it blocks until someone writes), a device such as
`/dev/zero` (endless), a folder, or a file far larger than any bundle. Each is refused with a
`SyncError` before anything is read: the path must be a regular file no larger than
`MAX_FILE`, checked again on the open descriptor (the path may change in between). The ZIP's
own failures (cut short, bad CRC, a member flagged encrypted or compressed in a way zipfile
cannot read) are `bundle_unreadable`, never a traceback.
"""
from __future__ import annotations

import os
import re
import secrets
import stat
import time
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from sbpdesk.services.space import is_disk_full

from .errors import SyncError

# A bundle is three stored members; the largest allowed (ops.jsonl, 256 MiB) plus headroom.
MAX_FILE = 260 << 20
# `.<bundle name>.<8 hex>.partial`: what an interrupted `write_atomically` leaves behind.
_PARTIAL = re.compile(r"^\..+\.sbpbundle\.[0-9a-f]{8}\.partial$")
PARTIAL_GRACE_S = 60
# Opening must never wait: O_NONBLOCK makes a FIFO swapped in after the stat open at once.
_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
               ValueError, RuntimeError, OverflowError)  # RuntimeError: "encrypted" flag


def _check(st: os.stat_result, path: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise SyncError("bundle_not_a_file", path=path)
    if st.st_size > MAX_FILE:
        raise SyncError("bundle_too_large", path=path, size=st.st_size, limit=MAX_FILE)


def open_bundle_file(path: str | os.PathLike[str]) -> IO[bytes]:
    """The file opened for reading, or SyncError: not found, not a regular file, too large."""
    name = os.fspath(path)
    try:
        _check(os.stat(name), name)
        fd = os.open(name, _FLAGS)
    except FileNotFoundError:
        raise SyncError("bundle_not_found", path=name) from None
    except (NotADirectoryError, IsADirectoryError):
        raise SyncError("bundle_not_a_file", path=name) from None
    except OSError:
        raise SyncError("bundle_unreadable") from None
    try:
        _check(os.fstat(fd), name)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_members(path: str | os.PathLike[str], wanted: Mapping[str, int],
                 exact: bool = True) -> dict[str, bytes]:
    """The members named in `wanted` (name -> largest size allowed). `exact`: the ZIP must
    hold exactly those members (`bundle_members` otherwise); else only those are read."""
    with open_bundle_file(path) as f:
        try:
            with zipfile.ZipFile(f) as z:
                infos = z.infolist()
                names = sorted(i.filename for i in infos)
                if exact and names != sorted(wanted):
                    raise SyncError("bundle_members")
                if not exact and not set(wanted) <= set(names):
                    raise SyncError("bundle_members")
                infos = [i for i in infos if i.filename in wanted]
                # Declared sizes are checked before reading, so a hostile ZIP cannot exhaust
                # memory; zipfile stops at the declared size when decompressing.
                if any(i.file_size > wanted[i.filename] for i in infos):
                    raise SyncError("bundle_unreadable")
                return {i.filename: z.read(i) for i in infos}
        except _ZIP_ERRORS:
            # A pulled stick leaves a file without its central directory, or with bad CRCs.
            raise SyncError("bundle_unreadable") from None


def write_atomically(final: Path, members: Mapping[str, bytes], order: Sequence[str],
                     date_time: tuple[int, ...]) -> None:
    """Temp file in the same folder, fsync, rename over `final`, fsync the folder.

    The temp name starts with a dot and does not end in `.sbpbundle`, so a crash before the
    rename leaves nothing that looks like a bundle to a person or to the USB file list; the
    next export into the folder removes such leftovers (`clean_partials`).
    """
    clean_partials(final.parent)
    tmp = final.with_name(f".{final.name}.{secrets.token_hex(4)}.partial")
    try:
        with open(tmp, "xb") as f:
            with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED) as z:
                for name in order:
                    info = zipfile.ZipInfo(name, date_time=date_time)
                    info.external_attr = 0o644 << 16
                    z.writestr(info, members[name])
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if is_disk_full(exc):
            raise SyncError("bundle_disk_full", folder=str(final.parent)) from None
        raise
    fsync_dir(final.parent)


def clean_partials(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temp files of interrupted bundle writes in `folder`, except those touched in
    the last PARTIAL_GRACE_S seconds (another export may be writing one right now)."""
    now = time.time() if now is None else now
    removed = []
    try:
        candidates = [p for p in folder.iterdir() if _PARTIAL.match(p.name)]
    except OSError:
        return removed
    for path in candidates:
        try:
            if now - path.stat().st_mtime >= PARTIAL_GRACE_S:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder for fsync, and
    # some USB file systems refuse it: the file's own fsync already happened, so carry on.
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

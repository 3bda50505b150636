"""Reading a bundle's ZIP members from a path someone else chose, without trusting the path.

The path may name a FIFO (opening it blocks until someone writes), a device such as
`/dev/zero` (endless), a folder, or a file far larger than any bundle. Each is refused with a
`SyncError` before anything is read: the path must be a regular file no larger than
`MAX_FILE`, checked again on the open descriptor (the path may change in between). The ZIP's
own failures (cut short, bad CRC, a member flagged encrypted or compressed in a way zipfile
cannot read) are `bundle_unreadable`, never a traceback.
"""
from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Mapping
from typing import IO

from .errors import SyncError

# A bundle is three stored members; the largest allowed (ops.jsonl, 256 MiB) plus headroom.
MAX_FILE = 260 << 20
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

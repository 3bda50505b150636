"""Telling a full disk from every other failure, so the officer reads "ổ đĩa đầy / disk full".

SQLite reports a full disk as SQLITE_FULL ("database or disk is full") when a page cannot
be written, but as a plain "disk I/O error" when the WAL or its shared-memory file cannot be
created or grown (every open needs room for them). Python reports ENOSPC or EDQUOT. So an
error counts as "disk full" when it says so, or when it is an I/O error and the folder it
concerns has less than MIN_FREE left. A transaction that fails this way is rolled back by
SQLite: nothing written before is lost, and nothing half-written stays.
"""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from sbpdesk.db import cipher
from sbpdesk.domain.errors import DomainError

MIN_FREE = 1 << 20      # below 1 MiB a WAL cannot grow by much: the disk is as good as full
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_SQLITE_FULL = 13


def free_bytes(folder: str | os.PathLike[str]) -> int | None:
    """Free bytes on the file system holding `folder` (or its nearest existing parent)."""
    path = Path(folder)
    while not path.exists() and path.parent != path:
        path = path.parent
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def low_on_space(folder: str | os.PathLike[str] | None) -> bool:
    if folder is None:
        return False
    free = free_bytes(folder)
    return free is not None and free < MIN_FREE


def _chain(exc: BaseException | None):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        orig = getattr(exc, "orig", None)   # SQLAlchemy's wrapper of the DBAPI error
        if isinstance(orig, BaseException):
            yield orig
        exc = exc.__cause__ or exc.__context__


def is_disk_full(exc: BaseException, folder: str | os.PathLike[str] | None = None) -> bool:
    """Whether `exc` (or what caused it) means the disk holding `folder` is full."""
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno in _FULL_ERRNOS:
            return True
        if isinstance(e, cipher.errors()):   # sqlite3's, or SQLCipher's (decision 0200)
            if getattr(e, "sqlite_errorcode", None) == _SQLITE_FULL or "is full" in str(e):
                return True
            if "disk I/O error" in str(e) and low_on_space(folder):
                return True
    return False


def disk_full_error(folder: str | os.PathLike[str] | None = None) -> DomainError:
    where = f" ({folder})" if folder else ""
    return DomainError(
        "disk_full",
        f"Ổ đĩa đầy{where}: không ghi được. Mọi thứ đã ghi trước đó vẫn còn nguyên, thao tác "
        "này chưa được ghi. Hãy xóa bớt tệp không cần thiết rồi làm lại.",
        f"Disk full{where}: nothing could be written. Everything recorded before is intact; "
        "this action was not recorded. Free some space, then try again.")

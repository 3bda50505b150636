"""One running program per book (issue 14): a second copy opened on the same book folder
would open the same session and post beside the first. The first copy holds a `QLockFile`
in the book's folder (released by the OS lock's owner check when the program dies, so a power
cut leaves no lock behind) and writes who holds it beside it; a second copy says who that is
and stops.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

LOCK_NAME = "sbpdesk.lock"
HOLDER_NAME = "sbpdesk.lock.json"


@dataclass(frozen=True)
class Holder:
    """Who holds a book: the signed-in person (empty before sign-in), machine, since when."""
    user: str
    host: str
    since: str        # local time, dd/mm/yyyy HH:MM
    pid: int


class BookLock:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(self.folder / LOCK_NAME))
        self._lock.setStaleLockTime(0)     # never stale by age: only when its owner is gone
        self.held = False

    def acquire(self) -> Holder | None:
        """None when this program now holds the book; else who does."""
        if self._lock.tryLock(0):
            self.held = True
            self._write("")
            return None
        return self.holder()

    def holder(self) -> Holder:
        try:
            data = json.loads((self.folder / HOLDER_NAME).read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        info = self._lock.getLockInfo()     # (pid, host, app) when readable
        pid, host = (info[0], info[1]) if isinstance(info, tuple) and len(info) >= 2 else (0, "")
        return Holder(str(data.get("user") or ""), str(data.get("host") or host),
                      str(data.get("since") or ""), int(data.get("pid") or pid or 0))

    def set_user(self, full_name: str) -> None:
        """After sign-in: the name a second copy shows."""
        if self.held:
            self._write(full_name)

    def release(self) -> None:
        if self.held:
            self._lock.unlock()
            self.held = False

    def _write(self, user: str) -> None:
        data = {"user": user, "host": socket.gethostname(), "pid": os.getpid(),
                "since": dt.datetime.now().strftime("%d/%m/%Y %H:%M")}
        (self.folder / HOLDER_NAME).write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def holder_text(holder: Holder) -> str:
    who = holder.user or translate("BookLock", "(chưa đăng nhập)")
    return translate(
        "BookLock",
        "Sổ này đang được mở bởi một chương trình sbpdesk khác: {user}, máy {host}, từ {since}."
        " Mỗi sổ chỉ mở trong một chương trình: hãy dùng cửa sổ đang mở, hoặc đóng nó rồi mở"
        " lại.").format(user=who, host=holder.host or "?", since=holder.since or "?")


def claim_book(folder: Path, parent=None) -> BookLock | None:
    """The book's lock, held; or None after telling the person who holds it."""
    from . import errors
    lock = BookLock(folder)
    holder = lock.acquire()
    if holder is None:
        return lock
    errors.show_message(parent, "warning", translate("BookLock", "Sổ đang mở"),
                        holder_text(holder))
    return None

"""Đồng bộ qua mạng: the "Đồng bộ" button of the sync page, and syncing by itself.

The same exchange as `sbpdesk sync` (sync/client.py): the laptop's bundle is written on the
book's DbWorker (`client.prepare`), sent and the answer received on a thread of its own
(`client.exchange_file`: bounded timeouts, retries, progress), then imported on the DbWorker
(`client.finish`). The teller keeps working meanwhile: the worker is busy only for the
export and the import, never for the network. When the office allowed it at enrolment
(`sync.auto_minutes`), the panel syncs by itself every that many minutes and, after a failed
attempt, as soon as the office's server answers again (a `/health` probe every 30 s); the
result goes to the status bar. Keys: those the page opened in this sign-in (the first sync
asks for the password, as the USB export does); until then nothing runs by itself.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from sbpdesk.domain.errors import DomainError

from .i18n import current_language
from .pages.common import heading, muted

translate = QCoreApplication.translate
PROBE_MS = 30_000


def sync_settings(book) -> tuple[str | None, int]:
    """(the office's server URL or None, minutes between automatic syncs; 0 = never)."""
    from sbpdesk.sync import client  # here: the sync package stays out of start-up (0044)
    try:
        url = client.server_url(book)
    except DomainError:
        url = None
    return url, client.auto_minutes(book)


class NetSync(QObject):
    """One network sync at a time over a DbWorker; the transfer runs on its own thread."""

    progressed = Signal(str, int, int)      # stage, done, total (from the transfer thread)
    finished = Signal(object)               # the import report
    failed = Signal(object)                 # a DomainError
    _received = Signal(object, object)      # (Outgoing, counts): back to the GUI thread
    _lost = Signal(object)                  # the transfer failed: back to the GUI thread

    def __init__(self, worker, parent: QObject | None = None, policy: Any = None):
        super().__init__(parent)
        self.worker, self.policy = worker, policy
        self.busy = False
        self._keys = None
        self._received.connect(self._import)
        self._lost.connect(self._fail)

    def start(self, keys, url: str | None = None) -> bool:
        if self.busy:
            return False
        from sbpdesk.sync import client
        self.busy, self._keys = True, keys
        self.worker.run(lambda book: client.prepare(book, keys, url), on_done=self._send,
                        on_error=self._fail, name="network sync: export")
        return True

    def _send(self, out) -> None:
        threading.Thread(target=self._transfer, args=(out,), name="network sync",
                         daemon=True).start()

    def _transfer(self, out) -> None:
        from sbpdesk.sync import client
        from sbpdesk.sync.errors import SyncError
        try:
            _, _, _, counts = client.exchange_file(out.url, out.bundle, out.answer,
                                                   self.policy or client.Policy(),
                                                   self.progressed.emit)
        except DomainError as e:
            out.discard()
            self._lost.emit(e)
            return
        except Exception as e:   # never let the thread die silently
            out.discard()
            self._lost.emit(SyncError("sync_response_invalid", why=type(e).__name__))
            return
        self._received.emit(out, counts)

    def _import(self, out, counts: Any) -> None:
        from sbpdesk.sync import client
        keys = self._keys
        self.progressed.emit("import", 0, 1)
        self.worker.run(lambda book: client.finish(book, keys, out), on_done=self._done,
                        on_error=self._fail, name="network sync: import")

    def _done(self, report: dict) -> None:
        self.busy = False
        self.finished.emit(report)

    def _fail(self, e: DomainError) -> None:
        self.busy = False
        self.failed.emit(e)


class NetSyncPanel(QWidget):
    """The sync page's network box: the server, the "Đồng bộ" button, progress, result."""

    synced = Signal()                       # the book changed: the page reloads
    _back = Signal()                        # the probe reached the server

    def __init__(self, worker, with_keys: Callable[[str, Callable], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.worker, self.with_keys = worker, with_keys
        self.url: str | None = None
        self.auto_minutes = 0
        self.keys = None
        self.last_failed = False
        self.net = NetSync(worker, self)
        self.net.progressed.connect(self._progress)
        self.net.finished.connect(self._finished)
        self.net.failed.connect(self._failed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = heading()
        layout.addWidget(self.title)
        row = QHBoxLayout()
        self.button = QPushButton()
        self.button.clicked.connect(self.sync_now)
        row.addWidget(self.button)
        self.server_label = muted()
        row.addWidget(self.server_label, 1)
        layout.addLayout(row)
        self.bar = QProgressBar()
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.bar.hide()
        layout.addWidget(self.bar)
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.timer = QTimer(self)                 # every auto_minutes
        self.timer.timeout.connect(lambda: self.sync_by_itself())
        self.probe = QTimer(self)                 # after a failure: is the server back?
        self.probe.setInterval(PROBE_MS)
        self.probe.timeout.connect(self._probe)
        self._back.connect(self.sync_by_itself)
        self.translate_ui()

    def translate_ui(self) -> None:
        self.title.setText(translate("NetSync", "Đồng bộ qua mạng"))
        self.button.setText(translate("NetSync", "Đồng bộ"))
        self._show_server()

    def _show_server(self) -> None:
        if self.url:
            text = translate("NetSync", "Máy chủ: {url}").format(url=self.url)
            if self.auto_minutes:
                text += " · " + translate("NetSync", "tự đồng bộ mỗi {n} phút").format(
                    n=self.auto_minutes)
        else:
            text = translate("NetSync", "Chưa có địa chỉ máy chủ của phòng giao dịch: hãy "
                                        "đồng bộ bằng USB.")
        self.server_label.setText(text)
        self.button.setEnabled(bool(self.url) and not self.net.busy)

    def load(self) -> None:
        """Read the server and the office's auto-sync minutes from the book."""
        self.worker.run(sync_settings, on_done=self._loaded, name="network sync settings")

    def _loaded(self, settings: tuple[str | None, int]) -> None:
        self.url, self.auto_minutes = settings
        if self.auto_minutes and self.url:
            self.timer.start(self.auto_minutes * 60_000)
        else:
            self.timer.stop()
        self._show_server()

    # --- syncing ----------------------------------------------------------------------------

    def sync_now(self) -> None:
        self.with_keys(translate("NetSync", "Đồng bộ với phòng giao dịch."), self._start)

    def sync_by_itself(self) -> bool:
        """An automatic attempt: only with keys opened in this sign-in, never twice at once."""
        if self.keys is None or not self.url or not self.auto_minutes or self.net.busy:
            return False
        return self._start(self.keys)

    def _start(self, keys) -> bool:
        self.keys = keys
        if not self.net.start(keys, self.url):
            return False
        self.button.setEnabled(False)
        self.bar.setRange(0, 0)
        self.bar.show()
        self._say(translate("NetSync", "Đang đồng bộ với phòng giao dịch…"), ok=None)
        return True

    def _progress(self, stage: str, done: int, total: int) -> None:
        if stage == "import" or total <= 0:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * done / total))

    def _finished(self, report: dict) -> None:
        self.bar.hide()
        self.last_failed = False
        self.probe.stop()
        counts = report.get("counts") or {}
        self._say(translate("NetSync", "Đã đồng bộ với phòng giao dịch: nhận {n} nghiệp vụ "
                                       "({a} đã áp dụng).").format(
            n=len(report.get("ops") or []), a=counts.get("applied", 0)), ok=True)
        self._show_server()
        self.synced.emit()

    def _failed(self, e: DomainError) -> None:
        self.bar.hide()
        self.last_failed = True
        if self.auto_minutes and self.keys is not None:
            self.probe.start()
        self._say(e.message(current_language()), ok=False)
        self._show_server()

    def _probe(self) -> None:
        """After a failure: try again as soon as the server answers (the network is back)."""
        from sbpdesk.sync import client
        url = self.url
        if not url or self.net.busy:
            return

        def check() -> None:
            if client.reachable(url):
                self._back.emit()
        threading.Thread(target=check, daemon=True).start()

    def _say(self, text: str, ok: bool | None) -> None:
        colour = {True: "#1b5e20", False: "#b71c1c", None: "#52606d"}[ok]
        self.result.setStyleSheet(f"color: {colour};")
        self.result.setText(text)
        window = self.window()
        if window is not self and hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 60_000)

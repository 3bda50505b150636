"""Đồng bộ: bundles to and from the office over a USB stick, and this laptop's enrolment.

- **Drives**: the removable drives (`ui/drives.py`, which also holds the worker tasks that
  read and write files on them), and any folder picked with "Chọn thư mục…". Refreshed by a
  button and every few seconds while the page is shown.
- **Xuất gói gửi văn phòng**: one click. The sync keys are opened once per sign-in
  (`dialogs.enrol.UnlockKeysDialog`: the user's password, else the enrolment password), then
  `exchange.export_bundle` writes the bundle on the worker; the bundle is written atomically
  and read back before the page says so.
- **Nhận gói từ văn phòng**: the drive's `*.sbpbundle` files addressed to this laptop (their
  clear manifests), the newest not yet received chosen; one click imports it on the worker and
  shows the counts and each operation's outcome. A refused bundle (`SyncError`) changes
  nothing; its message and what to do appear in a red box.
- **Nghiệp vụ của máy này**: every operation this laptop recorded, newest first: chờ gửi,
  đã xuất gói (chờ văn phòng xác nhận), văn phòng đã nhận, or the outcome recorded here
  (treo, bị từ chối, tạm giữ) with its reason.
- **Enrolment** (a book with no origin yet): the panel of `enrol_panel.py` (request, then
  complete from the office's response).

The page's words (status and outcome names, hints, columns) are in `sync_texts.py`.
Database and file work runs on the DbWorker thread; the page imports no database module.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..drives import (
    BundleFile,
    Drive,
    DriveScan,
    ExportDone,
    ImportDone,
    export_to,
    import_from,
    picked_drive,
    removable_drives,
    scan_drive,
)
from ..i18n import current_language
from ..models import RowTableModel
from . import Page
from .common import AppState, frame, heading, muted, refresh_headers, table_view
from .enrol_panel import EnrolPanel
from .sync_texts import (
    IMPORT_COLUMNS,
    OP_COLUMNS,
    local_time,
    outcome_name,
    refusal_hint,
    size_text,
    status_text,
    sync_state_text,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

DRIVE_REFRESH_MS = 3000


# --- the page ----------------------------------------------------------------------------------

class ProblemBox(QFrame):
    """A clear red box: what went wrong, the message, what to do; "nothing changed"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SyncProblem")
        self.setStyleSheet("QFrame#SyncProblem { border: 2px solid #c62828; border-radius: 4px;"
                           " background: #fdecea; } QFrame#SyncProblem QLabel { color: #7f1d1d; }")
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.error: DomainError | None = None
        self.hide()

    def show_problem(self, title: str, error: DomainError | str, hint: str = "") -> None:
        self.error = error if isinstance(error, DomainError) else None
        message = error.message(current_language()) if isinstance(error, DomainError) else error
        self.title.setText(title)
        self.text.setText(f"{message}\n{hint}".strip())
        self.show()

    def clear(self) -> None:
        self.error = None
        self.hide()


class SyncPage(Page):
    title_source = "Đồng bộ"

    status_loaded = Signal()    # the sync state was (re)loaded: the status bar shows it

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.status = None                      # sync_status.SyncStatus
        self.keys = None                        # BookKeys, once unlocked (this sign-in)
        self.drives: list[Drive] = []
        self.picked: list[Drive] = []
        self.scan: DriveScan | None = None
        self.last_export: ExportDone | None = None
        self.last_import: ImportDone | None = None
        self._unlock = None                     # the open UnlockKeysDialog (tests)
        self._busy = False
        self._own_change = False
        self._result_text = None

        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        # status line (`message`: what the sync state is, in a sentence or two)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 11pt;")
        layout.addWidget(self.message)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        # drives
        drives_box = frame()
        drives_layout = QVBoxLayout(drives_box)
        self.drives_title = heading()
        drives_layout.addWidget(self.drives_title)
        self.drive_list = QListWidget()
        self.drive_list.setMaximumHeight(92)
        self.drive_list.currentRowChanged.connect(self._drive_chosen)
        self.drives_title.setBuddy(self.drive_list)
        drives_layout.addWidget(self.drive_list)
        row = QHBoxLayout()
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh_drives)
        self.pick_button = QPushButton()
        self.pick_button.clicked.connect(self.pick_folder)
        row.addWidget(self.refresh_button)
        row.addWidget(self.pick_button)
        row.addStretch(1)
        drives_layout.addLayout(row)
        self.no_drive = muted()
        drives_layout.addWidget(self.no_drive)
        grid.addWidget(drives_box, 0, 0)
        # actions
        actions_box = frame()
        actions = QVBoxLayout(actions_box)
        self.actions_title = heading()
        actions.addWidget(self.actions_title)
        send_row = QHBoxLayout()
        self.export_button = QPushButton()
        self.export_button.setObjectName("Primary")
        # The theme's #Primary rule outranks its :disabled rule: grey it out here.
        self.export_button.setStyleSheet(
            "QPushButton#Primary:disabled { background: #f5f6f8; color: #52606d;"
            " border-color: #c3cad3; }")
        self.export_button.clicked.connect(self.export)
        send_row.addWidget(self.export_button)
        self.export_hint = muted()
        send_row.addWidget(self.export_hint, 1)
        actions.addLayout(send_row)
        receive_row = QHBoxLayout()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_selected)
        receive_row.addWidget(self.import_button)
        self.bundle_list = QListWidget()
        self.bundle_list.setMaximumHeight(64)
        self.bundle_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.bundle_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        receive_row.addWidget(self.bundle_list, 1)
        actions.addLayout(receive_row)
        self.bundle_note = muted()
        actions.addWidget(self.bundle_note)
        from ..netsync import NetSyncPanel  # the network road (ui/netsync.py)
        self.netsync = NetSyncPanel(self.worker, self.with_keys)
        self.netsync.synced.connect(self._after_task)
        actions.addWidget(self.netsync)
        grid.addWidget(actions_box, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        layout.addLayout(grid)
        # enrolment (only before the laptop is enrolled)
        self.enrol_box = EnrolPanel(worker, self.state, self.folder)
        layout.addWidget(self.enrol_box)
        # progress, result, problem
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.progress_label = muted()
        self.progress_label.hide()
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        layout.addLayout(progress_row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        layout.addWidget(self.result)
        self.problem = ProblemBox()
        layout.addWidget(self.problem)
        self.enrol_box.started.connect(self._start)
        self.enrol_box.failed.connect(self.problem.show_problem)
        self.enrol_box.succeeded.connect(self._success)
        self.enrol_box.finished.connect(self._after_task)
        self.enrol_box.changed.connect(self._enrolment_changed)
        # tables
        self.tabs = QTabWidget()
        self.ops_model = RowTableModel(OP_COLUMNS)
        self.ops_view = table_view(self.ops_model, stretch="summary")
        self.import_model = RowTableModel(IMPORT_COLUMNS)
        self.import_view = table_view(self.import_model, stretch="summary")
        self.tabs.addTab(self.ops_view, "")
        self.tabs.addTab(self.import_view, "")
        layout.addWidget(self.tabs, 1)

        self.setTabOrder(self.drive_list, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.pick_button)
        self.setTabOrder(self.pick_button, self.export_button)
        self.setTabOrder(self.export_button, self.import_button)
        self.setTabOrder(self.import_button, self.bundle_list)
        self.setTabOrder(self.bundle_list, self.tabs)

        self.timer = QTimer(self)
        self.timer.setInterval(DRIVE_REFRESH_MS)
        self.timer.timeout.connect(self.refresh_drives)
        self.state.changed.connect(self._book_changed)   # a session change emits it too
        self.refresh_drives()
        self.translate_ui()

    # --- showing ----------------------------------------------------------------------------

    def showEvent(self, event):
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event):
        self.timer.stop()
        super().hideEvent(event)

    def _book_changed(self) -> None:
        if self._own_change:
            return
        if self.isVisible():
            self.refresh()
        else:
            self.load_status(operations=False)    # the status bar's few words

    def refresh(self) -> None:
        self.refresh_drives()
        self.load_status()
        self.scan_drive()
        if self.worker is not None:
            self.netsync.keys = self.netsync.keys or self.keys   # opened for a USB export
            self.netsync.load()

    def load_status(self, operations: bool = True) -> None:
        if self.worker is None:
            return

        def load(book):
            from sbpdesk.services import sync_status
            return (sync_status.sync_status(book),
                    sync_status.own_operations(book) if operations else None)
        self.worker.run(load, on_done=self._loaded, name="sync status")

    def _loaded(self, result) -> None:
        self.status, ops = result
        if ops is not None:
            self.ops_model.set_rows(ops)
        self.translate_ui()
        self.status_loaded.emit()

    def folder(self) -> str | None:
        drive = self.current_drive()
        return drive.path if drive is not None else None

    def current_drive(self) -> Drive | None:
        row = self.drive_list.currentRow()
        return self.drives[row] if 0 <= row < len(self.drives) else None

    # --- drives -----------------------------------------------------------------------------

    def refresh_drives(self) -> None:
        """List the drives again, keeping the chosen one selected."""
        current = self.folder()
        found = removable_drives()
        paths = {os.path.normcase(d.path) for d in found}
        drives = found + [d for d in self.picked if os.path.normcase(d.path) not in paths]
        if [d.path for d in drives] == [d.path for d in self.drives]:
            return
        self.drives = drives
        self.drive_list.blockSignals(True)
        self.drive_list.clear()
        for d in drives:
            self.drive_list.addItem(QListWidgetItem(self._drive_text(d)))
        index = next((i for i, d in enumerate(drives) if d.path == current), None)
        if index is None and drives:
            index = 0
        self.drive_list.setCurrentRow(-1 if index is None else index)
        self.drive_list.blockSignals(False)
        if self.folder() != current:
            self.scan_drive()
        self._update_enabled()
        self._set_drive_note()

    def _drive_text(self, d: Drive) -> str:
        parts = [d.name]
        if d.name != d.path:
            parts.append(f"({d.path})")
        free = size_text(d.free_bytes)
        if free:
            parts.append(f"— {free}")
        return " ".join(parts)

    def _set_drive_note(self) -> None:
        self.no_drive.setText(translate(
            "SyncPage", "Chưa thấy USB nào. Hãy cắm USB rồi bấm “Làm mới”, hoặc chọn một "
            "thư mục.") if not self.drives else "")
        self.no_drive.setVisible(not self.drives)

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("SyncPage", "Chọn thư mục chứa gói đồng bộ"),
            self.folder() or QDir.homePath())
        if folder:
            self.use_folder(folder)

    def use_folder(self, folder: str) -> None:
        """List `folder` as a drive and show its bundles (a folder picked, or the folder of
        a bundle file opened from Windows Explorer: `sbpdesk FILE.sbpbundle`)."""
        folder = str(Path(folder))
        if all(os.path.normcase(d.path) != os.path.normcase(folder) for d in self.picked):
            self.picked.append(picked_drive(folder))
        self.drives = []          # force the list to be rebuilt
        self.refresh_drives()
        index = next((i for i, d in enumerate(self.drives)
                      if os.path.normcase(d.path) == os.path.normcase(folder)), None)
        if index is not None:
            self.drive_list.setCurrentRow(index)

    def _drive_chosen(self, _row: int) -> None:
        self.result.hide()
        self.problem.clear()
        self.scan_drive()
        self._update_enabled()

    def scan_drive(self) -> None:
        folder = self.folder()
        if folder is None or self.worker is None:
            self.scan = None
            self._show_bundles()
            return
        self.worker.run(lambda book: scan_drive(book, folder),
                        on_done=lambda s: self._scanned(folder, s), name="scan drive")

    def _scanned(self, folder: str, scan: DriveScan) -> None:
        if folder != self.folder():
            return
        self.scan = scan
        self._show_bundles()

    def _show_bundles(self) -> None:
        selected = self.selected_bundle()
        self.bundle_list.clear()
        scan = self.scan
        bundles = scan.bundles if scan is not None else ()
        chosen = 0
        for i, b in enumerate(bundles):
            state = (translate("SyncPage", "đã nhận") if b.received else
                     translate("SyncPage", "mới"))
            item = QListWidgetItem(translate(
                "SyncPage", "{state} — {n} nghiệp vụ — văn phòng xuất lúc {time}")
                .format(state=state, n=b.op_count, time=local_time(b.created_at)))
            item.setToolTip(b.path)
            item.setData(Qt.ItemDataRole.UserRole, b.path)
            self.bundle_list.addItem(item)
            if selected is not None and b.path == selected.path:
                chosen = i
        if selected is None:       # one click: the newest bundle not yet received
            chosen = next((i for i, b in enumerate(bundles) if not b.received), 0)
        if bundles:
            self.bundle_list.setCurrentRow(chosen)
        notes = []
        if scan is not None and not bundles:
            notes.append(translate("SyncPage", "Không có gói nào gửi cho máy này trên ổ đã "
                                   "chọn."))
        if scan is not None and scan.others:
            notes.append(translate("SyncPage", "{n} gói khác không dành cho máy này.")
                         .format(n=scan.others))
        if scan is not None and scan.unreadable:
            notes.append(translate("SyncPage", "{n} tệp gói không đọc được.")
                         .format(n=scan.unreadable))
        self.bundle_note.setText(" ".join(notes))
        self._update_enabled()

    def selected_bundle(self) -> BundleFile | None:
        if self.scan is None:
            return None
        item = self.bundle_list.currentItem()
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((b for b in self.scan.bundles if b.path == path), None)

    # --- busy -------------------------------------------------------------------------------

    def _start(self, text: str) -> None:
        self._busy = True
        self.result.hide()
        self.problem.clear()
        self.progress_label.setText(text)
        self.progress_label.show()
        self.progress.show()
        self._update_enabled()

    def _stop(self) -> None:
        self._busy = False
        self.progress.hide()
        self.progress_label.hide()
        self._update_enabled()

    def _update_enabled(self) -> None:
        enrolled = (self.status is not None and self.status.enrolled
                    and not self.enrol_box.enrolled_now)
        has_drive = self.folder() is not None
        self.export_button.setEnabled(enrolled and has_drive and not self._busy)
        self.import_button.setEnabled(enrolled and has_drive and not self._busy
                                      and self.bundle_list.count() > 0)
        self.enrol_box.set_enabled(has_drive and not self._busy)

    def _success(self, text) -> None:
        """Show a success sentence; `text` is a function giving it in the current language."""
        self._result_text = text
        self.result.setText(text())
        self.result.show()

    # --- keys -------------------------------------------------------------------------------

    def with_keys(self, action: str, then) -> None:
        """Run `then(keys)` once the sync keys are open (asking for the password once)."""
        if self.keys is not None:
            then(self.keys)
            return
        from ..dialogs.enrol import UnlockKeysDialog
        dialog = UnlockKeysDialog(self.worker, self.state.username, action, self,
                                  demo=self.state.demo)
        self._unlock = dialog

        def unlocked(keys):
            self.keys = keys
            then(keys)
        dialog.unlocked.connect(unlocked)
        dialog.open()

    # --- export -----------------------------------------------------------------------------

    def export(self) -> None:
        folder = self.folder()
        if folder is None:
            return
        self.with_keys(translate("SyncPage", "Xuất gói gửi văn phòng."),
                       lambda keys: self._export(keys, folder))

    def _export(self, keys, folder: str) -> None:
        self._start(translate("SyncPage", "Đang ghi gói vào {folder} và đọc lại kiểm tra…")
                    .format(folder=folder))
        self.worker.run(lambda book: export_to(book, keys, folder), on_done=self._exported,
                        on_error=lambda e: self.problem.show_problem(
                            translate("SyncPage", "Chưa xuất được gói. Sổ không thay đổi."), e),
                        on_finally=self._after_task, name="export bundle")

    def _exported(self, done: ExportDone) -> None:
        self.last_export = done
        self._success(lambda: translate(
            "SyncPage", "Đã ghi gói {name} ({n} nghiệp vụ) và đọc lại kiểm tra. Có thể rút USB "
            "và mang đến phòng giao dịch.").format(name=done.name, n=done.op_count))

    def _after_task(self) -> None:
        self._stop()
        self.refresh()
        self._own_change = True
        try:
            self.state.changed.emit()      # home shows the sync state too
        finally:
            self._own_change = False

    # --- import -----------------------------------------------------------------------------

    def import_selected(self) -> None:
        bundle = self.selected_bundle()
        if bundle is None:
            return
        self.with_keys(translate("SyncPage", "Nhận gói từ văn phòng."),
                       lambda keys: self._import(keys, bundle))

    def _import(self, keys, bundle: BundleFile) -> None:
        self._start(translate("SyncPage", "Đang kiểm tra và nhận gói {name}…")
                    .format(name=bundle.name))
        self.worker.run(lambda book: import_from(book, keys, bundle.path),
                        on_done=self._imported, on_error=self._refused,
                        on_finally=self._after_task, name="import bundle")

    def _refused(self, error: DomainError) -> None:
        self.problem.show_problem(
            translate("SyncPage", "Không nhận gói này. Sổ không thay đổi."), error,
            refusal_hint(error.code))

    def _imported(self, done: ImportDone) -> None:
        self.last_import = done
        self.import_model.set_rows(done.lines)
        self.tabs.setCurrentIndex(1)
        self._success(lambda: self._import_text(done))

    def _import_text(self, done: ImportDone) -> str:
        counts = dict(done.counts)
        parts = [f"{outcome_name(k)}: {v}" for k, v in counts.items() if v]
        text = translate("SyncPage", "Đã nhận gói {name}: {n} nghiệp vụ ({parts}).").format(
            name=done.name, n=sum(counts.values()),
            parts="; ".join(parts) or translate("SyncPage", "không có nghiệp vụ mới"))
        if done.salvage:
            text += "\n" + translate(
                "SyncPage", "Văn phòng giữ nhiều nghiệp vụ của máy này hơn sổ: sổ này là bản "
                "sao hoặc bản khôi phục. Hãy xuất gói rồi đăng ký lại máy.")
        return text

    # --- enrolment (enrol_panel.py) -------------------------------------------------------

    def _enrolment_changed(self) -> None:
        if self.enrol_box.enrolled_now:
            self.keys = None              # the keys were the temporary administrator's
        self.translate_ui()

    # --- texts ------------------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.netsync.translate_ui()
        self.drives_title.setText(translate("SyncPage", "&USB và thư mục"))
        self.refresh_button.setText(translate("SyncPage", "Làm mới"))
        self.pick_button.setText(translate("SyncPage", "Chọn thư mục…"))
        self.actions_title.setText(translate("SyncPage", "Trao đổi với phòng giao dịch"))
        self.export_button.setText(translate("SyncPage", "Xuất gói gửi văn phòng"))
        self.import_button.setText(translate("SyncPage", "Nhận gói từ văn phòng"))
        self.tabs.setTabText(0, translate("SyncPage", "Nghiệp vụ của máy này"))
        self.tabs.setTabText(1, translate("SyncPage", "Kết quả nhận gói"))
        self.enrol_box.translate_ui()
        self._set_drive_note()
        if self._result_text is not None and self.result.isVisible():
            self.result.setText(self._result_text())
        refresh_headers(self)
        s = self.status
        if s is None:
            self.message.setText("")
            self.export_hint.setText("")
            self._update_enabled()
            return
        self.enrol_box.setVisible(not s.enrolled or self.enrol_box.enrolled_now)
        if not s.enrolled:
            self.message.setText(translate("SyncPage", "Máy này chưa đăng ký với phòng giao "
                                           "dịch: chưa thể gửi hay nhận gói."))
        else:
            self.message.setText(status_text(s))
        self.export_hint.setVisible(s.enrolled)
        self.export_hint.setText(
            translate("SyncPage", "Gói sẽ mang {n} nghiệp vụ văn phòng chưa xác nhận.")
            .format(n=s.waiting) if s.waiting
            else translate("SyncPage", "Không còn nghiệp vụ chờ gửi (gói vẫn mang xác nhận "
                           "cho văn phòng)."))
        self._update_enabled()

    def short_status(self) -> str | None:
        """For the status bar: None until loaded (the bar then says "chưa đồng bộ")."""
        return sync_state_text(self.status) if self.status is not None else None

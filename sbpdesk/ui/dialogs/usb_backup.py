"""An encrypted copy of the book on a USB stick, from the settings page (issue 21).

`UsbBackupDialog` offers the removable drives Qt sees (`drives.removable_drives`) or a folder
picked, asks for the copy's passphrase twice (≥ 8 characters, never stored: without it the
copy cannot be restored) and writes `services.backup.export_encrypted` on the worker — a
verified online backup, sealed with AES-GCM under an argon2id key, written atomically. A
full stick is "Ổ đĩa đầy / Disk full" and leaves no file. Emits `written(path)`.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..widgets import FieldError, with_error_label
from .enrol import _PasswordBase

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class UsbBackupDialog(_PasswordBase):
    written = Signal(str)          # the .sbpbackup file written

    def __init__(self, worker, parent: QWidget | None = None):
        super().__init__(parent)
        self._worker = worker
        self.path: str | None = None
        self.drive = QComboBox()
        self.pick_button = QPushButton()
        self.pick_button.clicked.connect(self.pick_folder)
        where = QHBoxLayout()
        where.addWidget(self.drive, 1)
        where.addWidget(self.pick_button)
        self.drive_error = FieldError()
        self.drive_label = QLabel()
        self.drive_label.setBuddy(self.drive)
        holder = QWidget()
        holder.setLayout(where)
        self.form.addRow(self.drive_label, with_error_label(holder, self.drive_error))
        self._finish_layout()
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_error = FieldError()
        self.repeat_label = QLabel()
        self.repeat_label.setBuddy(self.repeat)
        self.form.addRow(self.repeat_label, with_error_label(self.repeat, self.repeat_error))
        self.fill_drives()
        self.translate_ui()

    def fill_drives(self) -> None:
        from ..drives import removable_drives
        self.drive.clear()
        for d in removable_drives():
            self.drive.addItem(f"{d.name} ({d.path})", d.path)

    def choose_folder(self, folder: str) -> None:
        """A folder picked (or given by a test): listed and chosen."""
        at = self.drive.findData(folder)
        if at < 0:
            self.drive.addItem(folder, folder)
            at = self.drive.count() - 1
        self.drive.setCurrentIndex(at)

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("UsbBackup", "Chọn USB hoặc thư mục"),
            self.drive.currentData() or QDir.homePath())
        if folder:
            self.choose_folder(folder)

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("UsbBackup", "Sao lưu vào USB"))
        self.explain.setText(translate(
            "UsbBackup", "Một bản sao đầy đủ của sổ, đã kiểm tra, được mã hóa bằng mật khẩu "
            "bản sao lưu. Mật khẩu này không được lưu ở đâu: không có nó thì không khôi phục "
            "được. Giữ USB ở nơi an toàn, tách khỏi máy."))
        self.drive_label.setText(translate("UsbBackup", "&USB"))
        self.pick_button.setText(translate("UsbBackup", "Chọn thư &mục…"))
        self.password_label.setText(translate("UsbBackup", "Mật &khẩu bản sao lưu"))
        self.repeat_label.setText(translate("UsbBackup", "&Nhập lại mật khẩu"))
        self.ok_button.setText(translate("UsbBackup", "&Sao lưu"))
        self.cancel_button.setText(translate("UsbBackup", "Hủy"))

    def check(self) -> None:
        for label in (self.error, self.drive_error, self.repeat_error):
            label.clear_error()
        folder, passphrase = self.drive.currentData(), self.password.text()
        if not folder:
            self.drive_error.show_error(translate(
                "UsbBackup", "Chưa có USB: cắm USB vào hoặc chọn một thư mục."))
            return
        if passphrase != self.repeat.text():
            self.repeat_error.show_error(translate("UsbBackup", "Hai lần nhập không khớp."))
            self.repeat.selectAll()
            self.repeat.setFocus()
            return
        self.ok_button.setEnabled(False)

        def export(book):
            from sbpdesk.services import backup
            return str(backup.export_encrypted(book, Path(folder), passphrase))
        self._worker.run(export, on_done=self._done, on_error=self._failed,
                         on_finally=lambda: self.ok_button.setEnabled(True), name="usb backup")

    def _failed(self, error: DomainError) -> None:
        if error.field == "passphrase":
            self._refused(error)
        else:
            self.drive_error.show_error(error)

    def _done(self, path: str) -> None:
        self.path = path
        self.written.emit(path)
        self.accept()

"""The sync page's enrolment panel, shown until the laptop is enrolled.

"Tạo yêu cầu đăng ký máy" writes the request to the chosen drive and shows the laptop's
fingerprint to read aloud; "Hoàn tất đăng ký" reads the office's response (found on the
drive, or picked), shows the office fingerprint to compare and completes. The office's users
then replace the local administrator: restart and sign in.

The panel runs its tasks on the page's worker and tells the page through signals, so that
the page shows progress, success and problems in one place for all its actions.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..drives import EnrolFiles, find_responses, io_error
from .common import AppState, heading

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

REQUEST_NAME = "yeu-cau-dang-ky-may.sbpenrol"


class EnrolPanel(QFrame):
    started = Signal(str)             # a task began: the page shows this text and waits
    failed = Signal(str, object)      # (what did not happen, DomainError or text)
    succeeded = Signal(object)        # a function giving the success sentence in the language
    finished = Signal()               # a task ended, either way: the page refreshes
    changed = Signal()                # the request was made or the enrolment completed

    def __init__(self, worker, state: AppState, folder: Callable[[], str | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.worker, self.state, self.folder = worker, state, folder
        self.request_fingerprint: str | None = None
        self.enrolled_now = False
        self._dialog = None                     # an open enrolment dialog (tests)
        layout = QVBoxLayout(self)
        self.title = heading()
        layout.addWidget(self.title)
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        self.request_button = QPushButton()
        self.request_button.clicked.connect(self.make_request)
        self.complete_button = QPushButton()
        self.complete_button.clicked.connect(self.complete_enrolment)
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(QApplication.quit)
        self.quit_button.hide()
        buttons.addWidget(self.request_button)
        buttons.addWidget(self.complete_button)
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        from ..dialogs.enrol import fingerprint_label
        self.fingerprint_caption = QLabel()
        self.fingerprint_caption.setWordWrap(True)
        self.fingerprint = fingerprint_label()
        self.fingerprint_caption.hide()
        self.fingerprint.hide()
        layout.addWidget(self.fingerprint_caption)
        layout.addWidget(self.fingerprint)
        self.hide()

    def set_enabled(self, ready: bool) -> None:
        """`ready`: a drive is chosen and the page is not busy."""
        self.request_button.setEnabled(ready and not self.enrolled_now)
        self.complete_button.setEnabled(ready and not self.enrolled_now)

    # --- 1. the request ---------------------------------------------------------------------

    def make_request(self) -> None:
        folder = self.folder()
        if folder is None:
            return
        from ..dialogs.enrol import PasswordDialog
        dialog = PasswordDialog(self.worker, self.state.username, self)
        self._dialog = dialog
        dialog.entered.connect(lambda password: self._request(folder, password))
        dialog.open()

    def _request(self, folder: str, password: str) -> None:
        out = str(Path(folder) / REQUEST_NAME)

        def go(book):
            from sbpdesk.sync import enrol
            try:
                req = enrol.request(book, password, out)
            except OSError as e:
                raise io_error(e, folder) from None
            return str(req.path), req.fingerprint
        self.started.emit(translate("SyncPage", "Đang tạo yêu cầu đăng ký máy…"))
        self.worker.run(go, on_done=self._requested,
                        on_error=lambda e: self.failed.emit(
                            translate("SyncPage", "Chưa tạo được yêu cầu đăng ký."), e),
                        on_finally=self.finished.emit, name="enrol request")

    def _requested(self, result) -> None:
        path, fingerprint = result
        self.request_fingerprint = fingerprint
        self.succeeded.emit(lambda: translate(
            "SyncPage", "Đã ghi yêu cầu đăng ký vào {path}. Mang USB đến phòng giao dịch và đọc "
            "dấu vân tay dưới đây cho cán bộ văn phòng so sánh.").format(path=path))
        self.changed.emit()

    # --- 2. the office's response -----------------------------------------------------------

    def complete_enrolment(self) -> None:
        folder = self.folder()
        if folder is None:
            return
        self.worker.run(lambda book: find_responses(book, folder),
                        on_done=lambda found: self._responses_found(folder, found),
                        name="find responses")

    def _responses_found(self, folder: str, found: EnrolFiles) -> None:
        if found.fingerprint is None:
            self.failed.emit(translate("SyncPage", "Chưa hoàn tất được đăng ký."),
                             translate("SyncPage", "Máy này chưa tạo yêu cầu đăng ký. "
                                       "Hãy bấm “Tạo yêu cầu đăng ký máy” trước."))
            return
        path = found.responses[0] if len(found.responses) == 1 else None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, translate("SyncPage", "Chọn tệp trả lời đăng ký của văn phòng"), folder,
                translate("SyncPage", "Tệp đăng ký (*.sbpenrol)"))
        if not path:
            return

        def read(book):
            from sbpdesk.sync import enrol
            body = enrol.read_response(path)
            return (body["office_fingerprint"], str(body["office_code"]),
                    tuple(body.get("points") or ()), str(body["device_id"]))
        self.worker.run(read, on_done=lambda r: self._confirm(path, *r),
                        on_error=lambda e: self.failed.emit(
                            translate("SyncPage", "Chưa hoàn tất được đăng ký."), e),
                        name="read response")

    def _confirm(self, path: str, office_fp: str, office: str, points, device: str) -> None:
        from ..dialogs.enrol import CompleteEnrolDialog
        dialog = CompleteEnrolDialog(office_fingerprint=office_fp, office_code=office,
                                     points=tuple(points), device_id=device, parent=self)
        self._dialog = dialog
        dialog.confirmed.connect(lambda password: self._complete(path, password))
        dialog.open()

    def _complete(self, path: str, password: str) -> None:
        username = self.state.username

        def go(book):
            from sbpdesk.sync import enrol
            done = enrol.complete(book, username, password, path)
            return done.device_id, done.office_code, sum(done.counts.values())
        self.started.emit(translate("SyncPage", "Đang hoàn tất đăng ký và nhận dữ liệu của văn "
                                    "phòng…"))
        self.worker.run(go, on_done=self._completed,
                        on_error=lambda e: self.failed.emit(
                            translate("SyncPage", "Chưa hoàn tất được đăng ký."), e),
                        on_finally=self.finished.emit, name="enrol complete")

    def _completed(self, result) -> None:
        device, office, count = result
        self.enrolled_now = True
        self.succeeded.emit(lambda: translate(
            "SyncPage", "Máy đã được đăng ký với phòng giao dịch {office} (mã máy {device}); "
            "đã nhận {n} nghiệp vụ. Người dùng của văn phòng thay cho tài khoản quản trị tạm: "
            "hãy đóng chương trình, mở lại và đăng nhập bằng tài khoản văn phòng cấp.")
            .format(office=office, device=device, n=count))
        self.quit_button.show()
        self.changed.emit()

    # --- texts ------------------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.title.setText(translate("SyncPage", "Đăng ký máy với phòng giao dịch"))
        self.text.setText(translate(
            "SyncPage", "Máy này chưa được đăng ký. Bước 1: chọn USB, bấm “Tạo yêu cầu đăng ký "
            "máy”, mang tệp yêu cầu đến phòng giao dịch và đọc dấu vân tay cho cán bộ văn phòng "
            "so sánh. Bước 2: cắm USB có tệp trả lời của văn phòng, bấm “Hoàn tất đăng ký” và "
            "so sánh dấu vân tay của văn phòng."))
        self.request_button.setText(translate("SyncPage", "Tạo yêu cầu đăng ký máy"))
        self.complete_button.setText(translate("SyncPage", "Hoàn tất đăng ký"))
        self.quit_button.setText(translate("SyncPage", "Đóng chương trình"))
        self.fingerprint_caption.setText(translate(
            "SyncPage", "Dấu vân tay của máy này (đọc cho phòng giao dịch so sánh):"))
        if self.request_fingerprint:
            from ..dialogs.enrol import fingerprint_text
            self.fingerprint.setText(fingerprint_text(self.request_fingerprint))
        self.fingerprint.setVisible(bool(self.request_fingerprint))
        self.fingerprint_caption.setVisible(bool(self.request_fingerprint))

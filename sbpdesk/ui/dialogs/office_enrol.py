"""Nhận yêu cầu đăng ký máy: the office accepts a laptop's request file (issue 16).

`AcceptEnrolDialog(worker, request, points)` shows the laptop's fingerprint from the request
in big digits, to compare with what the point's officer reads over the phone; a tick that
they match, the laptop's name, the points it will serve (their leases go to it) and the
signed-in administrator's password (it opens the office's keys). OK runs `enrol.accept` on
the worker — `device.enrol`, `lease.grant` per point and `state.pack`, then the response
file, signed and sealed to the laptop, written beside the request — and emits
`accepted(Accepted)`; the page then shows the office's fingerprint to read back.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from sbpdesk.domain.errors import DomainError

from ..widgets import NfcLineEdit
from .enrol import _PasswordBase, fingerprint_label, fingerprint_text

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def response_path(request_path: str) -> str:
    path = Path(request_path)
    return str(path.with_name(path.stem + "-tra-loi.sbpenrol"))


class AcceptEnrolDialog(_PasswordBase):
    accepted_enrol = Signal(object)   # sync.enrol.Accepted

    def __init__(self, worker, username: str, request_path: str, request: dict,
                 points, parent: QWidget | None = None):
        super().__init__(parent)
        self._worker, self._username, self._path, self.request = (worker, username,
                                                                  request_path, request)
        self.fingerprint = fingerprint_label()
        self.fingerprint.setText(fingerprint_text(request["fingerprint"]))
        self.layout_.insertWidget(1, self.fingerprint)
        self.match = QCheckBox()
        self.layout_.insertWidget(2, self.match)
        self.name = NfcLineEdit()
        self.name_label, self.points_label = QLabel(), QLabel()
        self.name_label.setBuddy(self.name)
        self.form.addRow(self.name_label, self.name)
        row = QHBoxLayout()
        self.point_boxes: dict[str, QCheckBox] = {}
        for p in points:
            box = QCheckBox(f"{p.code} — {p.name}")
            self.point_boxes[p.code] = box
            row.addWidget(box)
        self.form.addRow(self.points_label, row)
        self._finish_layout()
        self.match.setFocus()
        self.translate_ui()

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("OfficeEnrol", "Nhận yêu cầu đăng ký máy"))
        self.explain.setText(translate(
            "OfficeEnrol", "Yêu cầu {file} (máy {host}). Gọi điện cho cán bộ điểm giao dịch và "
            "so sánh dấu vân tay của máy điểm với số dưới đây:").format(
            file=Path(self._path).name, host=self.request.get("host") or "—"))
        self.match.setText(translate(
            "OfficeEnrol", "Dấu vân tay &trùng với số cán bộ điểm giao dịch đọc"))
        self.name_label.setText(translate("OfficeEnrol", "&Tên máy"))
        self.points_label.setText(translate("OfficeEnrol", "Điểm giao dịch"))
        self.password_label.setText(translate("OfficeEnrol", "&Mật khẩu của bạn"))
        self.ok_button.setText(translate("OfficeEnrol", "Chấp nhận đăng ký"))
        self.cancel_button.setText(translate("OfficeEnrol", "Hủy"))

    def chosen_points(self) -> list[str]:
        return [code for code, box in self.point_boxes.items() if box.isChecked()]

    def check(self) -> None:
        self.error.clear_error()
        if not self.match.isChecked():
            self.error.show_error(translate(
                "OfficeEnrol", "Hãy so sánh dấu vân tay qua điện thoại rồi đánh dấu ô trên. "
                "Nếu khác nhau, đừng chấp nhận: tệp không phải của máy điểm đó."))
            return
        name, points, password = self.name.text().strip(), self.chosen_points(), \
            self.password.text()
        if not name:
            self.error.show_error(translate("OfficeEnrol", "Đặt tên cho máy (ví dụ: Máy xã "
                                            "Hải Ninh 1)."))
            self.name.setFocus()
            return
        if not points:
            self.error.show_error(translate("OfficeEnrol", "Chọn ít nhất một điểm giao dịch."))
            return
        if not password:
            self._refused(translate("OfficeEnrol", "Chưa nhập mật khẩu."))
            return
        path, out = self._path, response_path(self._path)
        self.ok_button.setEnabled(False)

        def accept(book):
            from sbpdesk.sync import enrol
            return enrol.accept(book, password, path, points, out, name=name)
        self._worker.run(accept, on_done=self._done, on_error=self._failed,
                         on_finally=lambda: self.ok_button.setEnabled(True), name="enrol accept")

    def _failed(self, error: DomainError) -> None:
        self._refused(error)

    def _done(self, accepted) -> None:
        self.accept()
        self.accepted_enrol.emit(accepted)

"""Máy điểm, quyền mở phiên (office window, administrators): enrolment and leases (issue 16).

- "Nhận yêu cầu đăng ký máy…": pick a laptop's request file (`.sbpenrol`, usually on its USB
  stick); `dialogs.office_enrol.AcceptEnrolDialog` shows its fingerprint to compare by phone,
  names the laptop and chooses its points; the response is written beside the request and
  the office's fingerprint shown here in big digits, to read back to the point.
- The laptops (`sync.office_view.points_overview`): name, points, leases held, fingerprint,
  state. "Trao quyền mở phiên" gives the chosen point's lease to the selected laptop
  (`services.devices.grant_lease`); "Thu hồi máy…" revokes it after a confirmation
  (`services.devices.revoke`). Both travel to the laptops in their next bundles.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDir
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..dialogs.enrol import fingerprint_label, fingerprint_text
from ..i18n import current_language
from ..models import Column, RowTableModel
from . import Page
from .common import AppState, heading, muted, refresh_headers, selected_row, table_view
from .office_points import contact_text, laptop_state

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

DEVICE_COLUMNS = (
    Column("device_id", QT_TRANSLATE_NOOP("Columns", "Máy")),
    Column("name", QT_TRANSLATE_NOOP("Columns", "Tên máy")),
    Column("points", QT_TRANSLATE_NOOP("Columns", "Điểm"), lambda r: ", ".join(r.points)),
    Column("leases", QT_TRANSLATE_NOOP("Columns", "Giữ quyền mở phiên"),
           lambda r: ", ".join(r.leases) or "—"),
    Column("fingerprint", QT_TRANSLATE_NOOP("Columns", "Dấu vân tay")),
    Column("contact", QT_TRANSLATE_NOOP("Columns", "Liên lạc gần nhất"),
           lambda r: contact_text(r.last_contact)),
    Column("state", QT_TRANSLATE_NOOP("Columns", "Trạng thái"), laptop_state),
)


class DevicesPage(Page):
    title_source = "Máy điểm, quyền mở phiên"

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.overview = None
        self.accepted = None
        self._dialog = self._confirm = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.enrol_button = QPushButton()
        self.enrol_button.setObjectName("Primary")
        self.enrol_button.clicked.connect(self.pick_request)
        self.message = muted()
        top.addWidget(self.enrol_button)
        top.addWidget(self.message, 1)
        layout.addLayout(top)
        self.answer = QFrame()
        self.answer.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.answer)
        self.answer_text = QLabel()
        self.answer_text.setWordWrap(True)
        self.office_fingerprint = fingerprint_label()
        box.addWidget(self.answer_text)
        box.addWidget(self.office_fingerprint)
        self.answer.hide()
        layout.addWidget(self.answer)
        self.devices_title = heading()
        layout.addWidget(self.devices_title)
        self.model = RowTableModel(DEVICE_COLUMNS)
        self.view = table_view(self.model, stretch="name")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        layout.addWidget(self.view, 1)
        actions = QHBoxLayout()
        self.point_box = QComboBox()
        self.lease_button, self.revoke_button = QPushButton(), QPushButton()
        self.lease_button.clicked.connect(self.grant_lease)
        self.revoke_button.clicked.connect(self.ask_revoke)
        actions.addWidget(self.point_box)
        actions.addWidget(self.lease_button)
        actions.addStretch(1)
        actions.addWidget(self.revoke_button)
        layout.addLayout(actions)
        self.state.changed.connect(self.refresh)
        self.translate_ui()
        self._selected()

    def refresh(self) -> None:
        if self.worker is None:
            return
        from sbpdesk.sync.office_view import points_overview
        self.worker.read(points_overview, on_done=self._loaded, name="devices")

    def _loaded(self, overview) -> None:
        self.overview = overview
        chosen = self.selected()
        self.model.set_rows(list(overview.laptops))
        rows = self.model.rows()
        if rows:
            ids = [r.device_id for r in rows]
            at = ids.index(chosen.device_id) if chosen and chosen.device_id in ids else 0
            self.view.setCurrentIndex(self.model.index(at, 0))
        self._selected()

    def selected(self):
        return selected_row(self.view)

    def _selected(self) -> None:
        row = self.selected()
        self.point_box.clear()
        for code in (row.points if row is not None and not row.revoked else ()):
            self.point_box.addItem(code, code)
        live = row is not None and not row.revoked
        self.lease_button.setEnabled(live and self.point_box.count() > 0)
        self.revoke_button.setEnabled(live)

    # --- enrolment --------------------------------------------------------------------------

    def pick_request(self) -> None:
        from ..drives import removable_drives
        drives = removable_drives()
        path, _ = QFileDialog.getOpenFileName(
            self, translate("Devices", "Chọn tệp yêu cầu đăng ký của máy điểm"),
            drives[0].path if drives else QDir.homePath(),
            translate("Devices", "Yêu cầu đăng ký (*.sbpenrol)"))
        if path:
            self.open_request(path)

    def open_request(self, path: str) -> None:
        def read(book):
            from sbpdesk.services.reference import list_points
            from sbpdesk.sync import enrol
            return enrol.read_request(path), list_points(book)
        self.worker.read(read, on_done=lambda r: self._ask_accept(path, *r),
                         on_error=self._show_error, name="read enrol request")

    def _ask_accept(self, path: str, request: dict, points) -> None:
        from ..dialogs.office_enrol import AcceptEnrolDialog
        self._dialog = AcceptEnrolDialog(self.worker, self.state.username, path, request,
                                         points, self)
        self._dialog.accepted_enrol.connect(self._accepted)
        self._dialog.open()

    def _accepted(self, accepted) -> None:
        self.accepted = accepted
        self._answer_text()
        self.office_fingerprint.setText(fingerprint_text(accepted.office_fingerprint))
        self.answer.show()
        self.state.posted()

    def _answer_text(self) -> None:
        a = self.accepted
        if a is None:
            return
        self.answer_text.setText(translate(
            "Devices", "Đã đăng ký máy {device} cho điểm {points}. Tệp trả lời: {path}. Chép tệp "
            "này vào USB của máy điểm và đọc cho cán bộ điểm dấu vân tay của phòng giao dịch:")
            .format(device=a.device_id, points=", ".join(a.points), path=a.path))

    def _show_error(self, error: DomainError) -> None:
        self.message.setText(error.message(current_language()))

    # --- leases and revocation ----------------------------------------------------------------

    def grant_lease(self) -> None:
        row, point = self.selected(), self.point_box.currentData()
        if row is None or not point:
            return
        from sbpdesk.services import devices
        day = self.state.today
        text = translate("Devices", "Đã trao quyền mở phiên tại {point} cho máy {device}.")
        self.worker.write(lambda book: devices.grant_lease(book, point, row.device_id,
                                                           business_date=day),
                          on_done=lambda w: self._written(w, text.format(
                              point=point, device=row.device_id)),
                          on_error=self._show_error, name="lease")

    def ask_revoke(self) -> None:
        row = self.selected()
        if row is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, translate("Devices", "Thu hồi máy"),
                          translate("Devices", "Thu hồi máy {device} ({name})? Gói của máy này "
                                    "sẽ bị từ chối và quyền mở phiên của nó được bỏ.").format(
                              device=row.device_id, name=row.name or "—"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(translate("Devices", "Thu hồi"))
        box.button(QMessageBox.StandardButton.Cancel).setText(translate("Devices", "Hủy"))
        box.finished.connect(lambda result: self._revoke(row.device_id) if result ==
                             QMessageBox.StandardButton.Yes else None)
        self._confirm = box
        box.open()

    def _revoke(self, device_id: str) -> None:
        from sbpdesk.services import devices
        day = self.state.today
        text = translate("Devices", "Đã thu hồi máy {device}.").format(device=device_id)
        self.worker.write(lambda book: devices.revoke(book, device_id, business_date=day),
                          on_done=lambda w: self._written(w, text),
                          on_error=self._show_error, name="revoke")

    def _written(self, written, text: str) -> None:
        self.message.setText(text)
        self.state.posted(written)

    def translate_ui(self) -> None:
        self.enrol_button.setText(translate("Devices", "Nhận yêu cầu đăng &ký máy…"))
        self.devices_title.setText(translate("Devices", "Máy điểm đã đăng ký"))
        self.lease_button.setText(translate("Devices", "Trao &quyền mở phiên tại điểm này"))
        self.revoke_button.setText(translate("Devices", "Thu &hồi máy…"))
        self._answer_text()
        refresh_headers(self)

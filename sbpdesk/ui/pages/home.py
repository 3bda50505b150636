"""Home: the point and its next session, what is due, sync state, lease holder, demo notice.

The sync state (operations not yet acknowledged, the last bundle each way, "dữ liệu văn
phòng đến dd/mm/yyyy") comes from `services.sync_status`, worded as on the sync page.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import theme
from . import Page
from .common import AppState, date_text, frame, heading, money, muted, value_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class HomePage(Page):
    title_source = "Trang chủ"
    loaded = Signal()             # a load finished: `summary` and `sync` are fresh

    def __init__(self, worker=None, state: AppState | None = None, parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.summary = None
        self.sync = None              # services.sync_status.SyncStatus
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.point_label = QLabel()
        self.point_box = QComboBox()
        self.point_label.setBuddy(self.point_box)
        for p in self.state.points:
            self.point_box.addItem(f"{p.code} — {p.name}", p.code)
        self.point_box.setCurrentIndex(max(0, self.point_box.findData(self.state.point_code)))
        self.point_box.currentIndexChanged.connect(self._point_chosen)
        top.addWidget(self.point_label)
        top.addWidget(self.point_box, 1)
        self.demo_note = QLabel()
        self.demo_note.setStyleSheet(f"color: {theme.COLOURS['demo']}; font-weight: bold;")
        self.demo_note.setVisible(self.state.demo)
        top.addWidget(self.demo_note)
        layout.addLayout(top)

        boxes = QGridLayout()
        self.session_box, session_form = self._box()
        self.session_title = heading()
        session_form.addRow(self.session_title)
        self.place_label, self.place = QLabel(), value_label()
        self.next_label, self.next_session = QLabel(), value_label()
        self.open_label, self.open_session = QLabel(), value_label()
        self.last_label, self.last_closed = QLabel(), value_label()
        for label, value in ((self.place_label, self.place), (self.next_label, self.next_session),
                             (self.open_label, self.open_session),
                             (self.last_label, self.last_closed)):
            session_form.addRow(label, value)
        self.session_button = QPushButton()
        self.session_button.clicked.connect(lambda: self.state.navigate.emit("session"))
        session_form.addRow(self.session_button)

        self.due_box, due_form = self._box()
        self.due_title = heading()
        due_form.addRow(self.due_title)
        self.due_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("interest", "instalments", "overdue", "awaiting", "payables", "loans"):
            pair = (QLabel(), value_label())
            pair[1].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.due_labels[key] = pair
            due_form.addRow(*pair)
        self.sheet_button = QPushButton()
        self.sheet_button.clicked.connect(lambda: self.state.navigate.emit("sheet"))
        due_form.addRow(self.sheet_button)

        self.sync_box, sync_form = self._box()
        self.sync_title = heading()
        sync_form.addRow(self.sync_title)
        self.sync_label, self.sync_state = QLabel(), value_label()
        self.office_label, self.office_data = QLabel(), value_label()
        self.bundles_label, self.bundles = QLabel(), value_label()
        self.lease_label, self.lease = QLabel(), value_label()
        self.device_label, self.device = QLabel(), value_label()
        for label, value in ((self.sync_label, self.sync_state),
                             (self.office_label, self.office_data),
                             (self.bundles_label, self.bundles),
                             (self.lease_label, self.lease), (self.device_label, self.device)):
            sync_form.addRow(label, value)
        boxes.addWidget(self.session_box, 0, 0)
        boxes.addWidget(self.due_box, 0, 1)
        boxes.addWidget(self.sync_box, 1, 0, 1, 2)
        boxes.setColumnStretch(0, 1)
        boxes.setColumnStretch(1, 1)
        layout.addLayout(boxes)
        self.hint = muted()
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.setTabOrder(self.point_box, self.session_button)
        self.setTabOrder(self.session_button, self.sheet_button)
        self.state.changed.connect(self._book_changed)   # a session change emits it too
        self.translate_ui()

    def _box(self):
        box = frame()
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        return box, form

    def _point_chosen(self, index: int) -> None:
        code = self.point_box.itemData(index)
        if code and code != self.state.point_code:
            self.state.choose_point(code)

    def _book_changed(self) -> None:
        if self.state.concerns(self):       # what is due and the sync state: any write
            self.refresh()

    def refresh(self) -> None:
        if self.worker is None or not self.state.point_code:
            return
        code = self.state.point_code

        def load(book):
            from sbpdesk.services import sync_status, ui_queries
            return ui_queries.home_summary(book, code), sync_status.sync_status(book)
        self.worker.read(load, on_done=self._loaded, name="home")

    def _loaded(self, result) -> None:
        summary, self.sync = result
        self.summary = summary
        if summary.session is not None and self.state.session is None:
            self.state.session = summary.session
        self.translate_ui()
        self.loaded.emit()

    def translate_ui(self) -> None:
        self.point_label.setText(translate("HomePage", "Điểm &giao dịch:"))
        self.demo_note.setText(translate("HomePage", "Sổ dữ liệu mẫu để tập huấn"))
        self.session_title.setText(translate("HomePage", "Phiên giao dịch"))
        self.place_label.setText(translate("HomePage", "Địa điểm:"))
        self.next_label.setText(translate("HomePage", "Phiên tới:"))
        self.open_label.setText(translate("HomePage", "Phiên đang mở:"))
        self.last_label.setText(translate("HomePage", "Phiên đã đóng gần nhất:"))
        self.session_button.setText(translate("HomePage", "Mở / đóng phiên (Ctrl+2)"))
        self.due_title.setText(translate("HomePage", "Phải thu, phải chi"))
        names = {
            "interest": translate("HomePage", "Lãi phải thu:"),
            "instalments": translate("HomePage", "Kỳ trả gốc đến hạn:"),
            "overdue": translate("HomePage", "Nợ gốc quá hạn:"),
            "awaiting": translate("HomePage", "Khoản vay chờ giải ngân:"),
            "payables": translate("HomePage", "Khoản phải chi (phí, hoa hồng):"),
            "loans": translate("HomePage", "Khoản vay đang có dư nợ:"),
        }
        for key, (label, _) in self.due_labels.items():
            label.setText(names[key])
        self.sheet_button.setText(translate("HomePage", "Bảng kê thu tổ (Ctrl+3)"))
        self.sync_title.setText(translate("HomePage", "Đồng bộ với phòng giao dịch"))
        self.sync_label.setText(translate("HomePage", "Trạng thái:"))
        self.office_label.setText(translate("HomePage", "Dữ liệu văn phòng đến:"))
        self.lease_label.setText(translate("HomePage", "Máy giữ quyền mở phiên:"))
        self.device_label.setText(translate("HomePage", "Máy này:"))
        self.bundles_label.setText(translate("HomePage", "Gói gần nhất:"))
        self._sync_texts()
        self.hint.setText(translate(
            "HomePage", "Phím tắt: Ctrl+1 … Ctrl+9 chuyển trang, F1 trợ giúp. "
            "Mọi số liệu tính đến ngày phiên giao dịch."))
        s = self.summary
        if s is None:
            return
        self.place.setText(s.point.place or s.point.name)
        when = f"{date_text(s.next_session)} {s.point.session_time or ''}".strip()
        self.next_session.setText(when)
        self.open_session.setText(
            translate("HomePage", "ngày {date}").format(date=date_text(s.session.business_date))
            if s.session else translate("HomePage", "chưa mở"))
        self.last_closed.setText(date_text(s.last_closed))
        self.due_title.setText(translate("HomePage", "Phải thu, phải chi đến ngày {date}").format(
            date=date_text(s.due_on)))
        values = {
            "interest": money(s.interest_due),
            "instalments": translate("HomePage", "{n} kỳ — {amount}").format(
                n=s.instalments_due, amount=money(s.principal_due)),
            "overdue": translate("HomePage", "{n} khoản — {amount}").format(
                n=s.overdue_loans, amount=money(s.principal_overdue)),
            "awaiting": translate("HomePage", "{n} khoản — {amount}").format(
                n=s.awaiting_disbursement, amount=money(s.awaiting_amount)),
            "payables": translate("HomePage", "{n} khoản — {amount}").format(
                n=s.payables, amount=money(s.payables_amount)),
            "loans": str(s.live_loans),
        }
        for key, (_, value) in self.due_labels.items():
            value.setText(values[key])
        self.lease.setText(s.point.lease_device_name or s.point.lease_device_id
                           or translate("HomePage", "chưa cấp"))
        self.device.setText(s.device_name or s.device_id or "—")


    def _sync_texts(self) -> None:
        from .sync_texts import sync_state_text
        s = self.sync
        self.sync_state.setText(sync_state_text(s) if s is not None
                                else translate("HomePage", "chưa đồng bộ"))
        self.office_data.setText(date_text(s.office_data_to) if s is not None and
                                 s.office_data_to else
                                 translate("HomePage", "chưa nhận gói dữ liệu nào"))
        sent = (translate("HomePage", "gửi {date}").format(date=date_text(s.last_export.on))
                if s is not None and s.last_export else translate("HomePage", "chưa gửi"))
        got = (translate("HomePage", "nhận {date}").format(date=date_text(s.last_import.on))
               if s is not None and s.last_import else translate("HomePage", "chưa nhận"))
        self.bundles.setText(f"{sent} · {got}")


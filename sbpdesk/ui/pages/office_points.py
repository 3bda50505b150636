"""Điểm giao dịch (office window): the office's points and the laptops that serve them.

Two tables from `sync.office_view.points_overview`: the points (schedule, the laptop holding
the session lease, the laptops enrolled for it, last contact) and the laptops (what each has
sent and been sent, what waits to go to it, what of its own waits in review, last contact).
Read-only; loaded on the worker each time the page is shown or something was imported.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..models import Column, RowTableModel
from . import Page
from .common import (
    AppState,
    date_text,
    heading,
    muted,
    refresh_headers,
    selected_row,
    table_view,
)
from .sync_texts import local_time

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def schedule_text(day: int | None, time: str | None, move=None) -> str:
    """The day in force today and, when the office moved it from a later date, that move."""
    if not day:
        return translate("OfficePoints", "chưa có lịch")
    text = translate("OfficePoints", "ngày {day} hằng tháng").format(day=day)
    text = f"{text}, {time}" if time else text
    if move:
        text += " " + translate("OfficePoints", "(từ {date}: ngày {day})").format(
            date=date_text(move[0]), day=move[1])
    return text


def contact_text(at: str | None) -> str:
    return local_time(at) if at else translate("OfficePoints", "chưa liên lạc")


def laptop_state(row) -> str:
    if row.revoked:
        return translate("OfficePoints", "đã thu hồi")
    if row.held:
        return translate("OfficePoints", "có nghiệp vụ chờ xem xét")
    return translate("OfficePoints", "hoạt động")


POINT_COLUMNS = (
    Column("code", QT_TRANSLATE_NOOP("Columns", "Mã điểm")),
    Column("name", QT_TRANSLATE_NOOP("Columns", "Điểm giao dịch")),
    Column("schedule", QT_TRANSLATE_NOOP("Columns", "Lịch giao dịch"),
           lambda r: schedule_text(r.session_day, r.session_time, r.next_move)),
    Column("lease", QT_TRANSLATE_NOOP("Columns", "Máy giữ quyền mở phiên"),
           lambda r: r.lease_device_id or "—"),
    Column("laptops", QT_TRANSLATE_NOOP("Columns", "Máy điểm đã đăng ký"),
           lambda r: ", ".join(r.laptops) or "—"),
    Column("contact", QT_TRANSLATE_NOOP("Columns", "Liên lạc gần nhất"),
           lambda r: contact_text(r.last_contact)),
)
LAPTOP_COLUMNS = (
    Column("device_id", QT_TRANSLATE_NOOP("Columns", "Máy")),
    Column("name", QT_TRANSLATE_NOOP("Columns", "Tên máy")),
    Column("points", QT_TRANSLATE_NOOP("Columns", "Điểm"), lambda r: ", ".join(r.points)),
    Column("sent_ops", QT_TRANSLATE_NOOP("Columns", "Đã gửi về (nghiệp vụ)"), kind="int"),
    Column("acked_feed", QT_TRANSLATE_NOOP("Columns", "Đã nhận đến số"), kind="int"),
    Column("waiting_out", QT_TRANSLATE_NOOP("Columns", "Chờ gửi xuống"), kind="int"),
    Column("held", QT_TRANSLATE_NOOP("Columns", "Chờ xem xét"), kind="int"),
    Column("contact", QT_TRANSLATE_NOOP("Columns", "Liên lạc gần nhất"),
           lambda r: contact_text(r.last_contact)),
    Column("state", QT_TRANSLATE_NOOP("Columns", "Trạng thái"), laptop_state),
)


class PointsPage(Page):
    title_source = "Điểm giao dịch"

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.overview = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = muted()
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.refresh)
        top.addWidget(self.summary, 1)
        top.addWidget(self.reload_button)
        layout.addLayout(top)
        self.points_title = heading()
        layout.addWidget(self.points_title)
        self.points_model = RowTableModel(POINT_COLUMNS)
        self.points_view = table_view(self.points_model, stretch="laptops")
        layout.addWidget(self.points_view, 1)
        self.laptops_title = heading()
        layout.addWidget(self.laptops_title)
        self.laptops_model = RowTableModel(LAPTOP_COLUMNS)
        self.laptops_view = table_view(self.laptops_model, stretch="name")
        layout.addWidget(self.laptops_view, 1)
        actions = QHBoxLayout()
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.pick_export_folder)
        self.pack_button = QPushButton()
        self.pack_button.clicked.connect(lambda: self.pick_export_folder(pack=True))
        self.export_note = muted()
        actions.addWidget(self.export_button)
        actions.addWidget(self.pack_button)
        actions.addWidget(self.export_note, 1)
        layout.addLayout(actions)
        self.exported = None
        self.state.changed.connect(self.refresh)
        self.translate_ui()

    def refresh(self) -> None:
        if self.worker is None:
            return
        from sbpdesk.sync.office_view import points_overview
        self.worker.read(points_overview, on_done=self._loaded, name="office points")

    def _loaded(self, overview) -> None:
        chosen = selected_row(self.laptops_view)   # a reload keeps the laptop chosen
        self.overview = overview
        self.points_model.set_rows(list(overview.points))
        self.laptops_model.set_rows(list(overview.laptops))
        if overview.laptops:
            row = next((i for i, lap in enumerate(overview.laptops)
                        if chosen is not None and lap.device_id == chosen.device_id), 0)
            self.laptops_view.setCurrentIndex(self.laptops_model.index(row, 0))
        self._summary()

    # --- the bundle for a laptop's next session ------------------------------------------------

    def pick_export_folder(self, pack: bool = False) -> None:
        from PySide6.QtCore import QDir
        from PySide6.QtWidgets import QFileDialog

        from ..drives import removable_drives
        drives = removable_drives()
        folder = QFileDialog.getExistingDirectory(
            self, translate("OfficePoints", "Chọn USB hoặc thư mục để ghi gói"),
            drives[0].path if drives else QDir.homePath())
        if folder:
            self.export_to(folder, pack=pack)

    def export_to(self, folder: str, *, pack: bool = False) -> None:
        """Write the selected laptop's next bundle (everything waiting for it: decisions,
        approvals to disburse, payables, reference data) into `folder`; with `pack`, the
        session pack: also the papers of each point it holds the lease of (13/TD before the
        session for every group, the due lists) for its next session, recorded as prints."""
        laptop = selected_row(self.laptops_view)
        if laptop is None or laptop.revoked:
            return
        from .office_common import with_office_keys
        with_office_keys(self, self.state, translate("OfficePoints", "Xuất gói cho máy điểm."),
                         lambda keys: self._export(keys, laptop, folder, pack))

    def _export(self, keys, laptop, folder: str, pack: bool = False) -> None:
        from sbpdesk.sync import exchange
        for button in (self.export_button, self.pack_button):
            button.setEnabled(False)
        user = self.state.username

        def export(book):
            done = exchange.export_bundle(book, keys, f"device:{laptop.device_id}", folder)
            papers = _papers(book, laptop.leases or laptop.points, folder, user) if pack else []
            return str(done.path), done.manifest.op_count, papers
        self.worker.run(export, on_done=self._exported, on_error=self._export_refused,
                        on_finally=self._export_finished, name="export for laptop")

    def _export_finished(self) -> None:
        for button in (self.export_button, self.pack_button):
            button.setEnabled(True)

    def _exported(self, done) -> None:
        self.exported = done
        path, n, papers = done
        text = translate(
            "OfficePoints", "Đã ghi {path} ({n} nghiệp vụ) và đọc lại kiểm tra. Máy điểm nhận "
            "gói này trước phiên giao dịch.").format(path=path, n=n)
        for code, day, count, where in papers:
            text += " " + translate(
                "OfficePoints", "Điểm {point}, phiên ngày {date}: đã in {n} giấy tờ (bảng kê "
                "13/TD trước phiên của từng tổ, danh sách nợ quá hạn và đến hạn) vào {folder}."
            ).format(point=code, date=date_text(day), n=count, folder=where)
        self.export_note.setText(text)
        self.refresh()

    def _export_refused(self, error) -> None:
        from ..i18n import current_language
        self.export_note.setText(error.message(current_language()))

    def _summary(self) -> None:
        o = self.overview
        if o is None:
            self.summary.setText("")
            return
        active = [lap for lap in o.laptops if not lap.revoked]
        self.summary.setText(translate(
            "OfficePoints", "{points} điểm giao dịch, {laptops} máy điểm đang hoạt động; "
            "{waiting} nghiệp vụ chờ gửi xuống các máy, {held} nghiệp vụ chờ xem xét.").format(
            points=len(o.points), laptops=len(active),
            waiting=sum(lap.waiting_out for lap in active),
            held=sum(lap.held for lap in o.laptops)))

    def translate_ui(self) -> None:
        self.reload_button.setText(translate("OfficePoints", "Tải lại"))
        self.export_button.setText(translate("OfficePoints", "&Xuất gói cho máy đã chọn…"))
        self.pack_button.setText(translate("OfficePoints", "Chuẩn bị &phiên: gói và giấy tờ…"))
        self.points_title.setText(translate("OfficePoints", "Các điểm giao dịch của phòng"))
        self.laptops_title.setText(translate("OfficePoints", "Máy điểm: đã gửi, đã nhận, "
                                             "đang chờ"))
        self._summary()
        refresh_headers(self)


def _papers(book, points, folder: str, user: str) -> list[tuple]:
    """The session papers of each point at its next session (worker thread)."""
    from pathlib import Path

    from sbpdesk.printing.pack import session_papers
    from sbpdesk.services.ui_queries import next_session_date
    out = []
    for code in points:
        day = next_session_date(book, code)
        if day is not None:
            where = Path(folder) / f"{code}-{day.isoformat()}"
            out.append((code, day, len(session_papers(book, code, day, where, user=user)),
                        str(where)))
    return out

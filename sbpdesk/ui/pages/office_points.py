"""Điểm giao dịch (office window): the office's points and the laptops that serve them.

Two tables from `sync.office_view.points_overview`: the points (schedule, the laptop holding
the session lease, the laptops enrolled for it, last contact) and the laptops (what each has
sent and been sent, what waits to go to it, what of its own waits in review, last contact).
Loaded on the worker each time the page is shown or something was imported. Under the
points: the selected point's commune list of poor / near-poor households (the eligibility
dialog; a credit officer or an accountant) and whether it serves a difficult area
(`places.set_difficult_area`, the administrator); the buttons follow the kind table and the
services refuse the others anyway.
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
from .office_common import may_post
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
    Column("difficult", QT_TRANSLATE_NOOP("Columns", "Vùng khó khăn"),
           lambda r: translate("OfficePoints", "có") if r.difficult_area else "",
           tooltip=QT_TRANSLATE_NOOP("Columns", "Điểm phục vụ xã vùng khó khăn: hội đoàn thể "
                                     "kiểm tra 75 % món vay cũ của tổ (nơi khác 90 %)")),
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
        self.points_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._point_chosen())
        layout.addWidget(self.points_view, 1)
        point_actions = QHBoxLayout()
        self.list_button, self.difficult_button = QPushButton(), QPushButton()
        self.list_button.clicked.connect(self.edit_list)
        self.difficult_button.clicked.connect(self.toggle_difficult)
        self.point_note = muted()
        self.list_dialog = None
        for w in (self.list_button, self.difficult_button):
            point_actions.addWidget(w)
        point_actions.addWidget(self.point_note, 1)
        layout.addLayout(point_actions)
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
        point = selected_row(self.points_view)     # and the point
        self.overview = overview
        self.points_model.set_rows(list(overview.points))
        if overview.points:
            row = next((i for i, p in enumerate(overview.points)
                        if point is not None and p.code == point.code), 0)
            self.points_view.setCurrentIndex(self.points_model.index(row, 0))
        self._point_chosen()
        self.laptops_model.set_rows(list(overview.laptops))
        if overview.laptops:
            row = next((i for i, lap in enumerate(overview.laptops)
                        if chosen is not None and lap.device_id == chosen.device_id), 0)
            self.laptops_view.setCurrentIndex(self.laptops_model.index(row, 0))
        self._summary()

    # --- a point's commune list and difficult-area flag ---------------------------------------

    def _point_chosen(self) -> None:
        point = selected_row(self.points_view)
        roles = self.state.roles
        self.list_button.setEnabled(point is not None
                                    and may_post(roles, "eligibility.record"))
        self.difficult_button.setEnabled(point is not None and may_post(roles, "point.define"))
        self._difficult_text()

    def _difficult_text(self) -> None:
        point = selected_row(self.points_view)
        self.difficult_button.setText(
            translate("OfficePoints", "Bỏ đánh dấu vùng &khó khăn")
            if point is not None and point.difficult_area
            else translate("OfficePoints", "Đánh dấu vùng &khó khăn"))

    def edit_list(self) -> None:
        """The commune's poor / near-poor list of a year for the selected point."""
        point = selected_row(self.points_view)
        if point is None:
            return
        from ..dialogs.eligibility import EligibilityDialog
        self.list_dialog = EligibilityDialog(self.worker, self.state, point.code, point.name,
                                             parent=self)
        self.list_dialog.recorded.connect(self._list_recorded)
        self.list_dialog.open()

    def _list_recorded(self, written) -> None:
        self.point_note.setText(translate("OfficePoints", "Đã ghi danh sách hộ của xã."))
        self.state.posted(written)

    def toggle_difficult(self) -> None:
        """Mark the selected point as serving a difficult area, or not (the union then checks
        75 % of a group's earlier loans there; decision 0192)."""
        point = selected_row(self.points_view)
        if point is None:
            return
        code, flag, day = point.code, not point.difficult_area, self.state.today

        def write(book):
            from sbpdesk.services import places
            return places.set_difficult_area(book, code, flag, business_date=day)

        def done(written) -> None:
            text = (translate("OfficePoints", "Điểm {point}: đã đánh dấu vùng khó khăn.") if flag
                    else translate("OfficePoints", "Điểm {point}: đã bỏ đánh dấu vùng khó "
                                   "khăn."))
            self.point_note.setText(text.format(point=code))
            self.state.posted(written)
        self.difficult_button.setEnabled(False)
        self.worker.write(write, on_done=done, on_error=self._point_refused,
                          on_finally=self._point_chosen, name="point.define")

    def _point_refused(self, error) -> None:
        from ..i18n import current_language
        self.point_note.setText(error.message(current_language()))

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
            # a revoked laptop is sent nothing more: say why nothing was written
            self.export_note.setText(
                translate("OfficePoints", "Chưa chọn máy điểm: hãy chọn một máy trong danh sách.")
                if laptop is None else translate(
                    "OfficePoints", "Máy {name} đã bị thu hồi: văn phòng không gửi gói cho "
                    "máy này nữa. Hãy chọn máy đang hoạt động của điểm.").format(
                    name=laptop.name or laptop.device_id))
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
        self.list_button.setText(translate("OfficePoints", "&Danh sách hộ nghèo, cận "
                                           "nghèo…"))
        self._difficult_text()
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

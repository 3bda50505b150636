"""Nhận gói từ điểm (office window): import a USB folder, or several bundle files, at once.

Pick a folder ("Chọn thư mục…", the first removable drive offered first) or files ("Chọn
tệp gói…"): the bundles addressed to this office are listed from their clear manifests
(`sync.office_desk.find_bundles`). "Nhận tất cả" opens the office's keys once per sign-in and
queues one worker task per bundle (`office_desk.import_one`: verify, store, apply), so the
window stays live and the progress bar moves bundle by bundle; a refused bundle is listed
with its reason and the others go on. The results, per bundle and per point, count each
outcome (đã ghi, đã có, tạm giữ, treo, từ chối, trùng số); clicking a row or a count shows
the operations concerned in the table below.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDir
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import current_language
from ..models import Column, RowTableModel
from . import Page
from .common import AppState, heading, muted, refresh_headers, table_view
from .office_common import OP_COLUMNS, OUTCOMES, outcome_columns, with_office_keys
from .sync_texts import local_time

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


@dataclass(frozen=True)
class PointTally:
    point_code: str
    counts: tuple[tuple[str, int], ...]

    def count(self, outcome: str) -> int:
        return dict(self.counts).get(outcome, 0)


def by_point(bundles) -> list[PointTally]:
    """The outcomes of every imported operation, per point ("" when unknown)."""
    tallies: dict[str, dict[str, int]] = {}
    for b in bundles:
        for op in b.ops:
            counts = tallies.setdefault(op.point_code, dict.fromkeys(OUTCOMES, 0))
            counts[op.outcome] = counts.get(op.outcome, 0) + 1
    return [PointTally(code, tuple(counts.items())) for code, counts in sorted(tallies.items())]


def refused_text(bundle) -> str:
    if bundle.refused is None:
        return translate("ImportDesk", "đã nhận")
    return translate("ImportDesk", "không nhận: {why}").format(
        why=bundle.refused.message(current_language()))


FOUND_COLUMNS = (
    Column("name", QT_TRANSLATE_NOOP("Columns", "Tệp gói")),
    Column("sender", QT_TRANSLATE_NOOP("Columns", "Từ máy")),
    Column("created_at", QT_TRANSLATE_NOOP("Columns", "Tạo lúc"),
           lambda r: local_time(r.created_at)),
    Column("op_count", QT_TRANSLATE_NOOP("Columns", "Số nghiệp vụ"), kind="int"),
)
BUNDLE_COLUMNS = (
    Column("name", QT_TRANSLATE_NOOP("Columns", "Tệp gói")),
    Column("sender", QT_TRANSLATE_NOOP("Columns", "Từ máy")),
    *outcome_columns(),
    Column("state", QT_TRANSLATE_NOOP("Columns", "Kết quả"), refused_text),
)
RECENT_COLUMNS = (
    Column("contact", QT_TRANSLATE_NOOP("Columns", "Nhận lúc"),
           lambda r: local_time(r.last_contact) if r.last_contact else ""),
    Column("device_id", QT_TRANSLATE_NOOP("Columns", "Từ máy")),
    Column("name", QT_TRANSLATE_NOOP("Columns", "Tên máy")),
    Column("points", QT_TRANSLATE_NOOP("Columns", "Điểm"), lambda r: ", ".join(r.points)),
    Column("last_bundle", QT_TRANSLATE_NOOP("Columns", "Gói cuối")),
    Column("sent_ops", QT_TRANSLATE_NOOP("Columns", "Đã gửi về (nghiệp vụ)"), kind="int"),
    Column("held", QT_TRANSLATE_NOOP("Columns", "Chờ xem xét"), kind="int"),
)
POINT_COLUMNS = (
    Column("point_code", QT_TRANSLATE_NOOP("Columns", "Điểm"),
           lambda r: r.point_code or translate("ImportDesk", "(chưa rõ)")),
    *outcome_columns(),
)


class ImportDeskPage(Page):
    title_source = "Nhận gói từ điểm"

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.paths: list[str] = []
        self.found = None
        self.results: list = []
        self.pending = 0
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.folder_button, self.files_button = QPushButton(), QPushButton()
        self.folder_button.clicked.connect(self.pick_folder)
        self.files_button.clicked.connect(self.pick_files)
        self.where = muted()
        for w in (self.folder_button, self.files_button):
            top.addWidget(w)
        top.addWidget(self.where, 1)
        layout.addLayout(top)
        self.found_model = RowTableModel(FOUND_COLUMNS)
        self.found_view = table_view(self.found_model, stretch="name")
        self.found_view.setMaximumHeight(112)
        layout.addWidget(self.found_view)
        row = QHBoxLayout()
        self.import_button = QPushButton()
        self.import_button.setObjectName("Primary")
        self.import_button.clicked.connect(self.import_all)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.status = muted()
        row.addWidget(self.import_button)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.tabs = QTabWidget()
        self.bundle_model = RowTableModel(BUNDLE_COLUMNS)
        self.bundle_view = table_view(self.bundle_model, stretch="state")
        self.point_model = RowTableModel(POINT_COLUMNS)
        self.point_view = table_view(self.point_model)
        self.recent_model = RowTableModel(RECENT_COLUMNS)
        self.recent_view = table_view(self.recent_model, stretch="last_bundle")
        self.tabs.addTab(self.bundle_view, "")
        self.tabs.addTab(self.point_view, "")
        self.tabs.addTab(self.recent_view, "")
        self.tabs.setMaximumHeight(170)
        layout.addWidget(self.tabs)
        self.ops_title = heading()
        layout.addWidget(self.ops_title)
        self.ops_model = RowTableModel(OP_COLUMNS)
        self.ops_view = table_view(self.ops_model, stretch="summary")
        layout.addWidget(self.ops_view, 1)
        self.bundle_view.clicked.connect(lambda i: self._clicked(self.bundle_model, i, "bundle"))
        self.point_view.clicked.connect(lambda i: self._clicked(self.point_model, i, "point"))
        self.shown_filter: tuple[str | None, str | None, str | None] = (None, None, None)
        self.translate_ui()
        self._update_enabled()

    def refresh(self) -> None:
        """The laptops' last bundles, whichever way they came (USB here, or the network)."""
        if self.worker is None:
            return
        from sbpdesk.sync.office_view import points_overview
        self.worker.read(points_overview, on_done=self._recent, name="recent bundles")

    def _recent(self, overview) -> None:
        rows = [lap for lap in overview.laptops if lap.last_contact]
        self.recent_model.set_rows(sorted(rows, key=lambda r: r.last_contact, reverse=True))
        if not self.results and rows:
            self.tabs.setCurrentIndex(2)

    # --- choosing ---------------------------------------------------------------------------

    def pick_folder(self) -> None:
        from ..drives import removable_drives
        drives = removable_drives()
        start = drives[0].path if drives else QDir.homePath()
        folder = QFileDialog.getExistingDirectory(
            self, translate("ImportDesk", "Chọn thư mục chứa gói đồng bộ (USB)"), start)
        if folder:
            self.choose_paths([folder])

    def pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, translate("ImportDesk", "Chọn các tệp gói đồng bộ"), QDir.homePath(),
            translate("ImportDesk", "Gói đồng bộ (*.sbpbundle)"))
        if files:
            self.choose_paths(files)

    def choose_paths(self, paths: list[str]) -> None:
        """Look for bundles in `paths` (folders or files) through the worker."""
        from sbpdesk.sync.office_desk import find_bundles
        self.paths = list(paths)
        self.where.setText(", ".join(self.paths))
        self.worker.read(lambda book: find_bundles(book, list(paths)), on_done=self._found,
                         name="find bundles")

    def _found(self, found) -> None:
        self.found = found
        self.found_model.set_rows(list(found.bundles))
        self.progress.setRange(0, max(1, len(found.bundles)))
        self.progress.setValue(0)
        self._status_found()
        self._update_enabled()

    def _status_found(self) -> None:
        f = self.found
        if f is None:
            self.status.setText(translate("ImportDesk", "Chọn thư mục USB hoặc các tệp gói."))
            return
        text = translate("ImportDesk", "{n} gói gửi phòng giao dịch này.").format(
            n=len(f.bundles))
        if f.others:
            text += " " + translate("ImportDesk", "{n} gói gửi nơi khác (bỏ qua).").format(
                n=f.others)
        if f.unreadable:
            text += " " + translate("ImportDesk", "{n} tệp không đọc được.").format(
                n=f.unreadable)
        self.status.setText(text)

    # --- importing --------------------------------------------------------------------------

    def import_all(self) -> None:
        if not self.found or not self.found.bundles or self.pending:
            return
        with_office_keys(self, self.state, translate("ImportDesk", "Nhận gói từ các điểm."),
                         self._import)

    def _import(self, keys) -> None:
        from sbpdesk.sync.office_desk import import_one
        bundles = list(self.found.bundles)
        self.results = []
        self.pending = len(bundles)
        self.progress.setRange(0, len(bundles))
        self.progress.setValue(0)
        self._update_enabled()
        for b in bundles:
            self.worker.run(lambda book, path=b.path: import_one(book, keys, path),
                            on_done=self._one_done, on_finally=self._one_finished,
                            name="import bundle")

    def _one_done(self, result) -> None:
        self.results.append(result)
        self.progress.setValue(len(self.results))
        self.status.setText(translate("ImportDesk", "Đã xử lý {done}/{total} gói…").format(
            done=len(self.results), total=self.progress.maximum()))

    def _one_finished(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self._show_results()
            self._update_enabled()
            self.tabs.setCurrentIndex(0)
            self.state.posted()
            self.refresh()

    def _show_results(self) -> None:
        self.bundle_model.set_rows(self.results)
        self.point_model.set_rows(by_point(self.results))
        refused = sum(1 for r in self.results if r.refused is not None)
        total = sum(len(r.ops) for r in self.results)
        self.status.setText(translate(
            "ImportDesk", "Xong: {n} gói, {ops} nghiệp vụ; {refused} gói không nhận.").format(
            n=len(self.results), ops=total, refused=refused))
        self.show_ops()

    # --- the operations behind a count --------------------------------------------------------

    def _clicked(self, model: RowTableModel, index, what: str) -> None:
        row = model.row_at(index.row())
        key = model.columns[index.column()].key
        outcome = key if key in OUTCOMES else None
        if what == "bundle":
            self.show_ops(bundle=row.path, outcome=outcome)
        else:
            self.show_ops(point=row.point_code, outcome=outcome)

    def show_ops(self, *, bundle: str | None = None, point: str | None = None,
                 outcome: str | None = None) -> None:
        self.shown_filter = (bundle, point, outcome)
        ops = [op for b in self.results if bundle is None or b.path == bundle for op in b.ops
               if (point is None or op.point_code == point)
               and (outcome is None or op.outcome == outcome)]
        self.ops_model.set_rows(ops)
        self._ops_title()

    def _ops_title(self) -> None:
        self.ops_title.setText(translate(
            "ImportDesk", "Nghiệp vụ ({n}) — bấm vào một gói, một điểm hoặc một con số để "
            "lọc").format(n=self.ops_model.rowCount()))

    # --- texts ------------------------------------------------------------------------------

    def _update_enabled(self) -> None:
        busy = self.pending > 0
        self.import_button.setEnabled(bool(self.found and self.found.bundles) and not busy)
        self.folder_button.setEnabled(not busy)
        self.files_button.setEnabled(not busy)

    def translate_ui(self) -> None:
        self.folder_button.setText(translate("ImportDesk", "Chọn thư &mục…"))
        self.files_button.setText(translate("ImportDesk", "Chọn &tệp gói…"))
        self.import_button.setText(translate("ImportDesk", "&Nhận tất cả"))
        self.tabs.setTabText(0, translate("ImportDesk", "Theo gói"))
        self.tabs.setTabText(1, translate("ImportDesk", "Theo điểm"))
        self.tabs.setTabText(2, translate("ImportDesk", "Đã nhận gần đây (USB và mạng)"))
        if not self.pending and not self.results:
            self._status_found()
        self._ops_title()
        refresh_headers(self)

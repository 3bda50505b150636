"""Đối chiếu ngân hàng (office window, issue 17): the core system's workbooks against the book.

A new office book (no loan yet) starts from the chosen files: "Khởi tạo sổ…" seeds it
(`bridge.seed`, one transaction on the worker) with a progress bar moving stage by stage.

The accountant chooses the core's files and the data date; "Đối chiếu" lists every
difference with the file's rows behind it (`bridge.reconcile`, nothing changed). For a
selected difference the office either accepts the core's figures of that loan (a reason and
the director's password: `loan.core_adjust`) or marks it explained (a reason:
`core.explain`); the list is read again after each. "Ghi trả ngoài phiên" records the loan
payments and savings deposits of the chosen daily statements (Mẫu 10) as paid elsewhere
(`bridge.elsewhere`, decision 0260).
Files are read on the worker; the window never waits for them (docs/core-bridge.md).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDir, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import format_number

from ..models import Column, RowTableModel
from ..widgets import DateEdit, FieldError, NfcLineEdit, with_error_label
from . import Page
from .common import AppState, money, muted, refresh_headers, selected_row, table_view

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

FIGURE_NAMES = {
    "in_term": QT_TRANSLATE_NOOP("CoreFigures", "Dư nợ trong hạn"),
    "overdue": QT_TRANSLATE_NOOP("CoreFigures", "Dư nợ quá hạn"),
    "frozen": QT_TRANSLATE_NOOP("CoreFigures", "Dư nợ khoanh"),
    "interest_in_term": QT_TRANSLATE_NOOP("CoreFigures", "Lãi tồn trong hạn"),
    "interest_overdue": QT_TRANSLATE_NOOP("CoreFigures", "Lãi tồn quá hạn"),
    "outstanding": QT_TRANSLATE_NOOP("CoreFigures", "Tổng dư nợ"),
    "households": QT_TRANSLATE_NOOP("CoreFigures", "Số hộ"),
    "savings": QT_TRANSLATE_NOOP("CoreFigures", "Tiền gửi tiết kiệm"),
    "missing_in_book": QT_TRANSLATE_NOOP("CoreFigures", "Không có trong sổ"),
    "missing_in_core": QT_TRANSLATE_NOOP("CoreFigures", "Không có ở ngân hàng"),
}


@dataclass(frozen=True)
class DiffRow:
    file: str
    level: str
    key: str
    figure: str
    core: int | None
    book: int | None
    difference: int
    rows: str
    explained: str
    raw: dict[str, Any]


def diff_rows(report: dict[str, Any]) -> list[DiffRow]:
    return [DiffRow(d["file"], d["level"], d["key"], d["figure"], d["core"], d["book"],
                    d["difference"], ", ".join(map(str, d["rows"][:20])),
                    d.get("explained") or "", d) for d in report["differences"]]


def _figure(r: DiffRow) -> str:
    name = FIGURE_NAMES.get(r.figure)
    return translate("CoreFigures", name) if name else r.figure


COLUMNS = (
    Column("file", QT_TRANSLATE_NOOP("Columns", "Tệp")),
    Column("key", QT_TRANSLATE_NOOP("Columns", "Mã")),
    Column("figure", QT_TRANSLATE_NOOP("Columns", "Chỉ tiêu"), _figure),
    Column("core", QT_TRANSLATE_NOOP("Columns", "Ngân hàng"), kind="money"),
    Column("book", QT_TRANSLATE_NOOP("Columns", "Sổ"), kind="money"),
    Column("difference", QT_TRANSLATE_NOOP("Columns", "Chênh lệch"), kind="money"),
    Column("rows", QT_TRANSLATE_NOOP("Columns", "Dòng trong tệp")),
    Column("explained", QT_TRANSLATE_NOOP("Columns", "Giải trình")),
)


# Figures that count (households at a point, a commune, a group), not đồng: shown as numbers.
COUNT_FIGURES = frozenset({"households"})
AMOUNTS = frozenset({"core", "book", "difference"})


class DiffModel(RowTableModel):
    """The differences; a count figure's bank / book / difference cells without "đ"."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            row, column = self.row_at(index.row()), self.columns[index.column()]
            value = column.get(row)
            if column.key in AMOUNTS and row.figure in COUNT_FIGURES and value is not None:
                return format_number(value)
        return super().data(index, role)


class _Progress(QObject):
    """Carries the seed's progress from the worker thread to the page (queued)."""
    moved = Signal(int, int)


class CorePage(Page):
    title_source = "Đối chiếu ngân hàng"

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.files: list[str] = []
        self.report: dict[str, Any] | None = None
        self.last: Any = None           # what the last write returned (tests, the message)
        self._approval = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.as_of_label, self.as_of = QLabel(), DateEdit()
        self.as_of.set_date(_month_end_before(self.state.today))
        self.as_of_label.setBuddy(self.as_of)
        self.files_button, self.reconcile_button = QPushButton(), QPushButton()
        self.elsewhere_button, self.seed_button = QPushButton(), QPushButton()
        self.seed_button.setEnabled(False)           # until the book is known to be empty
        self.seed_button.clicked.connect(self.seed)
        self.files_button.clicked.connect(self.choose_files)
        self.reconcile_button.clicked.connect(self.reconcile)
        self.elsewhere_button.clicked.connect(self.record_elsewhere)
        for w in (self.as_of_label, self.as_of, self.files_button, self.reconcile_button,
                  self.elsewhere_button, self.seed_button):
            top.addWidget(w)
        top.addStretch(1)
        layout.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.progress.hide()
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)
        layout.addWidget(self.progress)
        self.files_label, self.summary = muted(), muted()
        self.files_label.setWordWrap(True)
        layout.addWidget(self.files_label)
        layout.addWidget(self.summary)
        self.model = DiffModel(COLUMNS)
        self.view = table_view(self.model, stretch="explained")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        layout.addWidget(self.view, 1)
        form = QFormLayout()
        self.reason, self.error = NfcLineEdit(), FieldError()
        self.reason_label = muted()
        self.reason_label.setBuddy(self.reason)
        form.addRow(self.reason_label, with_error_label(self.reason, self.error))
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.accept_button, self.explain_button = QPushButton(), QPushButton()
        self.accept_button.clicked.connect(self.accept_core)
        self.explain_button.clicked.connect(self.explain)
        self.message = muted()
        self.message.setWordWrap(True)
        for w in (self.accept_button, self.explain_button):
            buttons.addWidget(w)
        buttons.addWidget(self.message, 1)
        layout.addLayout(buttons)
        self.translate_ui()
        self._selected()

    # --- files and reconciliation --------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, translate("CorePage", "Chọn tệp xuất từ hệ thống ngân hàng"),
            QDir.homePath(), translate("CorePage", "Excel (*.xlsx *.xls *.ods)"))
        if paths:
            self.set_files(paths)

    def set_files(self, paths: list[str]) -> None:
        self.files = [str(p) for p in paths]
        self.translate_ui()

    def refresh(self) -> None:
        if self.worker is None:
            return
        from sbpdesk.services.reconciliation import has_loans
        self.worker.read(has_loans, on_done=lambda has: self.seed_button.setEnabled(not has),
                         name="book has loans")
        if self.report is not None:
            self.reconcile()

    # --- a new book from the core ---------------------------------------------------------

    def seed(self) -> None:
        if self.worker is None or not self.files:
            self.message.setText(translate("CorePage", "Chọn tệp của ngân hàng trước."))
            return
        files, moved = list(self.files), self._progress.moved

        def run(book):
            from sbpdesk.bridge.seed import seed
            return seed(book, files, progress=moved.emit)   # one transaction of its own
        self.seed_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.show()
        self.message.setText(translate("CorePage", "Đang khởi tạo sổ từ tệp của ngân hàng…"))
        self.worker.run(run, on_done=self._seeded, on_error=self._seed_failed, name="core seed")

    def _moved(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _seeded(self, done: dict[str, Any]) -> None:
        self.last = done
        opened = done["opened"]
        self.as_of.set_date(dt.date.fromisoformat(done["data_date"]))
        self.state.posted(None, by=self)
        self.message.setText(translate(
            "CorePage", "Đã khởi tạo sổ ngày {day}: {households} hộ, {loans} khoản vay, "
            "{savings} sổ tiết kiệm, {groups} tổ, {points} điểm giao dịch.").format(
            day=dt.date.fromisoformat(done["data_date"]).strftime("%d/%m/%Y"),
            households=opened["households"], loans=opened["loans"],
            savings=opened["savings"], groups=opened["groups"], points=opened["points"]))

    def _seed_failed(self, error: DomainError) -> None:
        self.progress.hide()
        self.seed_button.setEnabled(True)
        self.error.show_error(error)

    def reconcile(self) -> None:
        if self.worker is None or not self.files:
            self.message.setText(translate("CorePage", "Chọn tệp của ngân hàng trước."))
            return
        as_of, files = self.as_of.date() or self.state.today, list(self.files)

        def load(book):
            from sbpdesk.bridge.reconcile import reconcile
            return reconcile(book, as_of, files)
        self.reconcile_button.setEnabled(False)
        self.worker.read(load, on_done=self._loaded, on_error=self._failed, name="reconcile")

    def _loaded(self, report: dict[str, Any]) -> None:
        self.report = report
        self.model.set_rows(diff_rows(report))
        self.reconcile_button.setEnabled(True)
        self._selected()
        self.translate_ui()

    def _failed(self, error: DomainError) -> None:
        self.reconcile_button.setEnabled(True)
        self.elsewhere_button.setEnabled(True)
        self.error.show_error(error)

    # --- the office's verdicts -----------------------------------------------------------

    def selected(self) -> DiffRow | None:
        return selected_row(self.view)

    def _selected(self) -> None:
        r = self.selected()
        from sbpdesk.bridge.reconcile import ACCEPTED
        self.accept_button.setEnabled(r is not None and r.level == "loan"
                                      and r.figure in ACCEPTED)
        self.explain_button.setEnabled(r is not None and not r.explained)

    def _reason(self) -> str | None:
        self.error.clear_error()
        reason = self.reason.text().strip()
        if not reason:
            self.error.show_error(translate("CorePage", "Ghi lý do."))
            self.reason.setFocus()
            return None
        return reason

    def accept_core(self) -> None:
        r, reason = self.selected(), self._reason()
        if r is None or reason is None or self.report is None:
            return
        found = [d.raw for d in self.model.rows() if d.level == "loan" and d.key == r.key]
        from ..dialogs.approval import ApprovalDialog
        self._approval = ApprovalDialog(
            self.worker, signed_in=self.state.username, role="director", parent=self,
            action=translate("CorePage", "Nhận số liệu của ngân hàng cho khế ước {key}: giám "
                             "đốc duyệt.").format(key=r.key))
        day = dt.date.fromisoformat(self.report["as_of"])

        def write(book, credential):
            from sbpdesk.bridge.reconcile import accept
            return accept(book, day, found, reason=reason, approved_by=credential)
        self._approval.approved.connect(lambda credential: self.worker.write(
            lambda book: write(book, credential), on_done=self._written,
            on_error=self.error.show_error, name="core accept"))
        self._approval.open()

    def explain(self) -> None:
        r, reason = self.selected(), self._reason()
        if r is None or reason is None or self.report is None:
            return
        day, found = dt.date.fromisoformat(self.report["as_of"]), [r.raw]

        def write(book):
            from sbpdesk.bridge.reconcile import explain
            return explain(book, day, found, reason=reason)
        self.worker.write(write, on_done=self._written, on_error=self.error.show_error,
                          name="core explain")

    def _written(self, written) -> None:
        self.last = written
        self.reason.clear()
        self.state.posted(written, by=self)
        self.message.setText(translate("CorePage", "Đã ghi; đối chiếu lại."))
        self.reconcile()

    def record_elsewhere(self) -> None:
        if self.worker is None or not self.files:
            self.message.setText(translate("CorePage", "Chọn tệp Mẫu 10 của ngân hàng trước."))
            return
        files = list(self.files)

        def record(book):
            from sbpdesk.bridge.elsewhere import record
            return record(book, files)     # one transaction of its own
        self.elsewhere_button.setEnabled(False)
        self.worker.run(record, on_done=self._recorded, on_error=self._failed,
                        name="paid elsewhere")

    def _recorded(self, done: dict[str, Any]) -> None:
        self.last = done
        self.elsewhere_button.setEnabled(True)
        self.state.posted(None, by=self)
        self.message.setText(translate(
            "CorePage", "Đã ghi {n} khoản trả nợ ngoài phiên (gốc {principal}, lãi {interest}) "
            "và {deposits} khoản gửi tiết kiệm ({deposited}); {already} đã ghi từ trước; "
            "{unknown} khế ước, {unknown_savings} tài khoản tiết kiệm không có trong sổ.").format(
            n=done["recorded"], principal=money(done["principal"]),
            interest=money(done["interest"]), deposits=done["deposits"],
            deposited=money(done["deposited"]),
            already=done["already"] + done["deposits_already"],
            unknown=len(done["unknown_loans"]), unknown_savings=len(done["unknown_savings"])))

    def translate_ui(self) -> None:
        self.as_of_label.setText(translate("CorePage", "Ngày &số liệu"))
        self.files_button.setText(translate("CorePage", "Chọn &tệp…"))
        self.reconcile_button.setText(translate("CorePage", "Đối &chiếu"))
        self.elsewhere_button.setText(translate("CorePage", "Ghi trả ngoài &phiên (Mẫu 10)"))
        self.seed_button.setText(translate("CorePage", "&Khởi tạo sổ từ tệp ngân hàng"))
        self.reason_label.setText(translate("CorePage", "&Lý do"))
        self.accept_button.setText(translate("CorePage", "&Nhận số liệu ngân hàng…"))
        self.explain_button.setText(translate("CorePage", "Đánh dấu đã &giải trình"))
        self.files_label.setText(", ".join(Path(f).name for f in self.files) or translate(
            "CorePage", "Chưa chọn tệp nào."))
        if self.report is not None:
            diffs = self.report["differences"]
            self.summary.setText(translate(
                "CorePage", "{n} chênh lệch, {explained} đã giải trình; {files} tệp đã "
                "đọc.").format(n=len(diffs), explained=sum(1 for d in diffs
                                                            if d.get("explained")),
                               files=len(self.report["files"])))
        refresh_headers(self)


def _month_end_before(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1) - dt.timedelta(days=1)

"""Báo cáo (office window): the office's portfolio at a date, by point, programme, union and
funding source (issue 16), from `reports.portfolio.portfolio(…, by_point=True)`.

The page is built at once and its figures load on the worker (the window never waits for
them); "Lưu CSV…" writes the report's CSV (the same as `sbpdesk report portfolio --format
csv`, with the points first).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDir
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..models import Column, RowTableModel
from ..widgets import DateEdit
from . import Page
from .common import AppState, money, muted, refresh_headers, table_view

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


@dataclass(frozen=True)
class FigureRow:
    code: str
    name: str
    outstanding: int
    overdue: int
    frozen: int
    borrowers: int
    loans: int


def rows_of(items) -> list[FigureRow]:
    return [FigureRow(i["code"], i["name"], i["outstanding"], i["overdue"], i["frozen"],
                      i["borrowers"], i["loans"]) for i in items]


COLUMNS = (
    Column("code", QT_TRANSLATE_NOOP("Columns", "Mã")),
    Column("name", QT_TRANSLATE_NOOP("Columns", "Tên")),
    Column("outstanding", QT_TRANSLATE_NOOP("Columns", "Dư nợ"), kind="money"),
    Column("overdue", QT_TRANSLATE_NOOP("Columns", "Nợ quá hạn"), kind="money"),
    Column("frozen", QT_TRANSLATE_NOOP("Columns", "Nợ khoanh"), kind="money"),
    Column("borrowers", QT_TRANSLATE_NOOP("Columns", "Hộ vay"), kind="int"),
    Column("loans", QT_TRANSLATE_NOOP("Columns", "Khoản vay"), kind="int"),
)
TABS = ("by_point", "by_programme", "by_organisation", "by_funding_source")


class OfficeReportsPage(Page):
    title_source = "Báo cáo"

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.report: dict | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.as_of_label = QLabel()
        self.as_of = DateEdit()
        self.as_of.set_date(self.state.today)
        self.as_of_label.setBuddy(self.as_of)
        self.show_button, self.csv_button = QPushButton(), QPushButton()
        self.show_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(self.save_csv)
        for w in (self.as_of_label, self.as_of, self.show_button, self.csv_button):
            top.addWidget(w)
        top.addStretch(1)
        layout.addLayout(top)
        self.totals = QLabel()
        self.totals.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.note = muted()
        layout.addWidget(self.note)
        self.tabs = QTabWidget()
        self.models = {key: RowTableModel(COLUMNS) for key in TABS}
        for key in TABS:
            self.tabs.addTab(table_view(self.models[key], stretch="name"), "")
        layout.addWidget(self.tabs, 1)
        self.state.changed.connect(self.refresh)
        self.translate_ui()

    def refresh(self) -> None:
        if self.worker is None:
            return
        as_of = self.as_of.date() or self.state.today
        self.csv_button.setEnabled(False)

        def load(book):
            from sbpdesk.reports.portfolio import portfolio
            return portfolio(book, as_of, by_point=True)
        self.worker.read(load, on_done=self._loaded, name="office portfolio")

    def _loaded(self, report: dict) -> None:
        self.report = report
        for key in TABS:
            self.models[key].set_rows(rows_of(report.get(key, ())))
        self.csv_button.setEnabled(True)
        self.translate_ui()

    def save_csv(self) -> None:
        if self.report is None:
            return
        name = f"danh-muc-cho-vay-{self.report['as_of']}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, translate("OfficeReports", "Lưu báo cáo CSV"),
            str(Path(QDir.homePath()) / name), "CSV (*.csv)")
        if path:
            self.write_csv(path)

    def write_csv(self, path: str) -> None:
        from sbpdesk.reports.portfolio import to_csv
        Path(path).write_text(to_csv(self.report), encoding="utf-8")
        self.note.setText(translate("OfficeReports", "Đã lưu {path}.").format(path=path))

    def translate_ui(self) -> None:
        self.as_of_label.setText(translate("OfficeReports", "Đến &ngày"))
        self.show_button.setText(translate("OfficeReports", "&Xem"))
        self.csv_button.setText(translate("OfficeReports", "Lưu &CSV…"))
        titles = (translate("OfficeReports", "Theo điểm giao dịch"),
                  translate("OfficeReports", "Theo chương trình"),
                  translate("OfficeReports", "Theo hội đoàn thể"),
                  translate("OfficeReports", "Theo nguồn vốn"))
        for i, title in enumerate(titles):
            self.tabs.setTabText(i, title)
        t = (self.report or {}).get("totals")
        self.totals.setText("" if t is None else translate(
            "OfficeReports", "Dư nợ toàn phòng: {outstanding} — quá hạn {overdue}, khoanh "
            "{frozen}; {borrowers} hộ vay, {loans} khoản vay.").format(
            outstanding=money(t["outstanding"]), overdue=money(t["overdue"]),
            frozen=money(t["frozen"]), borrowers=t["borrowers"], loans=t["loans"]))
        refresh_headers(self)

"""Báo cáo (office window, issue 16): the office's reports at a date — the portfolio by point,
programme, union, group and funding source; the Decision 05 indicators; overdue and frozen
with their ages and trend; collections per session and the commune transaction rate; fees
and commissions due; loans idle for three months — on screen, and saved as CSV, Excel or PDF
exactly as `sbpdesk report <name> --format csv|xlsx|pdf` writes them (reports/tables.py).

The page is built at once and its figures load on the worker (the window never waits for
them). The tables' titles come from reports/tables.py in Vietnamese; TABLE_TEXTS marks them
for translation (a test keeps the two lists together).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication, QDir, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.reports import tables as report_tables

from ..models import Column, RowTableModel
from ..widgets import DateEdit
from . import Page
from .common import AppState, money, muted, refresh_headers, table_view
from .office_report_texts import REPORTS, headline, table_text

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")
KIND = {"money": "money", "int": "int", "date": "date", "pct": "ratio", "text": "text"}
CHART_SIZE = (1040 * 0.75, 340 * 0.75)     # points: 1040 × 340 pixels at 96 dpi
FORMATS = {"csv": ("CSV (*.csv)", "csv"), "xlsx": ("Excel (*.xlsx)", "xlsx"),
           "pdf": ("PDF (*.pdf)", "pdf")}


def _value(key: str, kind: str):
    if kind == "date":
        return lambda row: (dt.date.fromisoformat(getattr(row, key))
                            if getattr(row, key) else None)
    return key


# row labels the report words itself
LABELS = ("name", "category", "met", "grade_name", "score_grade_name")


WORDED = ("indicators", "access", "by_grade", "groups", "score", "score_bands")


def model_for(table: report_tables.Table) -> RowTableModel:
    columns = [Column(c.key, c.title, _value(c.key, c.kind), KIND[c.kind],
                      context="ReportTables") for c in table.columns]
    model = RowTableModel(columns)
    model.set_rows([SimpleNamespace(**{c.key: _label(c.key, r.get(c.key), r is table.totals
                                                     or table.key in WORDED)
                                       for c in table.columns})
                    for r in [*table.rows, *([table.totals] if table.totals else [])]])
    return model


def _label(key: str, value, words: bool):
    return table_text(value) if words and key in LABELS and isinstance(value, str) else value


class OfficeReportsPage(Page):
    title_source = "Báo cáo"

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.report: dict | None = None
        self.name = "portfolio"
        self.shaped: list[report_tables.Table] = []
        self.head = None
        self.chart: QLabel | None = None
        self.models: dict[str, RowTableModel] = {}
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.kind_label, self.kind = QLabel(), QComboBox()
        self.kind_label.setBuddy(self.kind)
        for name in REPORTS:
            self.kind.addItem("", name)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.as_of_label = QLabel()
        self.as_of = DateEdit()
        self.as_of.set_date(self.state.today)
        self.as_of_label.setBuddy(self.as_of)
        self.show_button = QPushButton()
        self.show_button.clicked.connect(self.refresh)
        self.save_buttons = {f: QPushButton() for f in FORMATS}
        for f, button in self.save_buttons.items():
            button.clicked.connect(lambda _=False, f=f: self.save(f))
        for w in (self.kind_label, self.kind, self.as_of_label, self.as_of, self.show_button,
                  *self.save_buttons.values()):
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
        layout.addWidget(self.tabs, 1)
        self.state.changed.connect(self.refresh)
        self.translate_ui()

    def refresh(self) -> None:
        if self.worker is None:
            return
        as_of = self.as_of.date() or self.state.today
        name = self.kind.currentData() or "portfolio"
        for button in self.save_buttons.values():
            button.setEnabled(False)

        def load(book):
            from sbpdesk.printing.report import render_charts
            report = report_tables.run(book, name, as_of)
            charts = report_tables.charts(name, report)
            pdf = render_charts(charts, *CHART_SIZE) if charts else None
            return name, report, report_tables.heading(book, report), pdf
        self.worker.read(load, on_done=self._loaded, name=f"office report {name}")

    def _loaded(self, result) -> None:
        name, report, head, charts = result
        if name != (self.kind.currentData() or "portfolio"):
            return      # another report was chosen meanwhile: its own load follows
        self.name, self.report, self.head = name, report, head
        self.shaped = report_tables.tables(name, report)
        self.models = {t.key: model_for(t) for t in self.shaped}
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.chart = None
        if charts is not None:      # first: a person would rather look than read
            from ..printing import pdf_image
            self.chart = QLabel()
            self.chart.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.chart.setPixmap(QPixmap.fromImage(pdf_image(charts, 96)))
            self.tabs.addTab(self.chart, "")
        for t in self.shaped:
            self.tabs.addTab(table_view(self.models[t.key], stretch=_stretch(t)), "")
        self.tabs.setCurrentIndex(max(0, min(current, self.tabs.count() - 1)))
        for button in self.save_buttons.values():
            button.setEnabled(True)
        self.translate_ui()

    def save(self, fmt: str) -> None:
        if self.report is None:
            return
        day = self.report.get("as_of") or self.report.get("to")
        name = f"bao-cao-{self.name}-{day}.{FORMATS[fmt][1]}"
        path, _ = QFileDialog.getSaveFileName(
            self, translate("OfficeReports", "Lưu báo cáo"),
            str(Path(QDir.homePath()) / name), FORMATS[fmt][0])
        if path:
            self.write(fmt, path)

    def write(self, fmt: str, path: str) -> None:
        """The file `sbpdesk report <name> --format <fmt>` writes, from the report shown."""
        title = report_tables.TITLES[self.name]
        sub = report_tables.subtitle(self.name, self.report)
        if fmt == "csv" and self.name == "portfolio":
            from sbpdesk.reports.portfolio import to_csv
            data = to_csv(self.report).encode("utf-8")
        elif fmt == "csv":
            data = report_tables.to_csv(self.shaped).encode("utf-8")
        elif fmt == "xlsx":
            data = report_tables.to_xlsx(self.shaped, title, sub)
        else:
            from sbpdesk.printing.report import render_report
            issuer, mark = self.head
            data = render_report(title, sub, self.shaped,
                                 report_tables.charts(self.name, self.report),
                                 issuer=issuer, mark=mark)
        Path(path).write_bytes(data)
        self.note.setText(translate("OfficeReports", "Đã lưu {path}.").format(path=path))

    def translate_ui(self) -> None:
        self.kind_label.setText(translate("OfficeReports", "&Báo cáo"))
        for i in range(self.kind.count()):
            self.kind.setItemText(i, REPORTS[self.kind.itemData(i)]())
        self.as_of_label.setText(translate("OfficeReports", "Đến &ngày"))
        self.show_button.setText(translate("OfficeReports", "&Xem"))
        self.save_buttons["csv"].setText(translate("OfficeReports", "Lưu &CSV…"))
        self.save_buttons["xlsx"].setText(translate("OfficeReports", "Lưu &Excel…"))
        self.save_buttons["pdf"].setText(translate("OfficeReports", "Lưu &PDF…"))
        first = 0 if self.chart is None else 1
        if self.chart is not None:
            self.tabs.setTabText(0, translate("OfficeReports", "Biểu đồ"))
        for i, t in enumerate(self.shaped):
            self.tabs.setTabText(first + i, table_text(t.title).replace("&", "&&"))
        self.totals.setText("" if self.report is None else headline(self.name, self.report,
                                                                      money))
        refresh_headers(self)


def _stretch(table: report_tables.Table) -> str | None:
    keys = [c.key for c in table.columns]
    return next((k for k in ("name", "borrower", "group") if k in keys), None)



"""Reports for the point: the session summary, the portfolio (by programme), the overdue list,
the loans due next month and each borrower's interest reduction (decision 0156). Where a
document exists (session report, the lists) it can be saved as a PDF ("Lưu PDF": recorded
in the print log and written to <data>/prints/reports/) or previewed and printed ("Xem trước
/ In", through `ui.printing.print_documents`: the preview records nothing; the print is
recorded, and its PDF kept in <data>/prints/reports/, when it is sent to the printer)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..models import Column, RowTableModel
from ..widgets import DateEdit, FieldError
from . import Page
from .common import (
    AppState,
    date_text,
    kind_name,
    money,
    refresh_headers,
    summary_text,
    table_view,
    value_label,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


@dataclass(frozen=True)
class PortfolioRow:
    name: str
    borrowers: int
    loans: int
    outstanding: int
    overdue: int
    frozen: int
    ratio: str


@dataclass(frozen=True)
class DueLine:
    group: str
    name: str
    programme: str
    contract: str
    due_date: dt.date
    principal: int
    interest: int
    outstanding: int
    days: int | None


OP_COLUMNS = [
    Column("kind", QT_TRANSLATE_NOOP("Columns", "Nghiệp vụ"), value=lambda o: kind_name(o.kind)),
    Column("summary", QT_TRANSLATE_NOOP("Columns", "Nội dung"), value=summary_text),
    Column("cash", QT_TRANSLATE_NOOP("Columns", "Tiền mặt"), kind="money"),
    Column("receipt_no", QT_TRANSLATE_NOOP("Columns", "Số biên lai")),
    Column("actor_name", QT_TRANSLATE_NOOP("Columns", "Người ghi")),
    Column("reversed", QT_TRANSLATE_NOOP("Columns", "Đã hủy"),
           value=lambda o: translate("ReportsPage", "đã hủy") if o.reversed else ""),
]
PORTFOLIO_COLUMNS = [
    Column("name", QT_TRANSLATE_NOOP("Columns", "Chương trình")),
    Column("borrowers", QT_TRANSLATE_NOOP("Columns", "Số hộ vay"), kind="int"),
    Column("loans", QT_TRANSLATE_NOOP("Columns", "Số món vay"), kind="int"),
    Column("outstanding", QT_TRANSLATE_NOOP("Columns", "Dư nợ"), kind="money"),
    Column("overdue", QT_TRANSLATE_NOOP("Columns", "Nợ quá hạn"), kind="money"),
    Column("frozen", QT_TRANSLATE_NOOP("Columns", "Nợ khoanh"), kind="money"),
    Column("ratio", QT_TRANSLATE_NOOP("Columns", "Tỷ lệ quá hạn")),
]
DUE_COLUMNS = [
    Column("group", QT_TRANSLATE_NOOP("Columns", "Tổ")),
    Column("name", QT_TRANSLATE_NOOP("Columns", "Họ và tên"), kind="name"),
    Column("programme", QT_TRANSLATE_NOOP("Columns", "Chương trình")),
    Column("contract", QT_TRANSLATE_NOOP("Columns", "Số hợp đồng")),
    Column("due_date", QT_TRANSLATE_NOOP("Columns", "Ngày đến hạn"), kind="date"),
    Column("principal", QT_TRANSLATE_NOOP("Columns", "Gốc"), kind="money"),
    Column("interest", QT_TRANSLATE_NOOP("Columns", "Lãi"), kind="money"),
    Column("outstanding", QT_TRANSLATE_NOOP("Columns", "Dư nợ"), kind="money"),
    Column("days", QT_TRANSLATE_NOOP("Columns", "Số ngày quá hạn"), kind="int"),
]


@dataclass(frozen=True)
class ReliefLine:
    group: str
    name: str
    programme: str
    contract: str
    reduction: int
    credit_left: int
    to_return: int


RELIEF_COLUMNS = [
    Column("group", QT_TRANSLATE_NOOP("Columns", "Tổ")),
    Column("name", QT_TRANSLATE_NOOP("Columns", "Họ và tên"), kind="name"),
    Column("programme", QT_TRANSLATE_NOOP("Columns", "Chương trình")),
    Column("contract", QT_TRANSLATE_NOOP("Columns", "Số hợp đồng")),
    Column("reduction", QT_TRANSLATE_NOOP("Columns", "Lãi được giảm"), kind="money"),
    Column("credit_left", QT_TRANSLATE_NOOP("Columns", "Còn trừ vào lãi kỳ tới"), kind="money"),
    Column("to_return", QT_TRANSLATE_NOOP("Columns", "Trả lại"), kind="money",
           tooltip=QT_TRANSLATE_NOOP("Columns", "Trả lại bằng tiền mặt hoặc vào tiền gửi")),
]


def _relief_lines(data) -> tuple[ReliefLine, ...]:
    return tuple(ReliefLine(g.group_name, r.name, r.programme,
                            r.contract.number + (" (tạm)" if r.contract.provisional else ""),
                            r.reduction, r.credit_left, r.to_return)
                 for g in data.groups for r in g.rows)


def _due_lines(data) -> tuple[DueLine, ...]:
    return tuple(DueLine(g.group_name, r.name, r.programme,
                         r.contract.number + (" (tạm)" if r.contract.provisional else ""),
                         r.due_date, r.principal, r.interest, r.outstanding, r.days_overdue)
                 for g in data.groups for r in g.rows)


def _ratio(overdue: int, outstanding: int) -> str:
    return f"{overdue * 100 / outstanding:.2f} %".replace(".", ",") if outstanding else "—"


def _session(book, code, as_of):
    from sbpdesk.services import sessions, ui_queries
    current = sessions.current_session(book, code) or next(
        iter(sessions.list_sessions(book, code, 1)), None)
    if current is None:
        return None, None
    return ui_queries.session_view(book, current.id)   # one read of the session's rows


def _portfolio(book, code, as_of):
    from sbpdesk.reports.portfolio import portfolio
    return portfolio(book, as_of, code)


def _due(kind: str):
    def load(book, code, as_of):
        from sbpdesk.services.documents import lists
        return _due_lines(lists.due_list(book, code, as_of, kind))
    return load


def _relief(book, code, as_of):
    from sbpdesk.services.documents import relief
    return _relief_lines(relief.relief_list(book, code, as_of))


# what each tab shows, computed on the worker when the tab is first shown
_LOADERS = (_session, _portfolio, _due("overdue"), _due("due_next_month"), _relief)


def _portfolio_rows(report) -> list[PortfolioRow]:
    if not report:
        return []
    rows = [PortfolioRow(item["name"], item["borrowers"], item["loans"], item["outstanding"],
                         item["overdue"], item["frozen"],
                         _ratio(item["overdue"], item["outstanding"]))
            for item in report["by_programme"]]
    t = report["totals"]
    rows.append(PortfolioRow(translate("ReportsPage", "Tổng cộng"), t["borrowers"], t["loans"],
                             t["outstanding"], t["overdue"], t["frozen"],
                             _ratio(t["overdue"], t["outstanding"])))
    return rows


class ReportsPage(Page):
    title_source = "Báo cáo"

    def __init__(self, worker=None, state: AppState | None = None, parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.session_totals = None
        self.saved: list[str] = []
        self.loaded: set[int] = set()    # tabs loaded since the last refresh
        self.loading: set[int] = set()   # tabs being computed on the worker
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.as_of_label = QLabel()
        self.as_of = DateEdit()
        self.as_of.setMaximumWidth(130)
        self.as_of_label.setBuddy(self.as_of)
        self.as_of.editingFinished.connect(self.refresh)
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.refresh)
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_document)
        self.notice_button = QPushButton()
        self.notice_button.clicked.connect(self.print_notice)
        self.print_dialog = None
        top.addWidget(self.as_of_label)
        top.addWidget(self.as_of)
        top.addWidget(self.reload_button)
        self.loading_label = QLabel()
        top.addWidget(self.loading_label)
        top.addStretch(1)
        top.addWidget(self.notice_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.tabs = QTabWidget()
        session_tab = QWidget()
        session_layout = QVBoxLayout(session_tab)
        self.session_info = value_label()
        self.session_info.setWordWrap(True)
        session_layout.addWidget(self.session_info)
        self.op_model = RowTableModel(OP_COLUMNS, parent=self)
        session_layout.addWidget(table_view(self.op_model, stretch="summary"), 1)
        self.portfolio_model = RowTableModel(PORTFOLIO_COLUMNS, parent=self)
        self.overdue_model = RowTableModel(DUE_COLUMNS, parent=self)
        self.next_model = RowTableModel(DUE_COLUMNS, parent=self)
        self.relief_model = RowTableModel(RELIEF_COLUMNS, parent=self)
        self.tabs.addTab(session_tab, "")
        self.tabs.addTab(table_view(self.portfolio_model, stretch="name"), "")
        self.tabs.addTab(table_view(self.overdue_model, stretch="name"), "")
        self.tabs.addTab(table_view(self.next_model, stretch="name"), "")
        self.tabs.addTab(table_view(self.relief_model, stretch="name"), "")
        self.tabs.currentChanged.connect(self._tab_chosen)
        layout.addWidget(self.tabs, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.translate_ui()

    def refresh(self) -> None:
        """Load the tab shown; the others when they are chosen (issue 14: the page computed
        every report before it showed, ≈ 5 s; the lists walk every loan's schedule)."""
        if self.worker is None or not self.state.point_code:
            return
        if not self.as_of.text():
            self.as_of.set_date(self.state.business_date())
        self.loaded = set()
        self._load_tab(self.tabs.currentIndex())

    def _tab_chosen(self, tab: int) -> None:
        if self.worker is not None and self.state.point_code and tab not in self.loaded:
            self._load_tab(tab)

    def _load_tab(self, tab: int) -> None:
        as_of = self.as_of.date() or self.state.business_date()
        code = self.state.point_code
        self.loaded.add(tab)
        self.loading.add(tab)
        self._loading_text()
        load = _LOADERS[tab]
        self.worker.read(lambda book: load(book, code, as_of),
                         on_done=lambda value: self._loaded(tab, value),
                         on_error=self.error.show_error,
                         on_finally=lambda: self._done_loading(tab), name=f"reports {tab}")

    def _done_loading(self, tab: int) -> None:
        self.loading.discard(tab)
        self._loading_text()

    def _loading_text(self) -> None:
        self.loading_label.setText(translate("ReportsPage", "Đang tính báo cáo…")
                                   if self.loading else "")

    def _loaded(self, tab: int, value) -> None:
        if tab == 0:
            totals, ops = value
            self.session_totals = totals
            self.op_model.set_rows(ops or ())
        elif tab == 1:
            self.portfolio_model.set_rows(_portfolio_rows(value))
        else:
            (None, None, self.overdue_model, self.next_model, self.relief_model)[tab].set_rows(
                value)
        self.translate_ui()

    def save_pdf(self) -> None:
        """The current tab's document as a PDF in <data>/prints/reports/ (a recorded print)."""
        self._produce(save=True)

    def print_document(self) -> None:
        """The current tab's document previewed; recorded and kept as PDF when printed."""
        self._produce(save=False)

    def _produce(self, *, save: bool) -> None:
        self.error.clear_error()
        tab = self.tabs.currentIndex()
        as_of = self.as_of.date() or self.state.business_date()
        code = self.state.point_code
        totals = self.session_totals
        if tab == 0:
            if totals is None:
                return
            keys, selector = {"session": totals.session.id}, "session"
            stem = f"phien-{totals.session.point_code}-{totals.session.business_date.isoformat()}"
        elif tab in (2, 3):
            kind = "overdue" if tab == 2 else "due_next_month"
            keys, selector = {"point": code, "as_of": as_of, "kind": kind}, "overdue"
            stem = f"{kind}-{code}-{as_of.isoformat()}"
        elif tab == 4:
            keys, selector = {"point": code, "as_of": as_of}, "relief"
            stem = f"giam-lai-{code}-{as_of.isoformat()}"
        else:
            self.message.setText(translate(
                "ReportsPage", "Báo cáo dư nợ chưa có mẫu in; xem trên màn hình."))
            return
        user, out = self.state.username, self._kept(stem)

        def preview(book):
            from sbpdesk.printing import record
            return record.preview(book, selector, **keys)

        def produce(book):
            from sbpdesk.printing import record
            return record.record(book, [preview(book)], user=user, out=out)[0]

        if save:
            self.worker.run(produce, on_done=self._saved, on_error=self.error.show_error,
                            name="report pdf")
            return
        from .. import printing
        printing.prepare(self.worker, preview, lambda p: self._to_printer(p, out),
                         self.error.show_error, name="report preview")

    def print_notice(self) -> None:
        """The public notice of the point's borrowers (issue 14: the command line only)."""
        from .papers import print_paper, printed_text
        self.error.clear_error()
        as_of, code = self.as_of.date() or self.state.business_date(), self.state.point_code
        print_paper(self, "notice", {"point": code, "as_of": as_of},
                    title=translate("ReportsPage", "Thông báo công khai"), folder="reports",
                    stem=f"thong-bao-{code}-{as_of.isoformat()}", on_error=self.error.show_error,
                    on_done=lambda recorded: self.message.setText(printed_text(recorded)))

    def _kept(self, stem: str):
        """The file a recorded print of the report is kept in (a reprint: "-ban-sao-n")."""
        from pathlib import Path

        from sbpdesk.printing.record import kept_name
        base = (self.state.data_dir or Path.home()) / "prints" / "reports"
        return lambda p: base / kept_name(stem, p.copy_no, p.cancelled)

    def _to_printer(self, preview, out) -> None:
        from .. import printing
        self.message.setText("")
        self.print_dialog = printing.print_documents(
            self, self.worker, [preview], user=self.state.username, out=out,
            on_error=self.error.show_error, on_done=self._printed, preview=True,
            printer_name=printing.saved_printer(), paper="a4",
            title=self.tabs.tabText(self.tabs.currentIndex()))

    def _printed(self, recorded) -> None:
        from .. import printing
        self.print_dialog = None
        if recorded:
            self._saved(recorded[0])
        else:
            self.message.setText(printing.not_printed_text())

    def _saved(self, printed) -> None:
        self.saved.append(printed.out)
        self.message.setText(translate("ReportsPage", "Đã lưu tệp PDF: {path}").format(
            path=printed.out))

    def translate_ui(self) -> None:
        self.as_of_label.setText(translate("ReportsPage", "Đến &ngày:"))
        self.reload_button.setText(translate("ReportsPage", "Xem"))
        self.pdf_button.setText(translate("ReportsPage", "Lưu PDF"))
        self.print_button.setText(translate("ReportsPage", "Xem trước / In"))
        self.notice_button.setText(translate("ReportsPage", "In thông báo &công khai"))
        for i, title in enumerate((translate("ReportsPage", "Tổng hợp phiên"),
                                   translate("ReportsPage", "Dư nợ theo chương trình"),
                                   translate("ReportsPage", "Nợ quá hạn"),
                                   translate("ReportsPage", "Đến hạn tháng tới"),
                                   translate("ReportsPage", "Giảm lãi suất"))):
            self.tabs.setTabText(i, title)
        refresh_headers(self)
        t = self.session_totals
        if t is None:
            self.session_info.setText(translate("ReportsPage", "Điểm chưa có phiên nào."))
            return
        s = t.session
        status = translate("ReportsPage", "đang mở") if s.status == "open" else translate(
            "ReportsPage", "đã đóng")
        d = t.differences        # "thừa/thiếu -59 đ" read as neither (issue 14)
        diff = (translate("ReportsPage", "thừa {amount}").format(amount=money(d)) if d > 0
                else translate("ReportsPage", "thiếu {amount}").format(amount=money(-d)) if d
                else translate("ReportsPage", "không thừa thiếu"))
        self.session_info.setText(translate(
            "ReportsPage", "Phiên ngày {date} ({status}) — đầu phiên {opening}, thu {cash_in}, "
            "chi {cash_out}, {diff}, tồn quỹ theo sổ {expected}; {n} nghiệp vụ, "
            "{r} đã hủy.").format(
            date=date_text(s.business_date), status=status, opening=money(s.opening_cash),
            cash_in=money(t.cash_in), cash_out=money(t.cash_out), diff=diff,
            expected=money(t.expected_cash), n=t.operations, r=t.reversed))

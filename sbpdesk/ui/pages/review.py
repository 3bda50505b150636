"""Xem xét (office window): what an import could not settle on its own (issue 16).

Five tabs from `sync.office_review.review_data`: tiền treo (accounts holding cash a rule
refused, per household), tạm giữ / từ chối (held and rejected operations), trùng số (frozen
origins: a laptop book copied back from an old file), kết quả gửi lại máy điểm (the verdicts
each laptop receives in its next bundle) and lịch sử xử lý (every resolution: who, when,
what went where, why). "Xử lý tiền treo…" opens `dialogs.resolve.ResolveDialog`, shown to
whoever may post `suspense.resolve` (the services' kind table; the service refuses the others
anyway); the resolution travels to the point in its next bundle.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ..models import Column, RowTableModel
from . import Page
from .common import (
    AppState,
    date_text,
    money,
    muted,
    refresh_headers,
    selected_row,
    table_view,
)
from .office_common import OP_COLUMNS, may_post
from .sync_texts import local_time, reason_name

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def _reasons(text: str) -> str:
    return ", ".join(reason_name(r) for r in text.split(",") if r)


SUSPENSE_COLUMNS = (
    Column("point_code", QT_TRANSLATE_NOOP("Columns", "Điểm")),
    Column("member", QT_TRANSLATE_NOOP("Columns", "Hộ (thành viên)"), kind="name"),
    Column("account_id", QT_TRANSLATE_NOOP("Columns", "Tài khoản")),
    Column("suspense", QT_TRANSLATE_NOOP("Columns", "Tiền treo"), kind="money"),
    Column("reasons", QT_TRANSLATE_NOOP("Columns", "Lý do"), lambda r: _reasons(r.reasons)),
)
FORK_COLUMNS = (
    Column("origin", QT_TRANSLATE_NOOP("Columns", "Máy")),
    Column("count", QT_TRANSLATE_NOOP("Columns", "Số nghiệp vụ trùng"), kind="int"),
    Column("first_seq", QT_TRANSLATE_NOOP("Columns", "Từ số"), kind="int"),
)


def _destination(code: str) -> str:
    from ..dialogs.resolve import destination_name
    return destination_name(code)


HISTORY_COLUMNS = (
    Column("business_date", QT_TRANSLATE_NOOP("Columns", "Ngày"),
           lambda r: date_text(r.business_date)),
    Column("recorded_at", QT_TRANSLATE_NOOP("Columns", "Ghi lúc"),
           lambda r: local_time(r.recorded_at[:19] + "Z") if r.recorded_at else ""),
    Column("actor", QT_TRANSLATE_NOOP("Columns", "Người xử lý")),
    Column("account_id", QT_TRANSLATE_NOOP("Columns", "Tài khoản")),
    Column("amount", QT_TRANSLATE_NOOP("Columns", "Số tiền"), kind="money"),
    Column("to", QT_TRANSLATE_NOOP("Columns", "Chuyển sang"), lambda r: _destination(r.to)),
    Column("reason", QT_TRANSLATE_NOOP("Columns", "Lý do")),
)
TABS = ("suspense", "held", "forks", "verdicts", "history")


class ReviewPage(Page):
    title_source = "Xem xét"

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.data = None
        self._dialog = None
        self.may_resolve = may_post(self.state.roles, "suspense.resolve")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = muted()
        self.resolve_button, self.reload_button = QPushButton(), QPushButton()
        self.resolve_button.setObjectName("Primary")
        self.resolve_button.setVisible(self.may_resolve)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.reload_button.clicked.connect(self.refresh)
        top.addWidget(self.summary, 1)
        top.addWidget(self.resolve_button)
        top.addWidget(self.reload_button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.models = {"suspense": RowTableModel(SUSPENSE_COLUMNS),
                       "held": RowTableModel(OP_COLUMNS), "forks": RowTableModel(FORK_COLUMNS),
                       "verdicts": RowTableModel(OP_COLUMNS),
                       "history": RowTableModel(HISTORY_COLUMNS)}
        stretch = {"suspense": "reasons", "held": "summary", "forks": None,
                   "verdicts": "summary", "history": "reason"}
        self.views = {}
        for key in TABS:
            self.views[key] = table_view(self.models[key], stretch=stretch[key])
            self.tabs.addTab(self.views[key], "")
        self.views["suspense"].selectionModel().currentRowChanged.connect(
            lambda *_: self._update_enabled())
        layout.addWidget(self.tabs, 1)
        self.state.changed.connect(self.refresh)
        self.translate_ui()
        self._update_enabled()

    def refresh(self) -> None:
        if self.worker is None:
            return
        from sbpdesk.sync.office_review import review_data
        self.worker.read(review_data, on_done=self._loaded, name="review")

    def _loaded(self, data) -> None:
        self.data = data
        self.models["suspense"].set_rows(list(data.suspense))
        self.models["held"].set_rows([*data.held, *data.rejected])
        self.models["forks"].set_rows(list(data.forks))
        self.models["verdicts"].set_rows(list(data.verdicts))
        self.models["history"].set_rows(list(data.resolutions))
        view = self.views["suspense"]
        if data.suspense and not view.currentIndex().isValid():
            view.setCurrentIndex(self.models["suspense"].index(0, 0))
        self.translate_ui()
        self._update_enabled()

    def selected_suspense(self):
        return selected_row(self.views["suspense"])

    def _update_enabled(self) -> None:
        self.resolve_button.setEnabled(self.may_resolve
                                       and self.selected_suspense() is not None)

    def resolve_selected(self) -> None:
        line = self.selected_suspense()
        if line is None:
            return
        from ..dialogs.resolve import ResolveDialog
        self._dialog = ResolveDialog(self.worker, line, self.state.today, self)
        self._dialog.resolved.connect(self.state.posted)
        self._dialog.open()

    def translate_ui(self) -> None:
        d = self.data
        counts = {k: self.models[k].rowCount() for k in TABS}
        titles = {
            "suspense": translate("Review", "Tiền treo ({n})"),
            "held": translate("Review", "Tạm giữ, từ chối ({n})"),
            "forks": translate("Review", "Trùng số thứ tự ({n})"),
            "verdicts": translate("Review", "Kết quả gửi lại máy điểm ({n})"),
            "history": translate("Review", "Lịch sử xử lý ({n})"),
        }
        for i, key in enumerate(TABS):
            self.tabs.setTabText(i, titles[key].format(n=counts[key]))
        self.resolve_button.setText(translate("Review", "&Xử lý tiền treo…"))
        self.reload_button.setText(translate("Review", "Tải lại"))
        self.summary.setText("" if d is None else translate(
            "Review", "Tiền treo: {amount} ở {n} tài khoản. Việc xử lý được gửi về điểm trong "
            "gói kế tiếp.").format(amount=money(sum(abs(s.suspense) for s in d.suspense)),
                                   n=len(d.suspense)))
        refresh_headers(self)

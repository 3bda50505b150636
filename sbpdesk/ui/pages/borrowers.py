"""Borrowers: search as you type, ignoring accents ("nguyen van a" finds "Nguyễn Văn A");
the household with its members, loans, savings and history of operations; registering a
new household (provisional number "(tạm)" until the office confirms a customer code)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..dialogs.household import RegisterHouseholdDialog, category_name
from ..i18n import current_language
from ..models import Column, RowTableModel
from ..widgets import SearchBox
from . import Page
from .common import (
    AppState,
    heading,
    muted,
    refresh_headers,
    selected_row,
    summary_text,
    table_view,
    value_label,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

SEX = {
    "F": QT_TRANSLATE_NOOP("BorrowersPage", "Nữ"),
    "M": QT_TRANSLATE_NOOP("BorrowersPage", "Nam"),
}
LOAN_STATUS = {
    "approved": QT_TRANSLATE_NOOP("LoanStatus", "chờ giải ngân"),
    "active": QT_TRANSLATE_NOOP("LoanStatus", "đang vay"),
    "frozen": QT_TRANSLATE_NOOP("LoanStatus", "khoanh nợ"),
    "closed": QT_TRANSLATE_NOOP("LoanStatus", "đã tất toán"),
    "written_off": QT_TRANSLATE_NOOP("LoanStatus", "đã xóa nợ"),
    "cancelled": QT_TRANSLATE_NOOP("LoanStatus", "đã hủy"),
}


def loan_status(code: str | None) -> str:
    source = LOAN_STATUS.get(code or "")
    return translate("LoanStatus", source) if source else (code or "")


@dataclass(frozen=True)
class HouseholdView:
    household: object
    loans: tuple
    savings: tuple
    history: tuple
    group_name: str
    group_warning: tuple[str, str] | None = None   # (vi, en): a group outside 5–60 members
    card_warnings: tuple[tuple[str, str, str], ...] = ()   # (name, vi, en): papers to renew
    address_now: str | None = None   # the commune the written address is in today (0106)
    programmes: tuple[tuple[str, str], ...] = ()   # code → name: the loans tab names them


PERSON_COLUMNS = [
    Column("full_name", QT_TRANSLATE_NOOP("Columns", "Họ và tên"), kind="name"),
    Column("household_no", QT_TRANSLATE_NOOP("Columns", "Mã hộ")),
    Column("id_number", QT_TRANSLATE_NOOP("Columns", "Số CCCD")),
    Column("birth_date", QT_TRANSLATE_NOOP("Columns", "Ngày sinh"), kind="date"),
    Column("village", QT_TRANSLATE_NOOP("Columns", "Thôn/ấp")),
]
MEMBER_COLUMNS = [
    Column("full_name", QT_TRANSLATE_NOOP("Columns", "Họ và tên"), kind="name"),
    Column("relation", QT_TRANSLATE_NOOP("Columns", "Quan hệ")),
    Column(
        "sex",
        QT_TRANSLATE_NOOP("Columns", "Giới tính"),
        value=lambda p: translate("BorrowersPage", SEX[p.sex]) if p.sex in SEX else "",
    ),
    Column("birth_date", QT_TRANSLATE_NOOP("Columns", "Ngày sinh"), kind="date"),
    Column("id_number", QT_TRANSLATE_NOOP("Columns", "Số CCCD")),
    Column("id_expiry", QT_TRANSLATE_NOOP("Columns", "Hạn CCCD"), kind="date"),
    Column("phone", QT_TRANSLATE_NOOP("Columns", "Điện thoại")),
]
LOAN_COLUMNS = [
    Column(
        "contract_no",
        QT_TRANSLATE_NOOP("Columns", "Số hợp đồng"),
        value=lambda r: r.contract_no or translate("BorrowersPage", "(tạm)"),
    ),
    Column("programme_code", QT_TRANSLATE_NOOP("Columns", "Chương trình")),
    Column(
        "status", QT_TRANSLATE_NOOP("Columns", "Trạng thái"), value=lambda r: loan_status(r.status)
    ),
    Column("approved_amount", QT_TRANSLATE_NOOP("Columns", "Số tiền duyệt"), kind="money"),
    Column("outstanding", QT_TRANSLATE_NOOP("Columns", "Dư nợ"), kind="money"),
    Column("principal_overdue", QT_TRANSLATE_NOOP("Columns", "Gốc quá hạn"), kind="money"),
    Column("next_due_date", QT_TRANSLATE_NOOP("Columns", "Kỳ tới"), kind="date"),
]
SAVINGS_COLUMNS = [
    Column("full_name", QT_TRANSLATE_NOOP("Columns", "Chủ tài khoản"), kind="name"),
    Column("balance", QT_TRANSLATE_NOOP("Columns", "Số dư"), kind="money"),
    Column("opened_on", QT_TRANSLATE_NOOP("Columns", "Ngày mở"), kind="date"),
]
HISTORY_COLUMNS = [
    Column("business_date", QT_TRANSLATE_NOOP("Columns", "Ngày"), kind="date"),
    Column("summary", QT_TRANSLATE_NOOP("Columns", "Nội dung"), value=summary_text),
    Column("amount", QT_TRANSLATE_NOOP("Columns", "Tiền mặt"), kind="money"),
    Column("actor_name", QT_TRANSLATE_NOOP("Columns", "Người ghi")),
    Column(
        "reversed",
        QT_TRANSLATE_NOOP("Columns", "Đã hủy"),
        value=lambda h: translate("BorrowersPage", "đã hủy") if h.reversed else "",
    ),
]


def _card_warnings(household, on) -> tuple[tuple[str, str, str], ...]:
    """Members whose card expired or whose CMND is void on the session date (0079, 0155)."""
    flags = [(m.full_name, m.card_warning(on)) for m in (household.members if household else ())]
    return tuple((name, f.vi, f.en) for name, f in flags if f is not None)


class BorrowersPage(Page):
    title_source = "Khách hàng"

    def __init__(self, worker=None, state: AppState | None = None, parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.view_data: HouseholdView | None = None
        self.register_dialog: RegisterHouseholdDialog | None = None
        self.searches = 0
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = SearchBox()
        self.search.search.connect(self.run_search)
        self.register_button = QPushButton()
        self.register_button.clicked.connect(self.open_register)
        top.addWidget(self.search, 1)
        top.addWidget(self.register_button)
        layout.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.found_label = muted()
        left_layout.addWidget(self.found_label)
        self.person_model = RowTableModel(PERSON_COLUMNS, parent=self)
        self.person_view = table_view(self.person_model, stretch="village")
        self.person_view.selectionModel().currentRowChanged.connect(self._person_chosen)
        left_layout.addWidget(self.person_view)
        split.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.household_title = heading()
        self.household_info = value_label()
        self.household_info.setWordWrap(True)
        right_layout.addWidget(self.household_title)
        right_layout.addWidget(self.household_info)
        self.tabs = QTabWidget()
        self.member_model = RowTableModel(MEMBER_COLUMNS, parent=self)
        self.programme_names: dict[str, str] = {}   # a programme by name, not code (issue 14)
        self.loan_model = RowTableModel([Column(
            c.key, c.header, value=lambda r: self.programme_names.get(
                r.programme_code, r.programme_code)) if c.key == "programme_code" else c
            for c in LOAN_COLUMNS], parent=self)
        self.savings_model = RowTableModel(SAVINGS_COLUMNS, parent=self)
        self.history_model = RowTableModel(HISTORY_COLUMNS, parent=self)
        # Names in full; at 1.366 px the other columns scroll (a stretched name was cut).
        self.member_view = table_view(self.member_model)
        self.loan_view = table_view(self.loan_model)
        self.savings_view = table_view(self.savings_model, stretch="full_name")
        self.history_view = table_view(self.history_model, stretch="summary")
        for view in (self.member_view, self.loan_view, self.savings_view, self.history_view):
            self.tabs.addTab(view, "")
        self.loan_view.activated.connect(self._loan_activated)
        right_layout.addWidget(self.tabs, 1)
        self.loan_hint = muted()
        right_layout.addWidget(self.loan_hint)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([460, 640])
        layout.addWidget(split, 1)
        self.setTabOrder(self.search, self.register_button)
        self.setTabOrder(self.register_button, self.person_view)
        self.setTabOrder(self.person_view, self.tabs)
        self.translate_ui()

    # --- search ---------------------------------------------------------------------------------

    def run_search(self, text: str) -> None:
        if self.worker is None:
            return
        code = self.state.point_code or None

        def find(book):
            from sbpdesk.services import customers

            rows = customers.search_persons(book, text, 100, point_code=code)
            return tuple(rows)

        self.worker.read(find, on_done=self._found, name="search")

    def _found(self, rows) -> None:
        self.searches += 1
        self.person_model.set_rows(rows)
        self.found_label.setText(
            translate("BorrowersPage", "{n} người tìm thấy").format(n=len(rows))
            if self.search.text()
            else ""
        )
        if rows:
            self.person_view.setCurrentIndex(self.person_model.index(0, 0))

    def _person_chosen(self, current, _previous) -> None:
        if current.isValid():
            self.show_household(self.person_model.row_at(current.row()).household_id)

    def show_household(self, household_id: str) -> None:
        self.state.household_id = household_id

        on = self.state.business_date()

        def load(book):
            from sbpdesk.services import customers, groups, loans, places, reference, savings

            household = customers.get_household(book, household_id)
            loan_rows = tuple(loans.loans_of_household(book, household_id))
            saving_rows = tuple(savings.savings_of_household(book, household_id))
            history = []
            for loan in loan_rows:
                history += loans.history(book, "loan", loan.id)
            for account in saving_rows:
                history += [
                    h
                    for h in loans.history(book, "savings", account.id)
                    if h.op_id not in {x.op_id for x in history}
                ]
            history.sort(key=lambda h: (h.business_date, h.op_id), reverse=True)
            group = (
                groups.get_group(book, household.group_id)
                if household and household.group_id
                else None
            )
            return HouseholdView(
                household,
                loan_rows,
                saving_rows,
                tuple(history),
                f"{group.code} — {group.name}" if group else "—",
                (group.warning_vi, group.warning_en) if group and group.warning_vi else None,
                _card_warnings(household, on),
                places.address_now(book, household_id, on) if household else None,
                tuple(reference.programme_names(book).items()),
            )

        self.worker.read(load, on_done=self._household_loaded, name="household")

    def _household_loaded(self, data: HouseholdView) -> None:
        self.view_data = data
        self.programme_names = dict(data.programmes)
        h = data.household
        self.member_model.set_rows(h.members if h else ())
        self.loan_model.set_rows(data.loans)
        self.savings_model.set_rows(data.savings)
        self.history_model.set_rows(data.history)
        self.translate_ui()

    def _loan_activated(self, index) -> None:
        row = self.loan_model.row_at(index.row())
        self.state.show_loan(row.id)

    def open_selected_loan(self) -> None:
        row = selected_row(self.loan_view) or (
            self.loan_model.row_at(0) if self.loan_model.rowCount() else None
        )
        if row is not None:
            self.state.show_loan(row.id)

    # --- registration ---------------------------------------------------------------------------

    def open_register(self) -> None:
        def load(book):
            from sbpdesk.services import groups

            rows = tuple(groups.list_groups(book, self.state.point_code))
            return rows

        self.worker.read(load, on_done=self._open_register_with, name="groups")

    def _open_register_with(self, groups) -> None:
        self.register_dialog = RegisterHouseholdDialog(
            self.worker,
            point_code=self.state.point_code,
            groups=groups,
            business_date=self.state.business_date(),
            parent=self,
        )
        self.register_dialog.registered.connect(self._registered)
        self.register_dialog.open()

    def _registered(self, household) -> None:
        self.state.posted(self.register_dialog.written, by=self)
        self.show_household(household.id)

    # --- text -----------------------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.register_button.setText(translate("BorrowersPage", "Đăng ký hộ mới…"))
        for i, title in enumerate(
            (
                translate("BorrowersPage", "Thành viên"),
                translate("BorrowersPage", "Khoản vay"),
                translate("BorrowersPage", "Tiết kiệm"),
                translate("BorrowersPage", "Lịch sử giao dịch"),
            )
        ):
            self.tabs.setTabText(i, title)
        self.loan_hint.setText(
            translate("BorrowersPage", "Chọn khoản vay và nhấn Enter để mở trang Khoản vay.")
        )
        refresh_headers(self)
        data = self.view_data
        if data is None or data.household is None:
            self.household_title.setText(translate("BorrowersPage", "Chọn một người để xem hộ"))
            self.household_info.setText(
                translate(
                    "BorrowersPage", "Gõ tên (có dấu hay không dấu), số CCCD, số điện thoại, "
                    "mã khách hàng, mã thôn hoặc số TK 105."
                )
            )
            return
        h = data.household
        number = h.customer_code or translate("BorrowersPage", "{no} (tạm)").format(
            no=h.provisional_no or ""
        )
        rep = next(
            (m.full_name for m in h.members if m.is_representative),
            h.members[0].full_name if h.members else "—",
        )
        self.household_title.setText(
            translate("BorrowersPage", "Hộ {no} — {name}").format(no=number, name=rep)
        )
        self.household_info.setText(
            translate(
                "BorrowersPage",
                "Địa chỉ: {address} ({village}) · Phân loại: {category} · Tổ: {group}",
            ).format(
                address=h.address or "—",
                village=h.village or "—",
                category=category_name(h.category),
                group=data.group_name,
            )
            + ("\n" + translate("BorrowersPage", "Địa chỉ nay thuộc: {place}").format(
                place=data.address_now) if data.address_now else "")
            + (f"\n⚠ {data.group_warning[current_language() == 'en']}"
               if data.group_warning else "")
            + "".join(f"\n⚠ {name}: {(vi, en)[current_language() == 'en']}"
                      for name, vi, en in data.card_warnings)
        )

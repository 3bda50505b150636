"""New application (the 01/TD data): borrower and household, programme, amount, purpose, term
and repayment frequency, checked offline against the programme's limits and the household's
category by the services; each refusal appears under its field."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..models import Column, RowTableModel
from ..widgets import AmountEdit, FieldError, NfcLineEdit, SearchBox, with_error_label
from . import Page
from .application_draft import ApplicationDraft
from .common import AppState, frame, heading, muted, refresh_headers, table_view

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

PROGRAMME_WIDTH = 160

APP_STATUS = {"submitted": QT_TRANSLATE_NOOP("ApplicationPage", "đã nộp"),
              "approved": QT_TRANSLATE_NOOP("ApplicationPage", "đã duyệt"),
              "refused": QT_TRANSLATE_NOOP("ApplicationPage", "từ chối"),
              "reversed": QT_TRANSLATE_NOOP("ApplicationPage", "đã hủy")}

PERSON_COLUMNS = [
    Column("full_name", QT_TRANSLATE_NOOP("Columns", "Họ và tên"), kind="name"),
    Column("household_no", QT_TRANSLATE_NOOP("Columns", "Mã hộ")),
    Column("id_number", QT_TRANSLATE_NOOP("Columns", "Số CCCD")),
    Column("village", QT_TRANSLATE_NOOP("Columns", "Thôn/ấp")),
]


class _Spin(QSpinBox):
    """A spin box with an error label (a field-error target)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.error_label = FieldError()

    def show_error(self, error) -> None:
        self.error_label.show_error(error)


class ApplicationPage(ApplicationDraft, Page):
    title_source = "Hồ sơ vay mới"

    def __init__(self, worker=None, state: AppState | None = None, parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.programmes: list = []
        self.person = None
        self.last_posted = None
        self.app_columns = [
            Column("submitted_on", QT_TRANSLATE_NOOP("Columns", "Ngày nộp"), kind="date"),
            Column("person", QT_TRANSLATE_NOOP("Columns", "Người vay"),
                   value=lambda a: self.names.get(a.person_id, "")),
            # the amount and the status before the programme: in sight at 1.366 px
            Column("amount", QT_TRANSLATE_NOOP("Columns", "Số tiền"), kind="money"),
            Column("status", QT_TRANSLATE_NOOP("Columns", "Trạng thái"), value=lambda a: translate(
                "ApplicationPage", APP_STATUS.get(a.status, a.status))),
            Column("programme_code", QT_TRANSLATE_NOOP("Columns", "Chương trình"),
                   value=lambda a: self.programme_names.get(
                       a.programme_code, a.programme_code).removeprefix("Cho vay ")),
            Column("term_months", QT_TRANSLATE_NOOP("Columns", "Thời hạn"),  # read when cut
                   value=lambda a: translate("ApplicationPage", "{n} tháng").format(
                       n=a.term_months)),
            Column("purpose", QT_TRANSLATE_NOOP("Columns", "Mục đích")),
        ]
        self.names: dict[str, str] = {}
        self.programme_names: dict[str, str] = {}
        layout = QHBoxLayout(self)

        left = QVBoxLayout()
        self.borrower_title = heading()
        left.addWidget(self.borrower_title)
        self.search = SearchBox()
        self.search.search.connect(self.find)
        left.addWidget(self.search)
        self.person_model = RowTableModel(PERSON_COLUMNS, parent=self)
        self.person_view = table_view(self.person_model, stretch="full_name")
        self.person_view.selectionModel().currentRowChanged.connect(self._person_chosen)
        left.addWidget(self.person_view, 1)
        self.borrower_error = FieldError()
        left.addWidget(self.borrower_error)
        self.list_title = heading()
        left.addWidget(self.list_title)
        self.app_model = RowTableModel(self.app_columns, parent=self)
        self.app_view = table_view(self.app_model, stretch="purpose")
        left.addWidget(self.app_view, 1)
        papers = QHBoxLayout()
        self.proposal_button = QPushButton()
        self.proposal_button.clicked.connect(self.print_proposal)
        self.paper_message = QLabel()
        self.paper_message.setWordWrap(True)
        papers.addWidget(self.proposal_button)
        papers.addWidget(self.paper_message, 1)
        left.addLayout(papers)
        self.print_dialog = None
        layout.addLayout(left, 3)

        box = frame()
        form = QFormLayout(box)
        self.form_title = heading()
        form.addRow(self.form_title)
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.chosen_label = QLabel()
        form.addRow(self.chosen_label, self.chosen)
        self.programme = QComboBox()
        self.programme.setMinimumContentsLength(24)
        self.programme.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.programme_error = FieldError()
        self.amount = AmountEdit()
        self.term = _Spin()
        self.term.setRange(1, 240)
        self.term.setValue(36)
        self.frequency = _Spin()
        self.frequency.setRange(0, 240)
        self.frequency.setValue(12)
        self.purpose = NfcLineEdit()
        self.purpose_error = FieldError()
        self.purpose.show_error = self.purpose_error.show_error
        self.labels = {k: QLabel() for k in ("programme", "amount", "term", "frequency",
                                             "purpose")}
        for key, field in (("programme", self.programme), ("amount", self.amount),
                           ("term", self.term), ("frequency", self.frequency),
                           ("purpose", self.purpose)):
            self.labels[key].setBuddy(field)
        form.addRow(self.labels["programme"], with_error_label(self.programme,
                                                               self.programme_error))
        form.addRow(self.labels["amount"], with_error_label(self.amount))
        form.addRow(self.labels["term"], with_error_label(self.term))
        form.addRow(self.labels["frequency"], with_error_label(self.frequency))
        form.addRow(self.labels["purpose"], with_error_label(self.purpose, self.purpose_error))
        self.hint = muted()
        form.addRow(self.hint)
        self.error = FieldError()
        form.addRow(self.error)
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("Primary")
        self.submit_button.clicked.connect(self.submit)
        form.addRow(self.submit_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #1b5e20;")
        form.addRow(self.message)
        layout.addWidget(box, 2)

        self.fields = {"household_id": self.borrower_error, "person_id": self.borrower_error,
                       "group_id": self.borrower_error, "programme_code": self.programme_error,
                       "amount": self.amount, "term_months": self.term,
                       "frequency_months": self.frequency, "purpose": self.purpose}
        self.setTabOrder(self.search, self.person_view)
        self.setTabOrder(self.person_view, self.programme)
        self.setTabOrder(self.programme, self.amount)
        self.setTabOrder(self.amount, self.term)
        self.setTabOrder(self.term, self.frequency)
        self.setTabOrder(self.frequency, self.purpose)
        self.setTabOrder(self.purpose, self.submit_button)
        self.state.changed.connect(self._reload_list)
        self.build_draft()
        self.translate_ui()

    def refresh(self) -> None:
        if self.worker is None:
            return
        code, key = self.state.point_code, self.form_key()

        def load(book):
            from sbpdesk.services import applications, customers, reference
            programmes = tuple(sorted(reference.programme_names(book).items(),
                                      key=lambda x: x[1]))
            apps = tuple(applications.list_applications(book, code))[-50:]
            names = {}
            for app in apps:
                household = customers.get_household(book, app.household_id)
                for m in household.members if household else ():
                    names[m.id] = m.full_name
            return programmes, tuple(reversed(apps)), names, self.read_draft(book, key)
        self.worker.read(load, on_done=self._loaded, name="applications")

    def _reload_list(self) -> None:
        if self.isVisible() and self.state.concerns(self, ("application",)):
            self.refresh()

    def _loaded(self, result) -> None:
        programmes, apps, names, kept = result
        self.names = names
        self.programme_names = dict(programmes)
        if [c for c, _ in programmes] != [self.programme.itemData(i)
                                          for i in range(self.programme.count())]:
            current = self.programme.currentData() or "poor"
            self.programme.clear()
            for code, name in programmes:
                self.programme.addItem(name, code)
            self.programme.setCurrentIndex(max(0, self.programme.findData(current)))
        self.app_model.set_rows(apps)
        fit_programme(self.app_view)
        self.restore(kept)

    def find(self, text: str) -> None:
        code = self.state.point_code or None

        def look(book):
            from sbpdesk.services import customers
            return tuple(customers.search_persons(book, text, 30, point_code=code))
        self.worker.read(look, on_done=self._found, name="find borrower")

    def _found(self, rows) -> None:
        self.person_model.set_rows(rows)
        if rows:
            self.person_view.setCurrentIndex(self.person_model.index(0, 0))

    def _person_chosen(self, current, _previous) -> None:
        self.person = self.person_model.row_at(current.row()) if current.isValid() else None
        self.borrower_error.clear_error()
        self.draft_changed()
        self.translate_ui()

    def choose_person(self, person) -> None:
        self.person = person
        self.draft_changed()
        self.translate_ui()

    def submit(self) -> None:
        self.message.clear()
        for label in (self.error, self.borrower_error, self.programme_error,
                      self.purpose_error, self.term.error_label, self.frequency.error_label):
            label.clear_error()
        if self.person is None:
            self.borrower_error.show_error(translate(
                "ApplicationPage", "Chưa chọn người vay: tìm theo tên hoặc số CCCD."))
            self.search.setFocus()
            return
        if not self.amount.validate():
            return
        from sbpdesk.services.applications import NewApplication
        new = NewApplication(self.person.household_id, self.person.id, self.person.group_id,
                             self.programme.currentData(), self.amount.amount(),
                             self.term.value(), self.frequency.value() or None,
                             self.purpose.text().strip())
        day, session = self.state.business_date(), self.state.session_id()
        self.submit_button.setEnabled(False)
        self._draft_timer.stop()
        key = self.form_key()

        def post(book):
            from sbpdesk.services import applications, drafts
            posted = applications.submit(book, new, business_date=day, session_id=session)
            drafts.discard_form(book, key)     # submitted: the draft goes with it
            return posted
        self.worker.write(post, on_done=self._submitted, on_error=self._refused,
                        on_finally=lambda: self.submit_button.setEnabled(True),
                        name="submit application")

    def _refused(self, error: DomainError) -> None:
        target = self.fields.get(error.field or "")
        (target or self.error).show_error(error)

    def _submitted(self, posted) -> None:
        self.last_posted = posted
        self.message.setText(translate(
            "ApplicationPage", "Đã lưu hồ sơ vay của {name}; hồ sơ sẽ được gửi về phòng giao "
            "dịch để xét duyệt.").format(name=self.person.full_name))
        self.restoring = True           # emptied after the submit: no new draft
        self.amount.set_amount(None)
        self.purpose.clear()
        self.restoring = False
        self.state.posted(posted, by=self)
        self.refresh()

    def print_proposal(self) -> None:
        """03/TD of the chosen application's group and day (its review meeting): issue 14,
        the command line only printed it."""
        from .common import selected_row
        from .papers import print_paper, printed_text
        self.paper_message.clear()
        self.error.clear_error()
        app = selected_row(self.app_view) or (self.app_model.rows() or [None])[0]
        if app is None or not app.group_id:
            self.paper_message.setText(translate(
                "ApplicationPage", "Chọn một hồ sơ vay của tổ trong danh sách."))
            return
        day = app.submitted_on
        print_paper(self, "proposal", {"group": app.group_id, "date": day,
                                       "programme": app.programme_code},
                    title=translate("ApplicationPage", "Danh sách đề nghị vay 03/TD"),
                    folder="applications",
                    stem=f"03TD-{app.group_id[-8:]}-{day.isoformat()}-{app.programme_code}",
                    on_error=self.error.show_error,
                    on_done=lambda recorded: self.paper_message.setText(
                        printed_text(recorded)))

    def translate_ui(self) -> None:
        self.borrower_title.setText(translate("ApplicationPage", "1. Người vay"))
        self.list_title.setText(translate("ApplicationPage", "Hồ sơ vay của điểm giao dịch"))
        self.form_title.setText(translate("ApplicationPage", "2. Đề nghị vay vốn (01/TD)"))
        self.chosen_label.setText(translate("ApplicationPage", "Người vay:"))
        self.chosen.setText(translate("ApplicationPage", "{name} — hộ {no}").format(
            name=self.person.full_name, no=self.person.household_no)
            if self.person else translate("ApplicationPage", "chưa chọn"))
        self.labels["programme"].setText(translate("ApplicationPage", "&Chương trình:"))
        self.labels["amount"].setText(translate("ApplicationPage", "&Số tiền đề nghị:"))
        self.labels["term"].setText(translate("ApplicationPage", "&Thời hạn (tháng):"))
        self.labels["frequency"].setText(translate("ApplicationPage", "&Kỳ trả gốc (tháng):"))
        self.labels["purpose"].setText(translate("ApplicationPage", "&Mục đích sử dụng vốn:"))
        self.frequency.setSpecialValueText(translate("ApplicationPage", "cuối kỳ"))
        self.hint.setText(translate(
            "ApplicationPage", "Hồ sơ được kiểm tra ngay trên máy theo hạn mức, thời hạn của "
            "chương trình và phân loại hộ."))
        self.submit_button.setText(translate("ApplicationPage", "Lưu hồ sơ vay"))
        self.proposal_button.setText(translate(
            "ApplicationPage", "In danh sách &03/TD của tổ (hồ sơ đang chọn)"))
        refresh_headers(self)


def fit_programme(view) -> None:
    """At 1.366 px the programme's full name pushed the amount and the status out of sight
    (issue 14): its column takes at most PROGRAMME_WIDTH, a longer name is elided."""
    from PySide6.QtWidgets import QHeaderView
    column = view.model().column_index("programme_code")
    view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    view.setColumnWidth(column, min(view.sizeHintForColumn(column), PROGRAMME_WIDTH))

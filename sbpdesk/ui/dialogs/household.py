"""Register a new household and its representative at the point (household.register +
person.register in one transaction). The point gives a provisional number, shown "(tạm)",
until the office confirms a customer code."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..i18n import Retranslating
from ..widgets import DateEdit, FieldError, NfcLineEdit, cancel_ok_row, with_error_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

CATEGORIES = (("poor", QT_TRANSLATE_NOOP("Categories", "Hộ nghèo")),
              ("near_poor", QT_TRANSLATE_NOOP("Categories", "Hộ cận nghèo")),
              ("escaped", QT_TRANSLATE_NOOP("Categories", "Hộ mới thoát nghèo")),
              ("other", QT_TRANSLATE_NOOP("Categories", "Khác")))


def category_name(code: str | None) -> str:
    for key, source in CATEGORIES:
        if key == code:
            return translate("Categories", source)
    return code or "—"


class _TextField(NfcLineEdit):
    """A line edit with its own error label (the form's field-error target)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.error_label = FieldError()

    def show_error(self, error) -> None:
        self.error_label.show_error(error)


class RegisterHouseholdDialog(Retranslating, QDialog):
    """See the module docstring. Emits `registered(HouseholdRow)`."""

    registered = Signal(object)

    def __init__(self, worker, *, point_code: str, groups=(), business_date,
                 session_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._worker, self._point, self._date, self._session = (worker, point_code,
                                                                business_date, session_id)
        self.written = None          # services.changes.Written of the registration
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.group = QComboBox()
        self.group.addItem("—", None)
        for g in groups:
            self.group.addItem(f"{g.code} — {g.name}", g.id)
        self.group_error = FieldError()
        self.category = QComboBox()
        for code, source in CATEGORIES:
            self.category.addItem(translate("Categories", source), code)
        self.address, self.village = _TextField(), _TextField()
        self.full_name, self.id_number, self.phone = _TextField(), _TextField(), _TextField()
        self.sex = QComboBox()
        self.sex_error = FieldError()
        self.birth_date, self.id_issued_on = DateEdit(), DateEdit()
        self.labels = {}
        rows = (("group", self.group, self.group_error), ("category", self.category, None),
                ("address", self.address, None), ("village", self.village, None),
                ("full_name", self.full_name, None), ("sex", self.sex, self.sex_error),
                ("birth_date", self.birth_date, None), ("id_number", self.id_number, None),
                ("id_issued_on", self.id_issued_on, None), ("phone", self.phone, None))
        for key, field, error in rows:
            label = QLabel()
            label.setBuddy(field)
            self.labels[key] = label
            if error is not None:
                form.addRow(label, with_error_label(field, error))
            elif hasattr(field, "error_label"):
                form.addRow(label, with_error_label(field))
            else:
                form.addRow(label, field)
        layout.addLayout(form)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons, self.cancel_button, self.save_button = cancel_ok_row(self, self.save)
        layout.addLayout(buttons)
        self.fields = {"group_id": self.group_error, "address": self.address,
                       "village": self.village, "full_name": self.full_name,
                       "sex": self.sex_error, "birth_date": self.birth_date,
                       "id_number": self.id_number, "phone": self.phone,
                       "id_issued_on": self.id_issued_on, "id_expiry": self.id_issued_on,
                       "category": self.group_error}
        self.setMinimumWidth(520)
        self.translate_ui()

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("RegisterHousehold", "Đăng ký hộ mới"))
        labels = {
            "group": translate("RegisterHousehold", "Tổ &TK&&VV"),
            "category": translate("RegisterHousehold", "&Phân loại hộ"),
            "address": translate("RegisterHousehold", "Đị&a chỉ"),
            "village": translate("RegisterHousehold", "&Thôn/ấp"),
            "full_name": translate("RegisterHousehold", "&Họ tên người đại diện"),
            "sex": translate("RegisterHousehold", "&Giới tính"),
            "birth_date": translate("RegisterHousehold", "&Ngày sinh"),
            "id_number": translate("RegisterHousehold", "Số &CCCD"),
            "id_issued_on": translate("RegisterHousehold", "Ngà&y cấp CCCD"),
            "phone": translate("RegisterHousehold", "Điện th&oại"),
        }
        for key, label in self.labels.items():
            label.setText(labels[key])
        current = self.sex.currentData()
        self.sex.clear()
        self.sex.addItem(translate("RegisterHousehold", "Nữ"), "F")
        self.sex.addItem(translate("RegisterHousehold", "Nam"), "M")
        if current:
            self.sex.setCurrentIndex(self.sex.findData(current))
        self.save_button.setText(translate("RegisterHousehold", "Đăng ký"))
        self.cancel_button.setText(translate("RegisterHousehold", "Hủy"))

    def save(self) -> None:
        for label in (self.error, self.group_error, self.sex_error):
            label.clear_error()
        for field in (self.address, self.village, self.full_name, self.id_number, self.phone):
            field.error_label.clear_error()
        if not self.birth_date.validate() or not self.id_issued_on.validate():
            return
        birth = self.birth_date.date()
        from sbpdesk.services.customers import NewHousehold, NewPerson
        household = NewHousehold(self._point, self.address.text(), self.village.text(),
                                 self.group.currentData(), self.category.currentData())
        person = NewPerson(self.full_name.text(), self.sex.currentData(), birth,
                           self.id_number.text().strip() or None,
                           self.phone.text().strip() or None, "Chủ hộ", True,
                           id_issued_on=self.id_issued_on.date())
        day, session = self._date, self._session
        self.save_button.setEnabled(False)

        def post(book):
            from sbpdesk.services import customers
            return customers.register_household(book, household, [person], business_date=day,
                                                session_id=session)
        self._worker.write(post, on_done=self._done, on_error=self._refused,
                         on_finally=lambda: self.save_button.setEnabled(True),
                         name="register household")

    def _refused(self, error: DomainError) -> None:
        target = self.fields.get(error.field or "")
        (target or self.error).show_error(error)

    def _done(self, registered) -> None:
        self.household, self.written = registered.household, registered.written
        self.accept()
        self.registered.emit(registered.household)

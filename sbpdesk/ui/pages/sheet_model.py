"""The 13/TD sheet's table: one row per member line with what the officer entered.

A row's refusals are the collection decider's own rule (`SheetLine.problems`, i.e.
`domain.dues.line_problems` on the line's `Dues`), so the cell, the row colour and the check
before saving refuse exactly what the services refuse: an amount is refused in its cell, a
row is red (refused), orange (principal beyond the balance: needs the confirmation box),
yellow (less than due) or green (paid in full).

Plausible amounts (issue 14): principal beyond the balance is confirmed row by row, the amount
read back, when it is typed (`SheetModel.confirm`, asked by the page); far above what is owed,
or a deposit above the office's limit, the page asks a second time. A row keeps the total it
was confirmed for: changing the amount asks again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import format_number, parse_vnd
from sbpdesk.domain.text import nfc

if TYPE_CHECKING:   # the services load with the first book, not with the window
    from sbpdesk.services.collections import LineInput, SheetLine

from ..i18n import current_language
from ..models import Column, RowTableModel

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")
EDITABLE = ("interest", "principal", "savings", "from_savings")
PARTIAL, REFUSED, OVERPAY, PAID = "partial", "refused", "overpay", "paid"
BACKGROUND = {PARTIAL: "#fff4cc", OVERPAY: "#ffe0cc", REFUSED: "#ffd6d6", PAID: "#e3f4e1"}
NOT_CONFIRMED = DomainError(
    "not_confirmed",
    "Chưa ghi: số tiền chưa được xác nhận.",
    "Not recorded: the amount was not confirmed.",
)


@dataclass(frozen=True)
class SheetRow:
    """A sheet line and what the officer entered for it."""

    line: SheetLine
    interest: int = 0
    principal: int = 0
    savings: int = 0
    from_savings: int = 0
    bl_no: str = ""
    confirmed: int = -1  # principal + from savings the officer confirmed beyond the balance
    no: int = 0  # STT on the sheet
    touched: bool = False  # typed into: "thu đủ cả tổ" leaves it alone

    @property
    def entered(self) -> bool:
        return bool(self.interest or self.principal or self.savings or self.from_savings)

    @property
    def overpaid(self) -> bool:
        """Principal beyond the balance: saved only with the confirmation box ticked."""
        line = self.line
        return bool(line.loan_id) and self.principal + self.from_savings > line.outstanding

    @property
    def overpay_confirmed(self) -> bool:
        return self.overpaid and self.confirmed == self.principal + self.from_savings

    def needs_confirming(self, key: str) -> bool:
        """Typing `key` made this row need the officer's confirmation."""
        if key in ("principal", "from_savings"):
            return self.overpaid and not self.overpay_confirmed
        limit = self.line.deposit_limit
        return key == "savings" and bool(limit) and self.savings > limit

    def problems(self) -> tuple[DomainError, ...]:
        """What the decider would refuse, the overpayment taken as confirmed (the box)."""
        return self.line.problems(self.interest, self.principal, self.savings,
                                  self.from_savings, overpay_confirmed=True)

    @property
    def state(self) -> str | None:
        line = self.line
        if self.problems():
            return REFUSED
        if self.overpaid:
            return OVERPAY
        if not self.entered:   # a saver who deposited at the bank this month: nothing to ask
            return PAID if line.savings_elsewhere and not line.loan_id else None
        if (
            self.interest < line.interest_due
            or self.principal + self.from_savings < line.principal_due
        ):
            return PARTIAL
        return PAID

    def line_input(self) -> LineInput:
        from sbpdesk.services.collections import LineInput

        return LineInput(
            self.line.person_id,
            self.line.loan_id,
            self.interest,
            self.principal,
            self.savings,
            self.from_savings,
            self.bl_no or None,
            overpay_confirmed=self.overpay_confirmed,
        )


def columns(programme_name) -> list[Column]:
    return [
        Column("no", QT_TRANSLATE_NOOP("Columns", "STT"), value=lambda r: r.no, kind="int"),
        Column(
            "name",
            QT_TRANSLATE_NOOP("Columns", "Họ và tên"),
            # ⚠: an expired card or a void CMND, said in the cell's tooltip (decision 0155)
            value=lambda r: r.line.full_name + (" ⚠" if r.line.card_warning else ""),
            kind="name",
        ),
        Column(
            "household_no",
            QT_TRANSLATE_NOOP("Columns", "Mã hộ"),
            value=lambda r: r.line.household_no,
        ),
        Column(
            "programme",
            QT_TRANSLATE_NOOP("Columns", "Chương trình"),
            value=lambda r: programme_name(r.line.programme_code),
        ),
        Column(
            "outstanding",
            QT_TRANSLATE_NOOP("Columns", "Dư nợ"),
            value=lambda r: r.line.outstanding,
            kind="number",
        ),
        Column(
            "interest_due",
            QT_TRANSLATE_NOOP("Columns", "Lãi phải trả"),
            value=lambda r: r.line.interest_due,
            kind="number",
            tooltip=QT_TRANSLATE_NOOP(
                "Columns", "Lãi trong hạn và quá hạn phải trả đến ngày phiên"
            ),
        ),
        Column(
            "overdue",
            QT_TRANSLATE_NOOP("Columns", "Gốc quá hạn"),
            value=lambda r: r.line.principal_overdue,
            kind="number",
        ),
        Column(
            "principal_due",
            QT_TRANSLATE_NOOP("Columns", "Gốc đến hạn"),
            value=lambda r: r.line.principal_due,
            kind="number",
            tooltip=QT_TRANSLATE_NOOP("Columns", "Gốc quá hạn và các kỳ đến hạn đến ngày phiên"),
        ),
        Column(
            "savings_balance",
            QT_TRANSLATE_NOOP("Columns", "Số dư TK"),
            value=lambda r: r.line.savings_balance,
            kind="number",
            tooltip=QT_TRANSLATE_NOOP("Columns", "Số dư tiền gửi tiết kiệm của tổ viên"),
        ),
        Column("interest", QT_TRANSLATE_NOOP("Columns", "Thu lãi"), kind="number", editable=True),
        Column(
            "principal",
            QT_TRANSLATE_NOOP("Columns", "Thu gốc"),
            kind="number",
            editable=True,
            tooltip=QT_TRANSLATE_NOOP("Columns", "Gốc tổ viên trả trực tiếp"),
        ),
        Column(
            "savings",
            QT_TRANSLATE_NOOP("Columns", "Gửi TK"),
            kind="number",
            editable=True,
            tooltip=QT_TRANSLATE_NOOP("Columns", "Tiền gửi tiết kiệm"),
        ),
        Column(
            "from_savings",
            QT_TRANSLATE_NOOP("Columns", "Gốc từ TK"),
            kind="number",
            editable=True,
            tooltip=QT_TRANSLATE_NOOP(
                "Columns", "Trả gốc bằng tiền gửi tiết kiệm (không thu tiền mặt)"
            ),
        ),
        Column(
            "bl_no",
            QT_TRANSLATE_NOOP("Columns", "Số 01/BL"),
            value="bl_no",
            tooltip=QT_TRANSLATE_NOOP("Columns", "Số biên lai 01/BL tổ trưởng đã viết, nếu có"),
        ),
    ]


class SheetModel(RowTableModel):
    """Amount columns editable (the base model), the 01/BL number too; an amount the
    collection decider would refuse is refused in the cell; rows coloured by their state.
    `confirm(row, key) -> bool`, set by the page, confirms an amount that needs it."""

    confirm = None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        """Amount headers on two lines, as on the paper form ("Lãi\nphải trả"): narrower
        columns leave room for the names at 1.366 px (issue 14)."""
        title = super().headerData(section, orientation, role)
        if (role == Qt.ItemDataRole.DisplayRole and isinstance(title, str)
                and self.columns[section].kind == "number" and " " in title):
            words = title.split()
            cut = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])),
                                                              len(" ".join(words[i:]))))
            return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
        return title

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()].key == "bl_no":
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            key, line = self.columns[index.column()].key, self.row_at(index.row()).line
            if key == "name":   # the card's warning, else the household code (column hidden)
                flag = line.card_warning
                return (flag[current_language() == "en"] if flag
                        else f"{line.full_name} — hộ {line.household_no}")
            if key == "programme":   # a long one is elided
                return super().data(index, Qt.ItemDataRole.DisplayRole)
            if key == "savings" and line.savings_elsewhere:
                return translate("SheetPage", "Đã gửi {amount} đ ngoài phiên trong tháng "
                                 "(qua ngân hàng, Mẫu 10): không thu lại.").format(
                    amount=format_number(line.savings_elsewhere))
        if index.isValid() and role == Qt.ItemDataRole.BackgroundRole:
            state = self.row_at(index.row()).state
            return QBrush(QColor(BACKGROUND[state])) if state else None
        if (
            index.isValid()
            and role == Qt.ItemDataRole.DisplayRole
            and self.columns[index.column()].key in EDITABLE
        ):
            row, key = self.row_at(index.row()), self.columns[index.column()].key
            if key == "savings" and not row.savings and row.line.savings_elsewhere:
                return "✓ " + format_number(row.line.savings_elsewhere)   # deposited at the bank
            return super().data(index, role) if getattr(row, key) else ""
        if (
            index.isValid()
            and role == Qt.ItemDataRole.EditRole
            and self.columns[index.column()].key == "bl_no"
        ):
            return self.row_at(index.row()).bl_no
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        key = self.columns[index.column()].key
        r = index.row()
        if key == "bl_no":
            text = nfc(str(value or "")).strip()[:30]
            self.replace_row(r, dataclasses.replace(self.row_at(r), bl_no=text, touched=True))
            self.value_edited.emit(r, key, text)
            return True
        confirmed = None
        if key in EDITABLE and not isinstance(value, bool):
            error = self._refusal(r, key, value)
            if error is not None:
                self.edit_refused.emit(r, key, error)
                return False
            confirmed = self._confirmed(r, key, value)
            if confirmed is False:
                self.edit_refused.emit(r, key, NOT_CONFIRMED)
                return False
        ok = super().setData(index, value, role)
        if ok:
            row = self.row_at(r)
            total = row.principal + row.from_savings
            self.replace_row(
                r, dataclasses.replace(row, touched=True,
                                       confirmed=total if confirmed else row.confirmed)
            )
        if ok:  # the row's colour may change
            self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.columns) - 1))
        return ok

    def _confirmed(self, r: int, key: str, value) -> bool | None:
        """None: nothing to confirm; else whether the officer confirmed the amount."""
        try:
            amount = value if isinstance(value, int) else parse_vnd(str(value))
        except DomainError:
            return None
        after = dataclasses.replace(self.row_at(r), **{key: amount})
        if self.confirm is None or not after.needs_confirming(key):
            return None  # a model without a page (tests of the rule) asks nobody
        return bool(self.confirm(after, key))

    def _refusal(self, r: int, key: str, value) -> DomainError | None:
        """The first refusal the typed amount adds to the row (a row already refused may be
        corrected); None when the decider would take it, or when it is not an amount (the
        base model says so)."""
        try:
            amount = value if isinstance(value, int) else parse_vnd(str(value))
        except DomainError:
            return None
        row = self.row_at(r)
        before = {p.code for p in row.problems()}
        after = dataclasses.replace(row, **{key: amount}).problems()
        return next((p for p in after if p.code not in before), None)

    def names(self, state: str | None) -> list[str]:
        return [r.line.full_name for r in self.rows() if r.state == state]

    def unpaid_names(self) -> list[str]:
        """Borrowers with something due and nothing entered."""
        return [
            r.line.full_name
            for r in self.rows()
            if r.state is None and r.line.loan_id and (r.line.interest_due or r.line.principal_due)
        ]

    def line_inputs(self) -> list[LineInput]:
        return [r.line_input() for r in self.rows() if r.entered]

    def refusals(self) -> list[tuple[str, DomainError]]:
        """(member, problem) of the entered rows, the overpayment taken as confirmed."""
        return [(r.line.full_name, p) for r in self.rows() for p in r.problems()]



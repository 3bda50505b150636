"""Fast keys on the 13/TD sheet (issue 14: 86 keys for a group, 51 of them arrows). An STT
column; a go-to box (Ctrl+G: type the STT or part of a name, Enter jumps to the member's
first money cell); a filter (all / not yet collected / exceptions); "thu đủ cả tổ" fills only
rows not yet touched; undo/redo of sheet edits (QUndoStack: Ctrl+Z, Ctrl+Y); Tab leaves the
table; Enter in the counted cash or the reason presses Save; focus comes back to the table
after saving; F1 lists every key of the page (`shortcuts`). A mixin of `SheetPage`.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit

from sbpdesk.domain.text import search_key

from .sheet_model import OVERPAY, PARTIAL, REFUSED, SheetRow

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

FILTERS = ("all", "unpaid", "exceptions")


class _Edit(QUndoCommand):
    """One change of the sheet's rows (a cell, a row filled or cleared, the group filled)."""

    def __init__(self, page, before: list, after: list, text: str):
        super().__init__(text)
        self.page, self.before, self.after, self.done = page, before, after, True

    def redo(self) -> None:
        if self.done:  # pushed after it happened
            self.done = False
            return
        self.page.restore_rows(self.after)

    def undo(self) -> None:
        self.page.restore_rows(self.before)


class SheetKeys:
    def build_keys(self, layout) -> None:
        """The go-to box and the filter above the table, the undo stack, the shortcuts."""
        self.undo_stack = QUndoStack(self)
        self._shadow: list = []
        row = QHBoxLayout()
        self.goto_label, self.goto = QLabel(), QLineEdit()
        self.goto_label.setBuddy(self.goto)
        self.goto.setMaximumWidth(220)
        self.goto.returnPressed.connect(self.go_to)
        self.filter_label, self.filter_box = QLabel(), QComboBox()
        self.filter_label.setBuddy(self.filter_box)
        for key in FILTERS:
            self.filter_box.addItem("", key)
        self.filter_box.currentIndexChanged.connect(lambda _: self.apply_filter())
        for widget in (self.goto_label, self.goto, self.filter_label, self.filter_box):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        for key, slot in (
            ("Ctrl+G", self.focus_goto),
            ("Ctrl+Z", self.undo_stack.undo),
            ("Ctrl+Y", self.undo_stack.redo),
            ("Ctrl+Shift+Z", self.undo_stack.redo),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- undo -----------------------------------------------------------------------------------

    def reset_undo(self) -> None:
        """A group (re)loaded: nothing to undo."""
        self.undo_stack.clear()
        self._shadow = list(self.model.rows())

    def record(self, text: str) -> None:
        """Push what changed since the last record as one undoable step."""
        after = list(self.model.rows())
        if after != self._shadow:
            self.undo_stack.push(_Edit(self, self._shadow, after, text))
        self._shadow = after

    def restore_rows(self, rows: list) -> None:
        for n, (now, wanted) in enumerate(zip(self.model.rows(), rows, strict=False)):
            if now != wanted:
                self.model.replace_row(n, wanted)
        self._shadow = list(rows)
        self._update_totals()
        self.apply_filter()
        self.keep_draft()

    # --- thu đủ ---------------------------------------------------------------------------------

    def fill_row(self, row: int, keep: bool = True) -> None:
        r = self.model.row_at(row)
        line = r.line
        self.model.replace_row(
            row,
            dataclasses.replace(
                r, interest=line.interest_due, principal=line.principal_due, from_savings=0
            ),
        )
        if keep:  # "thu đủ cả tổ" adds up once, at the end (bench: 60 times made it 4 s)
            self._update_totals()
            self.record(translate("SheetPage", "Thu đủ dòng"))
            self.keep_draft()

    def fill_current_row(self) -> None:
        row = self._current_row()
        if row is not None:
            self.fill_row(row)

    def fill_all(self) -> None:
        """Fill the rows not yet touched: the exceptions typed stay (issue 14)."""
        for row in range(self.model.rowCount()):
            r = self.model.row_at(row)
            if not (r.touched or r.entered):
                self.fill_row(row, keep=False)
        self._update_totals()
        self.record(translate("SheetPage", "Thu đủ cả tổ"))
        self.keep_draft()

    def clear_current_row(self) -> None:
        row = self._current_row()
        if row is not None:
            r = self.model.row_at(row)
            self.model.replace_row(row, SheetRow(r.line, no=r.no, touched=True))
            self._update_totals()
            self.record(translate("SheetPage", "Xóa số dòng"))
            self.keep_draft()

    # --- go to and filter -------------------------------------------------------------------------

    def focus_goto(self) -> None:
        self.goto.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.goto.selectAll()

    def go_to(self) -> None:
        """The STT, or part of a name (with or without accents): its first money cell."""
        text = self.goto.text().strip()
        rows = self.model.rows()
        found = None
        if text.isdigit():
            found = next((n for n, r in enumerate(rows) if r.no == int(text)), None)
        elif text:
            wanted = search_key(text)
            found = next(
                (n for n, r in enumerate(rows) if wanted in search_key(r.line.full_name)), None
            )
        if found is None:
            self.goto.selectAll()
            return
        if self.view.isRowHidden(found):
            self.filter_box.setCurrentIndex(0)
        key = "interest" if rows[found].line.loan_id else "savings"
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.view.setCurrentIndex(self.model.index(found, self.model.column_index(key)))
        self.goto.clear()

    def apply_filter(self) -> None:
        mode = self.filter_box.currentData() or "all"
        for n, r in enumerate(self.model.rows()):
            if mode == "unpaid":
                hide = not (
                    r.state is None
                    and r.line.loan_id
                    and (r.line.interest_due or r.line.principal_due)
                )
            elif mode == "exceptions":
                hide = r.state not in (PARTIAL, REFUSED, OVERPAY)
            else:
                hide = False
            self.view.setRowHidden(n, hide)

    # --- help -----------------------------------------------------------------------------------

    def shortcuts(self) -> list[tuple[str, str]]:
        return [
            ("Ctrl+G", translate("SheetPage", "Đến dòng: gõ STT hoặc một phần tên, Enter")),
            ("Alt+L", translate("SheetPage", "Lọc: tất cả / chưa thu / ngoại lệ")),
            ("F5", translate("SheetPage", "Thu đủ dòng đang chọn")),
            ("Shift+F5", translate("SheetPage", "Thu đủ các dòng chưa nhập")),
            ("Ctrl+Z / Ctrl+Y", translate("SheetPage", "Hoàn tác / làm lại")),
            ("Ctrl+S", translate("SheetPage", "Lưu cả tổ")),
            ("Ctrl+P", translate("SheetPage", "In biên lai cả tổ")),
            ("Alt+G", translate("SheetPage", "Giấy tờ của tổ: 13/TD trước, sau phiên; 03/TD")),
            ("Tab", translate("SheetPage", "Rời bảng, sang ô tiền đếm được")),
        ]

    def translate_keys(self) -> None:
        self.goto_label.setText(translate("SheetPage", "Đến &dòng (Ctrl+G):"))
        self.goto.setPlaceholderText(translate("SheetPage", "STT hoặc tên"))
        self.filter_label.setText(translate("SheetPage", "&Lọc:"))
        for n, text in enumerate(
            (
                translate("SheetPage", "Tất cả"),
                translate("SheetPage", "Chưa thu"),
                translate("SheetPage", "Ngoại lệ (trả thiếu, vượt, bị từ chối)"),
            )
        ):
            self.filter_box.setItemText(n, text)

"""The 13/TD sheet's totals row, as on the paper form ("Cộng"), and column widths that do not
follow every keystroke.

The totals are a one-row table under the sheet, its columns kept as wide as the sheet's and
scrolled with it, so each sum stands under its column. The sheet's columns are sized to
their contents once, when a group is shown (money columns wide enough for a large amount):
resizing them to contents on every change cost a third of each cell commit (issue 14:
340 ms a commit, 118 ms without it).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

SUMMED = ("outstanding", "interest_due", "overdue", "principal_due", "interest", "principal",
          "savings", "from_savings")
WIDE = ("interest", "principal", "savings", "from_savings")
WIDEST_AMOUNT = "9.999.999"   # wider ones widen their column when typed (fit_amounts)
HIDDEN = ("household_no",)    # in the name's tooltip: room for the programme at 1.366 px


class TotalsRow(QTableWidget):
    """One row: "Cộng" under the names, each money column's sum under it."""

    def __init__(self, view, parent=None):
        super().__init__(1, view.model().columnCount(), parent)
        self.sheet_view = view
        self.horizontalHeader().setVisible(False)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setStyleSheet("font-weight: bold;")
        height = view.verticalHeader().defaultSectionSize()
        self.setRowHeight(0, height)
        self.setFixedHeight(height + 2 * self.frameWidth())
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.horizontalHeader().sectionResized.connect(
            lambda n, _old, new: self.setColumnWidth(n, new))
        view.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)

    def text(self, key: str) -> str:
        item = self.item(0, self.sheet_view.model().column_index(key))
        return item.text() if item is not None else ""

    def update_totals(self) -> None:
        model = self.sheet_view.model()
        self._put(model.column_index("name"), translate("SheetPage", "Cộng"), left=True)
        for key in SUMMED:
            n = model.column_index(key)   # written as the cells above it are, without "đ"
            self._put(n, model.columns[n].display(model.total(key)) if model.rowCount()
                      else "")

    def _put(self, column: int, text: str, left: bool = False) -> None:
        item = self.item(0, column)
        if item is None:
            item = QTableWidgetItem()
            align = Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignRight
            item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(0, column, item)
        item.setText(text)

    def fit_columns(self) -> None:
        """Size the sheet's columns to what it shows now (once per group, not per edit): the
        cells' width, the header's on two lines (as on the paper form), amounts wide enough
        for a large one; what is left goes to the programme (issue 14: at 1.366 px it was
        cut; a long programme is elided, in full in its tooltip)."""
        view, model = self.sheet_view, self.sheet_view.model()
        header = view.horizontalHeader()
        metrics = header.fontMetrics()
        header.setMinimumHeight(2 * metrics.height() + 8)
        wide = view.fontMetrics().horizontalAdvance(WIDEST_AMOUNT) + 12
        for n, column in enumerate(model.columns):
            lines = str(model.headerData(n, Qt.Orientation.Horizontal) or "").split("\n")
            title = max(metrics.horizontalAdvance(line) for line in lines)
            width = max(view.sizeHintForColumn(n), title + 14)
            if column.key in SUMMED and model.rowCount():   # the total under it, in bold
                bold = self.font()
                bold.setBold(True)
                total = column.display(model.total(column.key))
                width = max(width, QFontMetrics(bold).horizontalAdvance(total) + 14)
            if column.key in WIDE:
                width = max(width, wide)
            view.setColumnWidth(n, width)
        stretch = model.column_index("programme")
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        for n, column in enumerate(model.columns):
            view.setColumnHidden(n, column.key in HIDDEN)
            self.setColumnHidden(n, column.key in HIDDEN)
            self.setColumnWidth(n, view.columnWidth(n))

    def fit_amounts(self) -> None:
        """Widen an amount column whose cells no longer fit (a large amount typed or filled):
        an elided amount would be misread. Only then: no resize on an ordinary commit."""
        view, model = self.sheet_view, self.sheet_view.model()
        metrics = view.fontMetrics()
        for key in WIDE:   # the largest amount is the widest text: one measure per column
            n = model.column_index(key)
            column = model.columns[n]
            largest = max((column.get(r) or 0 for r in model.rows()), default=0)
            needed = metrics.horizontalAdvance(column.display(largest)) + 14
            if needed > view.columnWidth(n):
                view.setColumnWidth(n, needed)

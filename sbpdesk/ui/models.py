"""A table model over a plain list of frozen row dataclasses (Vorta's archive table model).

Pages get rows from the worker (`list[SomeRow]`, frozen dataclasses built by the services) and
hand them to `RowTableModel.set_rows`. Columns are declared once as `Column` specs: header
(a Vietnamese source string marked with `QT_TRANSLATE_NOOP("Columns", …)`), where the value
comes from (an attribute name or a callable), and its kind, which fixes formatting, alignment
and sorting:

  text   left;  sorted accent-insensitively (search_key)
  name   left;  sorted the Vietnamese way, by given name (name_sort_key)
  money  right; "1.200.000 đ" (format_vnd);   sorted by the int
  number right; "1.200.000"   (format_number); sorted by the int
  int    right; plain digits (counts, seq numbers)
  date   centre; "05/03/2026" (format_date);  sorted by the date
  ratio  right; a percentage as the report gives it ("2.79" shown "2,79"); sorted by value

`editable=True` on a money/number column (the collection sheet) lets the officer type an
amount in the cell: `parse_vnd` reads it; the row is replaced (`dataclasses.replace`) and
`value_edited(row, key, value)` fires; a refused text leaves the row alone and fires
`edit_refused(row, key, error)` with the DomainError to show.

Roles: `RowRole` returns the row object; `SortRole` a plain int/str a QSortFilterProxyModel can
compare. `sort()` is implemented on the list itself, so `view.setSortingEnabled(True)` works
without a proxy.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from sbpdesk.domain.dates import format_date
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import format_number, format_vnd, parse_vnd
from sbpdesk.domain.text import name_sort_key, search_key

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

_ROOT = QModelIndex()
RowRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

KINDS = ("text", "name", "money", "number", "int", "date", "ratio")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter


@dataclasses.dataclass(frozen=True)
class Column:
    """One column: `key` names it in signals; `header` is a source string in `context`."""

    key: str
    header: str
    value: str | Callable[[Any], Any] | None = None   # attribute name (default: key) or fn(row)
    kind: str = "text"
    editable: bool = False
    context: str = "Columns"
    tooltip: str | None = None                         # source string, same context

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")
        if self.editable and (self.kind not in ("money", "number") or callable(self.value)):
            raise ValueError("only money/number columns read from an attribute are editable")

    @property
    def attribute(self) -> str | None:
        if callable(self.value):
            return None
        return self.value or self.key

    def get(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        return getattr(row, self.attribute)  # type: ignore[arg-type]

    def display(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == "money":
            return format_vnd(value)
        if self.kind == "number":
            return format_number(value)
        if self.kind == "date":
            return format_date(value) if isinstance(value, dt.date) else str(value)
        if self.kind == "ratio":
            return str(value).replace(".", ",")
        return str(value)

    def alignment(self) -> Qt.AlignmentFlag:
        if self.kind in ("money", "number", "int", "ratio"):
            return _RIGHT
        if self.kind == "date":
            return _CENTRE
        return _LEFT

    def sort_key(self, value: Any) -> tuple:
        """A Python key: None last, then by kind."""
        if value is None:
            return (1, ())
        if self.kind == "name":
            return (0, name_sort_key(str(value)))
        if self.kind == "text":
            return (0, (search_key(str(value)), str(value)))
        if self.kind == "ratio":
            return (0, Decimal(str(value)))
        return (0, value)

    def sort_value(self, value: Any) -> int | str:
        """A Qt-comparable value for SortRole (proxies cannot compare Python tuples)."""
        if value is None:
            return ""
        if self.kind in ("money", "number", "int"):
            return int(value)
        if self.kind == "ratio":       # hundredths of a per cent: an exact int for Qt
            return int(Decimal(str(value)) * 100)
        if self.kind == "date":
            return value.toordinal() if isinstance(value, dt.date) else str(value)
        return search_key(str(value))

    def title(self) -> str:
        return translate(self.context, self.header)


class RowTableModel(QAbstractTableModel):
    """Read-only (or amount-editable) table over a list of frozen dataclasses."""

    value_edited = Signal(int, str, object)    # row, column key, parsed value (int)
    edit_refused = Signal(int, str, object)    # row, column key, DomainError

    def __init__(self, columns: Sequence[Column], rows: Sequence[Any] = (), parent=None):
        super().__init__(parent)
        self.columns: list[Column] = list(columns)
        self._rows: list[Any] = list(rows)

    # --- rows ---------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        """A copy of the rows, edits included, in the current order."""
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def replace_row(self, row: int, new: Any) -> None:
        self._rows[row] = new
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def column_index(self, key: str) -> int:
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        raise KeyError(key)

    def total(self, key: str) -> int:
        """Sum of a money/number/int column (None counts as 0): live totals under a sheet."""
        column = self.columns[self.column_index(key)]
        return sum(column.get(r) or 0 for r in self._rows)

    def retranslate(self) -> None:
        """Headers are translated when asked for; tell the views to ask again."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    # --- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == RowRole:
            return row
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(column.get(row))
        if role == Qt.ItemDataRole.EditRole:
            value = column.get(row)
            # Text, not int: the default editor for an int is a spin box limited to 2^31.
            return "" if value is None else (format_number(value) if column.kind in
                                             ("money", "number") else column.display(value))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment()
        if role == SortRole:
            return column.sort_value(column.get(row))
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title()
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return translate(column.context, column.tooltip)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment()
        return None

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()].editable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.columns[index.column()]
        if not column.editable:
            return False
        r = index.row()
        try:
            amount = value if isinstance(value, int) and not isinstance(value, bool) \
                else parse_vnd(str(value))
        except DomainError as error:
            self.edit_refused.emit(r, column.key, error)
            return False
        self._rows[r] = dataclasses.replace(self._rows[r], **{column.attribute: amount})
        self.dataChanged.emit(index, index)
        self.value_edited.emit(r, column.key, amount)
        return True

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        spec = self.columns[column]
        self.layoutAboutToBeChanged.emit()
        # None stays last in both directions.
        present = [r for r in self._rows if spec.get(r) is not None]
        missing = [r for r in self._rows if spec.get(r) is None]
        present.sort(key=lambda r: spec.sort_key(spec.get(r)),
                     reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = present + missing
        self.layoutChanged.emit()

"""RowTableModel without any window: formatting, alignment, roles, sorting, amount edits."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSortFilterProxyModel, Qt

from sbpdesk.domain.errors import DomainError
from sbpdesk.ui import i18n
from sbpdesk.ui.models import Column, RowRole, RowTableModel, SortRole

D = Qt.ItemDataRole.DisplayRole


@dataclass(frozen=True)
class Member:
    name: str
    interest: int
    savings: int | None
    due: dt.date | None


ROWS = [
    Member("Nguyễn Văn Ánh", 1_200_000, 50_000, dt.date(2026, 3, 5)),
    Member("Trần Thị Hòa", 85_000, None, dt.date(2026, 1, 15)),
    Member("Lê Văn Hoa", 999_999_999, 0, None),
    Member("Đặng Thị An", 0, 10_000, dt.date(2025, 12, 31)),
]

COLUMNS = [
    Column("name", QT_TRANSLATE_NOOP("Columns", "Họ tên"), kind="name"),
    Column("interest", "Lãi phải thu", kind="money", editable=True),
    Column("savings", "Tiết kiệm", kind="number", editable=True),
    Column("due", "Ngày đến hạn", kind="date"),
    Column("initials", "Viết tắt", value=lambda r: "".join(w[0] for w in r.name.split())),
]


@pytest.fixture
def model(app):
    return RowTableModel(COLUMNS, ROWS)


def cell(model, row, key, role=D):
    return model.data(model.index(row, model.column_index(key)), role)


def test_shape_and_rows(model):
    assert model.rowCount() == 4 and model.columnCount() == 5
    assert model.row_at(1) is ROWS[1]
    assert cell(model, 2, "name", RowRole) is ROWS[2]
    model.set_rows(ROWS[:2])
    assert model.rowCount() == 2


def test_money_number_and_dates_are_formatted(model):
    assert cell(model, 0, "interest") == "1.200.000 đ"
    assert cell(model, 2, "interest") == "999.999.999 đ"
    assert cell(model, 3, "interest") == "0 đ"
    assert cell(model, 0, "savings") == "50.000"
    assert cell(model, 1, "savings") == ""           # None shows empty, not "None"
    assert cell(model, 0, "due") == "05/03/2026"
    assert cell(model, 2, "due") == ""
    assert cell(model, 0, "initials") == "NVÁ"
    assert cell(model, 0, "name") == "Nguyễn Văn Ánh"


def test_alignment(model):
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert cell(model, 0, "interest", Qt.ItemDataRole.TextAlignmentRole) == right
    assert cell(model, 0, "savings", Qt.ItemDataRole.TextAlignmentRole) == right
    assert cell(model, 0, "due", Qt.ItemDataRole.TextAlignmentRole) == Qt.AlignmentFlag.AlignCenter
    assert cell(model, 0, "name", Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignLeft


def test_sort_role_values_are_plain(model):
    assert cell(model, 0, "interest", SortRole) == 1_200_000
    assert cell(model, 0, "due", SortRole) == dt.date(2026, 3, 5).toordinal()
    assert cell(model, 0, "name", SortRole) == "nguyen van anh"


def names(model):
    return [model.row_at(i).name for i in range(model.rowCount())]


def test_sort_by_amount_and_date(model):
    model.sort(model.column_index("interest"), Qt.SortOrder.DescendingOrder)
    assert [model.row_at(i).interest for i in range(4)] == [999_999_999, 1_200_000, 85_000, 0]
    model.sort(model.column_index("due"))
    assert names(model)[:3] == ["Đặng Thị An", "Trần Thị Hòa", "Nguyễn Văn Ánh"]
    assert names(model)[-1] == "Lê Văn Hoa"            # no date: last
    model.sort(model.column_index("savings"), Qt.SortOrder.DescendingOrder)
    assert names(model)[-1] == "Trần Thị Hòa"          # None last in both directions


def test_sort_by_name_is_vietnamese_given_name_order(model):
    model.sort(model.column_index("name"))
    # An < Ánh < Hoa < Hòa: given name first, tones only break ties.
    assert names(model) == ["Đặng Thị An", "Nguyễn Văn Ánh", "Lê Văn Hoa", "Trần Thị Hòa"]


def test_sort_proxy_uses_sort_role(model):
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    proxy.sort(model.column_index("interest"))
    assert [proxy.data(proxy.index(i, 1), D) for i in range(4)] == \
        ["0 đ", "85.000 đ", "1.200.000 đ", "999.999.999 đ"]


def test_editable_amount_columns(model, qtbot):
    idx = model.index(1, model.column_index("interest"))
    assert model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.data(idx, Qt.ItemDataRole.EditRole) == "85.000"
    with qtbot.waitSignal(model.value_edited) as edited:
        assert model.setData(idx, "1,2tr")
    assert edited.args == [1, "interest", 1_200_000]
    assert model.row_at(1).interest == 1_200_000 and model.row_at(1).name == "Trần Thị Hòa"
    assert ROWS[1].interest == 85_000                   # the original row is untouched
    assert model.total("interest") == 1_200_000 + 1_200_000 + 999_999_999


def test_refused_edit_leaves_the_row_and_reports(model, qtbot):
    idx = model.index(0, model.column_index("savings"))
    with qtbot.waitSignal(model.edit_refused) as refused:
        assert not model.setData(idx, "12abc")
    row, key, error = refused.args
    assert (row, key) == (0, "savings") and isinstance(error, DomainError)
    assert "không hợp lệ" in str(error)
    assert model.row_at(0) is ROWS[0]
    assert not model.setData(model.index(0, 0), "x")    # not editable


def test_only_amount_attribute_columns_may_be_editable():
    with pytest.raises(ValueError):
        Column("name", "Họ tên", editable=True)
    with pytest.raises(ValueError):
        Column("x", "X", value=lambda r: 1, kind="money", editable=True)
    with pytest.raises(ValueError):
        Column("x", "X", kind="currency")


def test_headers_follow_the_language(app):
    # Page modules mark their headers in sbpdesk/ui; here a string the catalogue already has.
    model = RowTableModel([Column("name", QT_TRANSLATE_NOOP("Nav", "Khách hàng"),
                                  context="Nav")], ROWS)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Khách hàng"
    i18n.install_translator(app, "en")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Borrowers"

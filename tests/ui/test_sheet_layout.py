"""Issue 14, "layout" and "slow": the sheet had no totals row like the paper 13/TD, and its
columns resized to their contents on every change (a third of each cell commit)."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from PySide6.QtCore import Qt

from sbpdesk.domain.money import format_number as format_vnd

from .keys import press
from .pages_support import (  # noqa: F401 - fixtures
    book_dir,
    call,
    gui,
    open_session,
    settle,
    show,
    type_in_cell,
    worker,
)


def _sheet(window, qtbot):
    open_session(window, qtbot)
    return show(window, "sheet")


def test_the_sheet_shows_a_totals_row_like_the_paper_13td(gui, qtbot):
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    rows = sheet.model.rows()
    totals = sheet.totals_row
    assert totals.text("name") == "Cộng"
    assert totals.text("interest_due") == format_vnd(sum(r.line.interest_due for r in rows))
    assert totals.text("outstanding") == format_vnd(sum(r.line.outstanding for r in rows))
    sheet.view.setFocus()
    press(sheet.view, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert totals.text("interest") == format_vnd(sheet.model.total("interest"))
    assert sheet.model.total("interest") > 0
    row = next(n for n, r in enumerate(sheet.model.rows()) if r.interest)
    before = sheet.model.total("interest")
    type_in_cell(sheet.view, row, "interest", "0")
    assert sheet.model.total("interest") < before
    assert totals.text("interest") == format_vnd(sheet.model.total("interest"))
    # each sum stands under its column
    n = sheet.model.column_index("interest")
    assert totals.columnWidth(n) == sheet.view.columnWidth(n)
    assert totals.columnViewportPosition(n) == sheet.view.columnViewportPosition(n)


def test_a_cell_commit_does_not_resize_the_sheet_columns(gui, qtbot):
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    resized: list[int] = []
    sheet.view.horizontalHeader().sectionResized.connect(lambda n, *_: resized.append(n))
    row = next(n for n, r in enumerate(sheet.model.rows()) if r.line.loan_id and r.line.outstanding)
    type_in_cell(sheet.view, row, "savings", "50000")
    assert sheet.model.row_at(row).savings == 50000, sheet.error.text()
    assert resized == []
    type_in_cell(sheet.view, row, "savings", "98765432")   # wider than the column: widened
    n = sheet.model.column_index("savings")
    assert sheet.view.columnWidth(n) >= sheet.view.sizeHintForColumn(n) > 0
    assert set(resized) == {n, sheet.model.column_index("programme")}   # it gives way


def test_a_loaded_loan_and_a_loaded_sheet_fit_1366x768(gui, qtbot):
    """The trial: a loaded loan made the window 1.483 px wide; the programme column was cut."""
    window, worker, state = gui
    open_session(window, qtbot)

    def first(book):
        from sbpdesk.services import ui_queries
        return ui_queries.first_examples(book, state.point_code)
    state.loan_id = call(worker, first).loan_id
    for key in ("loan", "sheet"):
        page = show(window, key)
        page.refresh()
        settle(worker)
        assert window.minimumSizeHint().width() <= 1366, key
        assert window.width() <= 1366 and page.minimumSizeHint().width() <= \
            window.stack.width(), key
    sheet = window.page("sheet")
    n = sheet.model.column_index("programme")
    text = sheet.view.fontMetrics().horizontalAdvance(
        str(sheet.model.index(0, n).data()))
    assert sheet.view.columnWidth(n) >= text, "the programme column is cut"
    header = sheet.view.horizontalHeader()
    metrics = header.fontMetrics()
    for i in range(sheet.model.columnCount()):      # every header readable, on two lines
        if sheet.view.isColumnHidden(i):
            continue
        title = str(sheet.model.headerData(i, Qt.Orientation.Horizontal))
        assert title.count("\n") <= 1 and header.height() >= 2 * metrics.height(), title
        assert all(metrics.horizontalAdvance(line) + 8 <= sheet.view.columnWidth(i)
                   for line in title.split("\n")), title
    for key in ("outstanding", "interest_due"):      # the totals are not cut
        i = sheet.model.column_index(key)
        assert sheet.totals_row.fontMetrics().horizontalAdvance(
            sheet.totals_row.text(key)) < sheet.view.columnWidth(i), key
    assert sum(sheet.view.columnWidth(i) for i in range(sheet.model.columnCount())) <= \
        sheet.view.viewport().width(), "the last columns are pushed out of sight"

"""Issue 14, "a typo becomes a deposit": `999tr` of principal on an 11,25 M đ loan saved after one
tick (one checkbox confirmed every over-paying row). Now each over-paying row is confirmed on
its own with the amount read back, far above what is owed a second time, a deposit above the
office's limit too; refusals show in the cell, naming the row."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from sbpdesk.domain.money import format_vnd

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


def _loan_rows(sheet):
    return [n for n, r in enumerate(sheet.model.rows())
            if r.line.loan_id and r.line.outstanding > 1_000_000]


def test_each_over_paying_row_is_confirmed_on_its_own_with_the_amount_read_back(
        gui, qtbot, questions):
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    first, second = _loan_rows(sheet)[:2]
    line = sheet.model.row_at(first).line
    amount = line.outstanding + 100_000
    questions.answers[:] = ["fix"]
    type_in_cell(sheet.view, first, "principal", str(amount))
    ((title, text, choices),) = questions
    assert (f"thu gốc {format_vnd(amount)}, dư nợ {format_vnd(line.outstanding)}" in text
            and line.full_name in text and choices == ["confirm", "fix"])
    assert sheet.model.row_at(first).principal == 0           # not confirmed: not recorded
    assert "Chưa ghi" in sheet.error.text() and line.full_name in sheet.error.text()
    questions.answers[:] = ["confirm"]
    type_in_cell(sheet.view, first, "principal", str(amount))
    assert sheet.model.row_at(first).principal == amount
    assert sheet.model.row_at(first).overpay_confirmed
    # the next over-paying row is asked about by itself
    other = sheet.model.row_at(second).line
    questions.answers[:] = ["confirm"]
    type_in_cell(sheet.view, second, "principal", str(other.outstanding + 1))
    assert len(questions) == 3 and other.full_name in questions[-1][1]
    inputs = {x.person_id: x for x in sheet.lines()}
    assert inputs[line.person_id].overpay_confirmed and inputs[other.person_id].overpay_confirmed


def test_an_amount_far_above_what_is_owed_needs_a_second_explicit_confirmation(
        gui, qtbot, questions):
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    row = _loan_rows(sheet)[0]
    questions.answers[:] = ["confirm", "fix"]                   # the second question says no
    type_in_cell(sheet.view, row, "principal", "999tr")
    assert len(questions) == 2 and "lãi một năm" in questions[1][1]
    assert sheet.model.row_at(row).principal == 0
    questions.answers[:] = ["confirm", "confirm"]
    type_in_cell(sheet.view, row, "principal", "999tr")
    assert sheet.model.row_at(row).principal == 999_000_000


def test_a_deposit_above_the_office_limit_is_confirmed(gui, qtbot, questions):
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    row = next(n for n, r in enumerate(sheet.model.rows()) if r.line.savings_account_id)
    type_in_cell(sheet.view, row, "savings", "200000")           # ordinary: nothing asked
    assert questions == [] and sheet.model.row_at(row).savings == 200_000
    questions.answers[:] = ["fix"]
    type_in_cell(sheet.view, row, "savings", "60tr")
    assert "trên mức 50.000.000 đ" in questions[0][1]
    assert sheet.model.row_at(row).savings == 200_000


def test_refusals_show_in_the_cell_with_the_row_as_typed(gui, qtbot):
    """Principal on a savings-only line and "from savings" above the balance were accepted
    in the cell and refused only at save, naming a person but not the row."""
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    saver = next((n for n, r in enumerate(sheet.model.rows())
                  if not r.line.loan_id and r.line.savings_account_id), None)
    if saver is not None:
        type_in_cell(sheet.view, saver, "principal", "100000")
        assert sheet.model.row_at(saver).principal == 0
        assert sheet.model.row_at(saver).line.full_name in sheet.error.text()
    row = next(n for n, r in enumerate(sheet.model.rows())
               if r.line.loan_id and r.line.savings_account_id)
    line = sheet.model.row_at(row).line
    type_in_cell(sheet.view, row, "from_savings", str(line.savings_balance + 1_000))
    assert sheet.model.row_at(row).from_savings == 0
    assert line.full_name in sheet.error.text()

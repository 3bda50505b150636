"""A member's deposit the core recorded this month (Mẫu 10, decision 0260) is shown on the
13/TD sheet as deposited: the savings cell reads "✓ amount" with the reason in its tooltip,
a saver with no loan is green with nothing typed, and typing a deposit still works."""
from __future__ import annotations

from PySide6.QtCore import Qt

from sbpdesk.services.collections import SheetLine
from sbpdesk.ui.pages.sheet_model import PAID, SheetModel, SheetRow, columns


def saver(elsewhere: int, loan_id: str | None = None) -> SheetLine:
    return SheetLine("p1", "h1", "Phạm Thị Cúc", "6800000003", loan_id, None, None, 0, 0, 0,
                     0, 0, "acc-1", 300_000, None, min_deposit=5_000,
                     savings_elsewhere=elsewhere)


def test_a_deposit_at_the_bank_shows_on_the_sheet(qapp):
    model = SheetModel(columns(lambda code: code or ""))
    model.set_rows([SheetRow(saver(100_000)), SheetRow(saver(0))])
    cell = model.index(0, model.column_index("savings"))
    assert model.data(cell) == "✓ 100.000"
    assert "100.000" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert model.row_at(0).state == PAID                 # nothing to ask of this saver
    assert model.data(model.index(1, model.column_index("savings"))) == ""
    assert model.row_at(1).state is None
    assert model.setData(cell, "50.000")                 # a second deposit is still taken
    assert model.row_at(0).savings == 50_000 and model.data(cell) != "✓ 100.000"
    # A borrower's row keeps the loan's state: the deposit says nothing of the dues.
    model.set_rows([SheetRow(saver(100_000, loan_id="loan-1"))])
    assert model.row_at(0).state is None

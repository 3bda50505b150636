"""Back to the core: a session's workbook lists every cash operation of the session that was
not reversed, with the loan number, customer and group codes and the receipt numbers, and
its totals are the journal's."""
from __future__ import annotations

from collections import Counter

from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from sbpdesk.bridge.session_book import write_session_workbook
from sbpdesk.db.models import Loan, Operation, Receipt
from sbpdesk.domain.canonical import from_json
from sbpdesk.services.books import open_book


def test_the_session_workbook_matches_the_journal(demo, tmp_path):
    book = open_book(demo[0] / "demo")
    try:
        counts = Counter(dict(book.db.execute(
            select(Operation.session_id, func.count()).where(
                Operation.kind == "collection.record").group_by(Operation.session_id)).all()))
        session_id = counts.most_common(1)[0][0]
        ops = book.db.scalars(select(Operation).where(Operation.session_id == session_id)).all()
        gone = {from_json(o.payload)["target_op_id"] for o in ops if o.kind == "op.reverse"}
        kept = [o for o in ops if o.kind == "collection.record" and o.op_id not in gone]
        interest = sum(from_json(o.payload)["interest"] for o in kept)
        result = write_session_workbook(book, session_id, tmp_path / "phien.xlsx")
        contracts = {c for c in book.db.scalars(select(Loan.contract_no)) if c}
        receipts = set(book.db.scalars(select(Receipt.receipt_no).where(
            Receipt.op_id.in_([o.op_id for o in kept]))))
    finally:
        book.close()
    assert result["totals"]["interest"] == interest > 0
    rows = CalamineWorkbook.from_path(str(tmp_path / "phien.xlsx")).get_sheet_by_name(
        "PHIEN").to_python()
    header = rows.index(next(r for r in rows if "Số khế ước" in r))
    body, total = rows[header + 1:-1], rows[-1]
    col = rows[header].index
    assert len(body) == result["rows"] >= len(kept)
    assert total[col("Thu lãi")] == interest
    collected = [r for r in body if r[col("Nghiệp vụ")] == "Thu" and r[col("Số khế ước")]]
    assert {r[col("Số khế ước")] for r in collected} <= contracts
    assert {r[col("Số chứng từ sbpdesk")] for r in body if r[col("Nghiệp vụ")] == "Thu"} \
        == receipts

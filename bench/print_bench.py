"""Printing benchmark: render time of a receipt (A5 and thermal) and of a 60-member 13/TD
group statement, median of 20 renders each (after one warm-up render that registers the fonts).

The issue's target is a 60-member group statement in ≤ 300 ms; the receipts' 100 ms is
sbpdesk's own budget (a teller prints one per member at the session).

    python bench/print_bench.py          # prints the figures as JSON lines
    from bench.print_bench import figures  # [{name, value, unit, target}] for bench/run.py

The data is built here (no book, no test package), with realistic Vietnamese names, so the
figure measures rendering alone. Each figure has a same-run baseline (`baseline`, ms): a bare
A5 page of one paragraph for the receipts, a plain 60-row ruled table on A4 landscape for the
13/TD, in the same fonts, so the ratio holds on a loaded or a slower machine.
"""
from __future__ import annotations

import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

if __package__ in (None, ""):   # run as a script from anywhere
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sbpdesk.printing import render_receipt, render_statement
from sbpdesk.services.documents.data import CollectionReceipt, ContractRef, Issuer, PrintMark
from sbpdesk.services.documents.data_tables import GroupStatement, StatementRow

RUNS = 20
ISSUER = Issuer("Chi nhánh NHCSXH tỉnh Lâm Đồng", "Phòng giao dịch NHCSXH huyện Bắc Bình",
                "Điểm giao dịch xã Phan Rí Thành", "Phan Rí Thành")
DAY = date(2026, 6, 5)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ")
GIVEN = ("Thị Hằng", "Văn Bảy", "Ngọc Ẩn", "Thị Thủy", "Văn Phước", "Thị Ngọc Ánh",
         "Đình Lũy", "Thị Mỹ Lệ", "Quang Vĩnh", "Thị Hương", "Văn Khải", "Thị Nguyệt")


def receipt() -> CollectionReceipt:
    return CollectionReceipt(
        ISSUER, "BB01-D-DEMO01-1234", DAY, "Nguyễn Thị Hằng", interest=85_800,
        principal=1_000_000, savings=114_200, from_savings=200_000, bl_no="004587",
        customer_code="BB01000123", address="Thôn 2, xã Phan Rí Thành",
        group_name="Tổ 02 – Thôn 2", leader_name="Lê Thị Mai",
        programme_name="Cho vay hộ nghèo", contract=ContractRef("BB-2026-00017"),
        savings_balance=1_250_000, outstanding=14_000_000, teller_name="Lê Thị Mỹ Duyên",
        mark=PrintMark(demo=True))


def statement(members: int = 60) -> GroupStatement:
    rows = []
    for i in range(members):
        name = f"{FAMILY[i % len(FAMILY)]} {GIVEN[i % len(GIVEN)]}"
        outstanding = 10_000_000 + 1_500_000 * (i % 7)
        due = outstanding * 52 // 10_000
        rows.append(StatementRow(
            name, "Hộ nghèo" if i % 3 else "Giải quyết việc làm",
            ContractRef(f"BB-2025-{i + 1:05d}"), outstanding, due, interest_paid=due,
            savings_deposited=50_000 * (i % 3), from_savings=0,
            savings_balance=800_000 + 25_000 * i, customer_code=f"BB01{i + 1:06d}"))
    return GroupStatement(ISSUER, "Tổ 02 – Thôn 2", "Lê Thị Mai",
                          "Hội Liên hiệp Phụ nữ xã Phan Rí Thành", DAY, tuple(rows),
                          after_session=True, mark=PrintMark(demo=True))


def median_ms(fn: Callable[[], bytes], runs: int = RUNS) -> float:
    fn()   # warm-up: font registration, imports
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 1)


def bare_page() -> bytes:
    """The same-run baseline of a receipt: one A5 page, one paragraph, the same fonts —
    what any PDF costs, so the ratio shows what the receipt's layout adds."""
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from sbpdesk.printing import fonts
    buf = io.BytesIO()
    style = ParagraphStyle("b", fontName=fonts.register(), fontSize=11)
    SimpleDocTemplate(buf, pagesize=A5).build([Paragraph("Biên lai thu tiền", style)])
    return buf.getvalue()


def bare_table(rows: int = 60) -> bytes:
    """The same-run baseline of the 13/TD: a plain ruled table of as many rows and columns
    on A4 landscape, the same fonts, no page model."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from sbpdesk.printing import fonts
    family = fonts.register()
    data = [[f"{FAMILY[i % 10]} {GIVEN[i % 12]}", *[f"{(i + 1) * 1000 + c:,}" for c in range(10)]]
            for i in range(rows)]
    t = Table(data, repeatRows=1)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), family),
                           ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=landscape(A4)).build([t])
    return buf.getvalue()


def figures() -> list[dict]:
    r, s = receipt(), statement(60)
    page, table = median_ms(bare_page), median_ms(bare_table)
    return [
        {"name": "print.receipt_a5", "value": median_ms(lambda: render_receipt(r, "a5")),
         "unit": "ms", "target": 100, "baseline": page},
        {"name": "print.receipt_thermal",
         "value": median_ms(lambda: render_receipt(r, "thermal")), "unit": "ms",
         "target": 100, "baseline": page},
        {"name": "print.statement_60_members", "value": median_ms(lambda: render_statement(s)),
         "unit": "ms", "target": 300, "baseline": table},
    ]


def main() -> int:
    ok = True
    for f in figures():
        sys.stdout.write(json.dumps(f, ensure_ascii=False) + "\n")
        ok = ok and (f["target"] is None or f["value"] <= f["target"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

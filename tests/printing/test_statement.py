"""13/TD group statement: 60 members over several pages, header repeated, totals = sums."""
from __future__ import annotations

from sbpdesk.domain.money import format_number
from sbpdesk.printing import render_statement
from sbpdesk.printing.statement import totals

from . import samples as S
from .pdfread import AMOUNT, amount, lines, page_count, page_texts, words

COLUMN_KEYS = {4: "outstanding", 5: "interest_period", 6: "interest_arrears",
               7: "interest_paid", 8: "savings_deposited", 9: "from_savings",
               10: "savings_balance"}
N = 11     # columns


def column_sums(pdf: bytes) -> tuple[dict[int, int], dict[int, int]]:
    """Sum each amount column over the member rows, and read the totals row, using word
    positions: the italic column-number row (1 … 10) gives each column's centre."""
    sums = {c: 0 for c in COLUMN_KEYS}
    total_row: dict[int, int] = {}
    centres: dict[int, list[float]] = {}
    numbering: dict[int, float] = {}
    all_lines = lines(words(pdf))
    for line in all_lines:
        tokens = [w.text for w in line]
        if tokens == [str(i) for i in range(1, N + 1)]:
            centres[line[0].page] = [w.cx for w in line]
            numbering[line[0].page] = line[0].y
    done = False
    for line in all_lines:
        page = line[0].page
        if done or page not in numbering or line[0].y <= numbering[page]:
            continue
        is_total = any(w.text == "Cộng" for w in line)
        for w in line:
            if not AMOUNT.match(w.text):
                continue
            col = 1 + min(range(N), key=lambda i: abs(centres[page][i] - w.cx))
            if col in COLUMN_KEYS:
                if is_total:
                    total_row[col] = amount(w.text)
                else:
                    sums[col] += amount(w.text)
        if is_total:
            done = True
    return sums, total_row


def test_sixty_members_span_pages_with_header_repeated():
    data = S.statement(60)
    pdf = render_statement(data)
    pages = page_texts(pdf)
    assert page_count(pdf) >= 2
    table_pages = [t for t in pages if any(r.name in t for r in data.rows)]
    assert len(table_pages) >= 2
    for text in table_pages:
        assert "Họ và tên tổ viên" in text
        assert "Lãi phải thu" in text and "Tổ viên ký nộp" in text
    whole = " ".join(pages)
    for row in data.rows:
        assert row.name in whole, row.name
    assert "Nguyễn Thị Hằng" in whole and "Đặng Văn Bảy" in whole and "Hồ Ngọc Ẩn" in whole
    assert "(tạm)" in whole
    assert "60 tổ viên" in whole


def test_after_session_totals_equal_sum_of_rows():
    data = S.statement(60)
    pdf = render_statement(data)
    sums, total_row = column_sums(pdf)
    expected = totals(data.rows)
    for col, key in COLUMN_KEYS.items():
        assert sums[col] == expected[key], key                 # rows as printed
        assert total_row[col] == expected[key], key            # totals row as printed
    text = " ".join(page_texts(pdf))
    assert format_number(sum(r.outstanding for r in data.rows)) in text
    assert "Sau phiên giao dịch" in text


def test_before_session_leaves_paid_columns_blank():
    data = S.statement(12, after=False)
    pdf = render_statement(data)
    sums, total_row = column_sums(pdf)
    for col in (7, 8, 9):
        assert sums[col] == 0 and col not in total_row
    assert total_row[4] == sum(r.outstanding for r in data.rows)
    assert total_row[5] + total_row[6] == sum(r.interest_due for r in data.rows)
    assert total_row[6] == sum(r.interest_arrears for r in data.rows) > 0
    text = " ".join(page_texts(pdf))
    assert "Lập trước phiên giao dịch" in text
    assert "mẫu tham khảo" in text
    # the period of "this period's" interest is printed (was one undated figure)
    assert "Lãi phải thu (kỳ từ 05/05/2026 đến 04/06/2026)" in text

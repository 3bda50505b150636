"""Issue 14 review, small findings on paper: the A5 reprint's copy mark printed twice on page
1, and "Tổ TK&VV: Tổ TK&VV thôn Đông" (the label said again by a group's own name)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from sbpdesk.printing import (
    render_due_list,
    render_loanbook,
    render_receipt,
    render_relief_list,
    render_statement,
)
from sbpdesk.services.documents.data import PrintMark

from . import samples as S
from .pdfread import flat, page_texts


@pytest.mark.parametrize("mark, stamps", [
    (PrintMark(copy_no=2), ("BẢN SAO (lần 2)",)),
    (PrintMark(copy_no=1, cancelled=True), ("BẢN SAO (lần 1)", "ĐÃ HỦY")),
])
def test_a5_reprint_copy_mark_printed_once_on_page_one(mark, stamps):
    """The margin stamp and an in-flow banner both said "BẢN SAO (lần n)" on page 1."""
    for receipt in (S.COLLECTION, S.HANDOVER, S.DISBURSEMENT):
        pages = page_texts(render_receipt(replace(receipt, mark=mark), "a5"))
        for n, text in enumerate(pages, 1):
            for stamp in stamps:
                assert text.count(stamp) == 1, (type(receipt).__name__, n, stamp)


def test_thermal_reprint_still_says_copy_once():
    """Thermal paper has no margin: the in-flow banner is its only mark."""
    text = flat(render_receipt(replace(S.COLLECTION, mark=PrintMark(copy_no=3)), "thermal"))
    assert text.count("BẢN SAO (lần 3)") == 1


def _papers() -> dict[str, bytes]:
    return {
        "collection": render_receipt(S.COLLECTION, "a5"),
        "handover": render_receipt(S.HANDOVER, "a5"),
        "disbursement": render_receipt(S.DISBURSEMENT, "a5"),
        "statement": render_statement(S.statement()),
        "overdue": render_due_list(S.OVERDUE),
        "loanbook": render_loanbook(S.LOANBOOK),
        "relief": render_relief_list(S.RELIEF),
    }


def test_group_name_prefix_not_doubled_on_papers():
    assert S.GROUP == "Tổ TK&VV thôn Đông"
    for name, pdf in _papers().items():
        text = flat(pdf)
        assert "Tổ TK&VV: Tổ TK&VV" not in text, name
        assert S.GROUP in text, name


def test_a_group_named_without_the_words_keeps_the_label():
    text = flat(render_statement(replace(S.statement(), group_name="Thôn Đông")))
    assert "Tổ TK&VV: Thôn Đông" in text

"""The page model every multi-page document shares, read back page by page: the copy mark,
"Trang x/y" and the table header on every page, the signatures never alone on a page."""
from __future__ import annotations

from dataclasses import replace

import pytest

from sbpdesk.printing import render_due_list, render_proposal, render_receipt, render_statement
from sbpdesk.services.documents.data import HandoverMember, PrintMark

from . import samples as S
from .pdfread import page_texts


def _handover(members: int, copy_no: int = 2):
    ms = tuple(HandoverMember(f"{S.NAMES[i % len(S.NAMES)]} {i + 1}", 50_000, 100_000)
               for i in range(members))
    return replace(S.HANDOVER, members=ms, interest=50_000 * members,
                   savings=100_000 * members, counted=150_000 * members,
                   mark=PrintMark(copy_no=copy_no))


def _members_for(pages: int) -> int:
    """The smallest member count whose A5 hand-over runs to `pages` pages."""
    for n in range(1, 120):
        if len(page_texts(render_receipt(_handover(n), "a5"))) == pages:
            return n
    raise AssertionError(f"no hand-over of {pages} pages")


@pytest.mark.parametrize("pages", [1, 2, 3])
def test_long_handover_marks_every_page(pages):
    n = _members_for(pages) + (0 if pages == 1 else 3)
    texts = page_texts(render_receipt(_handover(n), "a5"))
    assert len(texts) == pages
    for i, t in enumerate(texts, 1):
        assert "BẢN SAO (lần 2)" in t, i             # a detached page never reads as original
        assert f"Trang {i}/{pages}" in t, i
        assert "HT-2026-000140" in t, i              # the document's number
        assert "Họ và tên" in t and "Tiết kiệm" in t, i   # the table header repeats
    # the last page carries the signatures together with the last member rows
    last = texts[-1]
    assert "Tổ trưởng Tổ TK&VV" in last and f"{S.NAMES[(n - 1) % len(S.NAMES)]} {n}" in last


def test_cancelled_receipt_marks_every_page():
    data = replace(_handover(_members_for(2) + 3), mark=PrintMark(cancelled=True))
    texts = page_texts(render_receipt(data, "a5"))
    assert len(texts) == 2 and all("ĐÃ HỦY" in t for t in texts)


# --- the documents that run long, at one, two and three pages ------------------------------

def _statement(n):
    return S.statement(n, mark=PrintMark(copy_no=2))


def _proposal(n):
    rows = tuple(replace(S.PROPOSAL.rows[i % 3], name=f"{S.NAMES[i % len(S.NAMES)]} {i + 1}")
                 for i in range(n))
    return replace(S.PROPOSAL, rows=rows, mark=PrintMark(copy_no=2))


def _overdue(n):
    row = S.OVERDUE.groups[0].rows[0]
    rows = tuple(replace(row, name=f"{S.NAMES[i % len(S.NAMES)]} {i + 1}") for i in range(n))
    return replace(S.OVERDUE, groups=(replace(S.OVERDUE.groups[0], rows=rows),),
                   mark=PrintMark(copy_no=2))


LONG = {   # document: (data of n rows, renderer, a header cell of its table)
    "handover": (_handover, lambda d: render_receipt(d, "a5"), "Họ và tên"),
    "statement": (_statement, render_statement, "Họ và tên"),
    "proposal": (_proposal, render_proposal, "Họ và tên"),
    "overdue": (_overdue, render_due_list, "Họ và tên"),
}


def _rows_for(make, render, pages: int) -> int:
    n = 1
    while len(page_texts(render(make(n)))) < pages:
        n += 4
        assert n < 400, "never reached the page count"
    return n


@pytest.mark.parametrize("document", sorted(LONG))
@pytest.mark.parametrize("pages", [1, 2, 3])
def test_long_documents_mark_every_page(document, pages):
    make, render, header = LONG[document]
    n = _rows_for(make, render, pages)
    texts = page_texts(render(make(n)))
    assert len(texts) in (pages, pages + 1)      # the signatures may take the last rows on
    for i, t in enumerate(texts, 1):
        assert "BẢN SAO (lần 2)" in t, (document, i)
        assert f"Trang {i}/{len(texts)}" in t, (document, i)
        if i < len(texts) or len(texts) == 1:
            assert header in t, (document, i)
    assert header in texts[-1] or len(texts) == 1, document   # signatures never alone


def test_short_receipts_stay_on_one_a5_page():
    """Binding the signatures to the lines before them moves nothing that fits (a nested
    KeepTogether once pushed every A5 collection receipt onto a second page)."""
    for data in (S.COLLECTION, S.HANDOVER, S.DISBURSEMENT):
        assert len(page_texts(render_receipt(data, "a5"))) == 1, type(data).__name__

"""The page model every multi-page document shares, read back page by page: the copy mark,
"Trang x/y" and the table header on every page, the signatures never alone on a page."""
from __future__ import annotations

from dataclasses import replace

import pytest

from sbpdesk.printing import render_receipt
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

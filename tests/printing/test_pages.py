"""The page model every multi-page document shares, read back page by page: the copy mark,
"Trang x/y" and the table header on every page, the signatures never alone on a page."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from sbpdesk.domain.dates import add_months
from sbpdesk.printing import (
    render_application,
    render_approval,
    render_authorisation,
    render_contract,
    render_due_list,
    render_loanbook,
    render_notice,
    render_proposal,
    render_receipt,
    render_relief_list,
    render_session_report,
    render_statement,
)
from sbpdesk.services.documents.data import (
    Cancellation,
    ContractRef,
    HandoverMember,
    Instalment,
    PrintMark,
    UsePlanLine,
)
from sbpdesk.services.documents.data_tables import CashCount, PostingLine

from . import samples as S
from .pdfread import page_texts


def _handover(members: int, copy_no: int = 2):
    ms = tuple(HandoverMember(f"{S.NAMES[i % len(S.NAMES)]} {i + 1}", 50_000, 100_000,
                              f"BB01{i + 1:06d}", ContractRef(f"BB-2025-{i + 101:05d}"))
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
        assert "BB01-1-140" in t, i              # the document's number
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


def _session(n):
    lines = tuple(PostingLine("Thu lãi", f"Tổ TK&VV thôn {i + 1}", 3, 150_000, cash_in=150_000)
                  for i in range(n))
    cash_in = 150_000 * n
    return replace(S.SESSION, postings=lines, opening_cash=0, expected_total=cash_in,
                   cash=(CashCount(50_000, 3 * n),), mark=PrintMark(copy_no=2))


def _collection(n):
    """A collection receipt runs long only on a long cancellation note."""
    reason = " ".join(f"Thu nhầm kỳ {i + 1}, nhập lại theo sổ vay vốn."
                      for i in range(1 + 4 * (n - 1)))
    return replace(S.COLLECTION, mark=PrintMark(copy_no=2, cancelled=True),
                   cancellation=Cancellation(reason, "05/06/2026 09:41", "Hồ Ngọc Ẩn"))


def _notice(n):
    people = tuple(replace(S.NOTICE.borrowers[i % len(S.NOTICE.borrowers)],
                           name=f"{S.NAMES[i % len(S.NAMES)]} {i + 1}", household=str(i))
                   for i in range(n))
    return replace(S.NOTICE, borrowers=people, mark=PrintMark(copy_no=2))


def _loanbook(n):
    loan = S.LOANBOOK.loans[0]
    moves = tuple(replace(loan.movements[1], date=S.DAY + timedelta(days=30 * i))
                  for i in range(n))
    return replace(S.LOANBOOK, loans=(replace(loan, movements=moves),),
                   mark=PrintMark(copy_no=2))


def _contract(n):
    """A job-creation contract of n monthly instalments (120 at most in law)."""
    part = 100_000_000 // n // 100_000 * 100_000
    insts = tuple(Instalment(add_months(S.DAY, i + 1), part) for i in range(n - 1))
    insts += (Instalment(add_months(S.DAY, n), 100_000_000 - part * (n - 1)),)
    return replace(S.CONTRACT, instalments=insts, final_date=insts[-1].due_date,
                   mark=PrintMark(copy_no=2))


def _approval(n):
    rows = tuple(replace(S.APPROVAL.rows[i % 2], name=f"{S.NAMES[i % len(S.NAMES)]} {i + 1}")
                 for i in range(n))
    return replace(S.APPROVAL, rows=rows, mark=PrintMark(copy_no=2))


def _relief(n):
    group = S.RELIEF.groups[0]
    rows = tuple(replace(group.rows[i % len(group.rows)],
                         name=f"{S.NAMES[i % len(S.NAMES)]} {i + 1}") for i in range(n))
    return replace(S.RELIEF, groups=(replace(group, rows=rows),), mark=PrintMark(copy_no=2))


LONG = {   # document: (data of n rows, renderer, a header cell of its table, what the
    # signatures on the last page are kept with)
    "handover": (_handover, lambda d: render_receipt(d, "a5"), "Họ và tên", "Họ và tên"),
    "collection": (_collection, lambda d: render_receipt(d, "a5"), None, "Dư nợ còn lại"),
    "statement": (_statement, render_statement, "Họ và tên", "Họ và tên"),
    "proposal": (_proposal, render_proposal, "Họ và tên", "Họ và tên"),
    "overdue": (_overdue, render_due_list, "Họ và tên", "Họ và tên"),
    "session": (_session, render_session_report, "Nghiệp vụ", "XÁC NHẬN SỔ NHẬT KÝ"),
    "notice": (_notice, render_notice, "Họ và tên", "Họ và tên"),
    "loanbook": (_loanbook, render_loanbook, "Diễn giải", "Diễn giải"),
    "contract": (_contract, render_contract, "Số tiền (đồng)", "Cộng"),
    "approval": (_approval, render_approval, "Họ và tên", "Họ và tên"),
    "relief": (_relief, render_relief_list, "Họ và tên", "Tổng cộng"),
}


NUMBER = {"handover": "BB01-1-140", "collection": "BB01-1-123", "statement": "13/TD",
          "proposal": "03/TD", "overdue": "Danh sách hộ vay có nợ quá hạn",
          "session": "BB01 · 05/06/2026 · phiên 1", "notice": "Niêm yết công khai",
          "loanbook": "Sổ vay vốn BB01234567", "contract": "Hợp đồng tín dụng 0123",
          "approval": "15/TB-PGD", "relief": "Danh sách khách hàng được giảm lãi suất"}


def _rows_for(make, render, pages: int) -> int:
    n = 1
    while len(page_texts(render(make(n)))) < pages:
        n += 4
        assert n < 400, "never reached the page count"
    return n


@pytest.mark.parametrize("document", sorted(LONG))
@pytest.mark.parametrize("pages", [1, 2, 3])
def test_long_documents_mark_every_page(document, pages):
    make, render, header, tail = LONG[document]
    n = _rows_for(make, render, pages)
    texts = page_texts(render(make(n)))
    assert len(texts) in (pages, pages + 1)      # the signatures may take the last rows on
    for i, t in enumerate(texts, 1):
        assert "BẢN SAO (lần 2)" in t, (document, i)
        assert f"Trang {i}/{len(texts)}" in t, (document, i)
        assert NUMBER[document] in t, (document, i)        # the document's number / title
        if header and (i < len(texts) or len(texts) == 1):
            assert header in t, (document, i)
    assert tail in texts[-1], document           # the signatures are never alone on a page


def test_short_receipts_stay_on_one_a5_page():
    """Binding the signatures to the lines before them moves nothing that fits (a nested
    KeepTogether once pushed every A5 collection receipt onto a second page)."""
    for data in (S.COLLECTION, S.HANDOVER, S.DISBURSEMENT):
        assert len(page_texts(render_receipt(data, "a5"))) == 1, type(data).__name__


# --- a caption never ends a page alone ------------------------------------------------------

def _authorisation(members: int, lines: int):
    people = tuple(replace(S.AUTHORISATION.members[i % len(S.AUTHORISATION.members)],
                           name=f"{S.NAMES[i % len(S.NAMES)]} {i + 1}",
                           residence=", ".join(["Thôn Đông, xã Bắc Bình"] * lines))
                   for i in range(members))
    return replace(S.AUTHORISATION, members=people)


@pytest.mark.parametrize("lines", [1, 2, 3])
def test_the_authorisations_signature_table_keeps_its_caption(lines):
    """01/UQ: "BÊN ỦY QUYỀN" closed page 1 alone, its signature table on page 2 (the
    samples' one- to three-member households did so)."""
    for members in range(1, 12):
        pages = page_texts(render_authorisation(_authorisation(members, lines)))
        (page,) = [t for t in pages if "BÊN ỦY QUYỀN" in t]
        after = page[page.index("BÊN ỦY QUYỀN"):]
        assert "Ký tên" in after and f"{S.NAMES[0]} 1" in after, (members, lines)


def test_the_contracts_repayment_plan_keeps_its_caption():
    for repeat in range(1, 9):
        data = replace(S.CONTRACT, legal_basis=S.CONTRACT.legal_basis * repeat,
                       purpose="Mở rộng xưởng may, tạo việc làm. " * 6 * repeat)
        (page,) = [t for t in page_texts(render_contract(data)) if "Kế hoạch trả nợ gốc" in t]
        after = page[page.index("Kế hoạch trả nợ gốc"):]
        assert "Số tiền (đồng)" in after and "20.000.000" in after, repeat


# --- forms that take two pages at least: 01/TD (with the bank's approval) and 01/UQ ---------

def _application(n):
    lines = tuple(UsePlanLine(f"Hạng mục {i + 1}", "01 Con", 1_000_000) for i in range(n))
    return replace(S.APPLICATION, lines=lines, mark=PrintMark(copy_no=2))


def _authorisation_copy(n):
    return replace(_authorisation(n, 1), mark=PrintMark(copy_no=2))


FORMS = {   # document: (data of n rows, renderer, its number on every page, the last page's)
    "application": (_application, render_application, "01/TD", "PHÊ DUYỆT CỦA NGÂN HÀNG"),
    "authorisation": (_authorisation_copy, render_authorisation, "01/UQ Giấy ủy quyền",
                      "XÁC NHẬN CỦA UBND CẤP XÃ"),
}


@pytest.mark.parametrize("document", sorted(FORMS))
@pytest.mark.parametrize("pages", [2, 3])
def test_two_page_forms_mark_every_page(document, pages):
    make, render, number, tail = FORMS[document]
    texts = page_texts(render(make(_rows_for(make, render, pages))))
    assert len(texts) == pages
    for i, t in enumerate(texts, 1):
        assert "BẢN SAO (lần 2)" in t and f"Trang {i}/{pages}" in t and number in t, i
    assert tail in texts[-1]


# --- the samples in docs/samples (issue 15's "done when") -----------------------------------

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
SELECTOR_OF = {"handover": "receipt", "collection": "receipt"}   # long/ names by document


def test_every_printed_document_has_its_samples():
    """Every `sbpdesk print` document has a sample from the demo book, and every one that
    runs long has one at one, two and three pages (the forms: two and three). The reduction
    list had none (the demo recorded no reduction). `packaging/make_samples.py` writes them."""
    from sbpdesk.cli.printing import OPTIONS
    for selector in OPTIONS:
        assert list(SAMPLES.glob(f"{selector}*.pdf")), selector
    assert set(SELECTOR_OF.get(d, d) for d in LONG) | set(FORMS) <= set(OPTIONS)
    for table, lengths in ((LONG, (1, 2, 3)), (FORMS, (2, 3))):
        for document in table:
            for pages in lengths:
                path = SAMPLES / "long" / f"{document}-{pages}p.pdf"
                assert path.is_file(), path
                assert len(page_texts(path.read_bytes())) in (pages, pages + 1), path

"""Issue 15's Medium findings on the tabular documents, read back from the PDF: the loan
book's column numbers and rate, households counted as households, the group's name on a
continued table, an empty list that says so, the notice's unsourced rates, the contract's
laws of its own date, and the session report's subtotals, receipt numbers and signatures."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select

from sbpdesk.db.models import Loan
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.printing import record, render_due_list, render_notice
from sbpdesk.services.documents import dossier, lists
from sbpdesk.services.documents import session as session_docs
from sbpdesk.services.documents.data import ContractRef
from sbpdesk.services.documents.data_tables import BorrowerLine

from . import pdfread
from . import samples as S
from .test_from_book import AS_OF, receipt_no, reversed_collection


def test_loanbook_numbers_columns_as_the_book_and_prints_the_rate_in_force(book):
    """Columns were numbered 1–10 (the book's are 6–11) and a loan charged 6,24 % since
    01/12/2025 printed its disbursement rate, 6,6 %. The demo's loans are younger than that
    change, so the test makes one of its own."""
    from sbpdesk.services import posting
    from sbpdesk.services.documents import loanbook as loanbook_docs
    loan = book.db.scalars(select(Loan).where(Loan.programme_code == "poor",
                                              Loan.status == "active").order_by(Loan.id)).first()
    with book.transaction():   # the rate changes on existing balances, as on 01/12/2025
        book.sign_in("admin", "demo")
        posting.post(book, "programme.rate", {
            "programme_code": "poor", "effective_from": "2026-10-01", "annual_rate": "6",
            "until": None, "note": "QĐ 99/QĐ-TTg"}, business_date=dt.date(2026, 10, 1))
    data = loanbook_docs.loanbook(book, loan.household_id)
    page = next(x for x in data.loans if x.contract.number == loan.contract_no)
    assert page.disbursed_on < dt.date(2026, 10, 1)
    assert (page.annual_rate, page.disbursed_rate) == ("6", "6,24")
    assert page.rate_since == dt.date(2026, 10, 1)
    printed = record.produce(book, "loanbook", household=loan.household_id)
    text = pdfread.flat(printed.pdf)
    assert "Lãi suất: 6 %/năm (từ 01/10/2026; khi giải ngân 6,24 %/năm)" in text
    assert pdfread.has_row(printed.pdf, "6 7 8 9 10 11")
    assert not pdfread.has_row(printed.pdf, "1 2 3 4 5 6 7 8 9 10")


def _two_loans_one_household():
    row = S.OVERDUE.groups[0].rows[0]
    rows = (replace(row, household="H1"),
            replace(row, contract=ContractRef("BB-1009"), household="H1"),
            replace(S.OVERDUE.groups[0].rows[1], household="H2"))
    return replace(S.OVERDUE, groups=(replace(S.OVERDUE.groups[0], rows=rows),))


def test_lists_count_households_not_loans():
    """"40 tổ viên" for 32 members: a household with two loans was counted twice."""
    text = pdfread.flat(render_due_list(_two_loans_one_household()))
    assert "Cộng tổ 2 hộ (3 món vay)" in text and "Tổng cộng: 2 hộ (3 món vay)" in text
    borrowers = (BorrowerLine("Nguyễn Thị Hằng", S.GROUP, "Hộ nghèo", 10_000_000, None,
                              household="H1"),
                 BorrowerLine("Nguyễn Thị Hằng", S.GROUP, "GQVL", 5_000_000, None,
                              household="H1"))
    text = pdfread.flat(render_notice(replace(S.NOTICE, borrowers=borrowers)))
    assert "Cộng 1 hộ (2 món vay)" in text


def test_due_lists_from_the_book_count_households(book):
    data = lists.due_list(book, "BB01", AS_OF, "due_next_month")
    rows = [r for g in data.groups for r in g.rows]
    assert rows and all(r.household for r in rows)
    homes = len({r.household for r in rows})
    text = pdfread.flat(render_due_list(data))
    expected = f"{homes} hộ" + (f" ({len(rows)} món vay)" if homes != len(rows) else "")
    assert f"Tổng cộng: {expected};" in text


def test_a_continued_group_table_names_its_group_on_every_page():
    row = S.OVERDUE.groups[0].rows[0]
    rows = tuple(replace(row, name=f"{S.NAMES[i % len(S.NAMES)]} {i}", household=str(i))
                 for i in range(60))
    data = replace(S.OVERDUE, groups=(replace(S.OVERDUE.groups[0], rows=rows),))
    pages = pdfread.page_texts(render_due_list(data))
    assert len(pages) >= 2
    for text in pages[1:]:
        if "Họ và tên" in text:
            assert S.GROUP in text and "Tổ TK&VV: Tổ TK&VV" not in text


def test_an_empty_list_says_it_is_empty():
    """An empty overdue list printed headers and nothing to review."""
    text = pdfread.flat(render_due_list(replace(S.OVERDUE, groups=())))
    assert "Không có khoản vay nào quá hạn đến ngày 05/06/2026." in text
    text = pdfread.flat(render_due_list(replace(S.DUE_NEXT, groups=())))
    assert "Không có khoản vay nào đến hạn trả nợ gốc trong tháng 07/2026." in text


def test_notice_publishes_as_in_force_only_rates_with_a_source(book):
    """Rates with no current source printed under "đang áp dụng"."""
    data = lists.notice(book, "BB01", AS_OF)
    sourced = [r for r in data.rates if r.sourced]
    unsourced = [r for r in data.rates if not r.sourced]
    assert sourced and unsourced
    assert all(r.note for r in sourced)
    text = pdfread.flat(render_notice(data))
    in_force = text[text.index("ĐANG ÁP DỤNG"):text.index("chưa có văn bản hiện hành")]
    later = text[text.index("chưa có văn bản hiện hành"):]
    assert "chưa có văn bản" not in in_force
    assert later.count("chưa có văn bản") == 1 + len(unsourced)    # the heading, each line
    assert all(r.note in in_force for r in sourced)
    assert "QĐ 2553/QĐ-TTg" in in_force


def test_contract_cites_the_laws_of_its_own_date(book):
    """The sample contract dated 2024 cited the 2025 employment law (the samples' 2024
    contracts: test_repayment_tables)."""
    loan = book.db.scalars(select(Loan).where(Loan.programme_code.like("job_creation%"))
                           .order_by(Loan.contract_no)).first()
    data = dossier.contract(book, loan.id)
    assert data.legal_basis == dossier.job_creation_basis(data.date)
    text = pdfread.flat(record.produce(book, "contract", loan=loan.id).pdf)
    assert all(law in text for law in data.legal_basis)
    old = " ".join(dossier.job_creation_basis(dt.date(2025, 12, 31)))
    assert "Luật Việc làm số 38/2013/QH13" in old and "61/2015/NĐ-CP" in old
    assert "2025" not in old
    assert "Luật Việc làm số 74/2025/QH15" in dossier.job_creation_basis(dt.date(2026, 3, 2))


def test_session_report_subtotals_receipts_and_signatures(book):
    """No subtotal per kind, no receipt numbers issued or voided, no team leader's
    signature, and hand-over rows without their amount."""
    reversed_ = reversed_collection(book)
    s = book.db.get(SessionRow, reversed_.session_id)
    data = session_docs.session_report(book, s.id)
    assert data.voided == (receipt_no(book, reversed_.op_id),)
    assert sum(r.count for r in data.receipts) >= 1
    printed = record.produce(book, "session", session=s.id)
    text = pdfread.flat(printed.pdf)
    assert f"Biên lai đã hủy (1): {data.voided[0]}" in text
    first = data.receipts[0]
    assert f"Biên lai đã phát hành: số {first.first} đến {first.last} ({first.count} biên lai)" \
        in text
    assert "Tổ trưởng tổ giao dịch" in text
    handovers = [p for p in data.postings if p.kind == "Tổ trưởng giao nộp tiền"]
    assert handovers and all(p.amount for p in handovers)
    for p in handovers:
        assert pdfread.has_row(printed.pdf, str(p.count), f"{p.amount:,}".replace(",", "."))
    kinds: dict[str, list] = {}
    for p in data.postings:
        kinds.setdefault(p.kind, []).append(p)
    several = next(k for k, v in kinds.items() if len(v) > 1 and sum(p.cash_in for p in v))
    total = f"{sum(p.cash_in for p in kinds[several]):,}".replace(",", ".")
    assert pdfread.has_row(printed.pdf, f"Cộng {several.lower()}", total), several


def test_statement_counts_members_not_loans_and_splits_the_interest():
    """"40 tổ viên" for 32 members (a member with two loans counted twice); the interest due
    was one figure, with no split between this period and arrears, and no period."""
    from sbpdesk.printing import render_statement
    data = S.statement(3, after=False)
    twice = replace(data.rows[0], contract=ContractRef("BB-2999"), interest_arrears=0)
    data = replace(data, rows=(*data.rows, twice))
    pdf = render_statement(data)
    assert pdfread.has_row(pdf, "Cộng", "3 tổ viên (4 món vay)")
    text = pdfread.flat(pdf)
    assert "Lãi phải thu (kỳ từ 05/05/2026 đến 04/06/2026)" in text
    assert "Lãi kỳ này" in text and "Lãi kỳ trước còn nợ" in text

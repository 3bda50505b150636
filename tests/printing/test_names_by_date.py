"""Documents print the office and branch names in force on their date (decisions/0076):
the demo's Bắc Bình office was "huyện Bắc Bình" under the Bình Thuận branch until
30/06/2025 and is "Phòng giao dịch NHCSXH Bắc Bình" under Lâm Đồng from 01/07/2025.
Read back from the PDFs."""
from __future__ import annotations

import datetime as dt

from sbpdesk.printing import record
from sbpdesk.services.documents.common import issuer
from tests.printing.test_from_book import AS_OF, book, book_dir, demo_dir, flat  # noqa: F401


def test_documents_of_2024_and_2026_carry_the_names_of_their_date(book):  # noqa: F811
    old, new = issuer(book, "BB01", dt.date(2024, 6, 1)), issuer(book, "BB01", AS_OF)
    assert (old.office_name, old.branch_name) == ("Phòng giao dịch NHCSXH huyện Bắc Bình",
                                                  "Chi nhánh NHCSXH tỉnh Bình Thuận")
    assert (new.office_name, new.branch_name) == ("Phòng giao dịch NHCSXH Bắc Bình",
                                                  "Chi nhánh NHCSXH tỉnh Lâm Đồng")
    assert issuer(book, "BB01", dt.date(2025, 6, 30)).branch_name.endswith("Bình Thuận")
    assert issuer(book, "BB01", dt.date(2025, 7, 1)).branch_name.endswith("Lâm Đồng")
    before = flat(record.produce(book, "notice", point="BB01", as_of=dt.date(2024, 6, 1)).pdf)
    after = flat(record.produce(book, "notice", point="BB01", as_of=AS_OF).pdf)
    # the notice's letterhead prints the office (not the branch)
    assert "PHÒNG GIAO DỊCH NHCSXH HUYỆN BẮC BÌNH" in before.upper()
    assert "PHÒNG GIAO DỊCH NHCSXH BẮC BÌNH" in after.upper()
    assert "HUYỆN BẮC BÌNH" not in after.upper()


def test_the_date_line_place_without_huyen():
    from sbpdesk.services.documents.common import _place_of_office
    assert _place_of_office("Phòng giao dịch NHCSXH huyện Bắc Bình") == "Bắc Bình"
    assert _place_of_office("Phòng giao dịch NHCSXH Bắc Bình") == "Bắc Bình"


def test_the_point_sits_in_its_old_commune_before_01_07_2025_and_its_new_one_after(book):  # noqa: F811
    # BB01 is the point of the old commune Phan Rí Thành, part of the new commune Bắc Bình
    # (changes-2025-2026.md §1; decisions/0106): the date line names the commune of the day.
    assert issuer(book, "BB01", dt.date(2025, 6, 30)).place == "Phan Rí Thành"
    assert issuer(book, "BB01", dt.date(2025, 7, 1)).place == "Bắc Bình"
    assert issuer(book, "BB01", dt.date(2024, 6, 1)).point_name == "Điểm giao dịch xã Phan Rí Thành"
    before = flat(record.produce(book, "notice", point="BB01", as_of=dt.date(2024, 6, 1)).pdf)
    after = flat(record.produce(book, "notice", point="BB01", as_of=AS_OF).pdf)
    assert "Phan Rí Thành, ngày 01 tháng 06 năm 2024" in before
    assert f"Bắc Bình, ngày {AS_OF:%d} tháng {AS_OF:%m} năm {AS_OF:%Y}" in after


def test_the_04td_names_the_session_day_in_force_when_the_loan_was_decided(book):  # noqa: F811
    """A point's session day moved from a later date (decisions/0076): the point row holds
    the new day at once, but a loan decided before the move pays interest on the old one."""
    from sbpdesk.db.models import Point
    from sbpdesk.services import posting
    from sbpdesk.services.documents import dossier
    from tests.printing.test_from_book import approved_application
    app = approved_application(book)
    point = book.db.get(Point, app.point_code)
    old = point.session_day
    new = old % 28 + 1
    book.sign_in("admin", "demo")
    with book.transaction():
        posting.post(book, "calendar.publish", {
            "point_code": point.code, "session_day": old, "session_time": "07:30",
            "moves": [{"from": "2027-01-01", "session_day": new}]}, business_date=AS_OF)
    assert book.db.get(Point, point.code).session_day == new
    assert dossier.application(book, app.id).approval.interest_day == old
    text = flat(record.produce(book, "application", application=app.id).pdf)
    assert f"hàng tháng, vào ngày {old}" in text


def test_every_document_prints_the_names_of_its_own_date(book):  # noqa: F811
    """The office row holds the latest names, even those of a rename still to come: the 01/TD,
    01/UQ, credit contract, loan book and a paid-out receipt printed the row's names, not
    those in force on their date (issue 13: "every printed document uses the names in force
    on its date")."""
    from sqlalchemy import select

    from sbpdesk.db.models import Household, Loan
    from sbpdesk.services import reference
    from tests.printing.test_from_book import approved_application
    from tests.printing.test_paper import _post_payouts
    _, _, _, withdrawal, _ = _post_payouts(book)
    book.sign_in("admin", "demo")
    with book.transaction():
        reference.define_office(book, "BB", "Phòng giao dịch NHCSXH Tây Lâm Đồng",
                                branch_name="Chi nhánh NHCSXH tỉnh Lâm Đồng",
                                province_code="68", effective_from=dt.date(2027, 1, 1),
                                business_date=AS_OF)
    assert issuer(book, "BB01").office_name.endswith("Tây Lâm Đồng")   # the row: the latest
    app = approved_application(book)
    h = book.db.scalars(select(Household)).first()
    job = book.db.scalars(select(Loan).where(Loan.programme_code.like("job_creation%"))).first()
    docs = [("application", dict(application=app.id)), ("authorisation", dict(household=h.id)),
            ("loanbook", dict(household=h.id)), ("receipt", dict(number=withdrawal.receipt_no))]
    docs += [("contract", dict(loan=job.id))] if job is not None else []
    for selector, keys in docs:
        printed = record.produce(book, selector, **keys)
        assert printed.data.issuer.office_name == "Phòng giao dịch NHCSXH Bắc Bình", selector
        assert "TÂY LÂM ĐỒNG" not in flat(printed.pdf).upper(), selector


def test_a_union_s_name_is_the_one_of_the_paper_s_date(tmp_path):
    """Decision 0159: the demo's unions were the old communes' chapters until 30/06/2025 and
    are the new communes' since (BB01: Phan Rí Thành, now part of xã Bắc Bình). A group's
    13/TD statement of 2025 and one of 2026 print the name of their date (read back)."""
    from sqlalchemy import select

    from sbpdesk.db.models import Group
    from sbpdesk.demo.office import build_demo
    from sbpdesk.services import entrustment
    from sbpdesk.services.books import open_book
    from sbpdesk.services.documents import statements
    build_demo(tmp_path / "demo", households=20, years=2, seed=3, points=2,
               as_of=dt.date(2026, 3, 5))
    demo = open_book(tmp_path / "demo", clock=lambda: dt.datetime(2026, 3, 5, 3, tzinfo=dt.UTC))
    try:
        group = demo.db.scalars(select(Group).where(Group.point_code == "BB01")
                                .order_by(Group.code)).first()
        code = group.organisation_code
        old, new = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
        assert entrustment.name_on(demo, code, old).endswith(" xã Phan Rí Thành")
        assert entrustment.name_on(demo, code, new).endswith(" xã Bắc Bình")
        assert entrustment.organisations(demo)[code].name.endswith(" xã Bắc Bình")
        before = statements.statement(demo, group.id, dt.date(2025, 3, 5))
        after = statements.statement(demo, group.id, dt.date(2026, 3, 5))
        assert before.organisation_name.endswith(" xã Phan Rí Thành")
        assert after.organisation_name.endswith(" xã Bắc Bình")
        text = flat(record.produce(demo, "statement", group=group.id,
                                   date=dt.date(2025, 3, 5)).pdf)
        assert "xã Phan Rí Thành" in text and "xã Bắc Bình" not in text
    finally:
        demo.close()

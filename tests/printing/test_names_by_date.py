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

"""A reduction the office records reaches the laptop with the next bundle, and the reports
page lists each borrower's difference and prints the list (decisions 0078, 0156)."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .pages_support import PASSWORD, clock, demo_point_book, gui, settle, show, worker  # noqa: F401

RELIEF = {"decision": "2731/QĐ-TTg", "points": "2", "start": "2025-10-01",
          "until": "2025-12-31", "programmes": "pm_rate", "provinces": ["68"],
          "method": "next_interest"}


@pytest.fixture
def book_dir(tmp_path_factory, tmp_path) -> Path:
    """The demo pair copied; the office records Decision 2731 (Lâm Đồng, −2 %/year,
    01/10–31/12/2025) on 05/03/2026 and its bundle is imported on the laptop."""
    from sbpdesk.db.models import Device
    from sbpdesk.services import posting
    from sbpdesk.services.books import open_book
    from sbpdesk.sync import enrol, exchange
    root = tmp_path / "pair"
    shutil.copytree(demo_point_book(tmp_path_factory).parent, root)
    office = open_book(root / "office", user="admin", password=PASSWORD, clock=clock)
    try:
        with office.transaction():
            posting.post(office, "rate.relief", RELIEF, business_date=office.today())
        (device,) = [d for d in office.db.query(Device).all() if d.revoked_last_seq is None]
        keys = enrol.book_keys(office, "admin", PASSWORD)
        bundle = exchange.export_bundle(office, keys, f"device:{device.id}", root / "usb")
    finally:
        office.close()
    laptop = open_book(root / "point", user="admin", password=PASSWORD, clock=clock)
    try:
        keys = enrol.book_keys(laptop, "admin", PASSWORD)
        done = exchange.import_bundle(laptop, keys, bundle.path)
        assert done["counts"]["applied"] >= 1, done
    finally:
        laptop.close()
    return root / "point"


def test_the_reports_page_lists_and_prints_each_borrower_s_reduction(gui):
    window, worker, state = gui
    page = show(window, "reports")
    page.tabs.setCurrentIndex(4)   # computed when first shown (issue 14)
    settle(worker)
    rows = page.relief_model.rows()
    assert rows and all(r.reduction > 0 for r in rows)
    assert all(r.credit_left + r.to_return <= r.reduction for r in rows)
    assert page.tabs.tabText(4) == "Giảm lãi suất"
    page.pdf_button.click()
    settle(worker)
    assert page.saved and Path(page.saved[-1]).name.startswith(f"giam-lai-{state.point_code}")
    from tests.printing import pdfread
    text = pdfread.flat(Path(page.saved[-1]).read_bytes())
    assert "DANH SÁCH KHÁCH HÀNG ĐƯỢC GIẢM LÃI SUẤT" in text
    assert "Quyết định 2731/QĐ-TTg: giảm 2 %/năm lãi suất từ 01/10/2025 đến 31/12/2025" in text
    assert rows[0].name in text

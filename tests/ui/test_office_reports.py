"""The office window's reports page (issue 16): every report of `sbpdesk report` on screen,
chosen in one list, its tables as tabs under a one-line headline, saved as CSV, Excel or PDF
— the files read back equal to what the command line writes — and in English when the UI
is."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sbpdesk.reports import tables as report_tables
from sbpdesk.services.books import open_book
from sbpdesk.ui.pages.office_report_texts import TABLE_TEXTS

from . import test_office_window as window_tests
from .pages_support import clock
from .test_office_window import office_window

AS_OF = dt.date(2026, 3, 31)
office_demo = pytest.fixture(window_tests.office_demo.__wrapped__, name="office_demo")
office_worker = pytest.fixture(window_tests.office_worker.__wrapped__, name="office_worker")


def show(qtbot, page, name: str, as_of: dt.date = AS_OF) -> None:
    page.as_of.set_date(as_of)
    page.kind.setCurrentIndex(page.kind.findData(name))
    page.report = None
    page.refresh()
    qtbot.waitUntil(lambda: page.report is not None and page.name == name, timeout=30_000)


def expected(root, name: str, as_of: dt.date = AS_OF) -> dict:
    book = open_book(root / "office", clock=clock)
    try:
        return report_tables.run(book, name, as_of)
    finally:
        book.close()


@pytest.mark.parametrize("name", ["strategy", "overdue", "collections", "fees", "idle",
                                  "groups", "inspection"])
def test_each_report_shows_its_tables_and_headline(qtbot, office_worker, office_demo, name):
    root, _ = office_demo
    window, _ = office_window(qtbot, office_worker, "accountant")
    page = window.page("reports")
    window.show_page("reports")
    show(qtbot, page, name)
    want = expected(root, name)
    shaped = report_tables.tables(name, want)
    charts = ["Biểu đồ"] if name in ("strategy", "overdue") else []
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        *charts, *(t.title.replace("&", "&&") for t in shaped)]     # no mnemonic in TK&VV
    if charts:      # the charts, drawn
        pixmap = page.tabs.widget(0).pixmap()
        assert pixmap.width() > 800 and pixmap.height() > 200
        image = pixmap.toImage()
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}
        assert len(colours) > 5
    for t in shaped:
        assert page.models[t.key].rowCount() == len(t.rows) + (1 if t.totals else 0), t.key
    assert page.report == want
    assert page.totals.text()
    if name == "strategy":
        t = want["totals"]
        assert t["growth_pct"].replace(".", ",") in page.totals.text()
        first = page.models["by_point"].rows()[0]
        assert first.growth == want["by_point"][0]["growth"]


def test_the_page_saves_what_the_command_line_writes(qtbot, office_worker, office_demo,
                                                     tmp_path):
    root, _ = office_demo
    window, _ = office_window(qtbot, office_worker, "director")
    page = window.page("reports")
    window.show_page("reports")
    show(qtbot, page, "overdue")
    want = expected(root, "overdue")
    shaped = report_tables.tables("overdue", want)
    page.write("csv", str(tmp_path / "o.csv"))
    assert (tmp_path / "o.csv").read_text(encoding="utf-8") == report_tables.to_csv(shaped)
    page.write("xlsx", str(tmp_path / "o.xlsx"))
    sheet = load_workbook(tmp_path / "o.xlsx")["by_point"]
    header = [c.value for c in sheet[3]]
    assert sheet.cell(sheet.max_row, header.index("Dư nợ") + 1).value == (
        want["totals"]["outstanding"])
    page.write("pdf", str(tmp_path / "o.pdf"))
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "o.pdf").pages)
    assert "BÁO CÁO NỢ QUÁ HẠN, NỢ KHOANH" in text and "31/03/2026" in text
    assert f"{want['totals']['outstanding']:,}".replace(",", ".") in text
    assert str(tmp_path / "o.pdf") in page.note.text()
    show(qtbot, page, "portfolio")       # the portfolio's CSV keeps its own contract
    page.write("csv", str(tmp_path / "p.csv"))
    assert (tmp_path / "p.csv").read_text(encoding="utf-8").startswith("dimension,code,name")


def test_every_title_a_report_gives_is_marked_for_translation(office_demo):
    root, _ = office_demo
    words = set(TABLE_TEXTS)
    for name in report_tables.NAMES:
        report = expected(root, name, dt.date(2027, 6, 30))
        for t in report_tables.tables(name, report):
            assert t.title in words, t.title
            for c in t.columns:
                assert c.title in words, c.title
            for row in [*t.rows, *([t.totals] if t.totals else [])]:
                # words the report chooses (a group's or a point's name is data)
                keys = ["category", "met", "grade_name"]
                if t.key == "indicators" or row is t.totals:
                    keys.append("name")
                for key in keys:
                    if isinstance(row.get(key), str) and row[key]:
                        assert row[key] in words, row[key]


def test_the_page_speaks_english(qtbot, app, office_worker, office_demo):
    from sbpdesk.ui import i18n
    window, _ = office_window(qtbot, office_worker, "accountant")
    page = window.page("reports")
    window.show_page("reports")
    i18n.install_translator(app, "en")
    try:
        show(qtbot, page, "strategy")
        assert page.tabs.tabText(0) == "Charts"
        assert page.tabs.tabText(1) == "Indicators"
        model = page.models["indicators"]
        assert model.headerData(0, pytest.importorskip("PySide6.QtCore").Qt.Orientation
                                .Horizontal) == "Indicators"
        assert model.rows()[1].name == "Overdue ratio (ceiling 2 %)"
        assert page.totals.text().startswith("Outstanding grew")
        assert page.kind.currentText() == "Strategy indicators (Decision 05)"
    finally:
        i18n.install_translator(app, "vi")

"""The office's portfolio and strategy reports by the new commune (since 01/07/2025 there are
no districts; decision 0191): each borrower's address resolves to the commune in force on
the report's date — Hòa Thắng's villages split between Hòa Thắng and Hồng Thái — and the
per-commune figures add up to the totals, in JSON, CSV, Excel and PDF."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from sqlalchemy import select

from sbpdesk.db.models import Household
from sbpdesk.demo import map2025
from sbpdesk.reports import portfolio, strategy, tables
from sbpdesk.services import places
from tests.services.test_demo_portfolio import AS_OF, book, demo_dir  # noqa: F401

FIGURES = ("outstanding", "overdue", "frozen", "loans")


def test_portfolio_by_new_commune_adds_up_and_follows_the_split(book):  # noqa: F811
    report = portfolio.portfolio(book, AS_OF, by_point=True)
    communes = report["by_commune"]
    for figure in FIGURES:
        assert sum(c[figure] for c in communes) == report["totals"][figure], figure
    new = {code: name for name, (code, _) in map2025.NEW_COMMUNES.items()}
    assert {c["code"] for c in communes} <= set(new)          # no old commune, no district
    assert all(c["name"] == new[c["code"]] for c in communes)
    # a household of old Hòa Thắng is counted in the new commune its village went to
    of, _ = places.household_communes(book, AS_OF)
    hoa_thang = map2025.old_code("Hòa Thắng")
    split = book.db.scalars(select(Household).where(Household.commune_code == hoa_thang)).all()
    assert {h.village in map2025.HOA_THANG_TO_HONG_THAI for h in split} == {True, False}
    for h in split:
        expected = "Hồng Thái" if h.village in map2025.HOA_THANG_TO_HONG_THAI else "Hòa Thắng"
        assert of[h.id] == map2025.NEW_COMMUNES[expected][0], h.village
    # the same households before the reform: the old commune
    before, _ = places.household_communes(book, map2025.LAST_OLD_DAY)
    assert {before[h.id] for h in split} == {hoa_thang}


def test_strategy_by_commune_adds_up(book):  # noqa: F811
    report = strategy.strategy(book, AS_OF)
    for figure in ("outstanding", "outstanding_before", "growth", "local_growth"):
        assert sum(c[figure] for c in report["by_commune"]) == report["totals"][figure]
    shaped = {t.key: t for t in tables.tables("strategy", report)}
    assert [r["code"] for r in shaped["by_commune"].rows] == [
        c["code"] for c in report["by_commune"]]


def test_the_commune_figures_in_csv_excel_and_pdf(demo_dir, tmp_path):  # noqa: F811
    pytest.importorskip("openpyxl")
    from openpyxl import load_workbook
    from pypdf import PdfReader

    def run(*args):
        return subprocess.run([sys.executable, "-m", "sbpdesk", "report", "portfolio",
                               "--data-dir", str(demo_dir), "--as-of", AS_OF.isoformat(),
                               *args], capture_output=True, check=True).stdout
    rows = [line.split(",") for line in run("--format", "csv", "--by-point").decode()
            .splitlines()]
    commune = [r for r in rows if r[0] == "commune"]
    total = next(r for r in rows if r[0] == "total")
    assert commune and sum(int(r[3]) for r in commune) == int(total[3])
    sheet = load_workbook(io.BytesIO(run("--format", "xlsx")))["by_commune"]
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert cells[-1][1] == "Tổng cộng"
    assert sum(r[2] for r in cells[:-1]) == cells[-1][2] == int(total[3])
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(run("--format", "pdf")))
                   .pages)
    assert "Theo xã (đơn vị hành chính từ 01/07/2025)" in text and "Hồng Thái" in text

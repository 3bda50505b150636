"""Group grades (BC0437 shape) and the union inspection lists of guidance 727 (issue 16), on
the demo office of three points, checked against the portfolio report, the savings ledger
and the journal; `sbpdesk report groups|inspection` as Excel and PDF."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from sbpdesk.db.models import Group, Household, SavingsAccount
from sbpdesk.demo.office import build_demo
from sbpdesk.reports import groups, portfolio, tables
from sbpdesk.services import journal
from sbpdesk.services.books import open_book

AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("group-reports") / "book"
    build_demo(path, households=80, years=1, seed=7, as_of=AS_OF, points=3)
    return path


@pytest.fixture
def book(demo_dir, tmp_path):
    shutil.copytree(demo_dir, tmp_path / "b")
    b = open_book(tmp_path / "b")
    yield b
    b.close()


def test_grades_give_one_row_a_group_with_the_portfolio_figures(book):
    report = groups.grades(book, AS_OF)
    every = book.db.scalars(select(Group)).all()
    assert [r["code"] for r in report["groups"]] == sorted(
        g.code for g in every)            # point codes prefix the group codes
    same = portfolio.portfolio(book, AS_OF)
    by_group = {r["code"]: r for r in same["by_group"]}
    codes = {g.id: g.code for g in every}
    for g in every:
        row = next(r for r in report["groups"] if r["code"] == g.code)
        want = by_group.get(g.id)
        assert row["outstanding"] == (want["outstanding"] if want else 0)
        assert row["borrowers"] == (want["borrowers"] if want else 0)
        assert row["paying_interest"] + row["not_paying_interest"] == row["borrowers"]
        assert row["grade"] == (g.rating or "")
        assert row["members"] == book.db.query(Household).filter(
            Household.group_id == g.id, Household.alias_of.is_(None)).count()
    assert report["totals"]["outstanding"] == same["totals"]["outstanding"]
    assert sum(b["groups"] for b in report["by_grade"]) == len(every)
    assert codes


def test_savings_per_group_are_the_ledger_up_to_the_date(book):
    report = groups.grades(book, AS_OF)
    accounts = book.db.scalars(select(SavingsAccount)).all()
    group_code = {g.id: g.code for g in book.db.scalars(select(Group))}
    want: dict[str, int] = {}
    for a in accounts:       # the balance now: nothing was posted after AS_OF in the demo
        if a.group_id:
            want[group_code[a.group_id]] = want.get(group_code[a.group_id], 0) + a.balance
    got = {r["code"]: r["savings"] for r in report["groups"] if r["savings"]}
    assert got == {k: v for k, v in want.items() if v}
    earlier = groups.grades(book, dt.date(2026, 6, 30))
    assert earlier["totals"]["savings"] < report["totals"]["savings"]


def test_not_paying_interest_means_no_interest_collected_in_three_months(book):
    late = dt.date(2027, 3, 31)          # four months after the demo's last collections
    report = groups.grades(book, late)
    assert report["totals"]["paying_interest"] == 0
    assert report["totals"]["not_paying_interest"] == report["totals"]["borrowers"] > 0
    now = groups.grades(book, AS_OF)
    assert now["totals"]["paying_interest"] > 0


def test_inspection_lists_new_idle_and_earlier_loans_per_group(book):
    day = dt.date(2026, 10, 31)
    report = groups.inspection(book, day)
    figures = portfolio.loan_figures(book, day)
    for row in report["new_loans"]:
        disbursed = [e.business_date for e in journal.account_entries(book.db, "loan",
                                                                       row["loan_id"])
                     if e.kind == "loan.disburse"]
        assert day - dt.timedelta(days=30) < min(disbursed) <= day
    assert report["totals"]["new"] == len(report["new_loans"]) > 0
    t = report["totals"]
    assert t["new"] + t["idle"] + t["earlier"] == len(figures)
    for row in report["groups"]:
        assert row["to_check"] == -(-row["earlier"] * 9 // 10)      # 90 %, rounded up
    assert groups.to_check(10) == 9 and groups.to_check(11) == 10 and groups.to_check(0) == 0
    assert groups.to_check(4, 75) == 3
    assert t["groups"] == len(book.db.scalars(select(Group)).all())


@pytest.mark.parametrize("name", ["groups", "inspection"])
def test_the_cli_writes_them_as_excel_and_pdf(name, demo_dir, tmp_path):
    from tests.services.test_office_reports import _cli
    shutil.copytree(demo_dir, tmp_path / "b")
    args = [name, "--data-dir", str(tmp_path / "b"), "--as-of", "2026-10-31"]
    assert _cli(*args, "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")).returncode == 0
    assert _cli(*args, "--format", "pdf", "-o", str(tmp_path / "r.pdf")).returncode == 0
    sheets = load_workbook(tmp_path / "r.xlsx").sheetnames
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "r.pdf").pages)
    assert tables.TITLES[name] in text and "31/10/2026" in text
    if name == "groups":
        assert sheets == ["by_grade", "groups"] and "Tốt" in text
    else:
        assert sheets == ["groups", "new_loans", "idle_loans"] and "BB-2026-" in text

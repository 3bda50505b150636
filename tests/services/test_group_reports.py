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
        assert sheets == ["by_grade", "groups", "score", "score_bands"] and "Tốt" in text
        assert "Cách tính điểm" in text
    else:
        assert sheets == ["groups", "new_loans", "idle_loans"] and "BB-2026-" in text


def test_a_point_in_a_difficult_area_checks_75_percent_of_earlier_loans(book):
    """Guidance 727: ≥ 90 % of a group's earlier loans, 75 % in difficult areas — a point's
    `difficult_area` flag (reference data, default: not difficult; decision 0192)."""
    from sbpdesk.domain.errors import DomainError
    from sbpdesk.services import places
    from sbpdesk.services.context import User
    day = dt.date(2026, 10, 31)
    before = {r["code"]: r for r in groups.inspection(book, day)["groups"]}
    assert {r["share_pct"] for r in before.values()} == {90}
    point = next(iter(sorted({r["point_code"] for r in before.values()})))
    book.user = User("accountant", "Accountant", frozenset({"accountant"}))
    with pytest.raises(DomainError) as e:             # reference data: the administrator's
        places.set_difficult_area(book, point, True, business_date=day)
    assert e.value.code == "role_refused"
    book.user = User("admin", "Admin", frozenset({"admin"}))
    places.set_difficult_area(book, point, True, business_date=day)
    report = groups.inspection(book, day)
    assert report["difficult_points"] == [point]
    for row in report["groups"]:
        share = 75 if row["point_code"] == point else 90
        assert row["share_pct"] == share
        assert row["to_check"] == -(-row["earlier"] * share // 100)
    assert all(r["to_check"] == before[r["code"]]["to_check"]
               for r in report["groups"] if r["point_code"] != point)
    title = tables.tables("inspection", report)[0].title
    assert title.endswith("90 % món vay cũ, 75 % ở vùng khó khăn")
    places.set_difficult_area(book, point, False, business_date=day)   # and back
    assert {r["share_pct"] for r in groups.inspection(book, day)["groups"]} == {90}


def test_each_group_has_a_score_beside_its_recorded_grade(book):
    """BC0437's score: the office's setting (decision 0193), computed from the row's own
    figures, its grade shown beside the one recorded; a published rule set changes it."""
    from sbpdesk.domain import group_score as gs
    from sbpdesk.services import reference
    from sbpdesk.services.context import User
    report = groups.grades(book, AS_OF)
    assert report["score_weights"] == {"overdue": 40, "interest": 30, "savings": 15,
                                       "size": 15}
    for row in report["groups"]:
        figures = gs.GroupFigures(row["members"], row["borrowers"], row["paying_interest"],
                                  row["outstanding"], row["overdue"], row["savers"])
        assert row["score"] == gs.score(figures)
        assert row["score_grade"] == gs.grade(row["score"])
        assert 0 <= row["savers"] <= row["members"]
    assert sum(g["by_score"] for g in report["by_grade"]) == len(report["groups"])
    shaped = {t.key: t for t in tables.tables("groups", report)}
    titles = [c.title for c in shaped["groups"].columns]
    assert titles[-3:] == ["Điểm tính", "Loại theo điểm", "Xếp loại ghi nhận"]
    book.user = User("admin", "Admin", frozenset({"admin"}))
    reference.publish_rules(book, "2026-score", dt.date(2026, 1, 1), {
        "group_score_weights": [["size", 100]]}, business_date=dt.date(2026, 1, 1))
    rescored = groups.grades(book, AS_OF)
    for row in rescored["groups"]:
        assert row["score"] == (100 if 5 <= row["members"] <= 60 else 0)

"""An office import folds each account forward from its snapshot in one batch (decision 0041,
faster in 0266): the book it leaves is the book the journal folds to. A demo laptop saves its
groups' 13/TD sheets (loan payments, deposits, principal paid from savings, a new saver) and
sends them; after the import every account the bundle touched is rebuilt from the journal
(`fold._replay`, projections rewritten whole) and nothing may change, row for row: snapshots
with their bytes and columns, loans, instalments, savings accounts and movements. And
`check --replay` passes."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import select

from bench import posting as bench_posting
from bench import sync as bench_sync
from bench.books import make_point_copy, working_copy
from sbpdesk import paths
from sbpdesk.db.models import Group
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.demo.office import build_demo
from sbpdesk.services import collections, fold
from sbpdesk.services.books import open_book
from sbpdesk.services.check import check_book
from sbpdesk.sync import exchange

AS_OF = dt.date(2026, 5, 31)      # bench/books.py's: the bench's sessions are the next month's
TABLES = ("account_snapshot", "loan", "instalment", "savings_account", "savings_movement")


@pytest.fixture(scope="module")
def demo_pair(tmp_path_factory):
    root = tmp_path_factory.mktemp("refold")
    result = build_demo(root / "office", households=40, years=1, seed=5, as_of=AS_OF, points=2)
    make_point_copy(root / "office", root / "point", result["points"])
    return root, result["points"]


def rows(book_file) -> dict[str, list[tuple]]:
    con = sqlite3.connect(book_file)
    try:
        return {t: sorted(con.execute(f'select * from "{t}"').fetchall(), key=repr)
                for t in TABLES}
    finally:
        con.close()


def save_sheets(point, s) -> int:
    """Every group of the session's points saves its sheet: what is due plus a deposit; one
    member pays principal from savings, one person with no savings book deposits twice."""
    days = {p: point.db.get(SessionRow, sid).business_date for p, sid in s.sessions.items()}
    groups = point.db.execute(select(Group.id, Group.point_code).where(
        Group.point_code.in_(list(s.sessions))).order_by(Group.code)).all()
    point.end_read()
    lines, from_savings = 0, False
    for group_id, code in groups:
        sheet = collections.group_sheet(point, group_id, days[code])
        point.end_read()
        todo = []
        for x in sheet.lines:
            take = 0
            if not from_savings and x.loan_id and x.savings_balance >= 10_000 \
                    and x.outstanding >= 10_000:
                take, from_savings = 10_000, True
            due = x.loan_id and (x.interest_due or x.principal_due)
            todo.append(collections.LineInput(
                x.person_id, x.loan_id if due or take else None,
                interest=x.interest_due if due else 0, principal=x.principal_due if due else 0,
                savings=20_000, from_savings=take))
        if not todo:
            continue
        result = collections.record_group(point, group_id, todo,
                                          counted=sum(x.interest + x.savings for x in todo),
                                          business_date=days[code], session_id=s.sessions[code])
        lines += len(result.posted)
    assert from_savings
    return lines


def refold(book, pairs) -> None:
    """Rebuild `pairs` from the journal, projections written whole (as a late bundle does)."""
    with book.transaction():
        snaps = fold.load_snapshots(book, pairs, lock=True)
        folded = {pair: fold._replay(book, pair) for pair in pairs}
        fold._write_snapshots(book, folded, snaps)
        fold._project(book, folded)


def test_an_import_leaves_what_a_refold_from_the_journal_gives(demo_pair, tmp_path):
    root, points = demo_pair
    office_dir, point_dir = tmp_path / "office", tmp_path / "point"
    working_copy(root / "office", office_dir)
    working_copy(root / "point", point_dir)
    point = open_book(point_dir)
    try:
        laptop_keys, office_keys, _held = bench_sync._wire_keys(point, office_dir)
        s = bench_posting.open_sessions(point, points)
        assert save_sheets(point, s) >= 20
        bundle = exchange.export_bundle(point, laptop_keys, "office", tmp_path / "out").path
    finally:
        point.close()

    before = rows(paths.book_path(office_dir))
    office = open_book(office_dir)
    try:
        report = exchange.import_bundle(office, office_keys, bundle)
        assert report["counts"]["applied"] >= 20
        assert not report["counts"]["rejected"] and not report["counts"]["held"]
        imported = rows(paths.book_path(office_dir))
        was = set(before["account_snapshot"])      # (kind, id, …): the snapshots written
        touched = sorted({(r[0], r[1]) for r in imported["account_snapshot"] if r not in was})
        assert {k for k, _ in touched} == {"loan", "savings"}
        refold(office, touched)
        assert check_book(office, replay=True).ok
    finally:
        office.close()
    refolded = rows(paths.book_path(office_dir))
    for table in TABLES:
        assert imported[table] == refolded[table], table
    assert imported["savings_movement"] != before["savings_movement"]
    assert imported["instalment"] != before["instalment"]

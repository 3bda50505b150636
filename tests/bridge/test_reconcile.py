"""Reconciliation: a book seeded from the demo's Mẫu 31, reconciled against all the demo's
workbooks, finds exactly the differences planted in the other files and nothing else; a
changed figure is listed with the file's rows and the book's loans behind it, and nothing in
the book changes."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from sbpdesk.bridge.reconcile import reconcile
from sbpdesk.bridge.seed import seed
from sbpdesk.db.models import Operation
from tests.bridge.conftest import MONTH_END, new_office
from tests.bridge.test_reader import write
from tests.bridge.test_seed import M31, quirk_rows


def test_finds_exactly_the_planted_differences(demo, tmp_path):
    root, result = demo[0], demo[1]
    book = new_office(tmp_path / "seeded")
    try:
        seed(book, [result["files"]["mau31"], result["files"]["du_no_chi_tiet"],
                    result["files"]["dsto"]])
        before = book.db.scalar(select(func.count()).select_from(Operation))
        report = reconcile(book, MONTH_END, sorted((root / "x").glob("*.xlsx")))
        assert book.db.scalar(select(func.count()).select_from(Operation)) == before
    finally:
        book.close()
    planted = json.loads((root / "x" / "planted.json").read_text(encoding="utf-8"))
    assert {p["kind"] for p in planted} == {"du_no_chi_tiet", "bcdhtd_01_1", "len31"}
    found = {(d["kind"], d["key"], d["figure"], d["core"], d["book"])
             for d in report["differences"]}
    assert found == {(p["kind"], p["key"], p["figure"], p["core"], p["book"]) for p in planted}
    assert "mau31" not in report["counts"]
    assert [d["trust"] for d in report["differences"]] == sorted(
        d["trust"] for d in report["differences"])          # the official reports first
    commune = next(d for d in report["differences"] if d["kind"] == "bcdhtd_01_1")
    assert commune["rows"] and commune["loan_count"] > 0    # the rows and loans behind it


def test_a_changed_figure_is_listed_with_its_rows(tmp_path):
    book = new_office(tmp_path / "b")
    try:
        seed(book, [write(tmp_path / "m31.xlsx", M31, quirk_rows())])
        rows = quirk_rows()
        rows[0][16], rows[0][15] = 2_000_000, 28_000_000      # overdue in the core's eyes
        rows[1][16], rows[1][15] = 2_000_000, 28_000_000      # (both rows of the loan)
        rows[3][19] = 2_500_000                              # the saver's balance
        later = write(tmp_path / "m31b.xlsx", M31, rows)
        report = reconcile(book, dt.date(2026, 9, 30), [later])
    finally:
        book.close()
    found = {(d["key"], d["figure"]): d for d in report["differences"]}
    assert set(found) == {("6600000000000001", "in_term"), ("6600000000000001", "overdue"),
                          ("6800000003", "savings")}
    overdue = found[("6600000000000001", "overdue")]
    assert (overdue["core"], overdue["book"], overdue["rows"]) == (2_000_000, 0, [6, 7])
    assert found[("6800000003", "savings")]["difference"] == 500_000


def test_a_file_of_another_date_is_skipped_and_said(tmp_path):
    book = new_office(tmp_path / "b")
    try:
        path = write(tmp_path / "m31.xlsx", M31, quirk_rows())
        seed(book, [path])
        report = reconcile(book, dt.date(2026, 10, 31), [path])
    finally:
        book.close()
    assert report["differences"] == []
    assert "2026-09-30" in report["files"][0]["skipped"]


DU_NO = ["Số khế ước", "Trạng thái", "Mã KH", "Mã điểm giao dịch", "Ngày giao dịch", "Mã xã",
         "Dư nợ trong hạn", "Dư nợ quá hạn", "Dư nợ khoanh", "Ngày số liệu"]


def test_a_loan_served_at_another_point_shows_at_both_points(tmp_path):
    """Per point (Dư nợ chi tiết): the loans' figures agree, but the core serves the direct
    loan at another point than the book does — both points' totals differ, nothing else."""
    d = dt.date(2026, 9, 30)
    book = new_office(tmp_path / "b")
    try:
        seed(book, [write(tmp_path / "m31.xlsx", M31, quirk_rows())])   # all at TXN680001
        du_no = write(tmp_path / "du_no.xlsx", DU_NO, [
            ["6600000000000001", "OPEN", "6800000001", "TXN680001", 15, "680001",
             30_000_000, 0, 0, d],
            ["6600000000000002", "OPEN", "6800000002", "TXN680002", 20, "680001",
             190_000_000, 10_000_000, 0, d]], title="Dư nợ chi tiết")
        report = reconcile(book, d, [du_no])
    finally:
        book.close()
    found = {(d["level"], d["key"], d["figure"], d["core"], d["book"])
             for d in report["differences"]}
    assert found == {
        ("point", "TXN680001", "in_term", 30_000_000, 220_000_000),
        ("point", "TXN680001", "overdue", 0, 10_000_000),
        ("point", "TXN680001", "outstanding", 30_000_000, 230_000_000),
        ("point", "TXN680001", "households", 1, 2),
        ("point", "TXN680002", "in_term", 190_000_000, 0),
        ("point", "TXN680002", "overdue", 10_000_000, 0),
        ("point", "TXN680002", "outstanding", 200_000_000, 0),
        ("point", "TXN680002", "households", 1, 0)}
    moved = next(d for d in report["differences"] if d["key"] == "TXN680002")
    assert moved["rows"] == [7] and moved["loans"] == []
    here = next(d for d in report["differences"] if d["key"] == "TXN680001")
    assert here["rows"] == [6] and here["loans"] == ["6600000000000001", "6600000000000002"]


def test_savings_differ_per_customer_group_and_point(tmp_path):
    """One of Lê Thị Hoa's two books holds more at the bank: her savings differ, so do her
    group's (Mẫu 31's group code) and her point's (Dư nợ chi tiết serves her there; the
    savings-only customer counts at her commune's point) — the other customers' do not."""
    d = dt.date(2026, 9, 30)
    book = new_office(tmp_path / "b")
    try:
        seed(book, [write(tmp_path / "m31.xlsx", M31, quirk_rows())])
        rows = quirk_rows()
        rows[1][19] = 800_000                           # her second book: 500.000 at seed
        m31 = write(tmp_path / "m31b.xlsx", M31, rows)
        du_no = write(tmp_path / "du_no.xlsx", DU_NO, [
            ["6600000000000001", "OPEN", "6800000001", "TXN680001", 15, "680001",
             30_000_000, 0, 0, d],
            ["6600000000000002", "OPEN", "6800000002", "TXN680001", 15, "680001",
             190_000_000, 10_000_000, 0, d]], title="Dư nợ chi tiết")
        report = reconcile(book, d, [m31, du_no])
        alone = reconcile(book, d, [m31])
    finally:
        book.close()
    found = {(d["level"], d["key"], d["figure"], d["core"], d["book"], tuple(d["rows"]))
             for d in report["differences"]}
    assert found == {
        ("customer", "6800000001", "savings", 1_800_000, 1_500_000, (6, 7)),
        ("group", "0000001", "savings", 1_800_000, 1_500_000, (6, 7)),
        ("point", "TXN680001", "savings", 3_800_000, 3_500_000, (6, 7, 9))}
    point = next(d for d in report["differences"] if d["level"] == "point")
    assert point["file"] == "m31b.xlsx + du_no.xlsx" and point["kind"] == "mau31"
    assert {d["level"] for d in alone["differences"]} == {"customer", "group"}

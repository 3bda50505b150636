"""Seeding an office book from the core's workbooks: demo book → workbooks → new office book →
the same portfolio (SQLite and PostgreSQL), the journal replays, the core's identifiers stay;
the quirks of Mẫu 31 on a small handmade workbook; a bad file writes nothing."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import func, select

from sbpdesk.bridge import reader
from sbpdesk.bridge.mapping import load
from sbpdesk.bridge.seed import seed
from sbpdesk.db.models import Group, Household, Loan, Operation, SavingsAccount
from sbpdesk.domain.errors import DomainError
from sbpdesk.reports import portfolio
from sbpdesk.services import check, places
from tests.bridge.conftest import MONTH_END, new_office, savings_at
from tests.bridge.test_reader import write


def comparable(report, group_names):
    """The report with group ids replaced by the group's name (ids differ between books)."""
    out = {k: report[k] for k in ("totals", "by_programme", "by_organisation",
                                  "by_funding_source")}
    out["by_group"] = sorted((group_names[g["code"]], *(g[f] for f in portfolio.FIGURES))
                             for g in report["by_group"])
    return out


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_demo_to_core_workbooks_to_a_new_book_gives_the_same_portfolio(demo, tmp_path, backend,
                                                                       request):
    root, result, expected, demo_groups, demo_savings = demo
    db_url = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    book = new_office(tmp_path / "seeded", db_url)
    try:
        files = sorted(str(p) for p in (root / "x").glob("*.xlsx"))
        done = seed(book, files)
        assert done["data_date"] == MONTH_END.isoformat()
        got = portfolio.portfolio(book, MONTH_END)
        seeded_groups = {g.id: g.name for g in book.db.scalars(select(Group))}
        assert comparable(got, seeded_groups) == comparable(expected, demo_groups)
        assert got["totals"]["loans"] > 20
        # Savings: every book and its balance at the month end, in the same group and at the
        # same point (a household's two books are two accounts).
        savings = savings_at(book, MONTH_END)
        assert savings == demo_savings and len(savings) > 20
        assert sum(s for *_, s in savings) > 0
        # The core's identifiers stay on the records and find them.
        loan_no = reader.read(result["files"]["mau31"], load()).rows[0][1]["loan_no"]
        loan = book.db.scalar(select(Loan).where(Loan.contract_no == loan_no))
        assert loan is not None and len(loan_no) == 16
        household = book.db.get(Household, loan.household_id)
        assert len(household.customer_code) == 10 and household.customer_code.isdigit()
        assert {len(g.code) for g in book.db.scalars(select(Group))} == {7}
        # Opening operations in the journal: the book replays to the same snapshots.
        kinds = Counter(book.db.scalars(select(Operation.kind)))
        assert kinds["loan.open"] == done["opened"]["loans"] + done["opened"]["closed_loans"]
        assert check.check_book(book, replay=True).ok
    finally:
        book.close()


M31 = ["Số khế ước", "Trạng thái", "Mã KH", "Tên khách hàng", "Giới tính", "Mã xã", "Tên xã",
       "Mã tổ", "Tên tổ", "Mã hội", "Hình thức vay", "Mã chương trình", "Nguồn vốn",
       "Số tiền vay", "Ngày giải ngân", "Dư nợ trong hạn", "Dư nợ quá hạn", "Dư nợ khoanh",
       "Số TK 105", "Số dư TK 105", "Ngày số liệu", "Ngày đến hạn", "Mã thôn", "Tên thôn"]
D = dt.date(2026, 9, 30)


def quirk_rows():
    due = dt.date(2028, 9, 15)
    base = ["6600000000000001", "OPEN", "6800000001", "Lê Thị Hoa", "Nữ", "680001", "Hải Ninh",
            "0000001", "Tổ 1", "12", "2", "01", "1", 30_000_000, dt.date(2024, 9, 15),
            30_000_000, 0, 0, "105000000001", 1_000_000, D, due]
    second_book = [*base[:18], "105000000002", 500_000, D, due]     # same loan, 2nd book
    direct = ["6600000000000002", "OPEN", "6800000002", "Trần Văn Bình", "Nam", "680001",
              "Hải Ninh", None, None, "99", "1", "12", "2", 200_000_000, dt.date(2025, 1, 10),
              190_000_000, 10_000_000, 0, None, None, D, due]
    savings_only = [None, None, "6800000003", "Phạm Thị Cúc", "Nữ", "680001", "Hải Ninh",
                    "0000000", None, None, None, None, None, None, None, None, None, None,
                    "105000000003", 2_000_000, D, None]
    closed = ["6600000000000003", "CLOSE", "6800000004", "Võ Văn Dũng", "Nam", "680001",
              "Hải Ninh", "0000001", "Tổ 1", "12", "2", "19", "1", 20_000_000,
              dt.date(2023, 5, 15), 0, 0, 0, None, None, D, dt.date(2026, 5, 15)]
    rows = [base, second_book, direct, savings_only, closed]
    for r, village in zip(rows, ("1", "1", "2", "1", "2"), strict=True):
        r += [f"6800010{village}", f"Thôn {village}"]
    return rows


def test_the_quirks_of_mau31(tmp_path):
    path = write(tmp_path / "m31.xlsx", M31, quirk_rows())
    book = new_office(tmp_path / "b")
    try:
        done = seed(book, [path])
        assert done["opened"] | {} == {"units": 3, "points": 1, "organisations": 1, "groups": 1,
                                       "households": 4, "loans": 2, "closed_loans": 1,
                                       "savings": 3}
        report = portfolio.portfolio(book, D)
        assert report["totals"] == {"outstanding": 230_000_000, "overdue": 10_000_000,
                                    "frozen": 0, "borrowers": 2, "loans": 2}
        # One loan for the row listed twice, its customer holding both books.
        first = book.db.scalar(select(Loan).where(Loan.contract_no == "6600000000000001"))
        balances = book.db.scalars(select(SavingsAccount.balance).where(
            SavingsAccount.household_id == first.household_id)).all()
        assert sorted(balances) == [500_000, 1_000_000]
        # The direct loan has no group; the savings-only customer neither, and no loan.
        direct = book.db.scalar(select(Loan).where(Loan.contract_no == "6600000000000002"))
        assert direct.group_id is None and direct.programme_code == "social_housing"
        saver = book.db.scalar(select(Household).where(Household.customer_code == "6800000003"))
        assert saver.group_id is None
        assert book.db.scalar(select(func.count()).select_from(Loan).where(
            Loan.household_id == saver.id)) == 0
        closed = book.db.scalar(select(Loan).where(Loan.contract_no == "6600000000000003"))
        assert closed.status == "closed" and closed.outstanding == 0
        # The file's communes and villages are administrative units (decision 0106): the
        # village under its commune, the point in its commune, addresses resolving to it.
        units = places.places(book).units
        assert (units["680001"].level, units["680001"].name) == ("commune", "Hải Ninh")
        assert (units["68000102"].name, units["68000102"].parent_code) == ("Thôn 2", "680001")
        assert places.point_commune_on(book, "TXN680001", D) == "Hải Ninh"
        address = places.household_address(book, direct.household_id, D)
        assert (address.village, address.resolved_commune) == ("Thôn 2", "680001")
        assert check.check_book(book, replay=True).ok
    finally:
        book.close()


def test_a_bad_cell_writes_nothing_and_says_where(tmp_path):
    rows = quirk_rows()
    rows[2][15] = "một trăm chín mươi triệu"
    path = write(tmp_path / "m31.xlsx", M31, rows)
    book = new_office(tmp_path / "b")
    try:
        before = book.db.scalar(select(func.count()).select_from(Operation))
        with pytest.raises(DomainError) as err:
            seed(book, [path])
        assert "Dòng 8" in str(err.value) and "Dư nợ trong hạn" in str(err.value)
        assert book.db.scalar(select(func.count()).select_from(Operation)) == before
    finally:
        book.close()


def test_a_refused_row_rolls_everything_back(tmp_path):
    rows = quirk_rows()
    rows[2][4] = "?"          # the direct borrower's sex: neither Nam nor Nữ
    path = write(tmp_path / "m31.xlsx", M31, rows)
    book = new_office(tmp_path / "b")
    try:
        before = book.db.scalar(select(func.count()).select_from(Operation))
        with pytest.raises(DomainError) as err:
            seed(book, [path])
        assert "6800000002" in str(err.value)
        assert book.db.scalar(select(func.count()).select_from(Operation)) == before
    finally:
        book.close()


def test_a_value_the_payload_schema_refuses_names_its_customer(tmp_path):
    rows = quirk_rows()
    rows[2][3] = "Trần Văn Bình " * 12          # 168 characters: longer than a name may be
    path = write(tmp_path / "m31.xlsx", M31, rows)
    book = new_office(tmp_path / "b")
    try:
        before = book.db.scalar(select(func.count()).select_from(Operation))
        with pytest.raises(DomainError) as err:
            seed(book, [path])
        assert err.value.field == "full_name" and "6800000002" in str(err.value)
        assert book.db.scalar(select(func.count()).select_from(Operation)) == before
    finally:
        book.close()


def test_the_cores_village_code_and_savings_books_stay_on_the_records_and_find_them(tmp_path):
    """The 8-digit village code on the household, the TK 105 number on the savings account
    (0008), and typing any of the core's identifiers finds the person."""
    from sbpdesk.services import customers
    path = write(tmp_path / "m31.xlsx", M31, quirk_rows())
    book = new_office(tmp_path / "b")
    try:
        seed(book, [path])
        saver = book.db.scalar(select(Household).where(Household.customer_code == "6800000003"))
        assert saver.village_code == "68000101"
        assert {a.book_no for a in book.db.scalars(select(SavingsAccount))} == {
            "105000000001", "105000000002", "105000000003"}

        def found(text):
            return sorted(r.full_name for r in customers.search_persons(book, text))
        assert found("105000000003") == ["Phạm Thị Cúc"]                   # TK 105
        assert found("105000000002") == ["Lê Thị Hoa"]                     # her second book
        assert found("6800000002") == ["Trần Văn Bình"]                    # customer code
        assert found("68000102") == ["Trần Văn Bình", "Võ Văn Dũng"]       # village code
        assert found("1050000000") == ["Lê Thị Hoa", "Phạm Thị Cúc"]       # a prefix
        assert found("68000102") == sorted(r.full_name for r in customers.search_persons(
            book, "68000102", point_code="TXN680001"))
        assert check.check_book(book, replay=True).ok
    finally:
        book.close()


def test_a_book_seeded_before_0008_gets_its_identifiers_from_the_journal(tmp_path):
    """Migration 0008 copies the village codes and TK 105 numbers the seed's operations
    carried onto the rows of a book seeded before the columns existed."""
    from alembic import command

    from sbpdesk.db import migrate
    from sbpdesk.db.engine import open_engine
    from sbpdesk.paths import book_path
    from sbpdesk.services.books import open_book
    book = new_office(tmp_path / "b")
    try:
        seed(book, [write(tmp_path / "m31.xlsx", M31, quirk_rows())])
    finally:
        book.close()
    engine = open_engine(book_path(tmp_path / "b"))
    cfg = migrate.alembic_config()
    with engine.connect() as conn:       # as migrate.upgrade_book: tables are rebuilt
        migrate._raw_pragma(conn, "PRAGMA foreign_keys=OFF")
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
        conn.commit()
    engine.dispose()
    book = open_book(tmp_path / "b", user="seeder", password="demo")
    try:
        codes = {h.customer_code: h.village_code for h in book.db.scalars(select(Household))}
        assert codes == {"6800000001": "68000101", "6800000002": "68000102",
                         "6800000003": "68000101", "6800000004": "68000102"}
        assert sorted(book.db.scalars(select(SavingsAccount.book_no))) == [
            "105000000001", "105000000002", "105000000003"]
        assert check.check_book(book, replay=True).ok
    finally:
        book.close()

"""Paid elsewhere: a loan payment the core recorded outside our sessions (Mẫu 10, the bank's
app) is recorded on its day, so the next session's sheet no longer asks for it; the same
file read twice records nothing twice; a bad row writes nothing."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from sbpdesk.bridge import elsewhere
from sbpdesk.bridge.seed import seed
from sbpdesk.db.models import Group, Operation
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import check, collections
from tests.bridge.conftest import new_office
from tests.bridge.test_reader import write
from tests.bridge.test_seed import M31, quirk_rows
from tests.services.test_cli import run

M10 = ["Ngày giao dịch", "Số khế ước", "Mã KH", "Tên khách hàng", "Kênh giao dịch",
       "Thu nợ gốc", "Thu lãi", "Gửi tiết kiệm", "Số chứng từ"]
PAID = dt.date(2026, 10, 10)
SESSION = dt.date(2026, 10, 15)


def m10_rows():
    return [[PAID, "6600000000000001", "6800000001", "Lê Thị Hoa", "App", 2_000_000, 10_000,
             None, "FT26283001"],
            [PAID, None, "6800000003", "Phạm Thị Cúc", "App", None, None, 300_000, "FT26283002"],
            [PAID, "6600000000000099", "6800000099", "Không có", "CK", 500_000, 0, None,
             "FT26283003"]]


@pytest.fixture()
def overdue_book(tmp_path):
    """Loan …001 seeded with 2.000.000 đ overdue (both of its rows)."""
    rows = quirk_rows()
    for r in rows[:2]:
        r[15], r[16] = 28_000_000, 2_000_000
    book = new_office(tmp_path / "b")
    seed(book, [write(tmp_path / "m31.xlsx", M31, rows)])
    try:
        yield book
    finally:
        book.close()


def sheet_line(book):
    group = book.db.scalar(select(Group).where(Group.code == "0000001"))
    [line] = [x for x in collections.group_sheet(book, group.id, SESSION).lines
              if x.contract_no == "6600000000000001"]
    book.end_read()
    return line


def test_a_payment_at_the_bank_is_not_asked_for_again(overdue_book, tmp_path):
    book = overdue_book
    before = sheet_line(book)
    assert before.principal_overdue == 2_000_000
    path = write(tmp_path / "Mau10_10102026.xlsx", M10, m10_rows(),
                 title="Sao kê chi tiết (DL Ngày)")
    done = elsewhere.record(book, [path])
    assert done == {"recorded": 1, "principal": 2_000_000, "interest": 10_000, "already": 0,
                    "unknown_loans": [{"row": 8, "loan_no": "6600000000000099"}],
                    "deposits": 1, "deposited": 300_000, "deposits_already": 0,
                    "unknown_savings": []}     # the saver's only book, by customer code
    after = sheet_line(book)
    assert after.principal_overdue == 0 and after.principal_due == 0
    assert after.interest_due < before.interest_due
    op = book.db.scalar(select(Operation).where(Operation.kind == "loan.paid_elsewhere"))
    assert (op.business_date, op.session_id) == (PAID, None)       # no session's cash
    book.end_read()
    again = elsewhere.record(book, [path])                          # the file read twice
    assert (again["recorded"], again["already"]) == (0, 1)
    assert (again["deposits"], again["deposits_already"]) == (0, 1)
    assert book.db.scalar(select(func.count()).select_from(Operation).where(
        Operation.kind == "loan.paid_elsewhere")) == 1
    book.end_read()
    assert check.check_book(book, replay=True).ok


def test_a_row_the_loan_cannot_take_writes_nothing(overdue_book, tmp_path):
    book = overdue_book
    rows = m10_rows()
    rows.append([PAID, "6600000000000003", "6800000004", "Võ Văn Dũng", "App", 100_000, 0,
                 None, "FT26283004"])                         # a loan closed in May
    path = write(tmp_path / "Mau10_10102026.xlsx", M10, rows, title="Sao kê chi tiết")
    with pytest.raises(DomainError) as refused:
        elsewhere.record(book, [path])
    assert "dòng 9" in refused.value.message("vi") and refused.value.code == "loan_not_active"
    assert book.db.scalar(select(func.count()).select_from(Operation).where(
        Operation.kind == "loan.paid_elsewhere")) == 0
    book.end_read()
    with pytest.raises(DomainError) as not_m10:
        elsewhere.record(book, [write(tmp_path / "m31.xlsx", M31, quirk_rows())])
    assert not_m10.value.code == "core_not_mau10"


def test_paid_elsewhere_from_the_command_line(tmp_path):
    d = str(tmp_path / "office")
    assert run("init", "--data-dir", d, "--role", "office", "--office-code", "BB").returncode == 0
    user = '{"username": "ketoan", "full_name": "Kế toán", "password": "Secret-2026", ' \
           '"roles": ["accountant", "admin"], "business_date": "30/09/2026"}'
    assert run("post", "user.set", "--data-dir", d, "--user", "admin", "--json", "-",
               stdin=user).returncode == 0
    assert run("core", "seed", "--data-dir", d, "--user", "ketoan",
               str(write(tmp_path / "m31.xlsx", M31, quirk_rows()))).returncode == 0
    path = str(write(tmp_path / "Mau10_10102026.xlsx", M10, m10_rows()[:1]))
    done = run("core", "paid-elsewhere", "--data-dir", d, "--user", "ketoan", path)
    assert done.returncode == 0, done.stderr
    assert '"recorded": 1' in done.stdout


# --- savings deposited elsewhere (decision 0260) -------------------------------------------

M10_BOOK = [*M10[:8], "Số TK 105", M10[8]]


def sheet_savings(book, customer_code, on):
    """The sheet lines at `on` of the customer's savings holder, in their group."""
    from sbpdesk.db.models import Household, SavingsAccount
    account = book.db.scalar(select(SavingsAccount).join(
        Household, Household.id == SavingsAccount.household_id).where(
        Household.customer_code == customer_code).limit(1))
    lines = [x for x in collections.group_sheet(book, account.group_id, on).lines
             if x.person_id == account.person_id]
    book.end_read()
    return lines


def test_a_deposit_at_the_bank_is_recorded_once_and_shown_on_the_sheet(overdue_book, tmp_path):
    book = overdue_book
    assert [x.savings_elsewhere for x in sheet_savings(book, "6800000001", SESSION)] == [0]
    rows = [[PAID, None, "6800000001", "Lê Thị Hoa", "App", None, None, 150_000,
             "105000000002", "FT26283005"],                     # her second book, by number
            [PAID, None, "6800000001", "Lê Thị Hoa", "App", None, None, 50_000, None,
             "FT26283006"],                 # two books and no number: which one is unknown
            [PAID, None, "6800000077", "Không có", "App", None, None, 20_000, None,
             "FT26283007"]]
    path = write(tmp_path / "Mau10_10102026.xlsx", M10_BOOK, rows, title="Sao kê chi tiết")
    done = elsewhere.record(book, [path])
    assert (done["deposits"], done["deposited"], done["recorded"]) == (1, 150_000, 0)
    assert [u["row"] for u in done["unknown_savings"]] == [7, 8]
    op = book.db.scalar(select(Operation).where(Operation.kind == "savings.paid_elsewhere"))
    assert (op.business_date, op.session_id) == (PAID, None)       # no session's cash
    book.end_read()
    [line] = sheet_savings(book, "6800000001", SESSION)
    assert line.savings_elsewhere == 150_000                       # shown as deposited
    assert [x.savings_elsewhere for x in sheet_savings(
        book, "6800000001", dt.date(2026, 11, 15))] == [0]         # next month: asked again
    again = elsewhere.record(book, [path])                          # the file read twice
    assert (again["deposits"], again["deposits_already"]) == (0, 1)
    assert book.db.scalar(select(func.count()).select_from(Operation).where(
        Operation.kind == "savings.paid_elsewhere")) == 1
    book.end_read()
    assert check.check_book(book, replay=True).ok


def test_demo_exports_deposit_elsewhere_recorded_once_differences_unchanged(demo, tmp_path):
    """The demo's Mẫu 10 holds a deposit made at the bank after the month end: a book seeded
    from the demo's workbooks records it once, its sheet of that month shows it, and the
    month end's reconciliation still finds exactly the planted differences."""
    import json

    from sbpdesk.bridge.reconcile import reconcile
    from tests.bridge.conftest import MONTH_END
    root, result = demo[0], demo[1]
    [made] = result["elsewhere"]
    book = new_office(tmp_path / "seeded")
    try:
        seed(book, [result["files"][k] for k in ("mau31", "du_no_chi_tiet", "dsto")])
        files = sorted((root / "x").glob("*.xlsx"))
        done = elsewhere.record(book, [result["files"]["mau10"]])
        assert (done["deposits"], done["deposited"], done["unknown_savings"]) == (
            1, made["savings_paid"], [])
        again = elsewhere.record(book, [result["files"]["mau10"]])
        assert (again["deposits"], again["deposits_already"]) == (0, 1)
        day = dt.date.fromisoformat(made["transaction_date"])
        [line] = sheet_savings(book, made["customer_code"], day + dt.timedelta(days=10))
        assert line.savings_elsewhere == made["savings_paid"]
        report = reconcile(book, MONTH_END, files)
        assert check.check_book(book, replay=True).ok
    finally:
        book.close()
    planted = json.loads((root / "x" / "planted.json").read_text(encoding="utf-8"))
    found = {(d["kind"], d["key"], d["figure"], d["core"], d["book"])
             for d in report["differences"]}
    assert found == {(p["kind"], p["key"], p["figure"], p["core"], p["book"]) for p in planted}
    mau10 = [f for f in report["files"] if f.get("kind") == "mau10"]
    assert mau10 and mau10[0].get("skipped")          # a day's statement: nothing compared


def test_the_13td_before_the_session_says_a_deposit_was_made_at_the_bank(overdue_book,
                                                                          tmp_path):
    """Seen: the sheet in the window showed the deposit made at the bank, the 13/TD printed
    before the session did not, so the leader would ask for it again."""
    from sbpdesk.db.models import Household, SavingsAccount
    from sbpdesk.printing.statement import render_statement
    from sbpdesk.services.documents import statements
    from tests.printing.pdfread import flat
    book = overdue_book
    rows = [[PAID, None, "6800000001", "Lê Thị Hoa", "App", None, None, 150_000,
             "105000000002", "FT26283005"]]
    elsewhere.record(book, [write(tmp_path / "Mau10_10102026.xlsx", M10_BOOK, rows,
                                  title="Sao kê chi tiết")])
    account = book.db.scalar(select(SavingsAccount).join(
        Household, Household.id == SavingsAccount.household_id).where(
        Household.customer_code == "6800000001").limit(1))
    before = statements.statement(book, account.group_id, SESSION, after=False)
    mine = [r for r in before.rows if r.savings_elsewhere]
    assert [r.savings_elsewhere for r in mine] == [150_000]
    assert sum(r.savings_elsewhere for r in before.rows) == 150_000   # once per member
    assert "đã gửi tại NH 150.000" in flat(render_statement(before))
    later = statements.statement(book, account.group_id, dt.date(2026, 11, 15), after=False)
    assert not any(r.savings_elsewhere for r in later.rows)           # next month: asked
    open(tmp_path / "13td.pdf", "wb").write(render_statement(before))

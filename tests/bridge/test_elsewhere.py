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
                    "savings_rows": 1,
                    "unknown_loans": [{"row": 8, "loan_no": "6600000000000099"}]}
    after = sheet_line(book)
    assert after.principal_overdue == 0 and after.principal_due == 0
    assert after.interest_due < before.interest_due
    op = book.db.scalar(select(Operation).where(Operation.kind == "loan.paid_elsewhere"))
    assert (op.business_date, op.session_id) == (PAID, None)       # no session's cash
    book.end_read()
    again = elsewhere.record(book, [path])                          # the file read twice
    assert (again["recorded"], again["already"]) == (0, 1)
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

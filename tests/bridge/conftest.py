"""A small demo book and its core-layout workbooks, made once for the bridge's tests; a new
office book with a user who may seed it."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from sbpdesk.bridge import exports
from sbpdesk.db.models import Group, SavingsAccount, SavingsMovement
from sbpdesk.demo.office import build_demo
from sbpdesk.reports import portfolio
from sbpdesk.services import users
from sbpdesk.services.books import init_book, open_book

AS_OF = dt.date(2026, 11, 20)
MONTH_END = dt.date(2026, 10, 31)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A small demo book and its core workbooks at the month end (planted differences in the
    files other than Mẫu 31 do not touch the seed)."""
    root = tmp_path_factory.mktemp("core")
    build_demo(root / "demo", households=40, years=1, seed=11, as_of=AS_OF)
    book = open_book(root / "demo")
    try:
        result = exports.write_exports(book, root / "x", MONTH_END)
        expected = portfolio.portfolio(book, MONTH_END)
        groups = {g.id: g.name for g in book.db.scalars(select(Group))}
        savings = savings_at(book, MONTH_END)
    finally:
        book.close()
    return root, result, expected, groups, savings


def savings_at(book, day):
    """Each savings account's balance at `day` beside its group's name and its point: the
    same multiset in a demo book and in the book seeded from its workbooks."""
    rows = book.db.execute(
        select(Group.name, SavingsAccount.point_code, func.sum(SavingsMovement.amount))
        .join(SavingsAccount, SavingsAccount.id == SavingsMovement.account_id)
        .outerjoin(Group, Group.id == SavingsAccount.group_id)
        .where(SavingsMovement.business_date <= day)
        .group_by(SavingsMovement.account_id, Group.name, SavingsAccount.point_code))
    return sorted((name or "", point or "", int(total)) for name, point, total in rows)


def new_office(data_dir, db_url=None):
    book = init_book(data_dir, "office", "BB", admin_password="demo", db_url=db_url)
    book.sign_in("admin", "demo")
    with book.transaction():
        users.set_user(book, "seeder", "Kế toán", ["admin", "accountant"], "demo",
                       business_date=MONTH_END)
    book.sign_in("seeder", "demo")
    return book



"""A group's save in bulk (decision 0225) writes the book that posting its lines one at a time
writes: on two copies of one demo laptop, with the same clock and the same UUIDs, the 13/TD
lines saved by `collections.record_group` and by `posting.post` per line (the path before
0225) leave every table of the two books equal, row for row: the operations with their
payload bytes, seqs and hashes, the snapshots, loans, instalments, savings, receipts."""
from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from sbpdesk import paths
from sbpdesk.db.models import Group, SavingsAccount
from sbpdesk.demo import point as demo_point
from sbpdesk.services import auth, collections, context, posting, sessions
from sbpdesk.services.books import open_book
from sbpdesk.services.check import check_book
from sbpdesk.sync import enrol, keys

AS_OF = dt.date(2026, 3, 15)     # BB01 meets on the 15th
MOMENT = dt.datetime.combine(AS_OF, dt.time(10), context.VIETNAM)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(enrol, "WRAP_PARAMS", keys.KDF_FAST_FOR_TESTS)
        mp.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                      parallelism=1))
        mp.delenv("SBPDESK_KEY_PASSPHRASE", raising=False)
        root = tmp_path_factory.mktemp("demo")
        demo_point.build_point_demo(root, households=60, years=1, seed=2, as_of=AS_OF)
    return root


def same_uuids(monkeypatch) -> None:
    """Every module that mints ids mints the same sequence in each copy."""
    counter = iter(range(1, 10**9))
    def fake() -> str:
        return f"00000000-0000-7000-8000-{next(counter):012x}"
    for name, module in list(sys.modules.items()):
        if name.startswith("sbpdesk.") and getattr(module, "uuid7", None) is not None:
            monkeypatch.setattr(module, "uuid7", fake)


def the_lines(book, group_id, state: dict):
    """The group's sheet as a teller would save it, with what makes decisions differ: a
    deposit on every line, a first deposit (a new savings book), principal paid from savings,
    and one member twice (a second line for the same person: the bulk save cuts there)."""
    sheet = collections.group_sheet(book, group_id, AS_OF)
    owners = set(book.db.scalars(select(SavingsAccount.person_id)))
    lines = []
    for x in sheet.lines:
        amount = 0
        if (x.status == "active" and not state.get("from_savings") and x.savings_balance >= 10_000
                and x.outstanding >= 10_000):
            amount = state["from_savings"] = 10_000
        loan = x.loan_id if x.status == "active" else None    # approved, not yet disbursed
        lines.append(collections.LineInput(x.person_id, loan, interest=x.interest_due,
                                           principal=x.principal_due, savings=20_000,
                                           from_savings=amount))
    first = next((k for k, x in enumerate(lines) if x.person_id not in owners), None)
    if first is not None and not state.get("twice"):   # a second deposit of a new saver
        state["twice"] = True
        lines.insert(first + 1, collections.LineInput(lines[first].person_id, None,
                                                      savings=30_000))
    state["lines"] = state.get("lines", 0) + len(lines)
    return lines


def save(root, monkeypatch, *, bulk: bool) -> dict:
    same_uuids(monkeypatch)
    book = open_book(root / "point", clock=lambda: MOMENT)
    try:
        book.sign_in("teller", "demo")
        sessions.open_session(book, "BB01", AS_OF, controller="controller",
                              opening_cash=1_000_000)
        sid = sessions.current_session(book, "BB01").id
        groups = book.db.scalars(select(Group.id).where(Group.point_code == "BB01")
                                 .order_by(Group.code)).all()
        state: dict = {}
        for group_id in groups:
            lines = the_lines(book, group_id, state)
            counted = sum(x.interest + x.savings for x in lines)
            if bulk:
                collections.record_group(book, group_id, lines, counted=counted,
                                         business_date=AS_OF, session_id=sid)
            else:
                one_at_a_time(book, group_id, lines, counted, sid)
        assert check_book(book, replay=True).ok
        return state
    finally:
        book.close()


def one_at_a_time(book, group_id, lines, counted, sid):
    """`record_group` as it was before decision 0225: `posting.post` per line."""
    with book.transaction():
        posted = [posting.post(book, "collection.record", {
            "person_id": x.person_id, "loan_id": x.loan_id, "group_id": group_id,
            "interest": x.interest, "principal": x.principal, "savings": x.savings,
            "from_savings": x.from_savings, "bl_no": x.bl_no,
            "overpay_confirmed": x.overpay_confirmed}, business_date=AS_OF, session_id=sid)
            for x in lines]
        posting.post(book, "group.handover", {
            "group_id": group_id, "interest": sum(x.interest for x in lines),
            "savings": sum(x.savings for x in lines), "counted": counted,
            "collections": [p.op_id for p in posted]}, business_date=AS_OF, session_id=sid)


def dump(book_file) -> dict[str, list[tuple]]:
    """Every table of a book file, its rows sorted (for a row-for-row comparison)."""
    con = sqlite3.connect(book_file)
    try:
        tables = [r[0] for r in con.execute(
            "select name from sqlite_master where type='table' and name not like 'sqlite_%'")]
        return {t: sorted(con.execute(f'select * from "{t}"').fetchall(), key=repr)
                for t in tables}
    finally:
        con.close()


def test_a_group_saved_in_bulk_writes_what_posting_line_by_line_writes(
        demo_template, tmp_path, monkeypatch):
    monkeypatch.setattr(enrol, "WRAP_PARAMS", keys.KDF_FAST_FOR_TESTS)
    monkeypatch.delenv("SBPDESK_KEY_PASSPHRASE", raising=False)
    one, many = tmp_path / "one", tmp_path / "many"
    shutil.copytree(demo_template, one)
    shutil.copytree(demo_template, many)
    made = save(one, monkeypatch, bulk=False)
    assert made["lines"] >= 10 and made["from_savings"] and made["twice"]
    save(many, monkeypatch, bulk=True)
    before, after = (dump(paths.book_path(root / "point")) for root in (one, many))
    assert before.keys() == after.keys()
    for table in before:
        assert before[table] == after[table], table
    ops = before["operation"]
    assert sum(1 for r in ops if "collection.record" in r) > 10

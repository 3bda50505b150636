"""Decision 0105: a book whose snapshots were folded by an earlier release is re-folded from
its journal once when this release opens it; what changed is kept in the book, the billed
figures of loans whose rules did not change stay the same, and check --replay is clean."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys

from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain.canonical import from_json
from sbpdesk.services import check, refold
from sbpdesk.services.books import init_book, open_book
from tests.migrations.test_release_books import unpack

LOAN = "01972411-4100-71df-8e92-44cb6153af71"   # release 0005's loan with a zero collection


def stored_state(path, loan_id):
    conn = sqlite3.connect(path)
    try:
        (state,), = conn.execute("SELECT state FROM account_snapshot WHERE account_kind='loan' "
                                 "AND account_id=?", (loan_id,)).fetchall()
    finally:
        conn.close()
    return domain_loan.LoanState.from_dict(from_json(state))


def test_a_release_book_is_refolded_once_and_keeps_what_changed(tmp_path):
    path = unpack("0005", "office", tmp_path / "office")
    before = stored_state(path, LOAN)
    # release 0005 rounded the accrual at the zero collection of 30/04/2026 (decision 0010)
    assert before.interest_in_term > 0 and before.acc_in_term == 0
    book = open_book(tmp_path / "office")
    try:
        (done,) = refold.history(book)
        assert (done.version, done.replayed) == (refold.FOLD_VERSION, check.check_book(
            book, replay=True).replayed)
        changed = {c.account_id: c.fields for c in done.changes}
        assert set(changed) == {LOAN}
        assert changed[LOAN]["interest_in_term"] == [before.interest_in_term, 0]
        after = stored_state(path, LOAN)
        assert changed[LOAN]["acc_in_term"] == [0, after.acc_in_term] and after.acc_in_term
        # the bill is the same: the exact accrual rounds to the đồng the old book held
        day = dt.date(2026, 5, 31)
        assert (domain_loan.dues(after, day, book.refs).interest_in_term
                == domain_loan.dues(before, day, book.refs).interest_in_term)
        assert check.check_book(book, replay=True).ok
    finally:
        book.close()
    book = open_book(tmp_path / "office")    # once: the second opening re-folds nothing
    try:
        assert len(refold.history(book)) == 1
    finally:
        book.close()
    out = subprocess.run([sys.executable, "-m", "sbpdesk", "check", "--replay", "--data-dir",
                          str(tmp_path / "office")], capture_output=True, text=True, check=True)
    (line,) = json.loads(out.stdout)["refolds"]
    assert (line["version"], line["changed"]) == (refold.FOLD_VERSION, 1)


def test_a_new_book_folds_under_this_release_from_the_start(tmp_path):
    book = init_book(tmp_path, "office", "PGD1", admin_password="admin-pass")
    try:
        assert book.setting(refold.KEY) == refold.FOLD_VERSION
        assert refold.history(book) == []
    finally:
        book.close()

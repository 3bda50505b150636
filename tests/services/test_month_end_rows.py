"""Decision 0280: the month-end rows of `reports.month_end.rows_at` advance a loan by its
principal transfers only, chained from one month end to the next. Every row must stay what
the reference gives: the loan's operations dated up to the month end replayed and advanced
(`domain.loan.advance`, interest and all) to it — over every loan of a two-year demo book,
every month end of its life and six months past its last operation, and with rule sets that
change the overdue policy on 01/07/2025 (both ways)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pytest
from sqlalchemy import select

from sbpdesk.db.models import OperationAccount
from sbpdesk.demo.office import build_demo
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import operation as domain_op
from sbpdesk.reports import month_end
from sbpdesk.services import journal
from sbpdesk.services.books import open_book

AS_OF = dt.date(2026, 11, 20)
CHANGE = dt.date(2025, 7, 1)      # the rule set that changes the policy takes effect here


@pytest.fixture(scope="module")
def loans(tmp_path_factory):
    """(refs, {loan_id: its applied operations in canonical order}) of a demo book whose
    loans live across 01/07/2025."""
    path = tmp_path_factory.mktemp("demo2y") / "book"
    build_demo(path, households=160, years=2, seed=11, as_of=AS_OF)
    book = open_book(path)
    try:
        ids = book.db.scalars(select(OperationAccount.account_id).where(
            OperationAccount.account_kind == "loan").distinct()).all()
        ops = {i: sorted((e.operation() for e in journal.account_entries(book.db, "loan", i)),
                         key=domain_op.order_key) for i in sorted(ids)}
        refs = book.refs
    finally:
        book.close()
    shutil.rmtree(path.parent)
    return refs, ops


def _with_rules(refs, *rule_sets):
    return dataclasses.replace(refs, rule_sets={r.version: r for r in rule_sets})


def _variants(refs):
    """The book's rules; carry-forward until 01/07/2025 then instalment by instalment for
    every loan; the reverse (every programme exempt from 01/07/2025)."""
    base = refs.rules_at(AS_OF)
    early = dataclasses.replace(base, version="t-early", overdue_policy_from=dt.date(2000, 1, 1))
    return {
        "book": refs,
        "to-overdue-from-change": _with_rules(refs, dataclasses.replace(
            base, version="t-0"), dataclasses.replace(early, version="t-1",
                                                      effective_from=CHANGE)),
        "carry-forward-from-change": _with_rules(refs, dataclasses.replace(
            early, version="t-0", effective_from=dt.date(2000, 1, 1)), dataclasses.replace(
            early, version="t-1", effective_from=CHANGE,
            overdue_policy_exempt=tuple(refs.programmes))),
    }


def _ends(ops):
    return month_end.month_ends(ops[0].business_date, max(
        op.business_date for op in ops) + dt.timedelta(days=183))


def _reference(loan_id, ops, ends, refs):
    out = []
    for day in ends:
        state = domain_loan.replay([op for op in ops if op.business_date <= day], refs)
        out.append(month_end._row(day, loan_id, domain_loan.advance(state, day, refs)
                                  if state else None))
    return out


@pytest.mark.parametrize("variant", ["book", "to-overdue-from-change",
                                     "carry-forward-from-change"])
def test_rows_equal_the_replay_advanced_to_each_month_end(loans, variant):
    refs, by_loan = loans
    refs = _variants(refs)[variant]
    compared = reversed_loans = 0
    for loan_id, ops in by_loan.items():
        ends = _ends(ops)
        want = _reference(loan_id, ops, ends, refs)
        assert month_end.rows_at(loan_id, None, ops, ends, refs) == want, loan_id
        compared += len(ends)
        reversed_loans += any(op.kind == domain_op.REVERSE for op in ops)
        # Folded forward from a snapshot: the state before the second half of the operations.
        plain = domain_op.effective(ops)
        if len(plain) > 2 and len(plain) == len(ops):
            k = len(plain) // 2
            cut = plain[k].business_date
            before = [op for op in plain if op.business_date < cut]
            after = [op for op in plain if op.business_date >= cut]
            state = domain_loan.replay(before, refs)
            tail = month_end.month_ends(before[-1].business_date, ends[-1] + dt.timedelta(1))
            assert month_end.rows_at(loan_id, state, after, tail, refs) == _reference(
                loan_id, ops, tail, refs), loan_id
    assert len(by_loan) > 100 and compared > 2000 and reversed_loans


def test_the_policy_change_moves_rows_so_the_comparison_sees_it(loans):
    """Each variant's rows differ from those of its first rule set kept in force throughout
    at some month end, and only from 01/07/2025 on: the test above crosses a rule change
    that matters."""
    refs, by_loan = loans
    for name in ("to-overdue-from-change", "carry-forward-from-change"):
        changed = _variants(refs)[name]
        unchanged = _with_rules(changed, changed.rule_sets["t-0"])
        days = set()
        for loan_id, ops in by_loan.items():
            ends = _ends(ops)
            days.update(a["month_end"] for a, b in zip(
                _reference(loan_id, ops, ends, unchanged),
                _reference(loan_id, ops, ends, changed), strict=True) if a != b)
        assert days and min(days) >= CHANGE, name


def test_advance_principal_is_advance_on_status_and_principal(loans):
    refs, by_loan = loans
    refs = _variants(refs)["to-overdue-from-change"]
    checked = 0
    for ops in list(by_loan.values())[::3]:
        plain = domain_op.effective(ops)
        for k in range(1, len(plain) + 1, 4):
            state = domain_loan.replay(plain[:k], refs)
            if state is None:
                continue
            for months in (0, 1, 5, 14):
                day = plain[k - 1].business_date + dt.timedelta(days=31 * months + 1)
                a, b = domain_loan.advance(state, day, refs), domain_loan.advance_principal(
                    state, day, refs)
                assert (a.status, a.instalments, a.principal_in_term, a.principal_overdue,
                        a.principal_frozen, a.household_id, a.group_id, a.programme_code,
                        a.funding_source) == (
                    b.status, b.instalments, b.principal_in_term, b.principal_overdue,
                    b.principal_frozen, b.household_id, b.group_id, b.programme_code,
                    b.funding_source)
                checked += 1
    assert checked > 1000



@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_posts_after_a_filled_book_write_their_rows_beside_the_kept_ones(
        engine, tmp_path, request):
    """The fold writes its rows as plain rows (COPY on PostgreSQL), not upserted: on a book
    whose every month end is kept, an operation crossing later month ends and one dated
    back before kept ones each leave every row of their loans equal to the replay."""
    from sbpdesk.db.models import AccountSnapshot, LoanMonthEnd
    from sbpdesk.services import posting
    from tests.services.test_demo_portfolio import kept_rows, replayed_rows
    url = request.getfixturevalue("pg_url") if engine == "postgresql" else None
    build_demo(tmp_path / "b", households=40, years=1, seed=5, as_of=AS_OF, db_url=url)
    book = open_book(tmp_path / "b", db_url=url)
    try:
        assert month_end.fill(book) > 100
        snap, t = AccountSnapshot.__table__, LoanMonthEnd.__table__
        live = book.db.execute(select(snap.c.account_id, snap.c.last_date).where(
            snap.c.account_kind == "loan", snap.c.status == "active",
            snap.c.outstanding > 0).order_by(snap.c.account_id)).all()
        forward, back = live[0], live[1]
        kept = set(book.db.scalars(select(t.c.loan_id).where(t.c.loan_id.in_(
            [forward[0], back[0]]))).all())
        assert kept == {forward[0], back[0]}
        book.end_read()
        book.sign_in("director", "demo")
        later = dt.date(2027, 2, 5)
        posting.post(book, "loan.write_off", {"loan_id": forward[0], "reason": "test"},
                     business_date=later)
        posting.post(book, "loan.write_off", {"loan_id": back[0], "reason": "test"},
                     business_date=back[1] - dt.timedelta(days=70))
        crossed = month_end.month_ends(forward[1], later)
        assert len(crossed) >= 2
        for loan_id, last in ((forward[0], later), (back[0], back[1])):
            days = month_end.month_ends(back[1] - dt.timedelta(days=400), last)
            rows = {d: kept_rows(book, d).get(loan_id) for d in days}
            assert rows == {d: replayed_rows(book, d, [loan_id]).get(loan_id) for d in days}
        assert all(kept_rows(book, d)[forward[0]][0] == "active" for d in crossed)
        assert kept_rows(book, month_end.month_ends(back[1] - dt.timedelta(days=70), back[1])[
            0])[back[0]][0] == "written_off"
    finally:
        book.close()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_row_kept_where_none_should_be_is_replaced_not_a_failed_post(engine, tmp_path,
                                                                       request):
    """The fold's rows go in as plain rows because none can be there (decision 0280). Should
    one be there all the same (a stale cache row), the post still succeeds and the row is
    replaced by the right figures: a cache row never fails a post or an import."""
    from sbpdesk.db.models import AccountSnapshot, LoanMonthEnd
    from sbpdesk.services import posting
    from tests.services.test_demo_portfolio import kept_rows, replayed_rows
    url = request.getfixturevalue("pg_url") if engine == "postgresql" else None
    build_demo(tmp_path / "b", households=30, years=1, seed=7, as_of=AS_OF, db_url=url)
    book = open_book(tmp_path / "b", db_url=url)
    try:
        snap = AccountSnapshot.__table__
        loan_id, last = book.db.execute(select(snap.c.account_id, snap.c.last_date).where(
            snap.c.account_kind == "loan", snap.c.status == "active",
            snap.c.outstanding > 0).order_by(snap.c.account_id)).first()
        later = dt.date(2027, 2, 5)
        crossed = month_end.month_ends(last, later)
        with book.transaction():    # a stale row where the post will write one
            book.db.execute(LoanMonthEnd.__table__.insert(), [{
                "month_end": crossed[0], "loan_id": loan_id, "status": "closed",
                "outstanding": 1, "principal_overdue": 0, "principal_frozen": 0}])
        book.sign_in("director", "demo")
        posting.post(book, "loan.write_off", {"loan_id": loan_id, "reason": "test"},
                     business_date=later)
        for day in crossed:
            assert kept_rows(book, day).get(loan_id) == \
                replayed_rows(book, day, [loan_id]).get(loan_id)
        assert kept_rows(book, crossed[0])[loan_id][0] == "active"
    finally:
        book.close()

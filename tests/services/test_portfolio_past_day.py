"""The portfolio at a past day that is not a month end (decision 0275): the loans changed
since are replayed to it together, in one streamed read of the journal, not one query per
loan; the report is the one the loan-by-loan replay gives, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.demo.office import build_demo
from sbpdesk.reports import month_end, portfolio
from sbpdesk.services import check
from sbpdesk.services.books import open_book
from tests.services.test_demo_portfolio import AS_OF, replayed_totals

DAYS = (dt.date(2026, 3, 10), dt.date(2026, 6, 15), dt.date(2026, 9, 21),
        dt.date(2026, 10, 21))


def check_days(book, monkeypatch):
    calls = {"one": 0, "streamed": 0}
    one, streamed = month_end.replayed, check.account_operations

    def replayed(*args, **kwargs):
        calls["one"] += 1
        return one(*args, **kwargs)

    def account_operations(*args, **kwargs):
        calls["streamed"] += 1
        return streamed(*args, **kwargs)
    monkeypatch.setattr(month_end, "replayed", replayed)
    monkeypatch.setattr(check, "account_operations", account_operations)
    for day in DAYS:
        assert not month_end.is_month_end(day)
        changed = sum(1 for r in portfolio.snapshot_rows(book) if r[1] and r[1] > day)
        assert changed > 10, day
        monkeypatch.setattr(month_end, "STREAM_FROM", 10**9)     # one loan at a time
        monkeypatch.setattr(month_end, "STREAM_SHARE", 6)
        calls.update(one=0, streamed=0)
        one_by_one = portfolio.portfolio(book, day, by_point=True)
        assert calls == {"one": changed, "streamed": 0}, day
        monkeypatch.setattr(month_end, "STREAM_FROM", 10)
        monkeypatch.setattr(month_end, "STREAM_SHARE", 10**6)   # whatever the book's size
        calls.update(one=0, streamed=0)
        report = portfolio.portfolio(book, day, by_point=True)
        # was one query (and replay) per loan changed since the day whatever their number
        assert calls == {"one": 0, "streamed": 1}, day
        assert report == one_by_one, day
        assert report["totals"] == replayed_totals(book, day), day
        assert report["totals"]["loans"] > 0
        for point in ("BB01", "BB02"):
            assert portfolio.portfolio(book, day, point) == portfolio.portfolio(
                book, day, point) and portfolio.portfolio(book, day, point)["totals"] == \
                replayed_totals(book, day, point), (day, point)


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "book"
    build_demo(path, households=90, years=1, seed=11, as_of=AS_OF, points=3)
    return path


def test_a_past_day_replays_the_changed_loans_together_on_sqlite(sqlite_demo, monkeypatch):
    book = open_book(sqlite_demo)
    try:
        check_days(book, monkeypatch)
    finally:
        book.close()


def test_a_past_day_replays_the_changed_loans_together_on_postgresql(tmp_path, pg_url,
                                                                    monkeypatch):
    build_demo(tmp_path / "pg", households=90, years=1, seed=11, as_of=AS_OF, points=3,
               db_url=pg_url)
    book = open_book(tmp_path / "pg", db_url=pg_url)
    try:
        check_days(book, monkeypatch)
    finally:
        book.close()


def test_a_few_loans_changed_since_the_day_are_replayed_one_by_one(sqlite_demo, monkeypatch):
    """The streamed read walks every loan's operations: below a share of the book's loans,
    one query per loan costs less."""
    book = open_book(sqlite_demo)
    try:
        day = DAYS[-1]
        ids = {r[0] for r in portfolio.snapshot_rows(book) if r[1] and r[1] > day}
        monkeypatch.setattr(month_end, "STREAM_FROM", 1)
        loans = len(portfolio.snapshot_rows(book))
        calls = []
        monkeypatch.setattr(check, "account_operations", lambda *a, **k: calls.append(1))
        monkeypatch.setattr(month_end, "STREAM_SHARE", loans // len(ids) - 1)
        one = month_end.states_at(book, day, ids)
        assert not calls and set(one) == ids
        monkeypatch.undo()
        monkeypatch.setattr(month_end, "STREAM_FROM", 1)
        monkeypatch.setattr(month_end, "STREAM_SHARE", loans // len(ids) + 1)
        assert month_end.states_at(book, day, ids) == one
    finally:
        book.close()

"""Imports at an office on PostgreSQL, each in its own connection and thread (decision 0265):
two laptops' imports overlap — the second is applied and committed while the first is
stopped after its folds — the same bundle imported twice at once is applied once, and the
feed numbers follow commit order with no gap, so a reader's cursor passes no row. Skipped
without SBPDESK_TEST_PG_URL. Ordering is read from events and from the server's lock waits
(pg_stat_activity), never from timings."""
from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from sbpdesk.db.models import Operation
from sbpdesk.services import fold, posting
from sbpdesk.services.books import open_book
from sbpdesk.sync import exchange
from tests.conftest import PW, make_office
from tests.sync.test_concurrency import N_COLLECT, laptop_session, loan_at
from tests.sync.test_enrol import enrol_laptop, export, fast_kdf, keys_of, new_laptop  # noqa: F401
from tests.sync.test_exchange import D1

N = 1 + N_COLLECT      # a laptop's first bundle: its session's opening and collections


@pytest.fixture
def office_and_bundles(tmp_path, clock, pg_url):
    """An office on PostgreSQL with two laptops (P01, P02), each with a session's bundle."""
    office = make_office(tmp_path / "office", clock, db_url=pg_url)
    with office.transaction():
        loans = {p: [loan_at(office, p, k) for k in range(2)] for p in ("P01", "P02")}
    office.end_read()
    bundles, origins = {}, {}
    for point in ("P01", "P02"):
        laptop = new_laptop(tmp_path / f"laptop-{point}", clock)
        enrol_laptop(office, laptop, tmp_path, (point,), name=point)
        laptop_session(laptop, point, loans[point])
        bundles[point] = export(laptop, tmp_path, name=f"up-{point}")
        origins[point] = laptop.origin
        laptop.close()
    keys = keys_of(office)
    office.close()
    books = [open_book(tmp_path / "office", db_url=pg_url, clock=clock) for _ in range(3)]
    books.append(open_book(tmp_path / "office", db_url=pg_url, user="teller", password=PW,
                           clock=lambda: dt.datetime.combine(D1, dt.time(3), dt.UTC)))
    books[-1].loans = loans
    watcher = create_engine(pg_url, poolclass=NullPool)
    yield books, keys, bundles, origins, watcher
    for book in books:
        book.close()
    watcher.dispose()


class Race:
    """The first import stops once its folds are done (before its commit) until every other
    import has either finished or is waiting on a lock; what happened, in order, in
    `events`."""

    def __init__(self, monkeypatch, watcher, first: str):
        self.events: list[str] = []
        self.errors: list[BaseException] = []
        self.reports: dict[str, dict] = {}
        self.watcher, self.first = watcher, first
        self.others: list[threading.Thread] = []
        self.started, self.all_running = threading.Event(), threading.Event()
        real = fold._flush_batch

        def flush_then_wait(book, pending):
            real(book, pending)
            if threading.current_thread().name == first:
                self.events.append(f"{first} folded")
                self.started.set()
                self._wait_for_the_others()
                self.events.append(f"{first} resumes")
        monkeypatch.setattr(fold, "_flush_batch", flush_then_wait)

    def _wait_for_the_others(self) -> None:
        assert self.all_running.wait(120)
        deadline = time.monotonic() + 120        # a guard against a hang, not a measure
        while True:
            alive = [t for t in self.others if t.is_alive()]
            waiting = len(alive) and _lock_waits(self.watcher) >= len(alive)
            if not alive or waiting:
                self.events += [f"{t.name} waits" for t in alive]
                return
            assert time.monotonic() < deadline, "the other imports neither ended nor waited"
            time.sleep(0.02)

    def run(self, name: str, book, keys, bundle, job=None) -> threading.Thread:
        def work():
            try:
                self.reports[name] = exchange.import_bundle(book, keys, bundle) \
                    if bundle is not None else job()
                self.events.append(f"{name} committed")
            except BaseException as exc:       # reported to the test's thread
                self.errors.append(exc)
        thread = threading.Thread(target=work, name=name)
        if name != self.first:
            self.others.append(thread)
        thread.start()
        if name == self.first:
            assert self.started.wait(120), "the first import never reached its folds"
        return thread


def _lock_waits(watcher) -> int:
    with watcher.connect() as conn:
        return conn.scalar(text(
            "select count(*) from pg_stat_activity where datname = current_database() "
            "and wait_event_type = 'Lock'"))


def _feed(book) -> list[tuple[int, str]]:
    rows = book.db.execute(select(Operation.feed_no, Operation.origin)
                           .order_by(Operation.feed_no)).all()
    book.end_read()
    return [(r.feed_no, r.origin) for r in rows]


def _join(race: Race, *threads) -> None:
    race.all_running.set()
    for t in threads:
        t.join(120)
        assert not t.is_alive()
    assert race.errors == []


def test_imports_of_two_laptops_overlap(office_and_bundles, monkeypatch):
    """The second laptop's import is applied and committed while the first's is stopped
    after its folds: it waits for no lock the first holds (before 0265 it queued on the
    office's feed head, taken by the first import before its folds)."""
    books, keys, bundles, origins, watcher = office_and_bundles
    race = Race(monkeypatch, watcher, first="P01")
    a = race.run("P01", books[0], keys, bundles["P01"])
    b = race.run("P02", books[1], keys, bundles["P02"])
    _join(race, a, b)
    assert race.events == ["P01 folded", "P02 committed", "P01 resumes", "P01 committed"]
    assert race.reports["P01"]["counts"]["applied"] == N
    assert race.reports["P02"]["counts"]["applied"] == N


def test_one_bundle_twice_at_once_applies_once(office_and_bundles, monkeypatch):
    """A laptop's first bundle sent again while its first import is stopped after the folds
    (no origin head committed yet to lock): the second import waits for the first, then
    finds every row stored; another laptop's import meanwhile goes through."""
    books, keys, bundles, origins, watcher = office_and_bundles
    race = Race(monkeypatch, watcher, first="P01")
    a = race.run("P01", books[0], keys, bundles["P01"])
    again = race.run("P01 again", books[1], keys, bundles["P01"])
    other = race.run("P02", books[2], keys, bundles["P02"])
    _join(race, a, again, other)
    assert race.events[:3] == ["P01 folded", "P02 committed", "P01 again waits"]
    assert race.events[3:] == ["P01 resumes", "P01 committed", "P01 again committed"]
    assert race.reports["P01"]["counts"]["applied"] == N
    assert race.reports["P01 again"]["counts"]["duplicate"] == N
    assert race.reports["P01 again"]["counts"]["applied"] == 0
    assert race.reports["P02"]["counts"]["applied"] == N
    stored = [o for _, o in _feed(books[0]) if o == origins["P01"]]
    assert len(stored) == N


def test_feed_numbers_follow_commit_order(office_and_bundles, monkeypatch):
    """The import that commits first has the smaller numbers though it stored its rows
    last, the numbers have no gap, and a reader that read the feed between the two commits
    finds the rest above its cursor."""
    books, keys, bundles, origins, watcher = office_and_bundles
    before = _feed(books[2])
    race = Race(monkeypatch, watcher, first="P01")
    seen: list[list[tuple[int, str]]] = []
    real = exchange.import_bundle

    def import_then_read(book, keys_, path):   # P02's thread reads once it has committed
        report = real(book, keys_, path)
        if threading.current_thread().name == "P02":
            seen.append(_feed(books[2]))
        return report
    monkeypatch.setattr(exchange, "import_bundle", import_then_read)
    a = race.run("P01", books[0], keys, bundles["P01"])
    b = race.run("P02", books[1], keys, bundles["P02"])
    _join(race, a, b)
    after = _feed(books[2])
    numbers = [n for n, _ in after]
    assert numbers == list(range(1, len(before) + 2 * N + 1))       # no gap, no NULL
    new = [o for _, o in after[len(before):]]
    assert new == [origins["P02"]] * N + [origins["P01"]] * N        # in commit order
    (between,) = seen
    assert between == after[:len(before) + N]        # P01's rows not yet visible
    cursor = between[-1][0]
    assert [o for n, o in after if n > cursor] == [origins["P01"]] * N


def test_a_desk_payment_on_a_loan_the_import_folded_waits_for_it(office_and_bundles,
                                                                  monkeypatch):
    """A counter payment on a loan the stopped import has folded waits for that import's
    commit, then goes through: the desk's post numbers its row at its end too, so it holds
    no feed-head lock while it waits for the loan (else the two would deadlock)."""
    books, keys, bundles, origins, watcher = office_and_bundles
    desk = books[3]
    person_id, loan_id = desk.loans["P01"][0]

    def pay():
        return posting.post(desk, "collection.record", {
            "person_id": person_id, "loan_id": loan_id, "interest": 0, "principal": 10_000,
            "savings": 5_000}, business_date=D1)
    race = Race(monkeypatch, watcher, first="P01")
    a = race.run("P01", books[0], keys, bundles["P01"])
    b = race.run("desk", desk, None, None, job=pay)
    _join(race, a, b)
    assert race.events == ["P01 folded", "desk waits", "P01 resumes", "P01 committed",
                           "desk committed"]
    assert race.reports["P01"]["counts"]["applied"] == N
    assert race.reports["desk"].outcome == "applied"
    after = _feed(books[2])
    assert [n for n, _ in after] == list(range(1, len(after) + 1))


def test_a_row_undone_by_a_savepoint_never_leaves_a_gap_in_the_feed(tmp_path, clock, pg_url):
    """A post undone by a savepoint leaves its row in the transaction's list to number: the
    commit refuses (nothing is written) rather than skip a feed number, which a laptop would
    wait for for ever."""
    office = make_office(tmp_path / "office", clock, db_url=pg_url)
    try:
        before = _feed(office)
        with pytest.raises(RuntimeError, match="feed numbering"), office.transaction():
            savepoint = office.db.begin_nested()
            loan_at(office, "P01", 0)
            savepoint.rollback()
        assert _feed(office) == before
    finally:
        office.close()

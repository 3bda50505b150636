"""The demo's households registered in bulk (decision 0255) write the book that posting them
one at a time writes: two demo offices built with the same clock and the same UUIDs, one
through `customers.register_many` / `confirm_many` (`opening.post_many`), the other through
`posting.post` per household, member and code in the same order, hold every table equal row
for row — the operations with their payload bytes, seqs and hashes, the households and
persons, then the years of history built on them — except the book's keys (minted at random)."""
from __future__ import annotations

import datetime as dt
import sys

import pytest
from argon2 import PasswordHasher

from sbpdesk import paths
from sbpdesk.demo import office as demo_office
from sbpdesk.services import auth, context, customers, posting
from sbpdesk.services.books import open_book
from sbpdesk.services.check import check_book
from tests.services.test_group_save_bulk import dump

AS_OF = dt.date(2026, 3, 15)
MOMENT = dt.datetime.combine(AS_OF, dt.time(10), context.VIETNAM)
RANDOM = {"book_key"}   # the book's keys: new each time


def same_uuids(monkeypatch) -> None:
    """The services mint the same ids in each build (the demo's own are seeded already)."""
    counter = iter(range(1, 10**9))
    def fake() -> str:
        return f"00000000-0000-7000-8000-{next(counter):012x}"
    for name, module in list(sys.modules.items()):
        if (name.startswith("sbpdesk.") and not name.startswith("sbpdesk.demo")
                and getattr(module, "uuid7", None) is not None):
            monkeypatch.setattr(module, "uuid7", fake)


class SameSalt(PasswordHasher):
    """The users' password hashes (in their `user.set` payloads) alike in both builds."""
    def hash(self, password, *, salt=None):
        return super().hash(password, salt=b"sbpdesk-test-salt")


def one_at_a_time(book, households, *, business_date):
    """`register_many` as `posting.post` per operation, in the same order."""
    for h, _ in households:
        posting.post(book, "household.register", customers._household_payload(h),
                     business_date=business_date)
    for h, members in households:
        for p in members:
            posting.post(book, "person.register", customers._person_payload(h.household_id, p),
                         business_date=business_date)


def confirm_one_at_a_time(book, codes, *, business_date):
    for household_id, code in codes:
        customers.confirm_household(book, household_id, code, business_date=business_date)


def build(root, monkeypatch, *, bulk: bool):
    with monkeypatch.context() as mp:
        same_uuids(mp)
        mp.setattr(auth, "_hasher", SameSalt(time_cost=1, memory_cost=1024, parallelism=1))
        init = demo_office.init_book
        mp.setattr(demo_office, "init_book", lambda *a, **k: init(*a, clock=lambda: MOMENT,
                                                                   **k))
        if not bulk:
            mp.setattr(customers, "register_many", one_at_a_time)
            mp.setattr(customers, "confirm_many", confirm_one_at_a_time)
        demo_office.build_demo(root, households=60, years=1, seed=3, as_of=AS_OF)
    book = open_book(root)
    try:
        assert check_book(book, replay=True).ok
    finally:
        book.close()


def test_the_demo_households_registered_in_bulk_write_what_posting_one_by_one_writes(
        tmp_path, monkeypatch):
    build(tmp_path / "one", monkeypatch, bulk=False)
    build(tmp_path / "many", monkeypatch, bulk=True)
    before, after = (dump(paths.book_path(tmp_path / name)) for name in ("one", "many"))
    assert before.keys() == after.keys()
    assert before.keys() >= RANDOM
    for table in sorted(before.keys() - RANDOM):
        assert before[table] == after[table], table
    kinds = [r for r in before["operation"] if "person.register" in r]
    assert len(kinds) > 60
    assert sum(1 for r in before["household"]) == 60


@pytest.mark.parametrize("missing", ["household_id", "provisional_no"])
def test_register_many_needs_the_ids_and_provisional_numbers(missing):
    h = customers.NewHousehold(point_code="BB01", address="Thôn 1", household_id="h1",
                               provisional_no="T00001")
    h = customers.NewHousehold(**{**h.__dict__, missing: None})
    with pytest.raises(ValueError):
        customers.register_many(None, [(h, [])], business_date=AS_OF)

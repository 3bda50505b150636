"""bench/province.py: the province book is copies of a demo office book in one PostgreSQL
database, each with its own office, points, laptop and ids, every chain re-made; the
program must take it as genuine (`check --replay` passes) and see each office's portfolio."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bench import province
from bench import province_figures as PF
from bench.books import make_point_copy
from sbpdesk import paths
from sbpdesk.db.models import Household, Operation, OriginHead, Person, Point
from sbpdesk.demo.office import build_demo
from sbpdesk.services.books import open_book
from sbpdesk.services.check import check_book
from sbpdesk.sync import exchange
from sbpdesk.sync.keys import generate_keys

AS_OF = dt.date(2026, 5, 31)


@pytest.fixture(scope="module")
def demo_pair(tmp_path_factory):
    """A small demo office book and its laptop's point copy (as bench/books.py makes them)."""
    root = tmp_path_factory.mktemp("province")
    result = build_demo(root / "office", households=30, years=1, seed=3, as_of=AS_OF,
                        points=2)
    make_point_copy(root / "office", root / "point", result["points"])
    return root / "office", root / "point"


@pytest.fixture(scope="module")
def demo_book(demo_pair):
    return paths.book_path(demo_pair[0])


def test_two_offices_of_a_demo_book_pass_check_with_every_id_their_own(demo_book, pg_url,
                                                                        tmp_path):
    result = province.build(demo_book, pg_url, offices=2, log=lambda *_: None)
    source = open_book(demo_book.parent)
    try:
        n_ops = source.db.scalar(select(func.count()).select_from(Operation))
        global_ops = source.db.scalar(select(func.count()).select_from(Operation).where(
            Operation.kind.in_(province.GLOBAL_KINDS)))
        households = set(source.db.scalars(select(Household.id)))
        cards = set(source.db.scalars(select(Person.id_number)))
    finally:
        source.close()
    assert global_ops and result["counts"]["operation"] == 2 * n_ops - global_ops

    book = open_book(tmp_path / "pg", db_url=pg_url)
    try:
        report = check_book(book, replay=True)
        assert report.ok, report.lines("en")[:5]
        assert report.replayed > 0
        assert set(book.db.scalars(select(OriginHead.origin))) == {"BB", "BC", "D-DEMO01",
                                                                    "D-DEMO02"}
        assert sorted(book.db.scalars(select(Point.code))) == ["BB01", "BB02", "BC01", "BC02"]
        assert set(book.db.scalars(select(Point.office_code).where(
            Point.code.like("BC%")))) == {"BC"}
        mine = set(book.db.scalars(select(Household.id)))
        assert len(mine) == 2 * len(households) and households < mine   # copy 0 as it was
        copy_cards = set(book.db.scalars(select(Person.id_number))) - cards
        assert copy_cards and all(c.startswith("061") for c in copy_cards)
        # copy 1's operations name none of copy 0's households
        payloads = b"".join(book.db.scalars(select(Operation.payload).where(
            Operation.origin.in_(("BC", "D-DEMO02")))))
        assert not any(h.encode() in payloads for h in households)
    finally:
        book.close()


def test_a_copy_whose_renaming_is_not_applied_to_a_snapshot_fails_check(demo_book, pg_url,
                                                                        tmp_path):
    province.build(demo_book, pg_url, offices=2, log=lambda *_: None)
    book = open_book(tmp_path / "pg", db_url=pg_url)
    try:
        from sbpdesk.db.models import AccountSnapshot
        snap = book.db.scalars(select(AccountSnapshot).where(
            AccountSnapshot.point_code == "BC01", AccountSnapshot.account_kind == "loan")).first()
        with book.transaction():
            snap.state = snap.state.replace(b"BC01", b"BB01")   # not renamed
        report = check_book(book, replay=True)
        assert not report.ok and any(p.account_id == snap.account_id for p in report.snapshots)
    finally:
        book.close()


def test_the_renaming_is_a_bijection_on_ids_and_keeps_their_order():
    r = province.Rename(3)
    a, b = "01a25077-8ede-7310-8937-ba277269a9d3", "01a25077-8ede-7310-8937-ba277269a9ff"
    assert r(a) == "01a25077-8ede-7310-8937-ba277269a9d0" and r(r(a)) == a
    assert (r(a) < r(b)) == (a < b)
    assert r("BB01-T02") == "BE01-T02" and r("BB") == "BE" and r("BBC") == "BBC"
    assert r(b'{"point_code":"BB07","id_number":"060190123456"}') == \
        b'{"point_code":"BE07","id_number":"063190123456"}'
    assert r("D-DEMO01") == "D-DEMO04" and province.Rename(0)("BB01") == "BB01"


def test_a_copy_s_laptop_sends_a_session_the_province_book_applies(demo_pair, pg_url,
                                                                   tmp_path):
    office_dir, point_dir = demo_pair
    province.build(paths.book_path(office_dir), pg_url, offices=2, log=lambda *_: None)
    laptop = open_book(province.laptop_copy(point_dir, tmp_path / "laptop-1", 1,
                                            PF._office_feed(office_dir)))
    office = open_book(tmp_path / "pg", db_url=pg_url)
    try:
        assert (laptop.origin, laptop.office_code) == ("D-DEMO02", "BB")
        assert PF._points(laptop) == ["BC01", "BC02"]
        keys = generate_keys()
        bundle, rows = PF.session_bundle(laptop, office, keys, ["BC01"], 25, tmp_path / "b")
        report = exchange.import_bundle(office, keys, bundle)
        assert len(rows) == 25 and report["counts"]["applied"] == 25
        assert office.db.scalar(select(OriginHead.seq).where(
            OriginHead.origin == "D-DEMO02")) == rows[-1]["seq"]
        assert check_book(office, replay=True).ok
    finally:
        laptop.close()
        office.close()


def test_a_build_stopped_after_one_office_resumes_with_the_offices_it_lacks(demo_book, pg_url,
                                                                           tmp_path):
    first = province.build(demo_book, pg_url, offices=1, log=lambda *_: None)
    assert first["offices"] == 1
    both = province.build(demo_book, pg_url, offices=2, log=lambda *_: None)
    assert both["offices"] == 2
    assert both["counts"]["operation"] == 2 * first["counts"]["operation"] - _global_ops(
        demo_book)
    book = open_book(tmp_path / "pg", db_url=pg_url)
    try:
        assert check_book(book, replay=True).ok
    finally:
        book.close()


def _global_ops(book_file) -> int:
    source = open_book(book_file.parent)
    try:
        return source.db.scalar(select(func.count()).select_from(Operation).where(
            Operation.kind.in_(province.GLOBAL_KINDS)))
    finally:
        source.close()

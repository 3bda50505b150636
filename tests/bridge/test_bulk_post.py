"""The bulk write path of a seed (`opening.post_many`): the same journal rows, hashes and
records as posting the operations one at a time; whether what it creates exists is asked once
per kind of key, not once per operation; and it refuses what a single post refuses (an
identity that exists) plus a key created twice in one batch."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from sbpdesk.db.models import AccountSnapshot, Household, Operation, Person
from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import check, journal, opening, posting, reference
from tests.bridge.conftest import new_office

D = dt.date(2026, 9, 30)
N = 6


def ops(n: int = N) -> list[tuple[str, list[dict]]]:
    """A seed's kinds in its order, for `n` customers, with their ids given."""
    hh = [{"household_id": f"h{k}", "point_code": "P1", "address": f"Thôn {k}, xã Hải Ninh",
           "village": f"Thôn {k}", "provisional_no": f"68000000{k:02d}"} for k in range(n)]
    people = [{"person_id": f"p{k}", "household_id": f"h{k}", "full_name": f"Lê Thị Hoa {k}",
               "sex": "F", "birth_date": "1980-01-02", "phone": f"09{k:08d}",
               "relation": "chủ hộ", "is_representative": True} for k in range(n)]
    confirms = [{"household_id": f"h{k}", "customer_code": f"68000000{k:02d}"}
                for k in range(n)]
    loans = [{"loan_id": f"l{k}", "contract_no": f"66000000000000{k:02d}",
              "household_id": f"h{k}", "person_id": f"p{k}", "group_id": "",
              "point_code": "P1", "programme_code": "poor", "funding_source": "central",
              "status": "active", "amount": 50_000_000, "disbursed_on": "2025-03-15",
              "term_months": 36, "frequency_months": 6, "principal_in_term": 30_000_000,
              "principal_overdue": 1_000_000 * (k % 2), "principal_frozen": 0,
              "interest_in_term": 120_000, "interest_overdue": 0,
              "overdue_since": "2026-09-15" if k % 2 else None,
              "instalments": [["2027-03-15", 15_000_000], ["2027-09-15", 15_000_000]]}
             for k in range(n)]
    savings = [{"savings_account_id": f"s{k}", "person_id": f"p{k}", "group_id": "",
                "point_code": "P1", "book_no": f"1050000000{k:02d}", "balance": 10_000 * k}
               for k in range(n)]
    return [("household.register", hh), ("person.register", people),
            ("household.confirm", confirms), ("loan.open", loans), ("savings.open", savings)]


def office(path, db_url=None):
    book = new_office(path, db_url)
    reference.define_point(book, "P1", "Điểm xã Hải Ninh", commune="Hải Ninh", session_day=15,
                           business_date=D)
    return book


KINDS = [kind for kind, _ in ops()]


def journal_rows(book):
    """The rows posted by the test (the users' rows hold salted password hashes)."""
    rows = book.db.scalars(select(Operation).where(Operation.kind.in_(KINDS))
                           .order_by(Operation.seq)).all()
    return [(r.kind, r.seq, bytes(r.payload)) for r in rows], rows


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_bulk_stores_the_rows_hashes_and_records_of_single_posts(tmp_path, backend, request):
    db_url = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    one, bulk = office(tmp_path / "one"), office(tmp_path / "bulk", db_url)
    try:
        for kind, payloads in ops():
            with one.transaction():
                for p in payloads:
                    posting.post(one, kind, p, business_date=D)
            with bulk.transaction():
                opening.post_many(bulk, kind, payloads, business_date=D)
        got, rows = journal_rows(bulk)
        assert got == journal_rows(one)[0]
        prev = bulk.db.scalar(select(Operation.hash).where(Operation.seq == rows[0].seq - 1))
        for r in rows:      # each hash is the canonical one, chained
            entry = journal.to_entry(r)
            assert bytes(r.payload) == canonical_json(from_json(r.payload))
            assert r.prev_hash == prev and r.hash == journal.compute_hash(
                {name: getattr(entry, name) for name in journal.HASHED})
            prev = r.hash
        for model, cols in ((Household, ("id", "customer_code", "address", "village")),
                            (Person, ("id", "full_name", "phone", "birth_date")),
                            (AccountSnapshot, ("account_kind", "account_id", "state",
                                               "outstanding", "principal_overdue"))):
            def table(book, model=model, cols=cols):
                return sorted(tuple(same_ids(book, getattr(r, c)) for c in cols)
                              for r in book.db.scalars(select(model)))
            assert table(bulk) == table(one)
        assert check.check_book(bulk, replay=True).ok
    finally:
        one.close()
        bulk.close()


def same_ids(book, value):
    """A snapshot's state with the operation ids it names replaced by their sequence numbers
    (ids are made anew in each book)."""
    if not isinstance(value, bytes):
        return value
    for op_id, seq in book.db.execute(select(Operation.op_id, Operation.seq)):
        value = value.replace(op_id.encode(), str(seq).encode())
    return value


def selects(book, fn) -> int:
    seen = []
    engine = book.db.get_bind()

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)
    event.listen(engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_bulk_asks_whether_its_rows_exist_once_per_kind_of_key(tmp_path):
    """The statements a batch reads do not grow with its size (a seed posts 150.000)."""
    counts = []
    for n in (N, 3 * N):
        book = office(tmp_path / f"b{n}")
        try:
            per_kind = []
            for kind, payloads in ops(n):
                with book.transaction(), posting.batch(book):   # as the seed posts
                    per_kind.append(selects(book, lambda book=book, kind=kind, payloads=payloads:
                                            opening.post_many(book, kind, payloads,
                                                              business_date=D)))
            counts.append(per_kind)
        finally:
            book.close()
    assert counts[0] == counts[1]


def test_bulk_refuses_an_identity_that_exists_and_writes_nothing(tmp_path):
    book = office(tmp_path / "b")
    try:
        (_, hh), (_, people) = ops()[:2]
        with book.transaction():
            opening.post_many(book, "household.register", hh, business_date=D)
        before = book.db.scalar(select(Operation.seq).order_by(Operation.seq.desc()).limit(1))
        again = [{**hh[2], "address": "Thôn khác"}]
        with pytest.raises(DomainError) as err, book.transaction():
            opening.post_many(book, "household.register", again, business_date=D,
                              labels=["dòng 9"])
        assert err.value.code == "id_taken" and "dòng 9" in err.value.message("vi")
        assert book.db.get(Household, "h2").address == hh[2]["address"]
        assert book.db.scalar(select(Operation.seq).order_by(Operation.seq.desc())
                              .limit(1)) == before
    finally:
        book.close()


@pytest.mark.parametrize("kind_index, field", [(0, "household_id"), (3, "loan_id"),
                                               (4, "savings_account_id"),
                                               (2, "customer_code")])
def test_bulk_refuses_a_key_created_twice_in_one_batch(tmp_path, kind_index, field):
    book = office(tmp_path / "b")
    try:
        batches = ops()
        for kind, payloads in batches[:kind_index]:
            with book.transaction():
                opening.post_many(book, kind, payloads, business_date=D)
        kind, payloads = batches[kind_index]
        twice = [payloads[0], {**payloads[1], field: payloads[0][field]}]
        with pytest.raises(DomainError) as err, book.transaction():
            opening.post_many(book, kind, twice, business_date=D)
        assert err.value.code == "id_taken" and err.value.field == field
        assert book.db.scalar(select(Operation.op_id).where(Operation.kind == kind)
                              .limit(1)) is None
    finally:
        book.close()


def test_bulk_refuses_a_customer_code_another_household_holds(tmp_path):
    book = office(tmp_path / "b")
    try:
        for kind, payloads in ops()[:3]:
            with book.transaction():
                opening.post_many(book, kind, payloads, business_date=D)
        hh = [{"household_id": "h9", "point_code": "P1", "address": "Thôn 9"}]
        with book.transaction():
            opening.post_many(book, "household.register", hh, business_date=D)
        with pytest.raises(DomainError) as err, book.transaction():
            opening.post_many(book, "household.confirm",
                              [{"household_id": "h9", "customer_code": "6800000001"}],
                              business_date=D)
        assert err.value.code == "customer_code_taken"
    finally:
        book.close()

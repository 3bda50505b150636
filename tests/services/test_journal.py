"""The journal: hash chain, tamper detection, gap-free seq under concurrent writers, and
storing operations received from another book."""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import threading

import pytest
from sqlalchemy import select, update

from sbpdesk.db.models import Operation, OriginHead
from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.services import chain, envelope, journal, posting
from sbpdesk.services.books import open_book
from sbpdesk.services.journal import GENESIS, compute_hash
from tests.conftest import PW, TODAY


def _ops(book):
    return book.db.scalars(select(Operation).order_by(Operation.origin, Operation.seq)).all()


def test_chain_links_from_genesis_and_hash_covers_every_column(office):
    rows = _ops(office)
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.hash
    entry = journal.to_entry(rows[3])
    assert compute_hash(entry.envelope()) == entry.hash
    # every hashed column changes the hash
    for name in journal.HASHED:
        env = entry.envelope()
        env[name] = {"x": 1} if name == "payload" else (env[name] or "") + "9" \
            if isinstance(env[name], str) or env[name] is None else env[name] + 1
        assert compute_hash(env) != entry.hash, name
    head = office.db.get(OriginHead, "PGD01")
    assert (head.seq, head.hash) == (rows[-1].seq, rows[-1].hash)
    assert chain.verify_chain(office.db) == []


def test_the_chain_walk_hashes_a_stored_row_as_compute_hash_does(office):
    """The walk writes the envelope's JSON itself when every value is ASCII text, an
    integer or null, and leaves anything else to canonical_json: both give the hash that
    `compute_hash` gave when the row was written (decision 0180)."""
    entry = journal.to_entry(_ops(office)[3])
    cases = [{}, {"approved_by": None, "session_id": None},
             {"actor": "Nguyễn Văn A"}, {"actor": "Nguye\u0302\u0303n"},   # NFD: NFC'd
             {"session_id": 'a "quoted" \\ id'}, {"rules_version": "2026-07\n"}]
    for change in cases:
        env = {**entry.envelope(), **change}
        columns = {**env, "business_date": str(env["business_date"]),
                   "payload": canonical_json(env["payload"])}
        row = tuple(columns.get(name) for name in chain._NAMES)
        assert chain.stored_hash(row) == compute_hash(env), change


def test_the_walk_checks_again_a_row_sqlite_cannot_write_as_canonical(office):
    """On SQLite the walk has SQLite write each row's JSON (printf, texts as stored): a text
    that needs escaping or NFC comes out otherwise, and such a row is checked again the
    careful way before it is called tampered (decision 0206)."""
    last = _ops(office)[-1]
    entry = journal.to_entry(last)
    for actor in ('a "quoted" \\ name\n', "Nguye\u0302\u0303n"):
        env = {**entry.envelope(), "actor": actor}
        with office.transaction():
            office.db.execute(update(Operation).where(Operation.op_id == last.op_id).values(
                actor=actor, hash=compute_hash(env)))
            office.db.execute(update(OriginHead).where(OriginHead.origin == last.origin)
                              .values(hash=compute_hash(env)))
        assert chain.verify_chain(office.db) == [], actor
    with office.transaction():   # edited without its hash: tampered, whatever the text
        office.db.execute(update(Operation).where(Operation.op_id == last.op_id).values(
            actor="Nguye\u0302\u0303n!"))
    problems = chain.verify_chain(office.db)
    assert [(p.code, p.op_id) for p in problems] == [("hash", last.op_id)]


def test_the_walk_does_not_take_a_text_stored_in_its_own_escaped_form(office):
    """SQLite's printf writes a stored text between quotes as it is: `a\\"b` stored would
    come out as the JSON of `a"b`. A row whose hash covers `a"b` but whose column was edited
    to its escaped form is tampered; the walk checks any text with a backslash the careful
    way."""
    last = _ops(office)[-1]
    env = {**journal.to_entry(last).envelope(), "actor": 'a"b'}
    with office.transaction():
        office.db.execute(update(Operation).where(Operation.op_id == last.op_id).values(
            actor='a"b', hash=compute_hash(env)))
        office.db.execute(update(OriginHead).where(OriginHead.origin == last.origin)
                          .values(hash=compute_hash(env)))
    assert chain.verify_chain(office.db) == []
    with office.transaction():
        office.db.execute(update(Operation).where(Operation.op_id == last.op_id).values(
            actor='a\\"b'))
    problems = chain.verify_chain(office.db)
    assert [(p.code, p.op_id) for p in problems] == [("hash", last.op_id)]


def test_office_rows_get_increasing_feed_numbers(office):
    feed = [r.feed_no for r in _ops(office)]
    assert feed == list(range(1, len(feed) + 1))


def test_tampered_payload_is_named(office):
    victim = next(r for r in _ops(office) if r.kind == "point.define")
    with office.transaction():
        office.db.execute(update(Operation).where(Operation.op_id == victim.op_id).values(
            payload=victim.payload.replace("Hải Ninh".encode(), "Hải Minh".encode())))
    problems = chain.verify_chain(office.db)
    assert len(problems) == 1
    assert problems[0].op_id == victim.op_id and problems[0].code == "hash"
    assert victim.op_id in problems[0].vi and f"#{victim.seq}" in problems[0].en


def test_rehashed_row_breaks_the_link(office):
    """A forger who recomputes the row's hash still breaks the next row's prev_hash."""
    rows = _ops(office)
    victim = journal.to_entry(rows[2])
    env = victim.envelope()
    env["actor"] = "mallory"
    with office.transaction():
        office.db.execute(update(Operation).where(Operation.op_id == victim.op_id).values(
            actor="mallory", hash=compute_hash(env)))
    problems = chain.verify_chain(office.db)
    assert problems[0].code == "link" and problems[0].seq == 4


def test_deleted_row_is_a_gap(office):
    rows = _ops(office)
    with office.transaction():
        office.db.execute(Operation.__table__.delete().where(Operation.op_id == rows[1].op_id))
    problems = chain.verify_chain(office.db, "PGD01")
    assert problems[0].code == "gap" and problems[0].seq == 3


def _append_many(data_dir, n, errors):
    try:
        book = open_book(data_dir, user="admin", password=PW)
        for i in range(n):
            posting.post(book, "organisation.define",
                         {"code": f"ORG{threading.get_ident()}-{i}", "kind": "youth",
                          "name": "Đoàn thanh niên"}, business_date=TODAY)
        book.close()
    except Exception as exc:
        errors.append(exc)


def _two_writers(data_dir):
    errors: list[Exception] = []
    threads = [threading.Thread(target=_append_many, args=(data_dir, 25, errors))
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_seq_is_gap_free_under_two_writers(office):
    before = office.db.get(OriginHead, "PGD01").seq
    office.end_read()
    _two_writers(office.data_dir)
    rows = _ops(office)
    assert [r.seq for r in rows] == list(range(1, before + 51))
    assert sorted(r.feed_no for r in rows) == list(range(1, before + 51))
    assert chain.verify_chain(office.db) == []


def test_seq_is_gap_free_under_two_writers_postgresql(tmp_path, clock, pg_url):
    from tests.conftest import make_office
    book = make_office(tmp_path, clock, db_url=pg_url)
    before = book.db.get(OriginHead, "PGD01").seq
    book.end_read()
    errors: list[Exception] = []

    def writer():
        try:
            b = open_book(tmp_path, db_url=pg_url, user="admin", password=PW)
            for i in range(20):
                posting.post(b, "organisation.define",
                             {"code": f"O{threading.get_ident()}-{i}", "kind": "youth",
                              "name": "Đoàn"}, business_date=TODAY)
            b.close()
        except Exception as exc:
            errors.append(exc)
    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert [r.seq for r in _ops(book)] == list(range(1, before + 41))
    assert chain.verify_chain(book.db) == []
    book.close()


# --- receiving ------------------------------------------------------------------------------

def _laptop_ops(point, n):
    """n operations written by the laptop (contact-free kinds need a household)."""
    out = []
    for i in range(n):
        out.append(posting.post(point, "household.register",
                                {"point_code": "P01", "address": f"Thôn {i}"},
                                business_date=TODAY))
    return [journal.get(point.db, p.op_id) for p in out]


def test_store_received_in_order_duplicate_gap_and_fork(office, point):
    entries = _laptop_ops(point, 4)
    envs = [e.envelope() for e in entries]
    db = office.db
    with office.transaction():
        assert journal.store_received(db, envs[0], feed=True).status == "stored"
        assert journal.store_received(db, envs[0], feed=True).status == "duplicate"
        held = journal.store_received(db, envs[2], feed=True)
        assert (held.status, held.reason) == ("held", "gap")
        assert journal.store_received(db, envs[1], feed=True).status == "stored"
        released = journal.release_held(db, point.origin, feed=True)
        assert [e.seq for e in released] == [3]
        forged = dict(envs[3], payload={**envs[3]["payload"], "address": "Thôn X"})
        assert journal.store_received(db, forged).status == "rejected"
        forked = dict(envs[3], op_id="0190c3a0-0000-7000-8000-000000000000",
                      payload={**envs[3]["payload"], "address": "Thôn X"})
        forked["hash"] = compute_hash(forked)
        assert journal.store_received(db, forked, feed=True).status == "stored"  # seq 4
        assert journal.store_received(db, envs[3], feed=True).status == "fork"
        reused = dict(envs[3], op_id=envs[0]["op_id"])
        reused["hash"] = compute_hash(reused)
        assert journal.store_received(db, reused).reason == "op_id_reused"
    stored = db.scalars(select(Operation).where(Operation.origin == point.origin)
                        .order_by(Operation.seq)).all()
    assert [r.hash for r in stored[:3]] == [e["hash"] for e in envs[:3]]
    assert all(r.feed_no for r in stored)
    assert chain.verify_chain(db, point.origin) == []


def test_malformed_envelope_is_rejected(office):
    env = journal.to_entry(_ops(office)[0]).envelope()
    for bad in ({"seq": "1"}, {"payload": [1]}, {"business_date": "15/03/2026"}, {"seq": 0}):
        assert journal.store_received(office.db, {**env, **bad}).status == "rejected"
    office.end_read()


def test_recorded_at_is_utc_text_and_business_date_iso(office):
    row = _ops(office)[0]
    assert row.recorded_at.endswith("Z") and row.business_date == TODAY
    assert journal.to_entry(row).envelope()["business_date"] == "2026-03-15"
    assert isinstance(row.payload, bytes)
    office.end_read()


def test_append_without_origin_head_is_refused(point):
    from sbpdesk.domain.errors import DomainError
    with pytest.raises(DomainError) as err, point.transaction():
        journal.append(point.db, "NOBODY", "x", {}, dt.date(2026, 1, 1), actor="t")
    assert err.value.code == "no_origin"


def test_write_transaction_takes_the_lock_up_front(office):
    """BEGIN IMMEDIATE: another writer is locked out before this one writes anything."""
    import sqlite3

    from sbpdesk.paths import book_path
    other = sqlite3.connect(book_path(office.data_dir), timeout=0, isolation_level=None)
    with office.transaction(), pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")  # free again after commit
    other.execute("ROLLBACK")
    other.close()


def test_a_received_line_is_stored_and_hashed_as_carried(office):
    """Bundle lines are canonical: the payload's bytes and the hashed bytes are cut out of
    the line, and must be what normalising the values again gives — whatever the payload's
    own keys and strings look like."""
    env = journal.to_entry(_ops(office)[3]).envelope()
    env["payload"] = {"note": 'a","prev_hash":"x', "prev_hash": "trong", ",\"hash\":\"": 1,
                      "z": "Đặng Thị Hoa", "nested": {"payload": {"hash": None}}}
    env["hash"] = compute_hash(env)
    line = canonical_json(env)
    payload, hashed = envelope.spliced(line)
    assert payload == canonical_json(env["payload"])
    assert hashlib.sha256(hashed).hexdigest() == env["hash"]
    _, data, problem, digest = envelope.normalise(from_json(line), line)
    assert (data, problem, digest) == (payload, None, env["hash"])

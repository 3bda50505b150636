"""Enrolment by files on real books: request, accept at the office, complete on the laptop.

Also the helpers the other sync tests share (`pair`, `export`, `imp`): an office book from
tests/conftest.py and a laptop enrolled through the real files, with the fast KDF.
"""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from sbpdesk.db.models import AppUser, BookKey, Device, Operation, Point
from sbpdesk.domain.errors import DomainError
from sbpdesk.services.books import init_book
from sbpdesk.sync import enrol, exchange
from sbpdesk.sync.keys import KDF_FAST_FOR_TESTS
from tests.conftest import PW, make_office


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setattr(enrol, "WRAP_PARAMS", KDF_FAST_FOR_TESTS)
    monkeypatch.delenv("SBPDESK_KEY_PASSPHRASE", raising=False)


def new_laptop(path, clock, *, demo=False):
    book = init_book(path, "point", admin_password=PW, demo=demo, clock=clock)
    book.sign_in("admin", PW)
    return book


def enrol_laptop(office, laptop, tmp_path, points=("P01",), name="lap"):
    req = enrol.request(laptop, PW, tmp_path / f"{name}.req")
    office.sign_in("admin", PW)
    acc = enrol.accept(office, PW, req.path, list(points), tmp_path / f"{name}.resp")
    done = enrol.complete(laptop, "admin", PW, acc.path)
    return req, acc, done


def pair(tmp_path, clock, points=("P01",)):
    office = make_office(tmp_path / "office", clock)
    laptop = new_laptop(tmp_path / "laptop", clock)
    enrol_laptop(office, laptop, tmp_path, points)
    return office, laptop


def keys_of(book, user="admin"):
    return enrol.book_keys(book, user, PW)


def export(book, tmp_path, to=None, name=None):
    if to is None:
        to = "office" if not book.is_office else f"device:{_only_device(book)}"
    folder = tmp_path / (name or "out")
    folder.mkdir(exist_ok=True)
    return exchange.export_bundle(book, keys_of(book), to, folder).path


def _only_device(office):
    ids = [d.id for d in office.db.scalars(select(Device))]
    office.end_read()
    assert len(ids) == 1, ids
    return ids[0]


def imp(book, path):
    return exchange.import_bundle(book, keys_of(book), path)


# ---------------------------------------------------------------- tests

def test_enrol_round_trip(tmp_path, clock):
    office = make_office(tmp_path / "office", clock)
    laptop = new_laptop(tmp_path / "laptop", clock)
    req, acc, done = enrol_laptop(office, laptop, tmp_path, ("P01",))
    # The same fingerprint is shown on both sides; the office's too.
    assert req.fingerprint == acc.request_fingerprint
    assert done.office_fingerprint == acc.office_fingerprint
    assert enrol.public_keys(office).fingerprint == acc.office_fingerprint
    assert enrol.public_keys(laptop).fingerprint == req.fingerprint
    # The laptop writes under its new enrolment id and holds P01's lease on both sides.
    assert laptop.origin == laptop.device_id == acc.device_id.strip()
    assert acc.device_id.startswith("D-") and laptop.office_code == "PGD01"
    for book in (office, laptop):
        assert book.db.get(Point, "P01").lease_device_id == acc.device_id
        assert book.db.get(Point, "P02").lease_device_id is None
        book.end_read()
    # The pack: reference data and users replayed on the laptop; its users are the office's.
    users = {u.username for u in laptop.db.scalars(select(AppUser))}
    assert users == {"admin", "teller", "teller2", "controller", "accountant", "director"}
    assert laptop.db.get(AppUser, "admin").password_hash == \
        office.db.get(AppUser, "admin").password_hash
    kinds = [r.kind for r in office.db.scalars(select(Operation).order_by(Operation.feed_no))]
    assert kinds[-3:] == ["device.enrol", "lease.grant", "state.pack"]
    assert done.feed_no == len(kinds) - 1 and exchange.feed_cursor(laptop) == done.feed_no
    assert done.counts == {"applied": done.feed_no}
    # The office's users sign in on the laptop; a teller with the shared password gets keys.
    laptop.sign_in("teller", PW)
    assert enrol.unlock_keys(laptop, "teller", PW).fingerprint() == req.fingerprint
    names = {r.username for r in laptop.db.scalars(select(BookKey))}
    assert {"@enrol", "teller"} <= names
    office.close()
    laptop.close()


def test_demo_request_is_refused_by_a_real_office(tmp_path, clock):
    office = make_office(tmp_path / "office", clock)
    laptop = new_laptop(tmp_path / "laptop", clock, demo=True)
    req = enrol.request(laptop, PW, tmp_path / "demo.req")
    assert req.demo
    office.sign_in("admin", PW)
    with pytest.raises(DomainError) as e:
        enrol.accept(office, PW, req.path, ["P01"], tmp_path / "demo.resp")
    assert e.value.code == "enrol_demo_into_real"
    assert not (tmp_path / "demo.resp").exists()
    assert office.db.scalars(select(Device)).first() is None


def test_altered_request_and_foreign_response_are_refused(tmp_path, clock):
    office = make_office(tmp_path / "office", clock)
    laptop = new_laptop(tmp_path / "laptop", clock)
    other = new_laptop(tmp_path / "other", clock)
    req = enrol.request(laptop, PW, tmp_path / "a.req")
    enrol.request(other, PW, tmp_path / "other.req")
    doc = json.loads(req.path.read_text("utf-8"))
    doc["request"]["demo"] = True
    (tmp_path / "bad.req").write_text(json.dumps(doc), "utf-8")
    office.sign_in("admin", PW)
    with pytest.raises(DomainError) as e:
        enrol.accept(office, PW, tmp_path / "bad.req", ["P01"], tmp_path / "x.resp")
    assert e.value.code == "enrol_file_invalid"
    acc = enrol.accept(office, PW, req.path, ["P01"], tmp_path / "a.resp")
    with pytest.raises(DomainError) as e:   # a response for another laptop
        enrol.complete(other, "admin", PW, acc.path)
    assert e.value.code == "enrol_not_for_me"
    assert not other.origin
    with pytest.raises(DomainError) as e:   # unknown point
        enrol.accept(office, PW, req.path, ["P99"], tmp_path / "b.resp")
    assert e.value.code == "unknown_point"
    done = enrol.complete(laptop, "admin", PW, acc.path)
    assert laptop.origin == done.device_id
    with pytest.raises(DomainError) as e:
        enrol.complete(laptop, "admin", PW, acc.path)
    assert e.value.code == "already_enrolled"


def test_lease_moves_only_within_the_enrolled_scope(tmp_path, clock):
    office, laptop = pair(tmp_path, clock, ("P01",))
    second = new_laptop(tmp_path / "second", clock)
    _, acc2, _ = enrol_laptop(office, second, tmp_path, ("P01", "P02"), name="second")
    assert office.db.get(Point, "P01").lease_device_id == acc2.device_id
    office.sign_in("admin", PW)
    enrol.grant_lease(office, "P01", laptop.origin)
    assert office.db.get(Point, "P01").lease_device_id == laptop.origin
    with pytest.raises(DomainError) as e:
        enrol.grant_lease(office, "P02", laptop.origin)
    assert e.value.code == "point_not_in_scope"
    # The lease change reaches the laptop in its next bundle.
    result = imp(laptop, export(office, tmp_path, to=f"device:{laptop.origin}"))
    assert laptop.db.get(Point, "P01").lease_device_id == laptop.origin
    assert result["counts"]["applied"] >= 1

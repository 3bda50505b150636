"""A laptop on the previous release and an office on this one exchange bundles both ways, and
the reverse (docs/bundle-format.md §7: a new sbpdesk reads every older format; an operation
whose payload version the receiver does not know is stored `held` and applied after upgrade).

The old side is the previous release's own program: its stored books and the bundle its
laptop wrote (fixtures/releases/0003, made by 33e0ad2), and, where the old program must read
what this version writes, that release's code taken from git (`git archive`) and run in a
subprocess on this interpreter (old_release.py; decision 0065). A shallow clone lacks the
commit: those tests then skip and say so.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from sbpdesk.services import check, posting
from sbpdesk.services.books import open_book
from sbpdesk.sync import enrol, exchange
from tests.migrations.old_release import RELEASES, extract, history_available, run_old
from tests.migrations.test_release_books import RELEASE_DIR, release, unpack

REV = "0003"                 # the newest release with another schema than this one
COMMIT = RELEASES[REV][0]
PW = "demo"
DAY = dt.date(2026, 7, 1)
DEVICE = release(REV)["bundle"]["from"]      # the old laptop's enrolment


@pytest.fixture(scope="module")
def old_program(tmp_path_factory) -> Path:
    if not history_available(COMMIT):
        pytest.skip(f"release {COMMIT} not in this clone (shallow?): git fetch --unshallow")
    return extract(COMMIT, tmp_path_factory.mktemp("old") / "tree")


@pytest.fixture
def books(tmp_path) -> dict[str, Path]:
    """The old release's office and laptop books, as it left them."""
    for role in ("office", "point"):
        unpack(REV, role, tmp_path / role)
    return {"office": tmp_path / "office", "point": tmp_path / "point"}


def keys(book):
    return enrol.book_keys(book, "admin", PW)


def a_person_of_the_laptop(point_dir: Path) -> str:
    conn = sqlite3.connect(point_dir / "book.sqlite")
    try:
        return conn.execute("SELECT id FROM person ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def old_import(tree: Path, data_dir: Path, bundle: Path) -> dict:
    done = run_old(tree, "bundle", "import", "--data-dir", str(data_dir), str(bundle),
                   "--user", "admin", password=PW)
    return json.loads(done.stdout)


def old_export(tree: Path, data_dir: Path, to: str, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    done = run_old(tree, "bundle", "export", "--data-dir", str(data_dir), "--to", to,
                   "--out", str(out), "--user", "admin", password=PW)
    return out / json.loads(done.stdout)["bundle"].rsplit("/", 1)[-1]


def test_old_laptop_bundle_is_applied_by_the_new_office(books):
    made = release(REV)["bundle"]
    office = open_book(books["office"], user="admin", password=PW)
    try:
        result = exchange.import_bundle(office, keys(office),
                                        RELEASE_DIR / REV / "point-to-office.sbpbundle")
        assert result["counts"]["applied"] + result["counts"]["suspense"] == made["op_count"]
        assert result["counts"]["rejected"] == result["counts"]["held"] == 0
        assert check.check_book(office, replay=True).ok
    finally:
        office.close()


def test_new_office_bundle_reaches_the_old_laptop_newer_payload_held(books, old_program,
                                                                      monkeypatch, tmp_path):
    person = a_person_of_the_laptop(books["point"])
    office = open_book(books["office"], user="accountant", password=PW)
    try:
        with office.transaction():      # this version knows contact.update v2
            monkeypatch.setitem(posting.VERSIONS, "contact.update", 2)
            newer = posting.post(office, "contact.update", {
                "person_id": person, "fields": {"phone": "0912345678"}}, business_date=DAY)
            monkeypatch.setitem(posting.VERSIONS, "contact.update", 1)
            known = posting.post(office, "contact.update", {
                "person_id": person, "fields": {"address": "Thôn 5"}}, business_date=DAY)
        office.sign_in("admin", PW)
        down = exchange.export_bundle(office, keys(office), f"device:{DEVICE}",
                                      tmp_path / "usb").path
    finally:
        office.close()

    result = old_import(old_program, books["point"], down)       # the old laptop reads it
    outcomes = {op["op_id"]: op for op in result["ops"]}
    assert outcomes[newer.op_id]["outcome"] == "held"
    assert outcomes[newer.op_id]["reason"] == "kind_version"
    assert outcomes[known.op_id]["outcome"] == "applied"

    # The laptop is upgraded: this version migrates its book and applies the held row at
    # the next bundle from the office.
    monkeypatch.setitem(posting.VERSIONS, "contact.update", 2)
    office = open_book(books["office"], user="admin", password=PW)
    try:
        again = exchange.export_bundle(office, keys(office), f"device:{DEVICE}",
                                       tmp_path / "usb2").path
    finally:
        office.close()
    laptop = open_book(books["point"], user="admin", password=PW)
    try:
        exchange.import_bundle(laptop, keys(laptop), again)
        from sbpdesk.db.models import Operation
        row = laptop.db.get(Operation, newer.op_id)
        assert row.kind_version == 2 and row.outcome != "held"
        assert check.check_book(laptop, replay=True).ok
    finally:
        laptop.close()


def test_new_laptop_bundle_reaches_the_old_office(books, old_program, tmp_path):
    person = a_person_of_the_laptop(books["point"])
    laptop = open_book(books["point"], user="teller", password=PW)   # migrated here
    try:
        with laptop.transaction():
            mine = posting.post(laptop, "contact.update", {
                "person_id": person, "fields": {"phone": "0987000111"}}, business_date=DAY)
        laptop.sign_in("admin", PW)
        up = exchange.export_bundle(laptop, keys(laptop), "office", tmp_path / "usb").path
    finally:
        laptop.close()
    result = old_import(old_program, books["office"], up)          # the old office reads it
    outcomes = {op["op_id"]: op["outcome"] for op in result["ops"]}
    assert outcomes[mine.op_id] == "applied"
    assert result["counts"]["applied"] + result["counts"]["suspense"] \
        == release(REV)["bundle"]["op_count"] + 1
    assert result["counts"]["rejected"] == result["counts"]["held"] == 0


def test_old_office_bundle_is_applied_by_the_new_laptop(books, old_program, tmp_path):
    old_import(old_program, books["office"], RELEASE_DIR / REV / "point-to-office.sbpbundle")
    down = old_export(old_program, books["office"], f"device:{DEVICE}",
                      tmp_path / "usb")
    laptop = open_book(books["point"], user="admin", password=PW)   # migrated here
    try:
        result = exchange.import_bundle(laptop, keys(laptop), down)
        assert result["counts"]["rejected"] == result["counts"]["held"] == 0
        assert result["counts"]["fork"] == 0
        assert check.check_book(laptop, replay=True).ok
    finally:
        laptop.close()

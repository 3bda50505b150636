"""Bundles between a real laptop book and a real office book, through real files.

Round trip with a collection; every whole-bundle refusal (nothing changes); duplicate,
re-sent and out-of-order bundles; a phone number changed on both sides; a repayment for a
loan the office wrote off; a laptop book copied back from an old file (a fork).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile

import pytest
from sqlalchemy import select

from sbpdesk import paths
from sbpdesk.db.models import AccountSnapshot, Ack, BookSetting, Operation, Person
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import chain, journal, loans, posting, sessions
from sbpdesk.services.auth import Approval
from sbpdesk.services.books import open_book
from sbpdesk.services.context import User
from sbpdesk.sync import enrol, exchange, feed
from sbpdesk.sync.bundle import write_bundle
from sbpdesk.sync.errors import SyncError
from tests.conftest import PW, make_office
from tests.services.test_loans_collections import set_up_loan
from tests.sync.test_enrol import (  # noqa: F401  (fast_kdf is an autouse fixture)
    enrol_laptop,
    export,
    fast_kdf,
    imp,
    keys_of,
    new_laptop,
    pair,
)

D0 = dt.date(2026, 3, 15)     # disbursement at the office
D1 = dt.date(2026, 4, 15)     # the laptop's session at P01
INTEREST = 63_597             # 12.000.000 × 6,24 % × 31 / 365, half-up


def as_user(book, name, roles):
    book.user = User(name, name, frozenset(roles))


def on(book, day):
    book._clock = lambda: dt.datetime.combine(day, dt.time(3), dt.UTC)


def office_with_loan(tmp_path, clock, db_url=None):
    office = make_office(tmp_path / "office", clock, db_url=db_url)
    with office.transaction():
        group_id, household_id, person_id, loan_id = set_up_loan(office)
        as_user(office, "teller", ["teller"])
        posting.post(office, "loan.disburse", {"loan_id": loan_id, "amount": 12_000_000,
                                               "id_checked": True}, business_date=D0,
                     approved_by=Approval("controller", PW))
    office.end_read()
    return office, dict(group=group_id, household=household_id, person=person_id,
                        loan=loan_id)


def loan_pair(tmp_path, clock, db_url=None):
    office, ids = office_with_loan(tmp_path, clock, db_url)
    laptop = new_laptop(tmp_path / "laptop", clock)
    enrol_laptop(office, laptop, tmp_path)
    on(laptop, D1)
    on(office, D1)
    return office, laptop, ids


def open_session(laptop, day=D1):
    laptop.sign_in("teller", PW)
    sessions.open_session(laptop, "P01", day, controller="controller")
    return sessions.current_session(laptop, "P01")


def collect(laptop, ids, day=D1, interest=INTEREST, principal=0, savings=50_000):
    return posting.post(laptop, "collection.record", {
        "person_id": ids["person"], "loan_id": ids["loan"], "interest": interest,
        "principal": principal, "savings": savings}, business_date=day)


def dump(book):
    """Everything an import may change, as plain values."""
    ops = sorted((r.op_id, r.outcome, r.reason, r.feed_no)
                 for r in book.db.scalars(select(Operation)))
    snaps = sorted((s.account_kind, s.account_id, s.state)
                   for s in book.db.scalars(select(AccountSnapshot)))
    acks = sorted((a.peer, a.highest) for a in book.db.scalars(select(Ack)))
    settings = sorted((s.key, s.value) for s in book.db.scalars(select(BookSetting)))
    book.end_read()
    return ops, snaps, acks, settings


def loan_of(book, loan_id):
    state = loans.loan_state(book, loan_id)
    book.end_read()
    return state


def portfolio(book, point="P01", as_of=D1):
    from sbpdesk.reports import portfolio as report
    return report.portfolio(book, as_of=as_of, point=point)


# ---------------------------------------------------------------- round trip

def test_round_trip_with_a_collection(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    s = open_session(laptop)
    collect(laptop, ids)
    up = export(laptop, tmp_path, name="up1")
    result = imp(office, up)
    assert result["from"] == laptop.origin and result["bundle"] == up.name
    assert result["counts"] == {"applied": 2, "duplicate": 0, "suspense": 0, "rejected": 0,
                                "held": 0, "fork": 0}
    assert [o["outcome"] for o in result["ops"]] == ["applied", "applied"]
    assert loan_of(office, ids["loan"]).interest_paid == INTEREST
    assert sessions.expected_cash(office, s.id) == sessions.expected_cash(laptop, s.id) \
        == INTEREST + 50_000
    # Office → laptop: the office acknowledges seq 2; nothing else is new for P01.
    down = export(office, tmp_path, to="point:P01", name="down1")
    back = imp(laptop, down)
    assert back["ack"] == 2
    assert laptop.db.get(Ack, "PGD01").highest == 2
    # The laptop's next bundle carries nothing: its operations are acknowledged.
    again = exchange.export_bundle(laptop, keys_of(laptop, "teller"), "office", tmp_path)
    assert again.manifest.op_count == 0 and again.path.name.endswith(".sbpbundle")
    assert portfolio(laptop) == portfolio(office)
    assert loan_of(laptop, ids["loan"]) == loan_of(office, ids["loan"])


def test_office_counter_payment_reaches_the_laptop(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    as_user(office, "teller", ["teller"])
    collect(office, ids, day=dt.date(2026, 4, 10), interest=50_000, savings=0)
    result = imp(laptop, export(office, tmp_path, to=f"device:{laptop.origin}"))
    # The record that the enrolment pack was issued, and the payment.
    assert result["counts"]["applied"] == 2
    assert loan_of(laptop, ids["loan"]) == loan_of(office, ids["loan"])
    again = imp(laptop, export(office, tmp_path, to=f"device:{laptop.origin}", name="b"))
    # Until the laptop acknowledges, the office sends everything again: all duplicates.
    assert again["counts"]["applied"] == 0
    assert again["counts"]["duplicate"] == len(again["ops"]) >= 2


# ---------------------------------------------------------------- refusals

def test_every_whole_bundle_refusal_changes_nothing(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    collect(laptop, ids)
    good = export(laptop, tmp_path, name="good")
    before = dump(office)

    def refused(path, code, book=office):
        with pytest.raises(SyncError) as e:
            imp(book, path)
        assert e.value.code == code
        assert e.value.vi and e.value.en
        assert dump(office) == before

    # A flipped byte in the signature.
    with zipfile.ZipFile(good) as z:
        members = {n: z.read(n) for n in z.namelist()}
    bad = tmp_path / "badsig.sbpbundle"
    with zipfile.ZipFile(bad, "w") as z:
        for name, data in members.items():
            if name == "manifest.sig":
                data = bytes([data[0] ^ 1]) + data[1:]
            z.writestr(name, data)
    refused(bad, "bundle_signature_bad")
    # Truncated file (a pulled stick).
    cut = tmp_path / "cut.sbpbundle"
    cut.write_bytes(good.read_bytes()[:200])
    refused(cut, "bundle_unreadable")
    # Addressed to another book: the office's bundle for this laptop, imported at a second
    # laptop of the same office.
    other = new_laptop(tmp_path / "other", clock)
    enrol_laptop(office, other, tmp_path, ("P01",), name="other")
    before = dump(office)
    down = export(office, tmp_path, to=f"device:{laptop.origin}", name="down")
    other_before = dump(other)
    with pytest.raises(SyncError) as e:
        imp(other, down)
    assert e.value.code == "bundle_wrong_recipient" and dump(other) == other_before
    before = dump(office)
    # Unknown sender: a laptop of another office.
    office2 = make_office(tmp_path / "office2", clock)
    with pytest.raises(SyncError) as e:
        imp(office2, good)
    assert e.value.code == "bundle_sender_unknown"
    # Demo into real: a bundle flagged demo (written with the laptop's real keys).
    demo = write_bundle(tmp_path / "demo.sbpbundle", sender_keys=keys_of(laptop),
                        sender_id=laptop.origin, recipient_id="PGD01",
                        recipient_seal_pub=enrol.public_keys(office).seal_key, ops=[], ack=0,
                        demo=True, app_version="0", kinds={}, range=None)
    assert demo.demo
    refused(tmp_path / "demo.sbpbundle", "bundle_demo_into_real")
    # Revoked sender.
    office.sign_in("admin", PW)
    enrol.revoke_device(office, laptop.origin)
    before = dump(office)
    refused(good, "bundle_sender_revoked")


def test_ops_from_a_laptop_that_only_the_office_may_author_are_rejected(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    # A laptop book tampered to write an office decision (the write-off) in its own chain.
    with laptop.transaction():
        journal.append(laptop.db, laptop.origin, "loan.write_off",
                       {"loan_id": ids["loan"], "reason": "forged"}, D1, actor="teller")
    result = imp(office, export(laptop, tmp_path))
    assert result["counts"]["rejected"] == 1
    assert result["ops"][0]["reason"] == "office_only_kind"
    assert loan_of(office, ids["loan"]).status == "active"


# ---------------------------------------------------------------- duplicates and order

def test_duplicate_and_re_sent_bundles_change_nothing(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    collect(laptop, ids)
    b1 = export(laptop, tmp_path, name="b1")
    imp(office, b1)
    before = dump(office)
    again = imp(office, b1)
    # Until the laptop acknowledges, the office sends everything again: all duplicates.
    assert again["counts"]["applied"] == 0
    assert again["counts"]["duplicate"] == len(again["ops"]) >= 2
    assert dump(office) == before
    # The laptop has not heard back: its next bundle carries the first two again.
    collect(laptop, ids, interest=0, savings=20_000)
    b2 = export(laptop, tmp_path, name="b2")
    result = imp(office, b2)
    assert [o["outcome"] for o in result["ops"]] == ["duplicate", "duplicate", "applied"]
    assert loan_of(office, ids["loan"]) == loan_of(laptop, ids["loan"])
    down = export(office, tmp_path, to="point:P01", name="d")
    laptop_before = dump(laptop)
    imp(laptop, down)
    second = dump(laptop)
    assert second != laptop_before          # the acknowledgement is recorded once
    imp(laptop, down)
    assert dump(laptop) == second


def test_out_of_order_bundles_are_held_then_applied(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    collect(laptop, ids)
    b1 = export(laptop, tmp_path, name="b1")          # seq 1-2
    with laptop.transaction():                        # as if the office had acknowledged 2
        laptop.db.merge(Ack(peer="PGD01", highest=2))
    collect(laptop, ids, interest=0, savings=30_000)
    b2 = export(laptop, tmp_path, name="b2")          # seq 3 only
    first = imp(office, b2)
    assert first["counts"]["held"] == 1 and first["ops"][0]["reason"] == "gap"
    assert loan_of(office, ids["loan"]).interest_paid == 0
    second = imp(office, b1)
    assert second["counts"]["applied"] == 2
    assert [r["outcome"] for r in second["released"]] == ["applied"]
    assert loan_of(office, ids["loan"]) == loan_of(laptop, ids["loan"])
    assert chain.verify_chain(office.db) == []
    # Office → laptop out of order too: two disjoint spans imported in reverse.
    as_user(office, "teller", ["teller"])
    collect(office, ids, day=dt.date(2026, 4, 10), interest=0, savings=10_000)
    o1 = export(office, tmp_path, to="point:P01", name="o1")
    with office.transaction():
        office.db.merge(Ack(peer=laptop.origin, highest=feed.select_feed(
            office, laptop.origin, 0)[1]))
    collect(office, ids, day=dt.date(2026, 4, 11), interest=0, savings=20_000)
    o2 = export(office, tmp_path, to="point:P01", name="o2")
    late = imp(laptop, o2)
    assert late["counts"]["held"] == 1 and late["ops"][0]["reason"] == "feed_gap"
    early = imp(laptop, o1)
    assert early["counts"]["applied"] == 2      # the state.pack record and the payment
    held_id = late["ops"][0]["op_id"]
    assert journal.get(laptop.db, held_id).outcome == "applied"
    assert loan_of(laptop, ids["loan"]) == loan_of(office, ids["loan"])
    assert exchange.feed_cursor(laptop) == feed.select_feed(office, laptop.origin, 0)[1]


# ---------------------------------------------------------------- conflicts

def test_point_and_office_change_the_same_phone(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    laptop.sign_in("teller", PW)
    as_user(office, "accountant", ["accountant"])
    # Different dates: the later business date wins, whatever the arrival order.
    posting.post(laptop, "contact.update", {"person_id": ids["person"],
                                            "fields": {"phone": "0912000001"}},
                 business_date=D1)
    posting.post(office, "contact.update", {"person_id": ids["person"],
                                            "fields": {"phone": "0912000002"}},
                 business_date=dt.date(2026, 4, 14))
    imp(office, export(laptop, tmp_path, name="u"))
    imp(laptop, export(office, tmp_path, to="point:P01", name="d"))
    for book in (office, laptop):
        assert book.db.get(Person, ids["person"]).phone == "0912000001"
        values = sorted(from_json(r.payload)["fields"]["phone"] for r in book.db.scalars(
            select(Operation).where(Operation.kind == "contact.update")))
        assert values == ["0912000001", "0912000002"]   # the journal keeps both
        book.end_read()
    # Same date: canonical order (origin, then seq) decides, identically on both sides.
    posting.post(laptop, "contact.update", {"person_id": ids["person"],
                                            "fields": {"phone": "0912000003"}},
                 business_date=D1)
    posting.post(office, "contact.update", {"person_id": ids["person"],
                                            "fields": {"phone": "0912000004"}},
                 business_date=D1)
    imp(office, export(laptop, tmp_path, name="u2"))
    imp(laptop, export(office, tmp_path, to="point:P01", name="d2"))
    winner = "0912000004" if laptop.origin < "PGD01" else "0912000003"
    assert office.db.get(Person, ids["person"]).phone == winner
    assert laptop.db.get(Person, ids["person"]).phone == winner


def test_repayment_for_a_written_off_loan_goes_to_suspense(tmp_path, clock):
    from sbpdesk.sync import review
    office, laptop, ids = loan_pair(tmp_path, clock)
    as_user(office, "director", ["director"])
    posting.post(office, "loan.write_off", {"loan_id": ids["loan"], "reason": "thiên tai"},
                 business_date=dt.date(2026, 4, 10))
    s = open_session(laptop)             # the laptop has not heard of the write-off
    collect(laptop, ids, principal=1_000_000, savings=0)
    result = imp(office, export(laptop, tmp_path))
    assert [o["outcome"] for o in result["ops"]] == ["applied", "suspense"]
    state = loan_of(office, ids["loan"])
    assert state.status == "written_off" and state.suspense == INTEREST + 1_000_000
    # The session's cash still balances at the office: the cash is a fact.
    assert sessions.expected_cash(office, s.id) == sessions.expected_cash(laptop, s.id) \
        == INTEREST + 1_000_000
    listed = review.review_list(office)
    assert listed["suspense"] == [{"household_id": ids["household"],
                                   "total": INTEREST + 1_000_000,
                                   "accounts": [{"account_kind": "loan",
                                                 "account_id": ids["loan"],
                                                 "point_code": "P01",
                                                 "suspense": INTEREST + 1_000_000}]}]
    # The laptop learns of the write-off: an earlier-dated decision replays its account.
    imp(laptop, export(office, tmp_path, to="point:P01", name="d"))
    assert loan_of(laptop, ids["loan"]) == loan_of(office, ids["loan"])
    # Review resolves it as a recovery of the written-off loan.
    as_user(office, "accountant", ["accountant"])
    review.resolve(office, ids["loan"], INTEREST + 1_000_000, "recovery")
    assert review.review_list(office)["suspense"] == []


def test_a_laptop_book_copied_back_is_a_fork(tmp_path, clock):
    from sbpdesk.sync import review
    office, laptop, ids = loan_pair(tmp_path, clock)
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    with sqlite3.connect(paths.book_path(laptop.data_dir)) as a, \
            sqlite3.connect(paths.book_path(copy_dir)) as b:
        a.backup(b)                      # an old copy of the laptop's book
    open_session(laptop)
    collect(laptop, ids)
    first = imp(office, export(laptop, tmp_path, name="real"))
    assert first["counts"]["applied"] == 2
    copy = open_book(copy_dir, clock=lambda: dt.datetime(2026, 4, 15, 3, tzinfo=dt.UTC))
    # The copy learns from the office that the office holds more of its operations: salvage.
    seen = imp(copy, export(office, tmp_path, to=f"device:{laptop.origin}", name="down"))
    assert seen.get("salvage") is True
    with pytest.raises(DomainError) as refused:                 # salvage mode is read-only
        open_session(copy)
    assert refused.value.code == "salvage_mode"
    with copy.transaction():   # what an old copy records before it hears from the office
        copy.set_setting("sync.salvage", "0")
    open_session(copy)
    collect(copy, ids, interest=INTEREST, savings=10_000)
    with copy.transaction():
        copy.db.merge(Ack(peer="PGD01", highest=0))  # a copy taken before the acknowledgement
    before = loan_of(office, ids["loan"])
    forked = imp(office, export(copy, tmp_path, name="copy"))
    assert forked["counts"]["fork"] == 2 and forked["counts"]["applied"] == 0
    assert loan_of(office, ids["loan"]) == before                 # nothing applied twice
    # The origin is frozen: even the real laptop's new operations wait for review.
    collect(laptop, ids, interest=0, savings=5_000)
    later = imp(office, export(laptop, tmp_path, name="real2"))
    assert [o["outcome"] for o in later["ops"]] == ["duplicate", "duplicate", "fork"]
    assert later["ops"][2]["reason"] == "origin_frozen"
    forks = review.review_list(office)["forks"]
    assert [(f["origin"], f["count"]) for f in forks] == [(laptop.origin, 3)]
    assert chain.verify_chain(office.db) == []


def test_a_newer_payload_version_is_held_then_applied_after_an_upgrade(tmp_path, clock,
                                                                       monkeypatch):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    monkeypatch.setitem(posting.VERSIONS, "collection.record", 2)   # a newer laptop program
    collect(laptop, ids)
    up = export(laptop, tmp_path, name="up1")
    monkeypatch.setitem(posting.VERSIONS, "collection.record", 1)   # the office, not yet
    result = imp(office, up)
    held = [o for o in result["ops"] if o["outcome"] == "held"]
    assert [o["reason"] for o in held] == ["kind_version"]
    assert loan_of(office, ids["loan"]).interest_paid == 0
    monkeypatch.setitem(posting.VERSIONS, "collection.record", 2)   # the office upgraded
    later = imp(office, export(laptop, tmp_path, name="up2"))
    assert [o["outcome"] for o in later["released"]] == ["applied"]
    assert loan_of(office, ids["loan"]).interest_paid == INTEREST

"""The office's verdict on a laptop's own operations travels back in the office's bundle
(decision 0022): real books, real bundles.

A repayment on a loan the office wrote off comes back as suspense with its reason; a forged
office-only kind comes back rejected; an operation held for a gap comes back held, then
applied; a copied-back book's forks come back as forks; importing again, or an older office
bundle after a newer one, changes nothing. The bundle layer keeps the verdicts sealed and
checks their shape.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile

import pytest
from sqlalchemy import select

from sbpdesk import paths
from sbpdesk.db.models import Ack
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.services import journal, posting, sync_status
from sbpdesk.services.books import open_book
from sbpdesk.sync import bundle as bundle_mod
from sbpdesk.sync import exchange
from sbpdesk.sync.errors import SyncError
from sbpdesk.sync.keys import generate_keys
from tests.sync.test_bundle import H, read, write
from tests.sync.test_enrol import fast_kdf, keys_of  # noqa: F401  (autouse fixture)
from tests.sync.test_exchange import (
    D1,
    INTEREST,
    as_user,
    collect,
    dump,
    export,
    imp,
    loan_pair,
    open_session,
)


@pytest.fixture(scope="module")
def laptop_keys():
    return generate_keys()


@pytest.fixture(scope="module")
def office_keys():
    return generate_keys()


def own(laptop):
    """{seq: (kind, status, reason, office_outcome, local outcome)} of the laptop's list."""
    return {o.seq: (o.kind, o.status, o.reason, o.office_outcome, o.outcome)
            for o in sync_status.own_operations(laptop)}


def down(office, laptop, tmp_path, name):
    return export(office, tmp_path, to=f"device:{laptop.origin}", name=name)


# ---------------------------------------------------------------- real books

def test_repayment_on_a_written_off_loan_comes_back_as_suspense(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    as_user(office, "director", ["director"])
    posting.post(office, "loan.write_off", {"loan_id": ids["loan"], "reason": "thiên tai"},
                 business_date=dt.date(2026, 4, 10))
    open_session(laptop)                 # the laptop has not heard of the write-off
    collect(laptop, ids, principal=1_000_000, savings=0)
    assert {s for _, s, *_ in own(laptop).values()} == {"waiting"}
    up = imp(office, export(laptop, tmp_path))
    assert [o["outcome"] for o in up["ops"]] == ["applied", "suspense"]
    collection_id = up["ops"][1]["op_id"]

    path = down(office, laptop, tmp_path, "d1")
    # Sealed: neither the reason nor the operation's id is readable on the stick.
    raw = path.read_bytes()
    assert b"loan_written_off" not in raw and collection_id.encode() not in raw
    assert "verdicts" not in exchange.inspect(path)
    back = imp(laptop, path)
    assert back["verdicts"] == [{"op_id": collection_id, "outcome": "suspense",
                                 "reason": "loan_written_off"}]
    listed = own(laptop)
    assert listed[1] == ("session.open", "acknowledged", None, "applied", "applied")
    kind, status, reason, office_outcome, _ = listed[2]
    assert (kind, status, reason, office_outcome) == (
        "collection.record", "suspense", "loan_written_off", "suspense")
    # The acknowledgement and the verdicts arrived together.
    assert laptop.db.get(Ack, "PGD01").highest == 2
    laptop.end_read()

    # Importing the same bundle again changes nothing, the list included.
    before = dump(laptop), listed
    again = imp(laptop, path)
    assert again["verdicts"] == back["verdicts"]
    assert (dump(laptop), own(laptop)) == before

    # Review resolves the suspense: the office's verdict on the row stays "suspense" (the cash
    # went there), and a later bundle says so again.
    from sbpdesk.sync import review
    as_user(office, "accountant", ["accountant"])
    review.resolve(office, ids["loan"], INTEREST + 1_000_000, "recovery")
    imp(laptop, down(office, laptop, tmp_path, "d2"))
    assert own(laptop)[2][1:4] == ("suspense", "loan_written_off", "suspense")


def test_forged_office_only_kind_comes_back_rejected(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    laptop.sign_in("teller", "demo")
    with laptop.transaction():   # a tampered laptop book writes an office decision
        journal.append(laptop.db, laptop.origin, "loan.write_off",
                       {"loan_id": ids["loan"], "reason": "forged"}, D1, actor="teller")
    posting.post(laptop, "contact.update", {"person_id": ids["person"],
                                            "fields": {"phone": "0912000001"}},
                 business_date=D1)
    up = imp(office, export(laptop, tmp_path))
    assert [o["outcome"] for o in up["ops"]] == ["rejected", "applied"]
    back = imp(laptop, down(office, laptop, tmp_path, "d"))
    assert back["verdicts"] == [{"op_id": up["ops"][0]["op_id"], "outcome": "rejected",
                                 "reason": "office_only_kind"}]
    listed = own(laptop)
    assert listed[1] == ("loan.write_off", "rejected", "office_only_kind", "rejected",
                         "applied")               # stored here as written; the office refused
    assert listed[2][:4] == ("contact.update", "acknowledged", None, "applied")


def test_held_for_a_gap_then_applied_and_an_older_bundle_changes_nothing(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    collect(laptop, ids)
    b1 = export(laptop, tmp_path, name="b1")          # seq 1-2
    with laptop.transaction():                        # as if the office had acknowledged 2
        laptop.db.merge(Ack(peer="PGD01", highest=2))
    collect(laptop, ids, interest=0, savings=30_000)
    b2 = export(laptop, tmp_path, name="b2")          # seq 3 only
    assert imp(office, b2)["ops"][0]["reason"] == "gap"
    early = down(office, laptop, tmp_path, "o1")
    first = imp(laptop, early)
    assert [v["reason"] for v in first["verdicts"]] == ["gap"]
    listed = own(laptop)
    assert listed[3][1:4] == ("held", "gap", "held")
    assert listed[1][3] is None and listed[2][3] is None   # the office holds none of them
    # seq 1-2 arrive: the office applies the three; its next bundle says so.
    imp(office, b1)
    late = down(office, laptop, tmp_path, "o2")
    assert imp(laptop, late)["verdicts"] == []
    assert {seq: s for seq, (_, s, _, _, _) in own(laptop).items()} == dict.fromkeys(
        (1, 2, 3), "acknowledged")
    # The older office bundle, imported afterwards, does not bring "held" back.
    before = dump(laptop), own(laptop)
    stale = imp(laptop, early)
    assert stale["verdicts"] is None
    assert (dump(laptop), own(laptop)) == before


def test_a_copied_back_book_learns_of_its_forks(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    with sqlite3.connect(paths.book_path(laptop.data_dir)) as a, \
            sqlite3.connect(paths.book_path(copy_dir)) as b:
        a.backup(b)                      # an old copy of the laptop's book
    open_session(laptop)
    collect(laptop, ids)
    imp(office, export(laptop, tmp_path, name="real"))
    copy = open_book(copy_dir, clock=lambda: dt.datetime(2026, 4, 15, 3, tzinfo=dt.UTC))
    open_session(copy)
    collect(copy, ids, interest=INTEREST, savings=10_000)
    assert imp(office, export(copy, tmp_path, name="copy"))["counts"]["fork"] == 2
    collect(laptop, ids, interest=0, savings=5_000)
    assert imp(office, export(laptop, tmp_path, name="real2"))["ops"][2]["reason"] \
        == "origin_frozen"
    # The real laptop: seq 1-2 applied, seq 3 a fork (the origin is frozen). The copy's
    # forked envelopes share seq 1-2 but not their hashes: they are not the real laptop's.
    imp(laptop, down(office, laptop, tmp_path, "d"))
    listed = own(laptop)
    assert [listed[s][1:4] for s in (1, 2, 3)] == [
        ("acknowledged", None, "applied"), ("acknowledged", None, "applied"),
        ("fork", "origin_frozen", "fork")]
    # The copy: its own seq 1-2 are the forks; the range statement does not speak of them
    # (its row at seq 2 is not the one the office holds).
    with copy.transaction():
        copy.set_setting("sync.salvage", "0")
    imp(copy, down(office, laptop, tmp_path, "d2"))
    assert [s[1:4] for s in own(copy).values()] == [("fork", "seq_taken", "fork")] * 2


# ---------------------------------------------------------------- the bundle layer

def statement(ack_hash=H, ops=()):
    return {"as_of": 7, "ack_hash": ack_hash, "ops": list(ops)}


def verdict(seq, outcome="suspense", reason="loan_written_off", op_id=None):
    return {"op_id": op_id or f"op-{seq}", "seq": seq, "hash": H, "outcome": outcome,
            "reason": reason}


def test_verdicts_are_sealed_and_not_operations(tmp_path, laptop_keys, office_keys):
    v = statement(ops=[verdict(3), verdict(9, "rejected", "office_only_kind")])
    path = write(tmp_path, laptop_keys, office_keys, verdicts=v)
    opened = read(path, laptop_keys, office_keys)
    assert opened.verdicts == v
    assert len(opened.ops) == opened.manifest.op_count == 6
    with zipfile.ZipFile(path) as z:
        clear = z.read("manifest.json") + z.read("manifest.sig")
    assert b"office_only_kind" not in path.read_bytes() and b"verdicts" not in clear
    # An empty office bundle still carries the statement (range null, op_count 0).
    (tmp_path / "e").mkdir()
    empty = write(tmp_path / "e", laptop_keys, office_keys, ops=[], range=None, ack=0,
                  verdicts=statement(ack_hash=None))
    got = read(empty, laptop_keys, office_keys)
    assert got.ops == [] and got.verdicts == statement(ack_hash=None)
    # Without verdicts, nothing changes: the bundle reads as before.
    plain = write(tmp_path / "e", laptop_keys, office_keys, ops=[], range=None, ack=0)
    assert read(plain, laptop_keys, office_keys).verdicts is None


@pytest.mark.parametrize("bad", [
    statement(ack_hash=None),                               # ack 1207 needs its hash
    {"as_of": 7, "ops": []},                                # a field missing
    {**statement(), "extra": 1},
    statement(ops=[verdict(3, outcome="applied")]),         # applied is the default
    statement(ops=[verdict(3, reason=5)]),
    statement(ops=[{**verdict(3), "hash": "XY"}]),
    statement(ops=[verdict(9), verdict(3)]),                # not in seq order
    statement(ops=[verdict(3), verdict(4, op_id="op-3")]),  # the same (op_id, hash) twice
])
def test_malformed_verdicts_are_a_programming_error(tmp_path, laptop_keys, office_keys, bad):
    with pytest.raises(ValueError):
        write(tmp_path, laptop_keys, office_keys, verdicts=bad)


def test_a_verdicts_line_anywhere_but_last_is_unreadable(tmp_path, laptop_keys, office_keys,
                                                         monkeypatch):
    line = b'{"verdicts":{"ack_hash":"' + H.encode() + b'","as_of":1,"ops":[]}}\n'
    real = bundle_mod._ops_bytes
    monkeypatch.setattr(bundle_mod, "_ops_bytes", lambda ops: line + real(ops[1:]))
    path = write(tmp_path, laptop_keys, office_keys)
    monkeypatch.undo()
    with pytest.raises(SyncError) as e:
        read(path, laptop_keys, office_keys)
    assert e.value.code == "bundle_ops_unreadable"


def test_the_office_ignores_verdicts_a_laptop_might_send(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    from sbpdesk.sync import enrol
    write_args = dict(sender_keys=keys_of(laptop), sender_id=laptop.origin,
                      recipient_id="PGD01", recipient_seal_pub=enrol.public_keys(office).seal_key,
                      ops=[], ack=0, demo=False, app_version="0", kinds={}, range=None,
                      verdicts=statement(ack_hash=None, ops=[verdict(1)]))
    path = tmp_path / "odd.sbpbundle"
    bundle_mod.write_bundle(path, **write_args)
    before = dump(office)
    result = imp(office, path)
    assert result["ops"] == [] and "verdicts" not in result
    after = dump(office)
    assert after[0] == before[0] and after[1] == before[1]
    rows = office.db.scalars(select(OperationRow).where(
        OperationRow.office_outcome.is_not(None))).all()
    office.end_read()
    assert rows == []

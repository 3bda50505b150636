"""A signed bundle from a tampered laptop carrying values no decide would accept: the office
rejects that one operation with a reason and applies the rest; nothing raises."""
from __future__ import annotations

import pytest

from sbpdesk.services import journal
from sbpdesk.sync import enrol
from sbpdesk.sync.bundle import write_bundle
from tests.sync.test_enrol import fast_kdf, imp, keys_of  # noqa: F401 - autouse fixture
from tests.sync.test_exchange import D1, collect, loan_of, loan_pair, open_session


def tampered(laptop, kind, payload):
    """An operation appended straight to the laptop's journal: signed and chained as any
    other, but never decided (a stolen laptop whose database was edited)."""
    with laptop.transaction():
        journal.append(laptop.db, laptop.origin, kind, payload, D1, actor="teller")


BAD_INTEREST = [2 ** 70, 2 ** 63, 9 * 10 ** 15, -5, "abc", "100", {"a": 1}, True, None, [1]]


@pytest.mark.parametrize("bad", BAD_INTEREST, ids=repr)
def test_one_bad_value_rejects_that_operation_only(tmp_path, clock, bad):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    collect(laptop, ids)
    tampered(laptop, "collection.record", {"person_id": ids["person"], "loan_id": ids["loan"],
                                           "interest": bad, "principal": 0, "savings": 0})
    collect(laptop, ids, interest=0, savings=10_000)  # after it: must still be applied
    from tests.sync.test_enrol import export
    result = imp(office, export(laptop, tmp_path))
    outcomes = [(o["outcome"], o["reason"]) for o in result["ops"]]
    assert outcomes[-2] == ("rejected", "bad_field:interest"), outcomes
    assert [o for o, _ in outcomes[:-2]] == ["applied"] * (len(outcomes) - 2)
    assert outcomes[-1][0] in ("applied", "suspense")
    assert loan_of(office, ids["loan"]).status == "active"


@pytest.mark.parametrize("field,value", [
    ("full_name", "x" * 10_000_000), ("full_name", "Nguy\u200bễn"),
    ("full_name", "\u202eTrần"), ("birth_date", "0001-01-01"), ("birth_date", "31/12/1990"),
    ("is_representative", "no")])
def test_hostile_person_fields_are_rejected(tmp_path, clock, field, value):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    payload = {"person_id": "p-new", "household_id": ids["household"],
               "full_name": "Lê Thị Mai", "id_number": "046190012345",
               "birth_date": "1990-01-01", "sex": "F", "ethnicity": "Kinh",
               "relation": "con", "phone": None, "is_representative": False, field: value}
    tampered(laptop, "person.register", payload)
    from tests.sync.test_enrol import export
    result = imp(office, export(laptop, tmp_path))
    assert (result["ops"][-1]["outcome"], result["ops"][-1]["reason"]) == (
        "rejected", f"bad_field:{field}")


def test_an_envelope_number_beyond_64_bits_is_rejected_not_a_crash(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    collect(laptop, ids)
    rows = [journal.to_entry(r).envelope() for r in laptop.db.scalars(
        journal.select(journal.OperationRow).where(
            journal.OperationRow.origin == laptop.origin).order_by(journal.OperationRow.seq))]
    laptop.end_read()
    forged = dict(rows[-1], seq=2 ** 64, kind_version=2 ** 70)
    forged["hash"] = journal.compute_hash(forged)
    ops = [*rows, forged]
    path = tmp_path / "forged.sbpbundle"
    write_bundle(path, sender_keys=keys_of(laptop), sender_id=laptop.origin,
                 recipient_id="PGD01", recipient_seal_pub=enrol.public_keys(office).seal_key,
                 ops=ops, ack=0, demo=False, app_version="0", kinds={},
                 range=(1, 2 ** 62))
    result = imp(office, path)
    assert result["ops"][-1]["outcome"] == "rejected"
    assert result["ops"][-1]["reason"].startswith("bad_field:")
    assert result["counts"]["applied"] + result["counts"]["suspense"] == len(rows)

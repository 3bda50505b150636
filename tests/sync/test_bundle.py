"""Bundles as real files: round trip, every refusal, atomic writing, nothing personal in clear."""
from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import pytest

from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.sync import bundle as bundle_mod
from sbpdesk.sync.bundle import (
    MANIFEST,
    MEMBERS,
    OPS,
    SIGNATURE,
    SenderInfo,
    bundle_file_name,
    inspect_bundle,
    money_totals,
    read_bundle,
    write_bundle,
)
from sbpdesk.sync.errors import MESSAGES, SyncError
from sbpdesk.sync.keys import generate_keys

LAPTOP, OFFICE = "0192f3a4-laptop-7", "PGD-HUONGTRA"
NAME, ID_NUMBER, PHONE = "Nguyễn Thị Hoà", "046190012345", "0912345678"
H = "ab" * 32


@pytest.fixture(scope="module")
def laptop():
    return generate_keys()


@pytest.fixture(scope="module")
def office():
    return generate_keys()


def envelope(seq: int, kind: str, payload: dict) -> dict:
    return {"op_id": f"0192f3a4-0000-7000-8000-{seq:012d}", "origin": LAPTOP, "seq": seq,
            "kind": kind, "kind_version": 1, "payload": payload, "business_date": "2026-03-10",
            "session_id": "0192f3a4-aaaa-7000-8000-000000000001", "actor": "teller1",
            "approved_by": None, "rules_version": "2026.1",
            "recorded_at": "2026-03-10T02:15:00Z", "prev_hash": H, "hash": H}


def sample_ops() -> list[dict]:
    return [
        envelope(41, "session.open", {"session_id": "s1", "point_code": "HT01",
                                      "teller": "teller1", "controller": "ctl1",
                                      "opening_cash": 5_000_000}),
        envelope(42, "person.register", {"person_id": "p1", "household_id": "h1",
                                         "full_name": NAME, "id_number": ID_NUMBER,
                                         "birth_date": "1990-01-01", "sex": "F",
                                         "ethnicity": "Kinh", "relation": "chủ hộ",
                                         "phone": PHONE, "is_representative": True}),
        envelope(43, "collection.record", {"loan_id": "l1", "savings_account_id": "s1",
                                           "person_id": "p1", "group_id": "g1",
                                           "interest": 215_000, "principal": 1_000_000,
                                           "savings": 50_000, "from_savings": 0,
                                           "bl_no": None, "overpay_confirmed": False}),
        envelope(44, "collection.record", {"loan_id": "l2", "savings_account_id": None,
                                           "person_id": "p2", "group_id": "g1",
                                           "interest": 98_500, "principal": 0,
                                           "savings": 0, "from_savings": 300_000,
                                           "bl_no": "0001234", "overpay_confirmed": False}),
        envelope(45, "loan.disburse", {"loan_id": "l3", "amount": 50_000_000, "tranche": 1,
                                       "id_checked": True}),
        envelope(46, "session.cash_difference", {"session_id": "s1", "amount": -2_000,
                                                 "reason": "thiếu", "group_id": None}),
    ]


def write(folder: Path, keys, office_keys, **over) -> Path:
    args = {"sender_keys": keys, "sender_id": LAPTOP, "recipient_id": OFFICE,
            "recipient_seal_pub": office_keys.seal_pub_text, "ops": sample_ops(), "ack": 1207,
            "demo": False, "app_version": "0.1.0",
            "kinds": {"collection.record": [1], "loan.disburse": [1]}, "range": (41, 46),
            "created_at": dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)}
    args.update(over)
    manifest = write_bundle(folder, **args)
    return folder / manifest.file_name


def read(path: Path, laptop_keys, office_keys, **over):
    senders = {LAPTOP: SenderInfo(laptop_keys.sign_pub_text)}
    args = {"my_id": OFFICE, "my_seal_priv": office_keys.seal_priv,
            "known_senders": senders.get, "accept_demo": False}
    args.update(over)
    return read_bundle(path, **args)


def refused(path: Path, laptop_keys, office_keys, **over) -> str:
    with pytest.raises(SyncError) as e:
        read(path, laptop_keys, office_keys, **over)
    assert isinstance(e.value, DomainError) and e.value.vi and e.value.en
    return e.value.code


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def rezip(path: Path, content: dict[str, bytes] | list[tuple[str, bytes]]) -> None:
    """Rewrite the ZIP with valid CRCs, as someone tampering on purpose would."""
    items = content.items() if isinstance(content, dict) else content
    with zipfile.ZipFile(path, "w") as z:
        for name, data in items:
            z.writestr(name, data)


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def resign(m: dict[str, bytes], keys, manifest: dict) -> dict[str, bytes]:
    data = canonical_json(manifest)
    return {**m, MANIFEST: data, SIGNATURE: keys.sign_priv.sign(data)}


# ---------------------------------------------------------------- round trip

def test_round_trip(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    assert path.name == f"{LAPTOP}-to-{OFFICE}-41-46.sbpbundle"
    opened = read(path, laptop, office)
    assert opened.ops == [from_json(canonical_json(op)) for op in sample_ops()]
    m = opened.manifest
    assert (m.sender, m.recipient, m.range, m.op_count, m.ack, m.demo) \
        == (LAPTOP, OFFICE, (41, 46), 6, 1207, False)
    assert m.created_at == "2026-03-10T09:30:00Z"
    assert m.totals == {
        "session.cash_difference": {"amount": -2_000},
        "collection.record": {"interest": 313_500, "principal": 1_000_000,
                              "savings": 50_000, "from_savings": 300_000},
        "loan.disburse": {"amount": 50_000_000},
    }
    assert sorted(members(path)) == sorted(MEMBERS)


def test_reading_again_gives_the_same_ops(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    first, second = read(path, laptop, office), read(path, laptop, office)
    assert first.ops == second.ops
    assert first.manifest == second.manifest
    assert first.manifest_sha256 == second.manifest_sha256


def test_empty_bundle_carries_only_the_acknowledgement(tmp_path, laptop, office):
    path = write(tmp_path, office, laptop, sender_id=OFFICE, recipient_id=LAPTOP,
                 recipient_seal_pub=laptop.seal_pub, ops=[], range=None, ack=46)
    assert path.name == f"{OFFICE}-to-{LAPTOP}-ack-46.sbpbundle"
    opened = read(path, office, laptop, my_id=LAPTOP,
                  known_senders={OFFICE: SenderInfo(office.sign_pub)}.get)
    assert (opened.ops, opened.manifest.op_count, opened.manifest.totals) == ([], 0, {})


def test_write_to_an_explicit_file_name(tmp_path, laptop, office):
    target = tmp_path / "gui-chose-this.sbpbundle"
    manifest = write_bundle(target, sender_keys=laptop, sender_id=LAPTOP, recipient_id=OFFICE,
                            recipient_seal_pub=office.seal_pub, ops=sample_ops(), ack=0,
                            demo=False, app_version="0.1.0", kinds={}, range=(41, 46))
    assert target.exists() and manifest.op_count == 6
    assert read(target, laptop, office).ops[0]["seq"] == 41


def test_every_bundle_is_sealed_afresh(tmp_path, laptop, office):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ma = inspect_bundle(write(tmp_path / "a", laptop, office))
    mb = inspect_bundle(write(tmp_path / "b", laptop, office))
    assert ma["plaintext_sha256"] == mb["plaintext_sha256"]
    assert ma["seal"] != mb["seal"] and ma["payload_sha256"] != mb["payload_sha256"]


def test_inspect_returns_the_clear_manifest(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    shown = inspect_bundle(path)
    assert shown == read(path, laptop, office).manifest.to_dict()
    assert shown["format"] == "sbpdesk-bundle" and shown["format_version"] == 1
    assert set(shown) == {"format", "format_version", "app_version", "kinds", "from", "to",
                          "range", "op_count", "totals", "ack", "demo", "created_at", "seal",
                          "plaintext_sha256", "payload_sha256"}


def test_no_personal_data_in_clear(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    clear = members(path)[MANIFEST]
    whole = path.read_bytes()
    for secret in (NAME, "Nguyễn", ID_NUMBER, PHONE, "Kinh"):
        assert secret.encode() not in clear
        assert secret.encode() not in whole
    assert NAME in [op["payload"].get("full_name") for op in read(path, laptop, office).ops]


def test_demo_bundle_opens_in_a_demo_book(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office, demo=True)
    assert read(path, laptop, office, accept_demo=True).manifest.demo is True


# ---------------------------------------------------------------- refusals: the file

def test_a_folder_that_does_not_exist_yet_is_made_and_gets_the_standard_name(
        tmp_path, laptop, office):
    path = write(tmp_path / "usb" / "sbpdesk", laptop, office)   # as `--out /media/usb/x`
    assert path.parent.is_dir() and path.name.endswith(".sbpbundle")
    assert read(path, laptop, office).manifest.op_count == len(sample_ops())
    named = tmp_path / "chosen.sbpbundle"      # a path ending in the suffix is the file
    manifest = write_bundle(named, sender_keys=laptop, sender_id=LAPTOP, recipient_id=OFFICE,
                            recipient_seal_pub=office.seal_pub_text, ops=sample_ops(),
                            ack=1, demo=False, app_version="0.1.0", kinds={}, range=(41, 46))
    assert named.is_file() and manifest.op_count == len(sample_ops())


def test_a_missing_file_is_said_to_be_missing(tmp_path, laptop, office):
    path = tmp_path / "nowhere" / "x.sbpbundle"
    assert refused(path, laptop, office) == "bundle_not_found"
    with pytest.raises(SyncError) as err:
        inspect_bundle(path)
    assert err.value.code == "bundle_not_found" and str(path) in err.value.en


def test_not_a_zip(tmp_path, laptop, office):
    path = tmp_path / "x.sbpbundle"
    path.write_text("hello")
    assert refused(path, laptop, office) == "bundle_unreadable"


@pytest.mark.parametrize("keep", [0, 1, 30, 200, 0.5, -22, -1])
def test_truncated_file_from_a_pulled_stick(tmp_path, laptop, office, keep):
    path = write(tmp_path, laptop, office)
    data = path.read_bytes()
    cut = int(len(data) * keep) if isinstance(keep, float) else keep % len(data)
    path.write_bytes(data[:cut])
    assert refused(path, laptop, office) == "bundle_unreadable"
    with pytest.raises(SyncError):
        inspect_bundle(path)


def test_a_flipped_byte_on_the_stick_is_caught_by_the_zip_crc(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    data = path.read_bytes()
    at = data.index(members(path)[OPS]) + 100
    path.write_bytes(flip(data, at))
    assert refused(path, laptop, office) == "bundle_unreadable"


def test_missing_member(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    m = members(path)
    del m[SIGNATURE]
    rezip(path, m)
    assert refused(path, laptop, office) == "bundle_members"


def test_extra_member(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    rezip(path, {**members(path), "readme.txt": b"hi"})
    assert refused(path, laptop, office) == "bundle_members"


def test_duplicate_member(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    m = members(path)
    with pytest.warns(UserWarning):  # zipfile warns about the duplicate name
        rezip(path, [*m.items(), (OPS, m[OPS])])
    assert refused(path, laptop, office) == "bundle_members"


# ---------------------------------------------------------------- refusals: the manifest

def test_manifest_that_is_not_json(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    rezip(path, {**members(path), MANIFEST: b"{not json"})
    assert refused(path, laptop, office) == "bundle_manifest_invalid"


def test_unknown_format_version(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    m = members(path)
    rezip(path, resign(m, laptop, {**from_json(m[MANIFEST]), "format_version": 2}))
    assert refused(path, laptop, office) == "bundle_format_unknown"
    err = pytest.raises(SyncError, read, path, laptop, office).value
    assert "2" in err.vi and "2" in err.en


def test_unknown_sender(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    assert refused(path, laptop, office, known_senders=lambda sender: None) \
        == "bundle_sender_unknown"


def test_revoked_sender(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    senders = {LAPTOP: SenderInfo(laptop.sign_pub, revoked=True)}
    assert refused(path, laptop, office, known_senders=senders.get) == "bundle_sender_revoked"


def test_sender_id_with_someone_elses_key(tmp_path, laptop, office):
    impostor = generate_keys()
    path = write(tmp_path, impostor, office)
    assert refused(path, laptop, office) == "bundle_signature_bad"


@pytest.mark.parametrize("field", ["created_at", "plaintext_sha256", "ack"])
def test_flipped_byte_in_the_manifest(tmp_path, laptop, office, field):
    path = write(tmp_path, laptop, office)
    m = members(path)
    # Flip a character inside the field's value so that the JSON stays valid.
    at = m[MANIFEST].index(f'"{field}":'.encode()) + len(field) + 5
    rezip(path, {**m, MANIFEST: flip(m[MANIFEST], at)})
    assert refused(path, laptop, office) == "bundle_signature_bad"


@pytest.mark.parametrize("at", [0, 31, 63])
def test_flipped_byte_in_the_signature(tmp_path, laptop, office, at):
    path = write(tmp_path, laptop, office)
    m = members(path)
    rezip(path, {**m, SIGNATURE: flip(m[SIGNATURE], at)})
    assert refused(path, laptop, office) == "bundle_signature_bad"


def test_signed_but_malformed_manifest(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    m = members(path)
    rezip(path, resign(m, laptop, {**from_json(m[MANIFEST]), "op_count": -1}))
    assert refused(path, laptop, office) == "bundle_manifest_invalid"


def test_signed_but_not_canonical_manifest(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    m = members(path)
    data = m[MANIFEST].replace(b'{"ack"', b'{ "ack"', 1)
    rezip(path, {**m, MANIFEST: data, SIGNATURE: laptop.sign_priv.sign(data)})
    assert refused(path, laptop, office) == "bundle_manifest_invalid"


def test_signed_manifest_with_a_duplicate_key(tmp_path, laptop, office):
    # {"demo":false,...,"demo":true}: parsers disagree on which wins, so it is refused.
    path = write(tmp_path, laptop, office)
    m = members(path)
    data = m[MANIFEST][:-1] + b',"demo":true}'
    rezip(path, {**m, MANIFEST: data, SIGNATURE: laptop.sign_priv.sign(data)})
    assert refused(path, laptop, office, accept_demo=True) == "bundle_manifest_invalid"


def test_wrong_recipient(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    assert refused(path, laptop, office, my_id="PGD-OTHER") == "bundle_wrong_recipient"


def test_demo_into_a_real_book(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office, demo=True)
    assert refused(path, laptop, office, accept_demo=False) == "bundle_demo_into_real"


# ---------------------------------------------------------------- refusals: the payload

@pytest.mark.parametrize("at", [0, 100, -1])
def test_flipped_byte_in_the_payload(tmp_path, laptop, office, at):
    path = write(tmp_path, laptop, office)
    m = members(path)
    rezip(path, {**m, OPS: flip(m[OPS], at % len(m[OPS]))})
    assert refused(path, laptop, office) == "bundle_payload_hash"


def test_tampered_payload_with_a_matching_hash_still_fails_the_seal(tmp_path, laptop, office):
    # Even the sender's own key cannot make a tampered ciphertext open.
    path = write(tmp_path, laptop, office)
    m = members(path)
    sealed = flip(m[OPS], 10)
    manifest = {**from_json(m[MANIFEST]),
                "payload_sha256": bundle_mod._sha256(sealed)}
    rezip(path, {**resign(m, laptop, manifest), OPS: sealed})
    assert refused(path, laptop, office) == "bundle_seal_failed"


def test_manifest_change_re_signed_breaks_the_seal(tmp_path, laptop, office):
    # The manifest is the seal's associated data: re-signing a changed manifest is not enough.
    path = write(tmp_path, laptop, office)
    m = members(path)
    rezip(path, resign(m, laptop, {**from_json(m[MANIFEST]), "ack": 99999}))
    assert refused(path, laptop, office) == "bundle_seal_failed"


def test_wrong_recipient_key(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    assert refused(path, laptop, office, my_seal_priv=generate_keys().seal_priv) \
        == "bundle_seal_failed"


def test_op_count_not_matching_the_ops(tmp_path, laptop, office, monkeypatch):
    # A broken sender: the manifest counts six operations, the sealed payload holds five.
    real = bundle_mod._ops_bytes
    monkeypatch.setattr(bundle_mod, "_ops_bytes", lambda ops: real(ops[:-1]))
    path = write(tmp_path, laptop, office)
    monkeypatch.undo()
    assert refused(path, laptop, office) == "bundle_count_mismatch"


def test_money_totals_not_matching_the_ops(tmp_path, laptop, office, monkeypatch):
    def inflated(ops):
        totals = money_totals(ops)
        totals["loan.disburse"]["amount"] += 1
        return totals
    monkeypatch.setattr(bundle_mod, "money_totals", inflated)
    path = write(tmp_path, laptop, office)
    monkeypatch.undo()
    assert refused(path, laptop, office) == "bundle_totals_mismatch"


def test_plaintext_not_matching_its_declared_hash(tmp_path, laptop, office, monkeypatch):
    real, real_ops = bundle_mod._sha256, bundle_mod._ops_bytes
    plaintext = []

    def ops_bytes(ops):
        plaintext.append(real_ops(ops))
        return plaintext[-1]

    def wrong_for_plaintext(data):   # only the plaintext: ciphertext may start with "{" too
        return real(data + b"x") if plaintext and data == plaintext[-1] else real(data)
    monkeypatch.setattr(bundle_mod, "_ops_bytes", ops_bytes)
    monkeypatch.setattr(bundle_mod, "_sha256", wrong_for_plaintext)
    path = write(tmp_path, laptop, office)
    monkeypatch.undo()
    assert refused(path, laptop, office) == "bundle_plaintext_hash"


def test_unreadable_operation_line(tmp_path, laptop, office, monkeypatch):
    monkeypatch.setattr(bundle_mod, "_ops_bytes", lambda ops: b'{"kind":"x"}\nnot json\n')
    path = write(tmp_path, laptop, office)
    monkeypatch.undo()
    err = pytest.raises(SyncError, read, path, laptop, office).value
    assert err.code == "bundle_ops_unreadable"


# ---------------------------------------------------------------- atomic writing

def test_no_temp_file_remains(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_failed_rename_leaves_nothing_that_looks_like_a_bundle(tmp_path, laptop, office,
                                                                monkeypatch):
    def crash(src, dst):
        raise OSError("stick pulled")
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        write(tmp_path, laptop, office)
    assert list(tmp_path.iterdir()) == []


def test_crash_before_rename_leaves_only_a_hidden_partial_file(tmp_path, laptop, office,
                                                                monkeypatch):
    # A real crash runs no clean-up: simulate it by making clean-up a no-op as well.
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError()))
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: None)
    with pytest.raises(OSError):
        write(tmp_path, laptop, office)
    monkeypatch.undo()
    assert list(tmp_path.glob("*.sbpbundle")) == []
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".") and left[0].endswith(".partial")


def test_failed_rewrite_keeps_the_previous_bundle(tmp_path, laptop, office, monkeypatch):
    path = write(tmp_path, laptop, office)
    before = path.read_bytes()
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError()))
    with pytest.raises(OSError):
        write(tmp_path, laptop, office, ack=2000)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert read(path, laptop, office).manifest.ack == 1207


def test_a_file_that_reads_back_wrong_is_removed(tmp_path, laptop, office, monkeypatch):
    real = bundle_mod._read_members

    def bad_read_back(path):
        m = real(path)
        return {**m, OPS: flip(m[OPS], 0)}
    monkeypatch.setattr(bundle_mod, "_read_members", bad_read_back)
    with pytest.raises(SyncError) as e:
        write(tmp_path, laptop, office)
    assert e.value.code == "bundle_write_failed"
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- arguments and names

def test_file_name_convention():
    assert bundle_file_name("L1", "PGD", (5, 9), 3) == "L1-to-PGD-5-9.sbpbundle"
    assert bundle_file_name("PGD", "L1", None, 9) == "PGD-to-L1-ack-9.sbpbundle"


@pytest.mark.parametrize("over", [
    {"range": None},                       # operations without a range
    {"ops": [], "range": (1, 2)},          # a range without operations
    {"range": (46, 41)},
    {"sender_id": "../evil"},
    {"recipient_id": "a:b"},
    {"ack": -1},
    {"ack": True},
    {"app_version": ""},
    {"kinds": {"collection.record": [0]}},
    {"ops": [{"kind": "x"}]},              # no payload
])
def test_bad_arguments_are_refused_before_anything_is_written(tmp_path, laptop, office, over):
    with pytest.raises(ValueError):
        write(tmp_path, laptop, office, **over)
    assert list(tmp_path.iterdir()) == []


def test_floats_in_operations_are_refused(tmp_path, laptop, office):
    ops = [envelope(1, "loan.disburse", {"loan_id": "l", "amount": 1.5})]
    with pytest.raises(DomainError):
        write(tmp_path, laptop, office, ops=ops, range=(1, 1))


def test_every_error_code_has_both_languages():
    for code, (vi, en) in MESSAGES.items():
        assert vi and en and vi != en, code

"""Book keys: public key text, fingerprints read aloud, password-wrapped private keys."""
from __future__ import annotations

import base64
import re
import unicodedata

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.sync.errors import MESSAGES, SyncError
from sbpdesk.sync.keys import (
    KDF_DEFAULT,
    KDF_FAST_FOR_TESTS,
    BookKeys,
    fingerprint,
    generate_keys,
    load_seal_pub,
    load_sign_pub,
    public_text,
    unwrap_keys,
    wrap_keys,
    wrapped_fingerprint,
)

FAST = KDF_FAST_FOR_TESTS


def fixed_keys() -> BookKeys:
    return BookKeys(Ed25519PrivateKey.from_private_bytes(bytes(range(32))),
                    X25519PrivateKey.from_private_bytes(bytes(range(32, 64))))


def raw_private(keys: BookKeys) -> bytes:
    return keys.sign_priv.private_bytes_raw() + keys.seal_priv.private_bytes_raw()


def test_public_keys_travel_as_base64_of_32_bytes():
    keys = generate_keys()
    for text in (keys.sign_pub_text, keys.seal_pub_text):
        assert len(base64.b64decode(text, validate=True)) == 32
    assert public_text(load_sign_pub(keys.sign_pub_text)) == keys.sign_pub_text
    assert public_text(load_seal_pub(keys.seal_pub_text)) == keys.seal_pub_text


@pytest.mark.parametrize("text", ["", "not base64!", base64.b64encode(b"short").decode()])
def test_bad_public_key_text_is_refused(text):
    with pytest.raises(SyncError) as e:
        load_sign_pub(text)
    assert e.value.code == "bad_public_key"
    with pytest.raises(SyncError):
        load_seal_pub(text)


def test_fingerprint_is_six_groups_of_five_digits_and_pinned():
    keys = fixed_keys()
    # Test vector, also in docs/bundle-format.md, for implementers at other offices.
    assert keys.sign_pub_text == "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="
    assert keys.seal_pub_text == "NYBy1jZYgNGu6jKa35EhODhR7SGijjt16WXQ0s0WYlQ="
    assert keys.fingerprint() == "11560 69818 67921 97980 99234 23091"
    assert fingerprint(keys.sign_pub_text, keys.seal_pub_text) == keys.fingerprint()
    assert re.fullmatch(r"\d{5}( \d{5}){5}", generate_keys().fingerprint())


def test_fingerprint_depends_on_both_keys():
    a, b = generate_keys(), generate_keys()
    assert a.fingerprint() != b.fingerprint()
    assert fingerprint(a.sign_pub, b.seal_pub) != a.fingerprint()
    assert fingerprint(b.sign_pub, a.seal_pub) != a.fingerprint()


def test_wrap_round_trip_gives_the_same_keys():
    keys = generate_keys()
    wrapped = wrap_keys(keys, "mật khẩu 1", params=FAST)
    opened = unwrap_keys(wrapped, "mật khẩu 1")
    assert raw_private(opened) == raw_private(keys)
    keys.sign_pub.verify(opened.sign_priv.sign(b"x"), b"x")


def test_wrapped_keys_hold_no_private_key_in_clear_and_name_their_parameters():
    keys = generate_keys()
    wrapped = wrap_keys(keys, "pw", params=FAST)
    for secret in (keys.sign_priv.private_bytes_raw(), keys.seal_priv.private_bytes_raw()):
        assert secret not in wrapped
        assert base64.b64encode(secret) not in wrapped
    doc = from_json(wrapped)
    assert doc["kdf"]["name"] == "argon2id"
    assert (doc["kdf"]["time_cost"], doc["kdf"]["memory_cost"], doc["kdf"]["parallelism"]) \
        == (FAST.time_cost, FAST.memory_cost, FAST.parallelism)
    assert wrapped_fingerprint(wrapped) == keys.fingerprint()


def test_each_user_gets_an_own_copy_with_a_fresh_salt():
    keys = generate_keys()
    a = wrap_keys(keys, "same", params=FAST)
    b = wrap_keys(keys, "same", params=FAST)
    assert a != b
    assert from_json(a)["kdf"]["salt"] != from_json(b)["kdf"]["salt"]
    assert raw_private(unwrap_keys(a, "same")) == raw_private(unwrap_keys(b, "same"))


def test_wrong_password_is_a_clear_bilingual_sync_error():
    wrapped = wrap_keys(generate_keys(), "đúng", params=FAST)
    with pytest.raises(SyncError) as e:
        unwrap_keys(wrapped, "sai")
    err = e.value
    assert isinstance(err, DomainError)
    assert err.code == "wrong_password"
    assert str(err) == err.vi == MESSAGES["wrong_password"][0]
    assert "Wrong password" in err.message("en")


def test_password_is_compared_in_nfc():
    # The same word typed through an NFD input method must open the keys.
    wrapped = wrap_keys(generate_keys(), unicodedata.normalize("NFC", "Nguyễn"), params=FAST)
    unwrap_keys(wrapped, unicodedata.normalize("NFD", "Nguyễn"))


def test_empty_password_is_refused():
    with pytest.raises(SyncError) as e:
        wrap_keys(generate_keys(), "", params=FAST)
    assert e.value.code == "password_empty"


def test_changing_the_clear_header_makes_the_keys_unopenable():
    doc = from_json(wrap_keys(generate_keys(), "pw", params=FAST))
    doc["fingerprint"] = "00000 00000 00000 00000 00000 00000"
    with pytest.raises(SyncError) as e:
        unwrap_keys(canonical_json(doc), "pw")
    assert e.value.code == "wrong_password"


@pytest.mark.parametrize("damage", [
    lambda d: b"garbage",
    lambda d: canonical_json({**d, "format": "other"}),
    lambda d: canonical_json({**d, "kdf": {**d["kdf"], "memory_cost": 1 << 40}}),
    lambda d: canonical_json({**d, "kdf": {**d["kdf"], "name": "scrypt"}}),
    lambda d: canonical_json({k: v for k, v in d.items() if k != "nonce"}),
])
def test_damaged_wrapped_keys_are_refused_without_running_the_kdf(damage):
    doc = from_json(wrap_keys(generate_keys(), "pw", params=FAST))
    with pytest.raises(SyncError) as e:
        unwrap_keys(damage(doc), "pw")
    assert e.value.code == "wrapped_keys_damaged"


def test_default_parameters_are_the_real_ones_and_work():
    assert KDF_DEFAULT.memory_cost >= 64 * 1024 and KDF_DEFAULT.time_cost >= 3
    keys = generate_keys()
    wrapped = wrap_keys(keys, "server passphrase")
    assert from_json(wrapped)["kdf"]["memory_cost"] == KDF_DEFAULT.memory_cost
    assert raw_private(unwrap_keys(wrapped, "server passphrase")) == raw_private(keys)

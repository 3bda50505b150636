"""A book's keys: Ed25519 to sign what it sends, X25519 to open what is sealed to it.

Every book (a laptop's, or the one office identity shared by its desktops and `serve`) has
one `BookKeys`. Public keys travel as base64 text (standard alphabet, the 32 raw bytes);
people compare `fingerprint(...)` aloud at enrolment: 30 decimal digits in six groups of five
(decision 0020). The private keys never leave the book in clear: `wrap_keys` seals them under
a key derived from one user's password (argon2id, random salt, parameters stored with the
result; AES-256-GCM), so each user, and `SBPDESK_KEY_PASSPHRASE` for the server, holds an
own `WrappedKeys` copy that `unwrap_keys` opens. Only `cryptography` and `argon2-cffi`
primitives are used; the composition is documented in docs/bundle-format.md.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import os
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.domain.errors import DomainError

from .errors import SyncError

PASSPHRASE_ENV = "SBPDESK_KEY_PASSPHRASE"
WRAP_FORMAT = "sbpdesk-wrapped-keys"
WRAP_FORMAT_VERSION = 1
FINGERPRINT_CONTEXT = b"sbpdesk-fingerprint-v1\x00"

# `WrappedKeys` is opaque bytes for the services: stored as a BLOB per user.
WrappedKeys = bytes


@dataclass(frozen=True)
class KdfParams:
    """argon2id cost: passes, memory in KiB, lanes."""

    time_cost: int
    memory_cost: int
    parallelism: int


# RFC 9106's second recommended option (64 MiB): about a quarter second on an old laptop,
# paid once per sign-in.
KDF_DEFAULT = KdfParams(time_cost=3, memory_cost=64 * 1024, parallelism=4)
# Tests only; a caller must name it explicitly. Never use it for a real book.
KDF_FAST_FOR_TESTS = KdfParams(time_cost=1, memory_cost=64, parallelism=1)
# A stored blob names its own cost; refuse absurd ones so a damaged row cannot exhaust memory.
_KDF_LIMITS = KdfParams(time_cost=20, memory_cost=2 * 1024 * 1024, parallelism=16)


@dataclass(frozen=True)
class BookKeys:
    """The private keys of one book; the public halves are derived."""

    sign_priv: Ed25519PrivateKey
    seal_priv: X25519PrivateKey

    @property
    def sign_pub(self) -> Ed25519PublicKey:
        return self.sign_priv.public_key()

    @property
    def seal_pub(self) -> X25519PublicKey:
        return self.seal_priv.public_key()

    @property
    def sign_pub_text(self) -> str:
        return public_text(self.sign_pub)

    @property
    def seal_pub_text(self) -> str:
        return public_text(self.seal_pub)

    def fingerprint(self) -> str:
        return fingerprint(self.sign_pub, self.seal_pub)


def generate_keys() -> BookKeys:
    """A fresh key pair set for a new book or a new enrolment."""
    return BookKeys(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())


# ---------------------------------------------------------------- public keys as text

def public_text(key: Ed25519PublicKey | X25519PublicKey) -> str:
    """Base64 (standard alphabet, padded) of the 32 raw public key bytes."""
    return base64.b64encode(key.public_bytes_raw()).decode("ascii")


def _raw32(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, AttributeError):
        raise SyncError("bad_public_key") from None
    if len(raw) != 32:
        raise SyncError("bad_public_key")
    return raw


def load_sign_pub(key: Ed25519PublicKey | str) -> Ed25519PublicKey:
    """An Ed25519 public key from its base64 text (a key object passes through)."""
    if isinstance(key, Ed25519PublicKey):
        return key
    try:
        return Ed25519PublicKey.from_public_bytes(_raw32(key))
    except ValueError:
        raise SyncError("bad_public_key") from None


def load_seal_pub(key: X25519PublicKey | str) -> X25519PublicKey:
    """An X25519 public key from its base64 text (a key object passes through)."""
    if isinstance(key, X25519PublicKey):
        return key
    try:
        return X25519PublicKey.from_public_bytes(_raw32(key))
    except ValueError:
        raise SyncError("bad_public_key") from None


def fingerprint(sign_pub: Ed25519PublicKey | str, seal_pub: X25519PublicKey | str) -> str:
    """30 decimal digits in six groups of five, e.g. "04217 88120 39561 70432 11985 60273".

    SHA-256 over a context label and both raw public keys; each 5-byte slice of the first
    30 bytes gives one group (mod 100000), as in Signal's safety numbers. Digits read aloud
    the same in Vietnamese and English; ~100 bits is far beyond what anyone can grind.
    """
    digest = hashlib.sha256(
        FINGERPRINT_CONTEXT
        + load_sign_pub(sign_pub).public_bytes_raw()
        + load_seal_pub(seal_pub).public_bytes_raw()
    ).digest()
    groups = (int.from_bytes(digest[i:i + 5], "big") % 100000 for i in range(0, 30, 5))
    return " ".join(f"{g:05d}" for g in groups)


# ---------------------------------------------------------------- password wrapping

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _password_bytes(password: str) -> bytes:
    # Vietnamese input methods may send NFD or NFC for the same word: hash one form.
    if not password:
        raise SyncError("password_empty")
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _derive(password: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        _password_bytes(password), salt,
        time_cost=params.time_cost, memory_cost=params.memory_cost,
        parallelism=params.parallelism, hash_len=32, type=Type.ID,
    )


def _aad(header: dict) -> bytes:
    # The whole clear header (format, KDF parameters, salt, nonce, fingerprint) is
    # authenticated, so none of it can be swapped without the password check failing.
    return canonical_json(header)


def wrap_keys(keys: BookKeys, password: str, *, params: KdfParams = KDF_DEFAULT) -> WrappedKeys:
    """The book's private keys sealed under `password`, as self-describing JSON bytes."""
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {
        "format": WRAP_FORMAT,
        "format_version": WRAP_FORMAT_VERSION,
        "kdf": {"name": "argon2id", "version": 19, "time_cost": params.time_cost,
                "memory_cost": params.memory_cost, "parallelism": params.parallelism,
                "salt": _b64(salt)},
        "nonce": _b64(nonce),
        "fingerprint": keys.fingerprint(),
    }
    secret = keys.sign_priv.private_bytes_raw() + keys.seal_priv.private_bytes_raw()
    sealed = AESGCM(_derive(password, salt, params)).encrypt(nonce, secret, _aad(header))
    return canonical_json({**header, "ciphertext": _b64(sealed)})


def _parse_wrapped(wrapped: bytes) -> tuple[dict, KdfParams, bytes, bytes, bytes]:
    """Header, KDF parameters, salt, nonce and ciphertext; SyncError if malformed."""
    try:
        doc = from_json(wrapped)
        kdf = doc["kdf"]
        if (doc["format"], doc["format_version"]) != (WRAP_FORMAT, WRAP_FORMAT_VERSION):
            raise ValueError("format")
        if (kdf["name"], kdf["version"]) != ("argon2id", 19):
            raise ValueError("kdf")
        params = KdfParams(kdf["time_cost"], kdf["memory_cost"], kdf["parallelism"])
        for name in ("time_cost", "memory_cost", "parallelism"):
            value = getattr(params, name)
            if type(value) is not int or not 1 <= value <= getattr(_KDF_LIMITS, name):
                raise ValueError(name)
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(doc["nonce"], validate=True)
        sealed = base64.b64decode(doc.pop("ciphertext"), validate=True)
        if len(nonce) != 12 or len(salt) < 8:
            raise ValueError("lengths")
    except (DomainError, ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        raise SyncError("wrapped_keys_damaged") from None
    return doc, params, salt, nonce, sealed


def unwrap_keys(wrapped: WrappedKeys, password: str) -> BookKeys:
    """Open a `wrap_keys` result; SyncError("wrong_password") if the password is wrong."""
    header, params, salt, nonce, sealed = _parse_wrapped(wrapped)
    try:
        secret = AESGCM(_derive(password, salt, params)).decrypt(nonce, sealed, _aad(header))
    except InvalidTag:
        raise SyncError("wrong_password") from None
    if len(secret) != 64:
        raise SyncError("wrapped_keys_damaged")
    keys = BookKeys(Ed25519PrivateKey.from_private_bytes(secret[:32]),
                    X25519PrivateKey.from_private_bytes(secret[32:]))
    # The header is authenticated, so this only fails if whoever wrapped it was wrong.
    if keys.fingerprint() != header["fingerprint"]:
        raise SyncError("wrapped_keys_damaged")
    return keys


def wrapped_fingerprint(wrapped: WrappedKeys) -> str:
    """The fingerprint recorded in clear beside the wrapped keys (no password needed)."""
    header = _parse_wrapped(wrapped)[0]
    if not isinstance(header.get("fingerprint"), str):
        raise SyncError("wrapped_keys_damaged")
    return header["fingerprint"]

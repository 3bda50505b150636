"""The `*.sbpbundle` file: operations carried between a laptop and its office, signed and sealed.

A bundle is a ZIP of three members: `manifest.json` (canonical JSON, readable by anyone, no
personal data), `ops.jsonl` (one canonical JSON operation envelope per line, sealed to the
recipient's X25519 key: ephemeral X25519 + HKDF-SHA256 + AES-256-GCM with the manifest as
associated data; an office bundle ends it with one `{"verdicts": …}` line, the office's verdict
on the recipient's own operations) and `manifest.sig` (the sender's Ed25519 signature over the
manifest bytes).
`write_bundle` writes atomically and reads the file back before returning; `read_bundle`
checks everything a whole bundle can be refused for, in a fixed order, and raises a
`SyncError` with a specific code for the first failure; `inspect_bundle` only parses the
manifest. This module knows nothing of the database: the caller supplies the operations, the
acknowledgement and a lookup for senders. The exact format is docs/bundle-format.md.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sbpdesk.domain.canonical import canonical_json, from_json, is_canonical
from sbpdesk.domain.errors import DomainError

from .bundle_file import read_members, write_atomically
from .errors import SyncError
from .keys import BookKeys, load_seal_pub, load_sign_pub

FORMAT = "sbpdesk-bundle"
FORMAT_VERSION = 1
SUPPORTED_FORMAT_VERSIONS = frozenset({1})
SUFFIX = ".sbpbundle"
MANIFEST, OPS, SIGNATURE = "manifest.json", "ops.jsonl", "manifest.sig"
MEMBERS = (MANIFEST, OPS, SIGNATURE)
# Declared member sizes are checked before reading, so a hostile ZIP cannot exhaust memory.
MAX_SIZE = {MANIFEST: 1 << 20, OPS: 256 << 20, SIGNATURE: 64}
# Payload fields summed per kind in the manifest's `totals` (integers of đồng).
TOTAL_FIELDS = ("amount", "from_savings", "interest", "principal", "savings")
# Ids end up in file names: keep them safe on Windows, FAT sticks and shells.
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
# The office's verdicts on a laptop's own operations: every outcome but plain `applied`.
VERDICT_OUTCOMES = frozenset({"suspense", "rejected", "held", "fork"})
_CREATED_AT = "%Y-%m-%dT%H:%M:%SZ"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed: the file's bytes depend only on its content


@dataclass(frozen=True)
class SenderInfo:
    """What the receiver's book knows about a sender: its signing key and whether revoked."""

    sign_pub: Ed25519PublicKey | str
    revoked: bool = False


@dataclass(frozen=True)
class Manifest:
    """The clear, signed description of a bundle (field meanings: docs/bundle-format.md)."""

    format_version: int
    app_version: str
    kinds: dict[str, list[int]]
    sender: str
    recipient: str
    range: tuple[int, int] | None
    op_count: int
    totals: dict[str, dict[str, int]]
    ack: int
    demo: bool
    created_at: str
    ephemeral_pub: str
    nonce: str
    plaintext_sha256: str
    payload_sha256: str

    @property
    def file_name(self) -> str:
        return bundle_file_name(self.sender, self.recipient, self.range, self.ack)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "app_version": self.app_version,
            "kinds": self.kinds,
            "from": self.sender,
            "to": self.recipient,
            "range": None if self.range is None
            else {"first": self.range[0], "last": self.range[1]},
            "op_count": self.op_count,
            "totals": self.totals,
            "ack": self.ack,
            "demo": self.demo,
            "created_at": self.created_at,
            "seal": {"ephemeral_pub": self.ephemeral_pub, "nonce": self.nonce},
            "plaintext_sha256": self.plaintext_sha256,
            "payload_sha256": self.payload_sha256,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Manifest:
        """Strictly typed; ValueError names the first bad field. Unknown fields are ignored."""
        if d.get("format") != FORMAT:
            raise ValueError("format")
        rng = _range(d.get("range"))
        op_count = _int(d, "op_count")
        if (op_count == 0) != (rng is None):
            raise ValueError("range: null exactly when op_count is 0")
        seal = _dict(d.get("seal"), "seal")
        return cls(
            format_version=_int(d, "format_version"),
            app_version=_text(d, "app_version"),
            kinds=_kinds(d.get("kinds")),
            sender=_id(d, "from"),
            recipient=_id(d, "to"),
            range=rng,
            op_count=op_count,
            totals=_totals(d.get("totals")),
            ack=_int(d, "ack"),
            demo=_bool(d, "demo"),
            created_at=_created_at(d.get("created_at")),
            ephemeral_pub=_b64_of(seal, "ephemeral_pub", 32),
            nonce=_b64_of(seal, "nonce", 12),
            plaintext_sha256=_hex64(d, "plaintext_sha256"),
            payload_sha256=_hex64(d, "payload_sha256"),
        )


@dataclass(frozen=True)
class OpenedBundle:
    """A verified bundle: its manifest, its operations in file order, its identity, and the
    office's verdicts on the recipient's operations (the `verdicts` object of §5 of
    docs/bundle-format.md; None when the bundle carries none)."""

    manifest: Manifest
    ops: list[dict[str, Any]]
    manifest_sha256: str
    verdicts: dict[str, Any] | None = None
    lines: tuple[bytes, ...] = ()   # each operation's canonical JSON, as carried
    lockouts: list[dict[str, Any]] | None = None   # laptop → office: its sign-in lock-outs


# ---------------------------------------------------------------- field validation

def _int(d: Mapping[str, Any], key: str) -> int:
    value = d.get(key)
    if type(value) is not int or value < 0:  # bool is an int subclass: refuse it
        raise ValueError(key)
    return value


def _bool(d: Mapping[str, Any], key: str) -> bool:
    if type(d.get(key)) is not bool:
        raise ValueError(key)
    return d[key]


def _text(d: Mapping[str, Any], key: str) -> str:
    value = d.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(key)
    return value


def _id(d: Mapping[str, Any], key: str) -> str:
    value = d.get(key)
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise ValueError(key)
    return value


def _hex64(d: Mapping[str, Any], key: str) -> str:
    value = d.get(key)
    if not isinstance(value, str) or not _HEX64_RE.match(value):
        raise ValueError(key)
    return value


def _b64_of(d: Mapping[str, Any], key: str, size: int) -> str:
    value = d.get(key)
    try:
        ok = len(base64.b64decode(value, validate=True)) == size
    except (binascii.Error, TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(key)
    return value


def _range(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"first", "last"}:
        raise ValueError("range")
    first, last = _int(value, "first"), _int(value, "last")
    if first > last:
        raise ValueError("range")
    return first, last


def _dict(value: Any, key: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise ValueError(key)


def _kinds(value: Any) -> dict[str, list[int]]:
    for kind, versions in _dict(value, "kinds").items():
        if not isinstance(versions, list) or not all(
                type(v) is int and v >= 1 for v in versions):
            raise ValueError(f"kinds.{kind}")
    return value


def _totals(value: Any) -> dict[str, dict[str, int]]:
    for kind, fields in _dict(value, "totals").items():
        if not isinstance(fields, dict) or not all(
                f in TOTAL_FIELDS and type(v) is int for f, v in fields.items()):
            raise ValueError(f"totals.{kind}")
    return value


def _created_at(value: Any) -> str:
    try:
        dt.datetime.strptime(value, _CREATED_AT)
    except (TypeError, ValueError):
        raise ValueError("created_at") from None
    return value


def _check_op(op: Any) -> None:
    """The bundle layer needs only `kind` and `payload`; exchange checks the rest."""
    if isinstance(op, dict) and isinstance(op.get("kind"), str) \
            and isinstance(op.get("payload"), dict):
        return
    raise ValueError("an operation needs a string `kind` and an object `payload`")


def _is_verdicts_line(obj: Any) -> bool:
    return isinstance(obj, dict) and set(obj) == {"verdicts"}


def _is_lockouts_line(obj: Any) -> bool:
    return isinstance(obj, dict) and set(obj) == {"lockouts"}


MAX_LOCKOUTS = 100


def _aware(text: Any) -> bool:
    try:
        return dt.datetime.fromisoformat(text).tzinfo is not None
    except (TypeError, ValueError):
        return False


def check_lockouts(value: Any) -> list[dict[str, Any]]:
    """A laptop's sign-in lock-outs (decision 0201), strictly typed (ValueError): at most
    MAX_LOCKOUTS objects {"user": text, "at": ISO time, "n": failures ≥ 1, "until": ISO time}."""
    if not isinstance(value, list) or len(value) > MAX_LOCKOUTS or not all(
            isinstance(e, dict) and set(e) == {"user", "at", "n", "until"}
            and isinstance(e["user"], str) and 0 < len(e["user"]) <= 64
            and type(e["n"]) is int and 0 < e["n"] < 10**6
            and _aware(e["at"]) and _aware(e["until"]) for e in value):
        raise ValueError("lockouts")
    return value


def check_verdicts(value: Any, ack: int) -> dict[str, Any]:
    """The office's statement on the recipient's operations, strictly typed (ValueError):
    `{"as_of": int, "ack_hash": hex | null (null exactly when ack is 0), "ops": [{"op_id",
    "seq", "hash", "outcome", "reason"}]}`, ops in (seq, op_id, hash) order, no (op_id, hash)
    twice, each outcome one of VERDICT_OUTCOMES, each reason a string or null."""
    v = _dict(value, "verdicts")
    if set(v) != {"as_of", "ack_hash", "ops"}:
        raise ValueError("verdicts: fields")
    _int(v, "as_of")
    if v["ack_hash"] is not None:
        _hex64(v, "ack_hash")
    if (v["ack_hash"] is None) != (ack == 0):
        raise ValueError("verdicts.ack_hash: null exactly when ack is 0")
    if not isinstance(v["ops"], list):
        raise ValueError("verdicts.ops")
    keys = []
    for item in v["ops"]:
        if not isinstance(item, dict) or set(item) != {"op_id", "seq", "hash", "outcome",
                                                       "reason"}:
            raise ValueError("verdicts.ops: fields")
        _text(item, "op_id")
        _int(item, "seq")
        _hex64(item, "hash")
        if item["outcome"] not in VERDICT_OUTCOMES:
            raise ValueError("verdicts.ops.outcome")
        if item["reason"] is not None and not isinstance(item["reason"], str):
            raise ValueError("verdicts.ops.reason")
        keys.append((item["seq"], item["op_id"], item["hash"]))
    if keys != sorted(keys) or len({k[1:] for k in keys}) != len(keys):
        raise ValueError("verdicts.ops: order or duplicates")
    return v


# ---------------------------------------------------------------- shared helpers

def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def money_totals(ops: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Per kind, the sum of each `TOTAL_FIELDS` integer found at the top of the payload."""
    totals: dict[str, dict[str, int]] = {}
    for op in ops:
        for field in TOTAL_FIELDS:
            value = op["payload"].get(field)
            if type(value) is int:
                per_kind = totals.setdefault(op["kind"], {})
                per_kind[field] = per_kind.get(field, 0) + value
    return totals


def bundle_file_name(sender_id: str, recipient_id: str,
                     range: tuple[int, int] | None, ack: int) -> str:
    """`<from>-to-<to>-<first>-<last>.sbpbundle`; an empty bundle is `…-ack-<ack>`."""
    tail = f"ack-{ack}" if range is None else f"{range[0]}-{range[1]}"
    return f"{sender_id}-to-{recipient_id}-{tail}{SUFFIX}"


def _ops_bytes(ops: Sequence[Mapping[str, Any]]) -> bytes:
    return b"".join(canonical_json(op) + b"\n" for op in ops)


def _verdicts_bytes(verdicts: Mapping[str, Any] | None) -> bytes:
    return b"" if verdicts is None else canonical_json({"verdicts": verdicts}) + b"\n"


def _lockouts_bytes(lockouts: Sequence[Mapping[str, Any]] | None) -> bytes:
    return b"" if not lockouts else canonical_json({"lockouts": list(lockouts)}) + b"\n"


def _seal_key(shared: bytes, ephemeral_pub: bytes, recipient_pub: bytes,
              format_version: int, sender: str, recipient: str) -> bytes:
    # Salt binds both public keys (as ECIES/HPKE do); info binds the format and the parties,
    # so a payload cannot be replayed under another version, sender or recipient.
    info = canonical_json({"format": FORMAT, "format_version": format_version,
                           "from": sender, "to": recipient})
    return HKDF(algorithm=SHA256(), length=32, salt=ephemeral_pub + recipient_pub,
                info=info).derive(shared)


def _aad(manifest: Mapping[str, Any]) -> bytes:
    # Every manifest field except the hash of the ciphertext, which cannot exist before it.
    return canonical_json({k: v for k, v in manifest.items() if k != "payload_sha256"})


# ---------------------------------------------------------------- writing

def write_bundle(path: str | os.PathLike[str], *, sender_keys: BookKeys, sender_id: str,
                 recipient_id: str, recipient_seal_pub: X25519PublicKey | str,
                 ops: Sequence[Mapping[str, Any]], ack: int, demo: bool, app_version: str,
                 kinds: Mapping[str, Sequence[int]], range: tuple[int, int] | None,
                 created_at: dt.datetime | None = None,
                 verdicts: Mapping[str, Any] | None = None,
                 lockouts: Sequence[Mapping[str, Any]] | None = None) -> Manifest:
    """Seal, sign and write a bundle atomically, then read it back; returns its manifest.

    `path` is the file to write (ending in `.sbpbundle`), or a folder to write
    `manifest.file_name` into (made when it does not exist yet).
    `range` is (first, last) of the carried seq or feed_no, None when `ops` is empty.
    `verdicts` (office → laptop only): the office's statement on the recipient's own
    operations (`check_verdicts`), sealed as the payload's last line; not an operation, so
    not in `op_count`, `range` or `totals`. `lockouts` (laptop → office only): its sign-in
    lock-outs (`check_lockouts`), sealed as the payload's last line the same way.
    Raises ValueError for bad arguments, SyncError("bundle_write_failed") if the file read
    back differs (the file is then removed).
    """
    for op in ops:
        _check_op(op)
    if verdicts is not None:
        check_verdicts(from_json(canonical_json(verdicts)), ack)
    if verdicts is not None and lockouts:
        raise ValueError("verdicts go office → laptop, lockouts laptop → office")
    if lockouts:
        check_lockouts(from_json(canonical_json(list(lockouts))))
    plaintext = _ops_bytes(ops) + _verdicts_bytes(verdicts) + _lockouts_bytes(lockouts)
    recipient_pub = load_seal_pub(recipient_seal_pub)
    ephemeral = X25519PrivateKey.generate()
    draft = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "app_version": app_version,
        "kinds": {k: list(v) for k, v in kinds.items()},
        "from": sender_id, "to": recipient_id,
        "range": None if range is None else {"first": range[0], "last": range[1]},
        "op_count": len(ops), "totals": money_totals(ops), "ack": ack, "demo": demo,
        "created_at": _utc_text(created_at),
        "seal": {"ephemeral_pub": _b64(ephemeral.public_key().public_bytes_raw()),
                 "nonce": _b64(os.urandom(12))},
        "plaintext_sha256": _sha256(plaintext),
    }
    Manifest.from_dict({**draft, "payload_sha256": "0" * 64})  # validate before any I/O
    sealed = _seal(draft, ephemeral, recipient_pub, plaintext)
    manifest_dict = {**draft, "payload_sha256": _sha256(sealed)}
    manifest_bytes = canonical_json(manifest_dict)
    members = {MANIFEST: manifest_bytes, OPS: sealed,
               SIGNATURE: sender_keys.sign_priv.sign(manifest_bytes)}
    manifest = Manifest.from_dict(from_json(manifest_bytes))
    final = _target(Path(path), manifest)
    write_atomically(final, members, MEMBERS, _ZIP_TIME)
    _check_written(final, members, sender_keys.sign_pub)
    return manifest


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _utc_text(moment: dt.datetime | None) -> str:
    moment = moment or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        raise ValueError("created_at must be timezone-aware")
    return moment.astimezone(dt.UTC).strftime(_CREATED_AT)


def _seal(draft: dict[str, Any], ephemeral: X25519PrivateKey, recipient_pub: X25519PublicKey,
          plaintext: bytes) -> bytes:
    key = _seal_key(ephemeral.exchange(recipient_pub),
                    ephemeral.public_key().public_bytes_raw(), recipient_pub.public_bytes_raw(),
                    draft["format_version"], draft["from"], draft["to"])
    nonce = base64.b64decode(draft["seal"]["nonce"])
    return AESGCM(key).encrypt(nonce, plaintext, _aad(draft))


def _target(path: Path, manifest: Manifest) -> Path:
    """A folder (existing, or a new path without the bundle suffix: made) gets the standard
    file name; a path ending in `.sbpbundle` is the file itself."""
    if not path.exists() and path.suffix != SUFFIX:
        path.mkdir(parents=True)
    return path / manifest.file_name if path.is_dir() else path


def _check_written(final: Path, members: Mapping[str, bytes], sign_pub: Ed25519PublicKey) -> None:
    """Read the file back: the same members, and a signature that verifies."""
    try:
        back = _read_members(final)
        same = all(back[name] == members[name] for name in MEMBERS)
        sign_pub.verify(back[SIGNATURE], back[MANIFEST])
    except (SyncError, InvalidSignature, OSError):
        same = False
    if not same:
        final.unlink(missing_ok=True)
        raise SyncError("bundle_write_failed")


# ---------------------------------------------------------------- reading

def _read_members(path: str | os.PathLike[str]) -> dict[str, bytes]:
    """The three members; SyncError if the path is not a complete bundle ZIP."""
    return read_members(path, MAX_SIZE)


def _parse_manifest(data: bytes) -> dict[str, Any]:
    try:
        raw = from_json(data)
    except (DomainError, ValueError):
        raise SyncError("bundle_manifest_invalid") from None
    if not isinstance(raw, dict):
        raise SyncError("bundle_manifest_invalid")
    return raw


def _check_format(raw: Mapping[str, Any]) -> None:
    version = raw.get("format_version")
    if type(version) is not int:  # also refuses `true`, which Python counts as 1
        raise SyncError("bundle_format_unknown", version="?")
    if raw.get("format") != FORMAT or version not in SUPPORTED_FORMAT_VERSIONS:
        raise SyncError("bundle_format_unknown", version=version)


def _sender_key(raw: Mapping[str, Any],
                known_senders: Callable[[str], SenderInfo | None]) -> Ed25519PublicKey:
    sender = raw.get("from")
    if not isinstance(sender, str):
        raise SyncError("bundle_manifest_invalid")
    info = known_senders(sender)
    if info is None:
        raise SyncError("bundle_sender_unknown", sender=sender)
    if info.revoked:
        raise SyncError("bundle_sender_revoked", sender=sender)
    return load_sign_pub(info.sign_pub)


def _check_signature(sign_pub: Ed25519PublicKey, members: Mapping[str, bytes]) -> None:
    try:
        sign_pub.verify(members[SIGNATURE], members[MANIFEST])
    except InvalidSignature:
        raise SyncError("bundle_signature_bad") from None


def _manifest(raw: Mapping[str, Any], data: bytes) -> Manifest:
    # Signed by a known sender yet malformed means a broken writer, not an attacker.
    try:
        if canonical_json(raw) != data:
            raise ValueError("not canonical JSON")
        return Manifest.from_dict(raw)
    except (DomainError, ValueError):
        raise SyncError("bundle_manifest_invalid") from None


def _open_seal(raw: Mapping[str, Any], manifest: Manifest, sealed: bytes,
               my_seal_priv: X25519PrivateKey) -> bytes:
    ephemeral_pub = base64.b64decode(manifest.ephemeral_pub)
    try:
        shared = my_seal_priv.exchange(X25519PublicKey.from_public_bytes(ephemeral_pub))
        key = _seal_key(shared, ephemeral_pub, my_seal_priv.public_key().public_bytes_raw(),
                        manifest.format_version, manifest.sender, manifest.recipient)
        return AESGCM(key).decrypt(base64.b64decode(manifest.nonce), sealed, _aad(raw))
    except (InvalidTag, ValueError):  # ValueError: a low-order ephemeral key
        raise SyncError("bundle_seal_failed") from None


def _parse_ops(plaintext: bytes, ack: int) -> tuple[list[dict[str, Any]], list[bytes],
                                                    dict[str, Any] | None, list | None]:
    """The operations, their lines, and the verdicts or lock-outs object when the last line
    is one."""
    if plaintext and not plaintext.endswith(b"\n"):
        raise SyncError("bundle_ops_unreadable", line=plaintext.count(b"\n") + 1)
    lines = plaintext.splitlines()
    ops, kept, verdicts, lockouts = [], [], None, None
    for number, line in enumerate(lines, start=1):
        try:
            op = from_json(line)
            if not is_canonical(line, op):
                raise ValueError("not canonical JSON")
            if number == len(lines) and _is_verdicts_line(op):
                verdicts = check_verdicts(op["verdicts"], ack)
                continue
            if number == len(lines) and _is_lockouts_line(op):
                lockouts = check_lockouts(op["lockouts"])
                continue
            _check_op(op)
        except (DomainError, ValueError):
            raise SyncError("bundle_ops_unreadable", line=number) from None
        ops.append(op)
        kept.append(line)
    return ops, kept, verdicts, lockouts


def _check_contents(manifest: Manifest, ops: list[dict[str, Any]]) -> None:
    if len(ops) != manifest.op_count:
        raise SyncError("bundle_count_mismatch", actual=len(ops), declared=manifest.op_count)
    if money_totals(ops) != manifest.totals:
        raise SyncError("bundle_totals_mismatch")


def read_bundle(path: str | os.PathLike[str], *, my_id: str, my_seal_priv: X25519PrivateKey,
                known_senders: Callable[[str], SenderInfo | None],
                accept_demo: bool) -> OpenedBundle:
    """Verify and open a bundle addressed to `my_id`, or raise the first SyncError.

    Order: readable ZIP with exactly the three members; manifest JSON; format version;
    known sender; not revoked; signature; well-formed manifest; recipient; demo flag;
    payload hash; seal; plaintext hash; operations readable; op count; money totals.
    Nothing is written anywhere.
    """
    members = _read_members(path)
    raw = _parse_manifest(members[MANIFEST])
    _check_format(raw)
    _check_signature(_sender_key(raw, known_senders), members)
    manifest = _manifest(raw, members[MANIFEST])
    if manifest.recipient != my_id:
        raise SyncError("bundle_wrong_recipient", recipient=manifest.recipient)
    if manifest.demo and not accept_demo:
        raise SyncError("bundle_demo_into_real")
    if _sha256(members[OPS]) != manifest.payload_sha256:
        raise SyncError("bundle_payload_hash")
    plaintext = _open_seal(raw, manifest, members[OPS], my_seal_priv)
    if _sha256(plaintext) != manifest.plaintext_sha256:
        raise SyncError("bundle_plaintext_hash")
    ops, lines, verdicts, lockouts = _parse_ops(plaintext, manifest.ack)
    _check_contents(manifest, ops)
    return OpenedBundle(manifest, ops, _sha256(members[MANIFEST]), verdicts, tuple(lines),
                        lockouts)


def inspect_bundle(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The clear manifest as a dict, for `sbpdesk bundle inspect`: parsed, not verified."""
    data = read_members(path, {MANIFEST: MAX_SIZE[MANIFEST]}, exact=False)[MANIFEST]
    return _parse_manifest(data)

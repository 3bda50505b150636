"""An operation's envelope as it travels: the fields its hash covers, the hash itself, and
the checks a received envelope passes before the journal stores it (types, sizes, the
payload's canonical bytes). Split from `journal.py`, which re-exports the hashing names.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from sbpdesk.domain.canonical import canonical_json, state_json
from sbpdesk.domain.errors import DomainError

HASHED = ("op_id", "origin", "seq", "kind", "kind_version", "payload", "business_date",
          "session_id", "actor", "approved_by", "rules_version", "recorded_at", "prev_hash")
ENVELOPE = HASHED + ("hash",)


def compute_hash(env: Mapping[str, Any]) -> str:
    """SHA-256 hex over the canonical JSON of every hashed envelope field."""
    body = {name: env.get(name) for name in HASHED}
    if isinstance(body["business_date"], dt.date):
        body["business_date"] = body["business_date"].isoformat()
    return hashlib.sha256(canonical_json(body)).hexdigest()


def compute_hash_parsed(env: Mapping[str, Any]) -> str:
    """`compute_hash` of an envelope whose payload was parsed from canonical JSON and whose
    other fields are already plain (NFC texts, integers, None, the date as ISO text): the same
    digest, without normalising the payload again (a seed hashes ≈ 150.000 of them)."""
    return hashlib.sha256(state_json({name: env.get(name) for name in HASHED})).hexdigest()


def normalise(envelope: Any, line: bytes | None = None
              ) -> tuple[dict[str, Any], bytes, str | None, str | None]:
    """(envelope fields, payload bytes to store, problem, hash of the hashed fields)."""
    if isinstance(envelope, dict) or not dataclasses.is_dataclass(envelope):
        env = {name: envelope.get(name) for name in ENVELOPE}
    else:
        env = {name: getattr(envelope, name, None) for name in ENVELOPE}
    if isinstance(env["business_date"], dt.date):
        env["business_date"] = env["business_date"].isoformat()
    for name, kind in TYPES:
        value = env[name]   # the exact type, or a subclass that is not a bool
        if type(value) is not kind and (not isinstance(value, kind) or isinstance(value, bool)):
            return env, b"", f"bad_field:{name}", None
    for name in ("session_id", "approved_by", "rules_version"):
        if env[name] is not None and not isinstance(env[name], str):
            return env, b"", f"bad_field:{name}", None
    for name in ENVELOPE:   # what a column can hold: 64-bit integers, short texts
        value = env[name]
        if (isinstance(value, int) and not 0 <= value < 2 ** 63) or (
                isinstance(value, str) and len(value) > MAX_ENVELOPE_TEXT):
            return env, b"", f"bad_field:{name}", None
    try:
        dt.date.fromisoformat(env["business_date"])
        if line is not None and isinstance(envelope, dict) and envelope.keys() == ENVELOPE_KEYS:
            data, hashed = spliced(line)
            digest = hashlib.sha256(hashed).hexdigest()
        else:
            data, digest = canonical_json(env["payload"]), compute_hash(env)
    except (ValueError, DomainError):
        return env, b"", "bad_payload", None
    if env["seq"] < 1:
        return env, b"", "bad_field:seq", None
    return env, data, None, digest


ENVELOPE_KEYS = frozenset(ENVELOPE)
MAX_ENVELOPE_TEXT = 256
TYPES = (("op_id", str), ("origin", str), ("seq", int), ("kind", str), ("kind_version", int),
          ("payload", dict), ("business_date", str), ("actor", str), ("recorded_at", str),
          ("prev_hash", str), ("hash", str))


def spliced(line: bytes) -> tuple[bytes, bytes]:
    """From the canonical line of an envelope with exactly the ENVELOPE keys: its payload's
    bytes and the bytes `compute_hash` hashes (the line without `"hash":…`). Keys sort, so
    "hash" follows "business_date" and "payload" comes just before "prev_hash"; no string
    holds these patterns (its quotes are escaped) and the payload's own keys come first."""
    at = line.index(b',"hash":"')
    end = line.index(b'"', at + 9) + 1
    start = line.index(b',"payload":{') + 11
    stop = line.rindex(b',"prev_hash":"')
    return line[start:stop], line[:at] + line[end:]

"""Canonical JSON: the one function that turns a payload into the bytes hashed and signed.

Sorted keys, separators (',', ':'), ensure_ascii=False, UTF-8, every string NFC, integers
only (floats refused: money is đồng, rates are decimal strings), dates as ISO strings.
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from decimal import Decimal
from typing import Any

from .errors import DomainError


def _nfc(text: str) -> str:
    # Most strings are ASCII or already NFC: the checks are C-fast, normalising is not.
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _normalise(value: Any) -> Any:
    kind = type(value)   # exact types first: this runs for every hashed and signed value
    if kind is str:
        return _nfc(value)
    if kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return _normalise_dict(value)
    if kind is list:
        return [_normalise(v) for v in value]
    return _normalise_other(value)


def _normalise_dict(value: dict) -> dict:
    out = {}
    for k, v in value.items():
        if type(k) is not str:
            raise DomainError("bad_key", "Khóa dữ liệu phải là chuỗi", "Keys must be strings")
        key = _nfc(k)
        if key in out:
            # Two keys equal after NFC: keeping one would silently drop data from what
            # is hashed and signed.
            raise DomainError("duplicate_key", f"Khóa dữ liệu bị trùng: {key}",
                              f"Duplicate key after normalisation: {key}")
        out[key] = _normalise(v)
    return out


def _normalise_other(value: Any) -> Any:
    """Subclasses of the plain types, and the types written as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return _nfc(str(value))
    if isinstance(value, float):
        raise DomainError("float_in_payload", "Không chấp nhận số thực trong dữ liệu nghiệp vụ",
                          "Floats are not allowed in canonical JSON")
    if isinstance(value, Decimal):
        # Rates travel as decimal strings; normalise so "6.240" and "6.24" hash alike.
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return _normalise_dict(value)
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    raise DomainError("bad_type", f"Kiểu dữ liệu không hỗ trợ: {type(value).__name__}",
                      f"Unsupported type in canonical JSON: {type(value).__name__}")


def canonical_json(obj: Any) -> bytes:
    """The canonical bytes of `obj`."""
    return json.dumps(_normalise(obj), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False).encode("utf-8")


def state_json(state: dict) -> bytes:
    """Canonical bytes of an account state built by the domain's own `to_dict` (ints, NFC
    strings from normalised payloads, ISO dates, lists): the same bytes as `canonical_json`
    without re-normalising every value — snapshots are written thousands of times a second.

    Dumped first with `ensure_ascii`, the encoder's faster path (a fifth less for a loan's
    state): when that text holds no backslash, no string needed an escape and every
    character is ASCII, so it is the very text the canonical dump (`ensure_ascii=False`)
    gives; otherwise that dump is made instead (decision 0266)."""
    text = _ASCII.encode(state)
    if "\\" in text:
        text = _ENCODER.encode(state)
    return text.encode("utf-8")


# One encoder for every call: `json.dumps` with options builds a new one each time.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                            allow_nan=False)
_ASCII = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                          allow_nan=False)


def plain_canonical(obj: Any) -> bytes:
    """`canonical_json(obj)` of an object made of values parsed from canonical JSON and
    plain ones (texts, integers, None, lists, dicts with text keys; parsed canonical JSON
    holds no float, and the caller puts none in): one plain dump, kept
    when its text is NFC as a whole (then every string in it is, as `is_canonical` reads
    it), else the normalised one. An enrolment pack's 60.000 envelopes (decision 0256)."""
    try:
        data = state_json(obj)
    except (TypeError, ValueError):      # a date, a Decimal: not plain
        return canonical_json(obj)
    text = data.decode("utf-8")
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return data
    return canonical_json(obj)


def is_canonical(data: bytes, obj: Any) -> bool:
    """Whether `data`, which `from_json` parsed into `obj`, is already `canonical_json(obj)`,
    without normalising value by value: the text is NFC as a whole (then so is every string
    in it: JSON's quotes never compose with a neighbour) and a plain dump gives it back."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return ((text.isascii() or unicodedata.is_normalized("NFC", text))
            and state_json(obj) == data)


def _no_float(text: str) -> Any:
    raise DomainError("float_in_payload", "Không chấp nhận số thực trong dữ liệu nghiệp vụ",
                      "Floats are not allowed in canonical JSON")


# One decoder for every call: `json.loads` with hooks builds a new one each time (issue 7).
# NaN/Infinity are floats too; the decoder would otherwise accept them.
_DECODER = json.JSONDecoder(parse_float=_no_float, parse_constant=_no_float)
_SCAN = _DECODER.scan_once


def from_json(data: bytes | str) -> Any:
    """Parse canonical (or any) JSON; floats are refused here too.

    The decoder's scanner is called directly when the text is one value with nothing
    around it (canonical text: a snapshot state, a payload); `decode` skips whitespace
    with two pattern matches first — ≈ 1 µs of a snapshot's parse (decision 0276). Any
    other text, and any failure, is decoded (or refused) the usual way."""
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    try:
        value, end = _SCAN(data, 0)
    except Exception:   # decode() raises its own error for it below
        return _DECODER.decode(data)
    return value if end == len(data) else _DECODER.decode(data)

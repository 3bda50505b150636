"""What any payload may hold, checked before an operation is decided and before an imported
one is applied: a clear field error (Vietnamese and English) and nothing stored.

Per field name, whatever the kind (a name means one thing in every payload): money fields
are integers of đồng within ±MAX_AMOUNT (non-negative except a `±` kind's `amount`);
booleans are JSON booleans (never "no"); dates are ISO dates within DATE_WINDOW; text is a
string of bounded length without control, zero-width or bidirectional-override characters
(they make a name print one way and sort or search another). Any integer fits in 53 bits
(every database and JSON reader keeps it exact); nesting and size are bounded.
Canonical JSON (domain) already refuses floats and normalises to NFC.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.errors import DomainError

MAX_INT = 2 ** 53 - 1
MAX_AMOUNT = 10 ** 12           # 1.000 tỷ đồng: far above any one operation at a point
MAX_TEXT = 2_000                # any string not listed in TEXT_LIMITS
MAX_ITEMS = 10_000              # values in one payload (lists and objects included)
MAX_DEPTH = 8
DATE_WINDOW = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))
MONEY = frozenset({"amount", "interest", "principal", "savings", "from_savings",
                   "opening_cash", "counted_total", "expected_total", "fee", "commission",
                   "instalment_unit"})
SIGNED_MONEY = frozenset({"amount"})     # only where the kind's cash is "±"
BOOLEANS = frozenset({"approved", "id_checked", "overpay_confirmed", "is_representative",
                      "active", "demo", "priority", "rounding", "difficult_area"})
DATES = frozenset({"effective_from", "period_end", "first_due", "study_end", "until",
                   "birth_date", "business_date", "start", "from", "valid_from",
                   "valid_until", "id_issued_on", "id_expiry", "signed_on"})
TEXT_LIMITS = {"full_name": 120, "name": 200, "leader_name": 120, "deputy_name": 120,
               "address": 300, "reason": 500, "purpose": 300, "place": 200, "village": 120,
               "commune": 120, "ethnicity": 60, "relation": 60, "phone": 20,
               "id_number": 12, "bl_no": 20, "contract_no": 40, "username": 64}
# C0/C1 controls, zero-width characters, bidirectional overrides and isolates, BOM, and
# lone surrogates (no UTF-8 encoding exists: the database would refuse them).
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufeff\ud800-\udfff]")


def field_error(field: str, vi: str, en: str) -> DomainError:
    return DomainError("bad_field", f"Trường {field}: {vi}.", f"Field {field}: {en}.",
                       field=field)


def check_payload(kind: str, payload: Any) -> None:
    """Raise DomainError("bad_field", field=…) for the first value the payload may not hold."""
    if not isinstance(payload, Mapping):
        raise DomainError("bad_payload", "Dữ liệu nghiệp vụ phải là một đối tượng JSON.",
                          "An operation's data must be a JSON object.")
    count = [0]
    for key, value in payload.items():
        _check(kind, str(key), value, str(key), 1, count)


def payload_problem(kind: str, payload: Any) -> str | None:
    """The reason an imported payload is rejected (`bad_field:<path>`), None when it is fine."""
    try:
        check_payload(kind, payload)
    except DomainError as exc:
        return f"{exc.code}:{exc.field}" if exc.field else exc.code
    return None


def _check(kind: str, key: str, value: Any, path: str, depth: int, count: list[int]) -> None:
    count[0] += 1
    if count[0] > MAX_ITEMS or depth > MAX_DEPTH:
        raise field_error(path, "dữ liệu quá lớn hoặc lồng quá sâu", "too large or too deep")
    if key in MONEY:
        _money(kind, key, value, path)
    elif key in BOOLEANS:
        if value is not None and type(value) is not bool:
            raise field_error(path, "phải là đúng/sai (true/false)",
                              "must be a boolean (true/false)")
    elif key in DATES or key.endswith("_date"):
        _date(value, path)
    elif key in TEXT_LIMITS and value is not None and not isinstance(value, str):
        raise field_error(path, "phải là chuỗi ký tự", "must be text")
    if type(value) is int and abs(value) > MAX_INT:
        raise field_error(path, "số quá lớn", "number too large")
    if isinstance(value, str):
        _text(key, value, path)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _check(kind, str(k), v, f"{path}.{k}", depth + 1, count)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check(kind, key, v, f"{path}[{i}]", depth + 1, count)


def _money(kind: str, key: str, value: Any, path: str) -> None:
    if type(value) is not int:
        raise field_error(path, "số tiền phải là số nguyên đồng",
                          "an amount must be a whole number of đồng")
    low = -MAX_AMOUNT if key in SIGNED_MONEY and domain_op.CASH.get(kind) == "±" else 0
    if not low <= value <= MAX_AMOUNT:
        raise field_error(path, f"số tiền phải từ {low:,} đến {MAX_AMOUNT:,} đồng"
                          .replace(",", "."),
                          f"an amount must lie between {low:,} and {MAX_AMOUNT:,} đồng")


def _date(value: Any, path: str) -> None:
    if value is None:
        return
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None or len(value) != 10:
        raise field_error(path, "ngày phải có dạng YYYY-MM-DD", "a date must be YYYY-MM-DD")
    if not DATE_WINDOW[0] <= day <= DATE_WINDOW[1]:
        raise field_error(path, "ngày không hợp lý", "the date is not plausible")


def _text(key: str, value: str, path: str) -> None:
    limit = TEXT_LIMITS.get(key, MAX_TEXT)
    if len(value) > limit:
        raise field_error(path, f"dài quá {limit} ký tự", f"longer than {limit} characters")
    if FORBIDDEN.search(value):
        raise field_error(path, "chứa ký tự điều khiển hoặc ký tự ẩn",
                          "contains control or invisible characters")

"""Money: đồng as Python ints, how they are shown, how an officer's typing is read, and rounding.

Every amount in sbpdesk is a whole number of đồng held in an `int` — never a float, never a
Decimal — so sums are exact and hashes are stable. `format_vnd` writes amounts the Vietnamese
way ("1.200.000 đ"); `parse_vnd` reads what an officer types at the counter, including the
shorthand people actually use ("1,2tr", "500k", "2 tỷ"), and refuses anything it would have to
guess at, because a misread amount is cash in the wrong drawer. Rounding is exact integer
arithmetic on a fraction num/den; the policies are named so rule sets can refer to them.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from .errors import DomainError

# The largest amount every part of the program supports (words.py reads it out in full:
# "chín trăm chín mươi chín nghìn ... tỷ ..."). 15 digits also stays exact in any consumer
# that might still go through a double (PDF tooling, spreadsheets).
MAX_AMOUNT = 999_999_999_999_999

_FIELD = "amount"


def _require_int(value: object, name: str) -> int:
    # bool is an int subclass; True đồng is a bug, not an amount.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int (đồng), got {type(value).__name__}")
    return value


# --- formatting ---------------------------------------------------------------------------

def format_number(amount: int) -> str:
    """`1200000` → `"1.200.000"`: dots between thousands, minus sign for negatives."""
    _require_int(amount, "amount")
    digits = f"{abs(amount):,}".replace(",", ".")
    return f"-{digits}" if amount < 0 else digits


def format_vnd(amount: int, symbol: bool = True) -> str:
    """`1200000` → `"1.200.000 đ"` (or without the symbol)."""
    text = format_number(amount)
    return f"{text} đ" if symbol else text


# --- parsing ------------------------------------------------------------------------------

# Currency words an officer may add after the number; they change nothing.
_CURRENCY = re.compile(r"(?:đồng|dong|vnđ|vnd|đ|₫)$")
# Multipliers ("1,2tr", "500k", "2 tỷ"); the unaccented forms are what people type without
# a Vietnamese keyboard.
_UNITS: dict[str, int] = {
    "k": 10**3, "nghìn": 10**3, "nghin": 10**3, "ngàn": 10**3, "ngan": 10**3,
    "tr": 10**6, "triệu": 10**6, "trieu": 10**6,
    "tỷ": 10**9, "tỉ": 10**9, "ty": 10**9, "ti": 10**9,
}
_UNIT = re.compile("(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")$")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
# Whole-number grouping: first group 1–3 digits (not starting with 0), then groups of 3.
_GROUPED = {sep: re.compile(rf"[1-9][0-9]{{0,2}}(?:{re.escape(sep)}[0-9]{{3}})+", re.ASCII)
            for sep in (".", ",", " ")}


def _error(code: str, vi: str, en: str) -> DomainError:
    return DomainError(code, vi, en, field=_FIELD)


def parse_vnd(text: str) -> int:
    """Read an amount in đồng as typed by an officer; raise DomainError if it is not clear.

    Accepted: "1200000", "1.200.000", "1,200,000", "1 200 000", with or without "đ", "đồng",
    "VND"; shorthand "1,2tr", "1.2 tr", "1,2 triệu", "500k", "500 nghìn/ngàn", "2 tỷ".
    Refused: empty, negative, letters, fractions of a đồng, anything above MAX_AMOUNT, and
    separators that could mean either thousands or decimals ("1,2" without a unit).
    """
    original = text
    s = _clean(text)
    if not s:
        raise _error("amount_empty", "Chưa nhập số tiền.", "The amount is empty.")
    if s[0] in "-−–":
        raise _error("amount_negative", "Số tiền không được âm.",
                     "The amount cannot be negative.")
    number, multiplier = _split_unit(_CURRENCY.sub("", s).rstrip())
    if multiplier is None:
        amount = _parse_plain(number, original)
    else:
        amount = _parse_with_unit(number, multiplier, original)
    if amount > MAX_AMOUNT:
        raise _too_large()
    return amount


def _split_unit(s: str) -> tuple[str, int | None]:
    """"1,2 tr" → ("1,2", 10**6); no unit → (s, None)."""
    match = _UNIT.search(s)
    if not match or match.start() == 0:
        return s, None
    before = s[match.start() - 1]
    # A unit follows the number directly or after one space; "1,2xtr" is letters, not a unit.
    if before != " " and before not in "0123456789":
        return s, None
    return s[:match.start()].rstrip(), _UNITS[match.group(1)]


def _clean(text: str) -> str:
    """NFC, lower case, every kind of space (NBSP from copy-paste too) folded to one space."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    s = unicodedata.normalize("NFC", text).casefold()
    return " ".join(s.split())


def _digits_to_int(digits: str) -> int:
    # Guard before int(): a pasted 5,000-digit string must not reach Python's int parser.
    if len(digits.lstrip("0")) > len(str(MAX_AMOUNT)):
        raise _too_large()
    return int(digits)


def _too_large() -> DomainError:
    return _error("amount_too_large",
                  f"Số tiền vượt quá mức tối đa {format_vnd(MAX_AMOUNT)}.",
                  f"The amount exceeds the maximum of {format_vnd(MAX_AMOUNT)}.")


def _bad_characters(original: str) -> DomainError:
    return _error("bad_amount",
                  f"Số tiền “{original.strip()}” chứa ký tự không hợp lệ; chỉ nhập chữ số, "
                  "dấu chấm phân cách hàng nghìn và đơn vị (đ, k, tr, tỷ).",
                  f"The amount “{original.strip()}” contains invalid characters; type digits, "
                  "dots between thousands and a unit (đ, k, tr, tỷ).")


def _fraction_error(original: str) -> DomainError:
    return _error("amount_fraction",
                  f"Số tiền “{original.strip()}” có phần lẻ dưới một đồng.",
                  f"The amount “{original.strip()}” has a fraction of a đồng.")


def _ambiguous(original: str) -> DomainError:
    return _error("amount_ambiguous",
                  f"Số tiền “{original.strip()}” không rõ nghĩa: dấu chấm hoặc phẩy chỉ dùng để "
                  "phân cách hàng nghìn (theo sau đúng 3 chữ số). Hãy nhập 1.200.000, "
                  "hoặc dùng đơn vị như 1,2tr.",
                  f"The amount “{original.strip()}” is ambiguous: a dot or comma separates "
                  "thousands only (followed by exactly 3 digits). Type 1.200.000, "
                  "or use a unit such as 1,2tr.")


def _parse_plain(s: str, original: str) -> int:
    """A whole number of đồng, possibly grouped by dots, commas or spaces."""
    if _DIGITS.fullmatch(s):
        return _digits_to_int(s)
    if not s or any(c not in "0123456789., " for c in s):
        raise _bad_characters(original)
    seps = {c for c in s if c in ".,"}
    if len(seps) == 2:
        return _parse_mixed(s, original)
    sep = seps.pop() if seps else " "
    if " " in s and sep != " ":
        raise _ambiguous(original)   # "1 200.000": two grouping styles at once
    if _GROUPED[sep].fullmatch(s):
        return _digits_to_int(s.replace(sep, ""))
    raise _ambiguous(original)


def _parse_mixed(s: str, original: str) -> int:
    """Both "." and "," present: one groups thousands, the last one marks decimals.

    "1.200.000,00" (Vietnamese) and "1,200,000.00" (English, pasted from a spreadsheet) are
    unambiguous; a zero fraction is accepted, any other fraction is refused.
    """
    last = max(s.rfind("."), s.rfind(","))
    decimal_sep, whole, fraction = s[last], s[:last], s[last + 1:]
    group_sep = "," if decimal_sep == "." else "."
    if (decimal_sep in whole or not _GROUPED[group_sep].fullmatch(whole)
            or not _DIGITS.fullmatch(fraction) or len(fraction) > 2):
        raise _ambiguous(original)
    if int(fraction):
        raise _fraction_error(original)
    return _digits_to_int(whole.replace(group_sep, ""))


def _parse_with_unit(number: str, multiplier: int, original: str) -> int:
    """The number before "k"/"tr"/"tỷ": digits, space-grouped digits, or one decimal mark."""
    if not number:
        raise _bad_characters(original)
    if _DIGITS.fullmatch(number):
        return _digits_to_int(number) * multiplier
    if _GROUPED[" "].fullmatch(number):
        # Spaces never mark decimals, so "1 500k" can only be 1.500 × 1.000.
        return _digits_to_int(number.replace(" ", "")) * multiplier
    if any(c not in "0123456789.," for c in number):
        raise _bad_characters(original)
    parts = re.split(r"[.,]", number)
    # Exactly three digits after the mark is the one case that reads both ways:
    # "1.500k" is 1.500.000 if the dot groups thousands, 1.500 if it marks decimals.
    if len(parts) != 2 or not all(parts):
        raise _bad_characters(original)
    if len(parts[1]) == 3:
        raise _error("amount_ambiguous",
                     f"Số tiền “{original.strip()}” không rõ nghĩa: dấu chấm/phẩy trước 3 chữ số "
                     "có thể là phân cách hàng nghìn hoặc dấu thập phân. Hãy nhập không có dấu "
                     "(1500k) hoặc với ít chữ số thập phân hơn (1,5tr).",
                     f"The amount “{original.strip()}” is ambiguous: a dot/comma before 3 digits "
                     "may separate thousands or mark decimals. Type it without the mark (1500k) "
                     "or with fewer decimals (1,5tr).")
    whole, fraction = parts[0], parts[1].rstrip("0")
    # A multiplier of at most 10^9 absorbs at most 9 decimals; more is below one đồng (and
    # checking first keeps a pasted run of digits from building a huge int).
    if len(fraction) > 9:
        raise _fraction_error(original)
    scale = 10 ** len(fraction)
    value, remainder = divmod((_digits_to_int(whole) * scale + int(fraction or "0"))
                              * multiplier, scale)
    if remainder:
        raise _fraction_error(original)
    return value


# --- rounding -----------------------------------------------------------------------------

def round_half_up(num: int, den: int) -> int:
    """num/den rounded to the nearest integer, halves away from zero (so -2.5 → -3).

    The rounding policy for interest and fees: exact, no floats; symmetric so that a
    reversal rounds to exactly the negative of the original.
    """
    _require_int(num, "num")
    _require_int(den, "den")
    if den <= 0:
        raise ValueError("den must be positive")
    quotient, remainder = divmod(abs(num), den)
    if 2 * remainder >= den:
        quotient += 1
    return -quotient if num < 0 else quotient


def round_floor(num: int, den: int) -> int:
    """num/den rounded down (towards minus infinity): the đồng below never goes to the payer."""
    _require_int(num, "num")
    _require_int(den, "den")
    if den <= 0:
        raise ValueError("den must be positive")
    return num // den


# Rule sets name their rounding policy; this table turns the name into the function.
ROUNDING: dict[str, Callable[[int, int], int]] = {
    "half_up": round_half_up,
    "floor": round_floor,
}

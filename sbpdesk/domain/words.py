"""Amounts in Vietnamese words, as written on receipts and vouchers ("Bằng chữ: …").

Accounting style: every group after the first is read in full with its hundreds, so 1.014 is
"Một nghìn không trăm mười bốn đồng" and nobody can slip a digit in later; an empty group is
skipped; a zero tens digit after hundreds reads "linh" (or "lẻ", by choice); 1 after twenty
and above is "mốt", 5 after any tens is "lăm", and 4 stays "bốn". Amounts of a thousand tỷ
and more are read as "nghìn tỷ". num2words gets several of these wrong, hence this module.
"""
from __future__ import annotations

from .errors import DomainError
from .money import MAX_AMOUNT, format_vnd

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_ZERO_HUNDRED = ("linh", "lẻ")
_BILLION = 10**9


def amount_in_words(amount: int, zero_hundred: str = "linh") -> str:
    """`1014` → `"Một nghìn không trăm mười bốn đồng"`; `0` → `"Không đồng"`."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an int (đồng), got {type(amount).__name__}")
    if zero_hundred not in _ZERO_HUNDRED:
        raise ValueError(f"zero_hundred must be one of {_ZERO_HUNDRED}")
    if amount < 0 or amount > MAX_AMOUNT:
        raise DomainError(
            "amount_out_of_range",
            f"Không thể đọc số tiền {format_vnd(amount)} thành chữ: số tiền phải từ 0 đến "
            f"{format_vnd(MAX_AMOUNT)}.",
            f"Cannot write {format_vnd(amount)} in words: the amount must be between 0 and "
            f"{format_vnd(MAX_AMOUNT)}.",
            field="amount")
    words = _read(amount, leading=True, zero_hundred=zero_hundred) if amount else ["không"]
    text = " ".join(words + ["đồng"])
    return text[0].upper() + text[1:]


def _read(n: int, leading: bool, zero_hundred: str) -> list[str]:
    """Words for n > 0. `leading`: nothing is read before n, so no "không trăm" padding."""
    if n >= _BILLION:
        # "X tỷ" where X itself may reach the nghìn: 1.200 tỷ is "một nghìn hai trăm tỷ".
        billions, rest = divmod(n, _BILLION)
        words = _read(billions, leading, zero_hundred) + ["tỷ"]
        if rest:
            words += _read(rest, False, zero_hundred)
        return words
    words: list[str] = []
    for scale, group in (("triệu", n // 10**6), ("nghìn", n // 10**3 % 1000), ("", n % 1000)):
        if group == 0:
            continue   # an empty group is skipped, never read "không trăm"
        words += _group(group, full=not leading, zero_hundred=zero_hundred)
        if scale:
            words.append(scale)
        leading = False
    return words


def _group(g: int, full: bool, zero_hundred: str) -> list[str]:
    """One group 1–999; `full` reads the hundreds even when 0 ("không trăm linh năm")."""
    hundreds, tens, units = g // 100, g // 10 % 10, g % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += ([zero_hundred] if words else []) + [_DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])   # "mười một", not "mốt"
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append(_unit_after_tens(units))
    return words


def _unit_after_tens(units: int) -> str:
    # "mốt" and "lăm" are the standard forms; "tư" for 4 is spoken, not written in accounts.
    return {1: "mốt", 5: "lăm"}.get(units, _DIGITS[units])

"""Exact interest: integer numerators over one fixed denominator, rounded only when billed.

A rate is an annual percentage held as a Decimal ("6.24" = 6,24 %/năm); it must have at most
six decimals, so `rate × 10**6` is an integer (`rate_units`). The day basis is ACT/365 on
the annual rate (Circular 14/2017) or "30/360-monthly" (monthly rate = annual ÷ 12, per day
÷ 30, i.e. annual ÷ 360 per actual day). With DEN = 10**8 (percent with six decimals) ×
26 280 (lcm of 365 and 360) × 100 (the multiplier in percent), interest for any whole
principal, day count, rate, basis and multiplier is an integer numerator over DEN, so sums
over days, buckets and rate segments stay exact. Days = end − start: the first day counts,
the last does not, so interest billed at a session on D uses end = D. The numerator is
turned into đồng (`to_dong`, half-up by default) only when it is billed, collected, frozen
or written off; the remainder is dropped. DEN is stored implicitly in every loan snapshot:
never change it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from .money import ROUNDING

RATE_SCALE = 10**6          # percent with six decimals → integer
DAYS_LCM = 26_280           # lcm(365, 360)
DEN = 100 * RATE_SCALE * DAYS_LCM * 100   # 100 (percent) × scale × days × multiplier %

# Days-per-year of each basis folded into the common denominator: 26 280 / 365 = 72, / 360 = 73.
BASIS_FACTOR = {"ACT/365": DAYS_LCM // 365, "30/360-monthly": DAYS_LCM // 360}

Segment = tuple[dt.date, dt.date, Decimal]   # [start, end) at an annual rate in percent


def rate_units(rate: Decimal) -> int:
    """6,24 %/năm → 6 240 000; refuses rates finer than six decimals (they would not be exact)."""
    scaled = Decimal(rate) * RATE_SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError(f"rate {rate} has more than six decimals")
    return int(scaled)


def accrue(principal: int, start: dt.date, end: dt.date, segments: Iterable[Segment],
           basis: str = "ACT/365", multiplier_pct: int = 100) -> int:
    """Numerator (over DEN) of interest on `principal` for the days in [start, end), each day
    at the rate of the segment it falls in. Days outside every segment earn nothing (the
    caller flags a missing rate)."""
    if principal == 0 or end <= start:
        return 0
    return interest_on(principal, rate_days(start, end, segments), basis, multiplier_pct)


def rate_days(start: dt.date, end: dt.date, segments: Iterable[Segment]) -> int:
    """Σ days × rate_units over the days of [start, end): the part of `accrue` that does not
    depend on the principal, so a span many loans share is summed once (Refs.rate_span)."""
    total = 0
    for seg_start, seg_end, rate in segments:
        days = (min(end, seg_end) - max(start, seg_start)).days
        if days > 0:
            total += days * rate_units(rate)
    return total


def interest_on(principal: int, span: int, basis: str = "ACT/365",
                multiplier_pct: int = 100) -> int:
    """Numerator for `principal` over a span whose `rate_days` is `span` (exact: a product)."""
    return principal * span * BASIS_FACTOR[basis] * multiplier_pct


def covered_days(start: dt.date, end: dt.date, segments: Iterable[Segment]) -> int:
    """How many days of [start, end) some segment covers (to detect a missing rate)."""
    return sum(max(0, (min(end, b) - max(start, a)).days) for a, b, _ in segments)


def to_dong(numerator: int, rounding: str = "half_up") -> int:
    """Whole đồng from a numerator over DEN, by the rule set's rounding policy."""
    round_ = ROUNDING[rounding]
    if numerator == 0 and type(numerator) is int:
        return 0    # most buckets accrue nothing (no overdue, no grace): skip the checks
    return round_(numerator, DEN)


def simple_interest(principal: int, days: int, annual_rate: Decimal,
                    basis: str = "ACT/365", multiplier_pct: int = 100) -> int:
    """Numerator for a flat period at one rate — the worked examples' formula."""
    return principal * days * rate_units(annual_rate) * BASIS_FACTOR[basis] * multiplier_pct

"""Exact interest: worked examples from money-rules.md, computed by hand."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sbpdesk.domain.interest import DEN, accrue, rate_units, simple_interest, to_dong
from sbpdesk.domain.rates import SHIPPED_RATES

D = dt.date
R = Decimal


def test_money_rules_worked_example_act_365():
    # 10.000.000 × 6,6 % × 30 / 365 = 19.800.000 / 365 = 54.246,58 → 54.247
    num = simple_interest(10_000_000, 30, R("6.6"))
    assert to_dong(num) == 54_247
    assert to_dong(num, "floor") == 54_246
    # exactness: 54.246,58… × DEN is the numerator itself
    assert num * 365 == 19_800_000 * DEN


def test_money_rules_worked_example_monthly_30():
    # 10.000.000 × 0,55 %/month × 30 / 30 = 55.000 exactly
    num = simple_interest(10_000_000, 30, R("6.6"), "30/360-monthly")
    assert num == 55_000 * DEN


def test_first_day_counted_last_day_not():
    seg = [(D(2025, 1, 1), D(2026, 1, 1), R("6.6"))]
    # 15/10 → 15/11 is 31 days: 10.000.000 × 6,6 % × 31 / 365 = 20.460.000 / 365 = 56.054,79
    assert to_dong(accrue(10_000_000, D(2025, 10, 15), D(2025, 11, 15), seg)) == 56_055
    assert accrue(10_000_000, D(2025, 10, 15), D(2025, 10, 15), seg) == 0


def test_rate_change_on_2025_12_01_splits_the_period():
    segs = SHIPPED_RATES.rate_segments("poor", D(2025, 11, 16), D(2025, 12, 16))
    assert segs == [(D(2025, 11, 16), D(2025, 12, 1), R("6.6")),
                    (D(2025, 12, 1), D(2025, 12, 16), R("6.24"))]
    # 16/11 → 01/12: 15 days at 6,6 %: 10.000.000 × 0,066 × 15 = 9.900.000
    # 01/12 → 16/12: 15 days at 6,24 %: 10.000.000 × 0,0624 × 15 = 9.360.000
    # (9.900.000 + 9.360.000) / 365 = 52.767,12 → 52.767
    assert to_dong(accrue(10_000_000, D(2025, 11, 16), D(2025, 12, 16), segs)) == 52_767


def test_overdue_at_130_percent():
    seg = [(D(2025, 1, 1), D(2026, 1, 1), R("6.6"))]
    # 10.000.000 × 6,6 % × 1,3 × 30 / 365 = 25.740.000 / 365 = 70.520,55 → 70.521
    num = accrue(10_000_000, D(2025, 6, 1), D(2025, 7, 1), seg, multiplier_pct=130)
    assert to_dong(num) == 70_521


def test_half_up_at_exactly_half():
    seg = [(D(2025, 1, 1), D(2026, 1, 1), R("6.5"))]
    # 36.500 × 6,5 % × 1 / 365 = 6,5 → 7 half-up, 6 floor
    num = accrue(36_500, D(2025, 3, 1), D(2025, 3, 2), seg)
    assert to_dong(num) == 7 and to_dong(num, "floor") == 6


def test_near_poor_rate_is_exact():
    seg = [(D(2025, 12, 1), D(2027, 1, 1), R("7.488"))]
    # 36.500.000 × 7,488 % / 365 = 2.733.120 / 365 = 7.488 đ a day exactly
    assert accrue(36_500_000, D(2026, 1, 1), D(2026, 1, 11), seg) == 74_880 * DEN


def test_rates_finer_than_six_decimals_are_refused():
    assert rate_units(R("6.24")) == 6_240_000
    with pytest.raises(ValueError):
        rate_units(R("6.1234567"))

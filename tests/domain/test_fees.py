"""Union fee (base, bands, split), social housing, group commission, cap."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sbpdesk.domain import fees
from sbpdesk.domain.rules import DEFAULT_RULES

R = Decimal
LOANS = (fees.LoanInterest("A", 550_000, R("6.6")),    # 0,55 %/month → base 100.000.000
         fees.LoanInterest("B", 468_000, R("6.24")))   # 0,52 %/month → base 90.000.000


def test_union_fee_full_band_and_split():
    f = fees.union_fee(LOANS, overdue=15, outstanding=1_000, rules=DEFAULT_RULES)   # 1,5 %
    # base 190.000.000 × 0,032 % = 60.800; band 100 %
    assert f.basis.base_balance == 190_000_000 and f.basis.band_pct == 100
    assert f.amount == 60_800
    # district 9 % = 5.472, province 4,5 % = 2.736, central 2,5 % = 1.520,
    # commune 60.800 − 9.728 = 51.072 (= 84 %)
    assert dict(f.shares) == {"commune": 51_072, "district": 5_472, "province": 2_736,
                              "central": 1_520}


def test_union_fee_band_80_and_split_remainder_to_commune():
    f = fees.union_fee(LOANS, overdue=25, outstanding=1_000, rules=DEFAULT_RULES)   # 2,5 %
    # 60.800 × 80 % = 48.640; district 4.377,6 → 4.377; province 2.188,8 → 2.188;
    # central 1.216; commune 48.640 − 7.781 = 40.859
    assert f.amount == 48_640
    assert dict(f.shares) == {"commune": 40_859, "district": 4_377, "province": 2_188,
                              "central": 1_216}
    assert sum(v for _, v in f.shares) == f.amount


def test_band_edges():
    r = DEFAULT_RULES
    assert fees.band_pct(199, 10_000, r) == 100      # 1,99 %
    assert fees.band_pct(200, 10_000, r) == 80       # 2 %
    assert fees.band_pct(300, 10_000, r) == 50       # 3 %
    assert fees.band_pct(399, 10_000, r) == 50       # 3,99 %
    assert fees.band_pct(400, 10_000, r) == 0        # 4 %
    assert fees.band_pct(0, 0, r) == 100             # no outstanding, no overdue


def test_rounding_half_up_once_on_the_total():
    f = fees.union_fee([fees.LoanInterest("C", 100_001, R("6.6"))], 0, 1, DEFAULT_RULES)
    # 100.001 × 12 × 0,032 ÷ 6,6 = 38.400,384 ÷ 6,6 = 5.818,24 → 5.818
    assert f.amount == 5_818


def test_group_commission_not_issued_until_set():
    assert fees.group_commission(LOANS, DEFAULT_RULES) is None
    rules = replace(DEFAULT_RULES, group_commission_rate=R("0.05"))
    # 190.000.000 × 0,05 % = 95.000
    assert fees.group_commission(LOANS, rules) == 95_000


def test_social_housing_and_cap():
    # 500.000.000 × 0,003 % = 15.000; × 0,005 % = 25.000
    assert fees.social_housing_fees(500_000_000, DEFAULT_RULES) == (15_000, 25_000)
    # cap 0,125 % of 100.000.000 = 125.000 a month
    assert fees.cap_check(125_000, 100_000_000, DEFAULT_RULES).ok
    assert not fees.cap_check(125_001, 100_000_000, DEFAULT_RULES).ok

"""Rate history: Decision 2553 (01/12/2025), time-boxed overrides, shipped programmes."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sbpdesk.domain.programmes import SHIPPED_PROGRAMMES
from sbpdesk.domain.rates import SHIPPED_RATES, RateEntry, RateTable

D = dt.date
R = Decimal


def test_decision_2553_rates():
    # vbsp-brief C1: before → from 01/12/2025
    expected = {"poor": ("6.6", "6.24"), "near_poor": ("7.92", "7.488"),
                "student": ("6.6", "6.24"), "escaped_poverty": ("8.25", "7.8"),
                "difficult_area_business": ("9.0", "7.8"), "clean_water": ("9.0", "8.4"),
                "job_creation": ("7.92", "7.488"), "poor_30a": ("3.3", None),
                "forestry": ("6.6", None), "poor_housing": ("3.0", None)}
    for code, (before, after) in expected.items():
        assert SHIPPED_RATES.rate_on(code, D(2025, 11, 30)) == R(before), code
        # None: no published rate after 01/12/2025 (decisions/0076): the office sets it
        assert SHIPPED_RATES.rate_on(code, D(2025, 12, 1)) == (after and R(after)), code


def test_2021_override_wins_inside_its_window_only():
    # QĐ 1990/QĐ-TTg: −10 % from 01/10 to 31/12/2021 → 6,6 × 0,9 = 5,94
    assert SHIPPED_RATES.rate_on("poor", D(2021, 9, 30)) == R("6.6")
    assert SHIPPED_RATES.rate_on("poor", D(2021, 10, 1)) == R("5.94")
    assert SHIPPED_RATES.rate_on("poor", D(2021, 12, 31)) == R("5.94")
    assert SHIPPED_RATES.rate_on("poor", D(2022, 1, 1)) == R("6.6")
    assert SHIPPED_RATES.rate_on("near_poor", D(2021, 11, 1)) == R("7.128")   # 7,92 × 0,9


def test_segments_merge_equal_rates_and_skip_days_without_rate():
    t = RateTable((RateEntry("x", D(2026, 1, 10), R("5")),
                   RateEntry("x", D(2026, 1, 20), R("5")),
                   RateEntry("x", D(2026, 2, 1), R("4"), until=D(2026, 2, 2))))
    assert t.rate_segments("x", D(2026, 1, 1), D(2026, 2, 10)) == [
        (D(2026, 1, 10), D(2026, 2, 1), R("5")),
        (D(2026, 2, 1), D(2026, 2, 3), R("4")),
        (D(2026, 2, 3), D(2026, 2, 10), R("5"))]
    assert t.rate_on("x", D(2026, 1, 9)) is None
    assert t.rate_segments("unknown", D(2026, 1, 1), D(2026, 2, 1)) == []


def test_programme_table():
    poor = SHIPPED_PROGRAMMES["poor"]
    assert (poor.max_amount, poor.max_term_months, poor.category) == (100_000_000, 120, "poor")
    assert SHIPPED_PROGRAMMES["student"].interest_due == "after_grace"
    assert SHIPPED_PROGRAMMES["clean_water"].max_amount == 50_000_000    # 25 m × 2 kinds
    assert SHIPPED_PROGRAMMES["escaped_poverty"].max_term_months == 60
    # every shipped programme has a rate in 2026 but those whose new rate was not published
    unset = {"poor_30a", "forestry", "poor_housing", "ethnic_housing"}
    for code in SHIPPED_PROGRAMMES:
        assert (SHIPPED_RATES.rate_on(code, D(2026, 1, 1)) is None) == (code in unset), code


def test_rule_set_from_published_values_and_back():
    from sbpdesk.domain.rules import DEFAULT_RULES, OVERDUE_PRINCIPAL_FIRST, Refs, RuleSet
    r = RuleSet.from_values("2026-1", D(2026, 1, 1), {
        "savings_rate": "0.1", "allocation_preset": "overdue_principal_first",
        "union_fee_bands": [["2", 100], [None, 0]], "overdue_policy_from": "2026-03-01"})
    assert r.savings_rate == R("0.1") and r.allocation_order == OVERDUE_PRINCIPAL_FIRST
    assert r.union_fee_bands == ((R("2"), 100), (None, 0))
    assert RuleSet.from_values("2026-1", D(2026, 1, 1), r.to_values()) == r
    # defaults from money-rules.md
    assert (DEFAULT_RULES.day_basis, DEFAULT_RULES.overdue_multiplier_pct) == ("ACT/365", 130)
    assert DEFAULT_RULES.group_commission_rate is None and DEFAULT_RULES.savings_rate is None
    refs = Refs().with_rules(r)
    assert refs.rules_at(D(2025, 12, 31)) == DEFAULT_RULES
    assert refs.rules_at(D(2026, 1, 1)) == r
    assert refs.rules_for("2026-1", D(2020, 1, 1)) == r
    assert refs.rules_for("unknown", D(2026, 2, 1)) == r

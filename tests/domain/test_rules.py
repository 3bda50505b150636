"""Refs remembers the lookups the fold repeats; what it remembers must follow its contents."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sbpdesk.domain.interest import accrue, covered_days, interest_on, rate_days
from sbpdesk.domain.rates import RateEntry, RateTable
from sbpdesk.domain.rules import Refs, RuleSet

D = dt.date


def test_rules_at_follows_a_rule_set_added_later():
    refs = Refs()
    assert refs.rules_at(D(2026, 6, 1)).version == "default-1"
    newer = refs.with_rules(RuleSet(version="r2", effective_from=D(2026, 1, 1)))
    assert newer.rules_at(D(2026, 6, 1)).version == "r2"
    assert refs.rules_at(D(2026, 6, 1)).version == "default-1"   # the old Refs is unchanged


def test_rate_span_is_the_segments_with_their_coverage_and_rate_days():
    rates = RateTable((RateEntry("p", D(2025, 1, 1), Decimal("6.6")),
                       RateEntry("p", D(2025, 12, 1), Decimal("6.24"))))
    refs = Refs(rates=rates)
    a, b = D(2024, 12, 20), D(2025, 12, 16)      # starts before the first rate
    segs, covered, span = refs.rate_span("p", a, b)
    assert segs == tuple(rates.rate_segments("p", a, b))
    assert covered == covered_days(a, b, segs) == (b - D(2025, 1, 1)).days
    assert span == rate_days(a, b, segs)
    assert refs.rate_span("p", a, b) == (segs, covered, span)     # remembered, same answer
    for basis in ("ACT/365", "30/360-monthly"):
        assert interest_on(7_000_000, span, basis, 130) == accrue(7_000_000, a, b, segs,
                                                                  basis, 130)

"""Entrustment fee to the organisations and commission to the groups, computed by the office
as payables, each with the figures it was computed from (`basis`) for audit.

Union fee (money-rules §3): for each loan, the balance "on which interest was collected" is
the interest collected ÷ the loan's monthly rate, so the fee is interest × (0,032 % ÷ monthly
rate); summed exactly (fractions) over the organisation's loans, paid at the share of its
quality band (overdue ratio < 2 / 2–3 / 3–4 / ≥ 4 % → 100 / 80 / 50 / 0 %), rounded half-up
once, then split commune 84 / district 9 / province 4,5 / central 2,5 % with the lower levels
rounded down and the remainder to the commune, so the shares sum exactly. Social housing:
0,003 % (union) and 0,005 % (group) a month on the average in-term balance. The ordinary group
commission rate was not found: with no rate set nothing is computed (None). The 0,125 %/month
cap on fees + commissions is a warning, not a refusal.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .errors import DomainError
from .money import ROUNDING
from .rules import RuleSet


@dataclass(frozen=True)
class LoanInterest:
    """One loan's interest collected in the period and its annual rate (%/năm)."""

    loan_id: str
    interest_collected: int
    annual_rate: Decimal


@dataclass(frozen=True)
class FeeBasis:
    rate_per_month: Decimal
    loans: tuple[LoanInterest, ...]
    base_balance: Fraction          # Σ interest ÷ monthly rate (exact)
    overdue: int
    outstanding: int
    band_pct: int


@dataclass(frozen=True)
class UnionFee:
    gross: Fraction                 # before the quality band, exact
    amount: int                     # payable, whole đồng
    shares: tuple[tuple[str, int], ...]
    basis: FeeBasis


@dataclass(frozen=True)
class CapCheck:
    ok: bool
    total: int
    limit: Fraction
    outstanding: int


def _frac(d: Decimal) -> Fraction:
    return Fraction(d)   # exact for a Decimal


def band_pct(overdue: int, outstanding: int, rules: RuleSet) -> int:
    """Payout share (%) for an organisation's overdue ratio (overdue ÷ outstanding)."""
    ratio = Fraction(overdue, outstanding) * 100 if outstanding else Fraction(0)
    for bound, pct in rules.union_fee_bands:
        if bound is None or ratio < _frac(bound):
            return pct
    return 0


def base_balance(loans: Iterable[LoanInterest]) -> Fraction:
    """Σ interest collected ÷ monthly rate: the balance on which interest was collected."""
    return sum((Fraction(x.interest_collected) / (_frac(x.annual_rate) / 1200) for x in loans),
               Fraction(0))


DISTRICT_TIER_UNTIL = dt.date(2025, 6, 30)   # district unions dissolved (2025-26 §2)


def split(amount: int, rules: RuleSet, period_end: dt.date | None = None
          ) -> tuple[tuple[str, int], ...]:
    """Shares by level; every level but the first rounded down, the first takes the rest.
    A period ending after 30/06/2025 has no district tier: the shipped 84/9/4,5/2,5 split
    is refused until the office publishes the new one (not found; decisions/0079)."""
    levels = rules.union_fee_split
    if (period_end is not None and period_end > DISTRICT_TIER_UNTIL
            and any(name == "district" for name, _ in levels)):
        raise DomainError("fee_split_unset",
                          "Từ 01/07/2025 không còn cấp huyện: văn phòng cần công bố tỷ lệ "
                          "phân chia phí ủy thác mới (union_fee_split) trước.",
                          "No district level since 01/07/2025: the office must publish the "
                          "new fee split (union_fee_split) first.", field="union_fee_split")
    rest = [(name, int(amount * _frac(pct) / 100)) for name, pct in levels[1:]]
    first = (levels[0][0], amount - sum(v for _, v in rest))
    return (first, *rest)


def union_fee(loans: Iterable[LoanInterest], overdue: int, outstanding: int,
              rules: RuleSet, period_end: dt.date | None = None) -> UnionFee:
    """The organisation's fee for the period (ending on `period_end`, when given)."""
    loans = tuple(loans)
    base = base_balance(loans)
    gross = base * _frac(rules.union_fee_rate_per_month) / 100
    pct = band_pct(overdue, outstanding, rules)
    payable = gross * pct / 100
    amount = ROUNDING[rules.rounding](payable.numerator, payable.denominator)
    basis = FeeBasis(rules.union_fee_rate_per_month, loans, base, overdue, outstanding, pct)
    return UnionFee(gross, amount, split(amount, rules, period_end), basis)


def group_commission(loans: Iterable[LoanInterest], rules: RuleSet) -> int | None:
    """Ordinary group commission on the same base; None while the rate is not configured."""
    if rules.group_commission_rate is None:
        return None
    value = base_balance(loans) * _frac(rules.group_commission_rate) / 100
    return ROUNDING[rules.rounding](value.numerator, value.denominator)


def social_housing_fees(average_in_term: int, rules: RuleSet) -> tuple[int, int]:
    """(union fee, group commission) for a month on the average in-term balance."""
    r = ROUNDING[rules.rounding]
    union = Fraction(average_in_term) * _frac(rules.social_housing_union_rate) / 100
    group = Fraction(average_in_term) * _frac(rules.social_housing_group_rate) / 100
    return (r(union.numerator, union.denominator), r(group.numerator, group.denominator))


def cap_check(total_fees: int, outstanding: int, rules: RuleSet, months: int = 1) -> CapCheck:
    """Fees + commissions against 0,125 % a month of outstanding: a warning if above."""
    limit = Fraction(outstanding) * _frac(rules.fee_cap_per_month) / 100 * months
    return CapCheck(total_fees <= limit, total_fees, limit, outstanding)

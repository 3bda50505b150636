"""Rule sets and `Refs`: the office's versioned money rules, and everything `apply` may read.

A `RuleSet` is office reference data (`rules.publish {version, effective_from, values}`);
every operation records the `rules_version` it was decided under, and the fold uses that
version for the operation's own effect and the rule set in force on a date for accrual over
time. `Refs` bundles programmes, the rate table, rule sets and point calendars; services
build it from reference-data operations and pass it in. Defaults and evidence are in
docs/money-rules.md; the ones marked unverified there are:

| field | default | evidence |
|---|---|---|
| day_basis | "ACT/365" ("30/360-monthly" = monthly ÷ 30) | likely (Circular 14/2017) |
| rounding | "half_up" ("floor") | unverified |
| allocation_order | "interest_first": interest (overdue, in-term), then principal | unverified |
| early_target | "nearest" ("last") | unverified |
| overdue_policy_exempt | () — social housing goes overdue per instalment | likely (Letter 597) |
| savings_rate | None: interest 0, account flagged | unverified (figure not found) |
| union_fee_base | interest collected ÷ monthly rate | likely |
| union_fee_split central 2,5 % | remainder of 84/9/4,5 | likely |
| group_commission_rate | None: nothing is issued | unverified |
| fee_cap_per_month 0,125 % | a warning, not a refusal | likely |
| cancelled_session_shift | "next_held_session" ("keep") | unverified |
| instalment_unit | 100.000 đ (rounded down, remainder on the last) | likely (2025-26 §5) |
| group_score_weights | overdue 40, interest 30, savings 15, size 15 | unverified (decision 0193) |
| group_grade_bands | ≥ 85 Tốt, ≥ 70 Khá, ≥ 50 Trung bình, else Yếu | likely (2025-26 §4) |
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any

from .calendar import SessionCalendar
from .group_score import DEFAULT_BANDS, DEFAULT_WEIGHTS
from .interest import Segment, covered_days, rate_days
from .programmes import SHIPPED_PROGRAMMES, Programme
from .rates import SHIPPED_RATES, RateTable
from .relief import Relief

D = Decimal

INTEREST_FIRST = ("overdue_interest", "in_term_interest", "overdue_principal",
                  "due_principal", "early_repayment")
OVERDUE_PRINCIPAL_FIRST = ("overdue_principal", "overdue_interest", "in_term_interest",
                           "due_principal", "early_repayment")
ALLOCATION_PRESETS = {"interest_first": INTEREST_FIRST,
                      "overdue_principal_first": OVERDUE_PRINCIPAL_FIRST}


@dataclass(frozen=True)
class RuleSet:
    version: str = "default-1"
    effective_from: dt.date = dt.date(2000, 1, 1)
    day_basis: str = "ACT/365"
    rounding: str = "half_up"
    allocation_order: tuple[str, ...] = INTEREST_FIRST
    early_target: str = "nearest"
    overdue_multiplier_pct: int = 130
    # carry_forward for loans first disbursed before this date, instalment_to_overdue from it
    # (Letter 597/NHCS-TDNN); the final instalment always turns the whole balance overdue.
    overdue_policy_from: dt.date = dt.date(2026, 3, 1)
    # programmes kept on carry-forward whatever their date; empty since Letter 597 (2026):
    # social housing goes overdue instalment by instalment (decisions/0077)
    overdue_policy_exempt: tuple[str, ...] = ()
    savings_min_deposit: int = 5000
    savings_rate: Decimal | None = None            # %/năm, non-term rate; set by the office
    union_fee_rate_per_month: Decimal = Decimal("0.032")  # % per month
    # (upper bound of the overdue ratio in %, exclusive; None = no bound) → payout %
    union_fee_bands: tuple[tuple[Decimal | None, int], ...] = (
        (Decimal(2), 100), (Decimal(3), 80), (Decimal(4), 50), (None, 0))
    union_fee_split: tuple[tuple[str, Decimal], ...] = (
        ("commune", Decimal(84)), ("district", Decimal(9)), ("province", Decimal("4.5")),
        ("central", Decimal("2.5")))
    social_housing_union_rate: Decimal = Decimal("0.003")  # %/month, average in-term
    social_housing_group_rate: Decimal = Decimal("0.005")
    group_commission_rate: Decimal | None = None      # % per month; None = never issued
    fee_cap_per_month: Decimal = Decimal("0.125")           # fees + commissions, % of outstanding
    cancelled_session_shift: str = "next_held_session"
    # Cash counted at a session (issue 14): interest is owed to the đồng, notes are not. A
    # counted difference of at most the tolerance is recorded as rounding, without the
    # controller; the smallest note is the smallest denomination the count form offers.
    # Defaults keep a book that never published them as before (every difference approved).
    cash_rounding_tolerance: int = 0
    cash_smallest_note: int = 100
    # A savings deposit above this is confirmed a second time on the sheet (a typo guard).
    plausible_deposit_limit: int = 50_000_000
    # Instalments are rounded down to this many đồng, the remainder on the last (an office's
    # real loans, changes-2025-2026 §5). An approval records the unit in force on its date,
    # so a later rule set never changes a schedule already agreed (decisions/0175).
    instalment_unit: int = 100_000
    # A group's score from its BC0437 figures and the grades by score (domain/group_score.py,
    # decision 0193): the core's formula is not public, so criteria and weights are a setting.
    group_score_weights: tuple[tuple[str, int], ...] = DEFAULT_WEIGHTS
    group_grade_bands: tuple[tuple[int, str], ...] = DEFAULT_BANDS

    @classmethod
    def from_values(cls, version: str, effective_from: dt.date,
                    values: Mapping[str, Any]) -> RuleSet:
        """From a `rules.publish` payload: unspecified fields keep their defaults; decimals
        travel as strings, dates as ISO strings, an allocation order as a preset name or a
        list."""
        kw: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in values and f.name not in ("version", "effective_from"):
                kw[f.name] = _coerce(f.name, values[f.name])
        if "allocation_preset" in values:
            kw["allocation_order"] = ALLOCATION_PRESETS[values["allocation_preset"]]
        return cls(version=version, effective_from=effective_from, **kw)

    def to_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name not in ("version", "effective_from"):
                out[f.name] = _plain(getattr(self, f.name))
        return out


_DECIMALS = {"savings_rate", "union_fee_rate_per_month", "social_housing_union_rate",
             "social_housing_group_rate", "group_commission_rate", "fee_cap_per_month"}


def _coerce(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _DECIMALS:
        return D(str(value))
    if name == "overdue_policy_from":
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    if name == "union_fee_bands":
        return tuple((None if b is None else D(str(b)), int(p)) for b, p in value)
    if name == "union_fee_split":
        return tuple((str(k), D(str(v))) for k, v in value)
    if name in ("allocation_order", "overdue_policy_exempt"):
        return tuple(value)
    if name == "group_score_weights":
        return tuple((str(k), int(v)) for k, v in value)
    if name == "group_grade_bands":
        return tuple((int(k), str(v)) for k, v in value)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


DEFAULT_RULES = RuleSet()
_MEMO_MAX = 50_000   # memo entries of one Refs (the office book needs ~22.000); cleared when full


@dataclass(frozen=True)
class Refs:
    """Everything `apply` may read besides the account and the operation."""

    programmes: Mapping[str, Programme] = field(default_factory=lambda: dict(SHIPPED_PROGRAMMES))
    rates: RateTable = SHIPPED_RATES
    rule_sets: Mapping[str, RuleSet] = field(
        default_factory=lambda: {DEFAULT_RULES.version: DEFAULT_RULES})
    calendars: Mapping[str, SessionCalendar] = field(default_factory=dict)
    reliefs: tuple[Relief, ...] = ()        # retroactive reductions (`rate.relief`)
    point_provinces: Mapping[str, str] = field(default_factory=dict)  # point → province code
    office_province: str = ""               # for points with no province of their own
    # Lookups the fold repeats for every operation (the same session days across loans).
    # Refs is never changed in place (the services build a new one when reference data
    # changes, `with_rules` too), so what it remembers never goes stale.
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, init=False, repr=False,
                                              compare=False)

    def rules_at(self, day: dt.date) -> RuleSet:
        """The rule set in force on `day`: the latest effective_from on or before it."""
        key = ("rules_at", day)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._rules_at(day)
        return found

    def _rules_at(self, day: dt.date) -> RuleSet:
        live = [r for r in self.rule_sets.values() if r.effective_from <= day]
        if not live:
            return min(self.rule_sets.values(), key=lambda r: r.effective_from)
        return max(live, key=lambda r: (r.effective_from, r.version))

    def rules_for(self, version: str | None, day: dt.date) -> RuleSet:
        """The version an operation was decided under, or the one in force on its date."""
        if version is not None and version in self.rule_sets:
            return self.rule_sets[version]
        return self.rules_at(day)

    def rate_span(self, programme: str, start: dt.date, end: dt.date
                  ) -> tuple[tuple[Segment, ...], int, int]:
        """(rate segments, days covered, `interest.rate_days`) of [start, end), remembered:
        the loans of a point accrue over the same spans between session days."""
        key = (programme, start, end)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) > _MEMO_MAX:
                self._memo.clear()
            segs = tuple(self.rates.rate_segments(programme, start, end))
            found = self._memo[key] = (segs, covered_days(start, end, segs),
                                       rate_days(start, end, segs))
        return found

    def province_of(self, point_code: str) -> str:
        return self.point_provinces.get(point_code) or self.office_province

    def reliefs_for(self, programme: str, point_code: str) -> tuple[Relief, ...]:
        """The reductions that cover a loan of `programme` at `point_code` (remembered)."""
        if not self.reliefs:
            return ()
        key = ("reliefs", programme, point_code)
        found = self._memo.get(key)
        if found is None:
            province = self.province_of(point_code)
            found = self._memo[key] = tuple(r for r in self.reliefs
                                            if r.covers(programme, province))
        return found

    def programme(self, code: str) -> Programme | None:
        return self.programmes.get(code)

    def calendar(self, point_code: str, session_day: int | None = None) -> SessionCalendar:
        """The point's calendar; a point without one gets a plain calendar on `session_day`
        (or the 15th) so schedules still build — the services should publish the real one."""
        if point_code in self.calendars:
            return self.calendars[point_code]
        return SessionCalendar(point_code, session_day or 15)

    def with_rules(self, *rule_sets: RuleSet) -> Refs:
        merged = dict(self.rule_sets)
        merged.update({r.version: r for r in rule_sets})
        return replace(self, rule_sets=merged)

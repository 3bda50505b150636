"""Scoped, retroactive interest reductions (giảm lãi suất), e.g. Decision 2731/QĐ-TTg:
−2 %/year on outstanding loans of every Prime-Minister-rate programme in four provinces,
for 01/10/2025–31/12/2025, decided on 16/12/2025 — after part of it was collected and across
the 01/12/2025 rate change (../shared/domain/changes-2025-2026.md §3; decisions/0078).

The fold accrues the reduction separately and exactly (`acc_relief`, numerator over
interest.DEN) for the days of the window, day by day on the balance of that day, never below
a zero rate. Until the office records the reduction (`recorded_on`) bills are unchanged, as
they were at the time; each bill before then marks the reduction of the days it billed as
collected (`acc_relief_billed`). At the first bill on or after `recorded_on` it is rounded:
the collected part first comes off interest billed before and still unpaid; what is left
was collected in excess and is booked by the office's method — `next_interest` (default:
a credit taken off the interest billed now and later), `cash` or `savings` (suspense the
office pays back at the next session with a receipt, or moves to the member's savings);
the part on days not billed before comes off the interest billed now.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .interest import Segment, rate_units, to_dong
from .records import evolve

# domain.loan.LoanState: not imported, loan imports this module (no import circle)
LoanState = Any

ONE_DAY = dt.timedelta(days=1)
METHODS = ("next_interest", "cash", "savings")
# Programmes whose rate the Prime Minister sets (Decision 2553's table, QĐ 29/2025 STEM);
# social housing's rate is set by decree (Decree 261/2025): not in this scope (likely).
PM_RATE_PROGRAMMES = frozenset({
    "poor", "student", "overseas_worker", "ex_prisoner", "near_poor", "job_creation",
    "job_creation_pref", "escaped_poverty", "difficult_area_business",
    "difficult_area_trader", "clean_water", "poor_30a", "overseas_worker_27", "forestry",
    "poor_housing", "ethnic_housing", "ethnic_job_change", "stem_student"})


@dataclass(frozen=True)
class Relief:
    relief_id: str                   # the `rate.relief` operation's id
    decision: str                    # "2731/QĐ-TTg"
    points: Decimal                  # percentage points a year taken off the rate: 2
    start: dt.date
    until: dt.date                   # inclusive
    recorded_on: dt.date             # bills change from the first one on or after this day
    programmes: frozenset[str] = PM_RATE_PROGRAMMES
    provinces: frozenset[str] = frozenset()   # empty: every point of the book
    method: str = "next_interest"

    def covers(self, programme: str, province: str) -> bool:
        return programme in self.programmes and (not self.provinces
                                                 or province in self.provinces)

    @classmethod
    def from_payload(cls, op_id: str, recorded_on: dt.date, p: dict) -> Relief:
        progs = p.get("programmes")
        return cls(op_id, p.get("decision") or "", Decimal(str(p["points"])),
                   dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["until"]),
                   recorded_on,
                   PM_RATE_PROGRAMMES if progs in (None, "pm_rate") else frozenset(progs),
                   frozenset(p.get("provinces") or ()), p.get("method") or "next_interest")


def relief_span(reliefs: Iterable[Relief], a: dt.date, b: dt.date,
                segments: Iterable[Segment]) -> tuple[int, dt.date | None, Relief | None]:
    """(Σ days × rate_units(min(rate, points)) over [a, b) inside the windows, the latest
    `recorded_on`, the relief that gives the method) — the reduction's `rate_days`."""
    total, known, last = 0, None, None
    segs = list(segments)
    for r in reliefs:
        lo, hi = max(a, r.start), min(b, r.until + ONE_DAY)
        if hi <= lo:
            continue
        for s, e, rate in segs:
            days = (min(hi, e) - max(lo, s)).days
            if days > 0:
                total += days * rate_units(min(rate, r.points))
        if known is None or r.recorded_on >= known:
            known, last = r.recorded_on, r
    return total, known, last


def bill(state: LoanState, day: dt.date, rounding: str, in_term: int, overdue: int,
         grace: int) -> LoanState:
    """A bill on `day` adding the rounded accrual (đồng) to the unpaid buckets. Once the
    reduction is known: its collected part comes off the arrears billed before (the rest
    is the excess, booked by the method), its fresh part off what is billed now; before
    that, the reduction of the days billed is marked as collected. Then the credit."""
    known = (state.relief_known_on is not None and day >= state.relief_known_on
             and bool(state.acc_relief or state.acc_relief_billed))
    excess = collected = 0
    if known:
        collected = to_dong(state.acc_relief_billed, rounding)
        state, excess = _take_off(state, collected)
    state = evolve(state, interest_in_term=state.interest_in_term + in_term,
                   interest_overdue=state.interest_overdue + overdue,
                   interest_grace=state.interest_grace + grace)
    if known:
        fresh = to_dong(state.acc_relief, rounding)
        state, left = _take_off(state, fresh)
        state = _excess(evolve(state, acc_relief=0, acc_relief_billed=0,
                               interest_relief=state.interest_relief + fresh + collected),
                        excess + left)
    elif state.acc_relief:
        state = evolve(state, acc_relief_billed=state.acc_relief_billed + state.acc_relief,
                       acc_relief=0)
    return use_credit(state)


def _excess(state: LoanState, excess: int) -> LoanState:
    """Interest collected beyond what the reduced rate owes, by the office's method: a
    credit, or `refund_due` for the fold to put in suspense (cash, savings)."""
    if excess <= 0:
        return state
    if state.relief_method in ("cash", "savings"):
        return evolve(state, refund_due=state.refund_due + excess)
    return evolve(state, interest_credit=state.interest_credit + excess)


def use_credit(state: LoanState) -> LoanState:
    if not state.interest_credit:
        return state
    state, left = _take_off(state, state.interest_credit)
    return evolve(state, interest_credit=left)


def _take_off(state: LoanState, amount: int) -> tuple[LoanState, int]:
    """Lower the unpaid interest buckets by up to `amount`; returns what was left over."""
    changes = {}
    for name in ("interest_overdue", "interest_in_term", "interest_grace"):
        take = min(amount, getattr(state, name))
        if take > 0:
            changes[name] = getattr(state, name) - take
            amount -= take
    return (evolve(state, **changes) if changes else state), amount

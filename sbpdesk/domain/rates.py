"""Programme rate history: annual rates with effective dates and time-boxed overrides.

Rates change on existing balances (Decision 2553/QĐ-TTg: from 01/12/2025 for outstanding
loans too), so interest is split at every change. A base entry (`until=None`) holds from its
`effective_from` until the next base entry; an override (`until` set, inclusive — e.g.
Decision 1990/QĐ-TTg's 10 % cut from 01/10/2021 to 31/12/2021) wins inside its window and the
base rate resumes the day after. `rate_segments` turns this into [start, end) pieces for
`interest.accrue`. The shipped history is `SHIPPED_RATES`; the office adds to it with
`programme.rate` operations.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from .interest import Segment

D = Decimal


@dataclass(frozen=True)
class RateEntry:
    programme: str
    effective_from: dt.date
    annual_rate: Decimal          # percent per year, e.g. Decimal("6.24")
    until: dt.date | None = None  # last day of a time-boxed override (inclusive)
    note: str = ""


@dataclass(frozen=True)
class RateTable:
    entries: tuple[RateEntry, ...] = ()

    def with_entry(self, entry: RateEntry) -> RateTable:
        return RateTable(self.entries + (entry,))

    def rate_on(self, programme: str, day: dt.date) -> Decimal | None:
        for _a, _b, rate in self.rate_segments(programme, day, day + dt.timedelta(days=1)):
            return rate
        return None

    def rate_segments(self, programme: str, start: dt.date, end: dt.date) -> list[Segment]:
        """[(seg_start, seg_end, annual_rate)] covering the days of [start, end) that have a
        rate, split wherever the rate changes. Days before the first entry have none."""
        if end <= start:
            return []
        mine = [e for e in self.entries if e.programme == programme]
        # Boundaries: every date where some entry starts or an override ends.
        cuts = {start, end}
        for e in mine:
            for d in (e.effective_from, (e.until + dt.timedelta(days=1)) if e.until else None):
                if d is not None and start < d < end:
                    cuts.add(d)
        points = sorted(cuts)
        out: list[Segment] = []
        for a, b in pairwise(points):
            rate = _rate_at(mine, a)
            if rate is None:
                continue
            if out and out[-1][1] == a and out[-1][2] == rate:
                out[-1] = (out[-1][0], b, rate)   # same rate either side: one segment
            else:
                out.append((a, b, rate))
        return out


def _rate_at(entries: list[RateEntry], day: dt.date) -> Decimal | None:
    overrides = [e for e in entries if e.until is not None and e.effective_from <= day <= e.until]
    if overrides:
        # The latest-starting override wins when two overlap (a correction of a correction).
        return max(overrides, key=lambda e: e.effective_from).annual_rate
    bases = [e for e in entries if e.until is None and e.effective_from <= day]
    if not bases:
        return None
    return max(bases, key=lambda e: e.effective_from).annual_rate


# --- shipped history (vbsp-brief C1) -------------------------------------------------------

# The earliest date we ship the pre-2025 rates from. The brief confirms these rates were the
# ones in force before 01/12/2025 (vbsp.org.vn rate table) and in 2021, not when each began;
# 05/06/2015 is the near-poor rate change of the 2015 press release. Loans older than this
# replay with no rate and are flagged: the office must enter their history.
HISTORY_FROM = dt.date(2015, 6, 5)
DECISION_2553 = dt.date(2025, 12, 1)
CUT_2021 = (dt.date(2021, 10, 1), dt.date(2021, 12, 31))   # Decision 1990/QĐ-TTg, −10 %

# programme code → (rate before 01/12/2025, rate from 01/12/2025 or None if not changed)
_C1: dict[str, tuple[str, str | None]] = {
    "poor": ("6.6", "6.24"),
    "student": ("6.6", "6.24"),
    "overseas_worker": ("6.6", "6.24"),
    "ex_prisoner": ("6.6", "6.24"),
    "near_poor": ("7.92", "7.488"),
    "job_creation": ("7.92", "7.488"),
    "job_creation_pref": ("3.96", None),    # new rate not published (3,744 would be 50 %)
    "escaped_poverty": ("8.25", "7.8"),
    "difficult_area_business": ("9.0", "7.8"),
    "difficult_area_trader": ("9.0", "7.8"),
    "clean_water": ("9.0", "8.4"),
    "poor_30a": ("3.3", None),
    "overseas_worker_27": ("3.3", None),
    "forestry": ("6.6", None),
    "poor_housing": ("3.0", None),
}
# Programmes that did not exist in 2021 get no 2021 override.
_NOT_IN_2021 = {"ex_prisoner"}


def _shipped() -> tuple[RateEntry, ...]:
    out: list[RateEntry] = []
    for code, (before, after) in _C1.items():
        out.append(RateEntry(code, HISTORY_FROM, D(before), note="vbsp-brief C1"))
        if code not in _NOT_IN_2021:
            cut = (D(before) * D("0.9")).normalize()
            out.append(RateEntry(code, CUT_2021[0], cut, until=CUT_2021[1],
                                 note="QĐ 1990/QĐ-TTg: −10 % từ 01/10 đến 31/12/2021"))
        if after is not None:
            out.append(RateEntry(code, DECISION_2553, D(after), note="QĐ 2553/QĐ-TTg"))
    # Social housing (Decree 100/2024): 4,8 % from 10/05/2023 to 31/12/2024 (sure), then equal
    # to the poor-household rate 6,6 % (likely); after 01/12/2025 not confirmed, so it stays.
    out.append(RateEntry("social_housing", dt.date(2023, 5, 10), D("4.8"), note="NĐ 100/2024"))
    out.append(RateEntry("social_housing", dt.date(2025, 1, 1), D("6.6"), note="likely"))
    # Decree 28/2022 (ethnic-minority programme) loans; no later change found.
    out.append(RateEntry("ethnic_housing", dt.date(2022, 1, 1), D("3"), note="NĐ 28/2022"))
    out.append(RateEntry("ethnic_job_change", dt.date(2022, 1, 1), D("3.3"), note="likely"))
    return tuple(out)


SHIPPED_RATES = RateTable(_shipped())

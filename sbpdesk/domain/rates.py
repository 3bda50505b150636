"""Programme rate history: annual rates with effective dates and time-boxed overrides.

Rates change on existing balances (Decision 2553/QĐ-TTg: from 01/12/2025 for outstanding
loans too), so interest is split at every change. A base entry (`until=None`) holds from its
`effective_from` until the next base entry; an override (`until` set, inclusive — e.g.
Decision 1990/QĐ-TTg's 10 % cut from 01/10/2021 to 31/12/2021) wins inside its window and the
base rate resumes the day after. `rate_segments` turns this into [start, end) pieces for
`interest.accrue`. The shipped history is `SHIPPED_RATES`; the office adds to it with
`programme.rate` operations.

Since 2025 some rates are defined by law as a share of the poor-household rate (near-poor
120 %, newly escaped 125 %, Decree 28 group 50 %, Decree 338 job creation 127 %): such an
entry (`share_of`) follows every later change of that rate. An entry with neither a rate
nor a share is "not published": no built-in figure, the days after it have no rate (the
fold flags `no_rate`, `rate_unset_on` refuses new loans) until the office enters one.
A programme may run several regimes chosen by the contract's date (`regime_code`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from .errors import DomainError
from .interest import Segment

D = Decimal


@dataclass(frozen=True)
class RateEntry:
    programme: str
    effective_from: dt.date
    annual_rate: Decimal | None   # percent per year, e.g. Decimal("6.24"); None: see below
    until: dt.date | None = None  # last day of a time-boxed override (inclusive)
    note: str = ""
    # (programme, percent): the rate is that share of the other programme's rate, day by
    # day; None with annual_rate None = no published figure (no rate until the office sets it)
    share_of: tuple[str, Decimal] | None = None


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
        cuts = {start, end}
        for e in self._related(programme):
            for d in (e.effective_from, (e.until + dt.timedelta(days=1)) if e.until else None):
                if d is not None and start < d < end:
                    cuts.add(d)
        points = sorted(cuts)
        out: list[Segment] = []
        for a, b in pairwise(points):
            rate = self._rate_at(programme, a)
            if rate is None:
                continue
            if out and out[-1][1] == a and out[-1][2] == rate:
                out[-1] = (out[-1][0], b, rate)   # same rate either side: one segment
            else:
                out.append((a, b, rate))
        return out


    def _related(self, programme: str, depth: int = 0) -> list[RateEntry]:
        """The programme's entries and those of every rate it is a share of: a change of
        the poor-household rate cuts the near-poor segments too."""
        mine = [e for e in self.entries if e.programme == programme]
        if depth > 3:
            return mine
        bases = {e.share_of[0] for e in mine if e.share_of}
        return mine + [x for b in sorted(bases) for x in self._related(b, depth + 1)]

    def _rate_at(self, programme: str, day: dt.date, depth: int = 0) -> Decimal | None:
        entries = [e for e in self.entries if e.programme == programme]
        live = [e for e in entries if e.until is not None and e.effective_from <= day <= e.until]
        if not live:
            live = [e for e in entries if e.until is None and e.effective_from <= day]
        if not live:
            return None
        # The latest-starting entry wins (an override over an override: a correction); on
        # the same date the one entered last (the office's over the shipped one).
        e = max(reversed(live), key=lambda e: e.effective_from)
        if e.share_of is None or depth > 3:
            return e.annual_rate
        base = self._rate_at(e.share_of[0], day, depth + 1)
        return None if base is None else share(base, e.share_of[1])


def require_rate(table: RateTable, code: str, day: dt.date) -> Decimal:
    """The rate for a new contract of `code` on `day`; refused while it has no figure (a
    rate the law changed but nobody published: the office must enter it first)."""
    rate = table.rate_on(code, day)
    if rate is None:
        raise DomainError("rate_unset",
                          f"Chương trình {code} chưa có lãi suất áp dụng ngày "
                          f"{day:%d/%m/%Y}: văn phòng cần nhập lãi suất trước.",
                          f"Programme {code} has no rate for {day:%d/%m/%Y}: "
                          "the office must enter it first.", field="programme_code")
    return rate


def share(rate: Decimal, percent: Decimal) -> Decimal:
    """`percent` % of `rate`: 127 % of 6,24 = 7,9248 (exact; six decimals at most)."""
    return (rate * percent / 100).normalize()


# --- shipped history (vbsp-brief C1) -------------------------------------------------------

# The earliest date we ship the pre-2025 rates from. The brief confirms these rates were the
# ones in force before 01/12/2025 (vbsp.org.vn rate table) and in 2021, not when each began;
# 05/06/2015 is the near-poor rate change of the 2015 press release. Loans older than this
# replay with no rate and are flagged: the office must enter their history.
HISTORY_FROM = dt.date(2015, 6, 5)
DECISION_2553 = dt.date(2025, 12, 1)
CUT_2021 = (dt.date(2021, 10, 1), dt.date(2021, 12, 31))   # Decision 1990/QĐ-TTg, −10 %

# Later changes: ../shared/domain/changes-2025-2026.md §3 (docs/decisions/0076).
SOCIAL_HOUSING_261 = dt.date(2025, 10, 10)    # Decree 261/2025: 5,4 % on existing contracts
DECREE_338 = dt.date(2026, 1, 1)              # job-creation contracts from this date
POOR = "poor"

# programme code → (rate before 01/12/2025, from 01/12/2025: a fixed rate "6.24", a share of
# the poor rate ("share", "120"), None = not changed, or "unset" = not published: no figure)
_C1: dict[str, tuple[str, str | tuple[str, str] | None]] = {
    "poor": ("6.6", "6.24"),
    "student": ("6.6", "6.24"),
    "overseas_worker": ("6.6", "6.24"),
    "ex_prisoner": ("6.6", "6.24"),
    "near_poor": ("7.92", ("share", "120")),
    "job_creation": ("7.92", "7.488"),
    "job_creation_pref": ("3.96", None),    # not in the 2025-2026 table; kept (unverified)
    "escaped_poverty": ("8.25", ("share", "125")),
    "difficult_area_business": ("9.0", ("share", "125")),
    "difficult_area_trader": ("9.0", ("share", "125")),
    "clean_water": ("9.0", "8.4"),
    "poor_30a": ("3.3", "unset"),
    "overseas_worker_27": ("3.3", ("share", "50")),
    "forestry": ("6.6", "unset"),
    "poor_housing": ("3.0", "unset"),
}
# Programmes that did not exist in 2021 get no 2021 override.
_NOT_IN_2021 = {"ex_prisoner"}
_NOTE_2553 = "QĐ 2553/QĐ-TTg"
_NOTE_UNSET = "chưa có lãi suất công bố: văn phòng nhập / not published: the office sets it"


def _after(code: str, after: str | tuple[str, str], note: str,
           day: dt.date = DECISION_2553) -> RateEntry:
    if after == "unset":
        return RateEntry(code, day, None, note=_NOTE_UNSET)
    if isinstance(after, tuple):
        return RateEntry(code, day, None, note=note, share_of=(POOR, D(after[1])))
    return RateEntry(code, day, D(after), note=note)


def _shipped() -> tuple[RateEntry, ...]:
    out: list[RateEntry] = []
    for code, (before, after) in _C1.items():
        out.append(RateEntry(code, HISTORY_FROM, D(before), note="vbsp-brief C1"))
        if code not in _NOT_IN_2021:
            cut = (D(before) * D("0.9")).normalize()
            out.append(RateEntry(code, CUT_2021[0], cut, until=CUT_2021[1],
                                 note="QĐ 1990/QĐ-TTg: −10 % từ 01/10 đến 31/12/2021"))
        if after is not None:
            out.append(_after(code, after, _NOTE_2553))
    # Social housing (Decree 100/2024): 4,8 % from 10/05/2023 to 31/12/2024 (sure), then equal
    # to the poor-household rate 6,6 % (likely); 5,4 % from 10/10/2025 on existing contracts
    # (Decree 261/2025, sure).
    out.append(RateEntry("social_housing", dt.date(2023, 5, 10), D("4.8"), note="NĐ 100/2024"))
    out.append(RateEntry("social_housing", dt.date(2025, 1, 1), D("6.6"), note="likely"))
    out.append(RateEntry("social_housing", SOCIAL_HOUSING_261, D("5.4"), note="NĐ 261/2025"))
    # Decree 28/2022 (ethnic-minority programme): housing 3 % (no new rate: unset from
    # 01/12/2025); occupation change 3,3 → 50 % of the poor rate (3,12).
    out.append(RateEntry("ethnic_housing", dt.date(2022, 1, 1), D("3"), note="NĐ 28/2022"))
    out.append(_after("ethnic_housing", "unset", ""))
    out.append(RateEntry("ethnic_job_change", dt.date(2022, 1, 1), D("3.3"), note="likely"))
    out.append(_after("ethnic_job_change", ("share", "50"), _NOTE_2553))
    # STEM students (Decision 29/2025/QĐ-TTg): 4,8 %, shipped from the table's 01/12/2025.
    out.append(RateEntry("stem_student", DECISION_2553, D("4.8"), note="QĐ 29/2025/QĐ-TTg"))
    # Decree 338/2025 job-creation regime (contracts from 01/01/2026): 127 % of the poor
    # rate; priority borrowers the poor rate itself.
    out.append(_after(regime_rate_code("job_creation", "338"), ("share", "127"),
                      "NĐ 338/2025", DECREE_338))
    out.append(_after(regime_rate_code("job_creation", "338-priority"), ("share", "100"),
                      "NĐ 338/2025", DECREE_338))
    return tuple(out)


def regime_rate_code(programme: str, regime: str) -> str:
    """The rate-table key of a programme's regime ("job_creation" under "338")."""
    return f"{programme}@{regime}" if regime else programme


SHIPPED_RATES = RateTable(_shipped())

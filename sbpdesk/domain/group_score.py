"""A savings-and-loan group's score and grade from its BC0437 figures (decision 0193).

The bank's core computes a score per group (BC0437's "Điểm") whose formula is not public;
what is known is the grading by score: < 50 weak, < 70 average, < 85 good, else very good
(changes-2025-2026 §4, likely) — the bank's four grades Yếu, Trung bình, Khá, Tốt. The
criteria and their weights here are the office's setting (`RuleSet.group_score_weights`,
`group_grade_bands`, published with `rules.publish`), with a documented default built from
the columns BC0437 reports:

| criterion | default points | full points when | none when |
|---|---|---|---|
| overdue | 40 | no overdue principal | overdue ≥ 2 % of outstanding (Decision 05's ceiling) |
| interest | 30 | every borrower paid interest in the last 3 months | none did |
| savings | 15 | every member household has savings | none has |
| size | 15 | 5 to 60 members (the group rule) | otherwise |

Points between are in proportion; the total is rounded half up to a whole point.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .errors import DomainError

CRITERIA = ("overdue", "interest", "savings", "size")
DEFAULT_WEIGHTS: tuple[tuple[str, int], ...] = (("overdue", 40), ("interest", 30),
                                                 ("savings", 15), ("size", 15))
# lowest score of each grade, best first (Tốt, Khá, Trung bình, Yếu)
DEFAULT_BANDS: tuple[tuple[int, str], ...] = ((85, "good"), (70, "fair"), (50, "average"),
                                              (0, "weak"))
OVERDUE_CEILING = Fraction(2, 100)
MEMBERS = (5, 60)


@dataclass(frozen=True)
class GroupFigures:
    members: int
    borrowers: int
    paying_interest: int
    outstanding: int
    overdue: int
    savers: int            # member households with a savings balance


def _share(part: int, whole: int) -> Fraction:
    return Fraction(1) if whole <= 0 else min(Fraction(1), Fraction(max(part, 0), whole))


def parts(g: GroupFigures) -> dict[str, Fraction]:
    """Each criterion's fulfilment, 0 to 1."""
    if g.outstanding <= 0:
        overdue = Fraction(1)
    else:
        overdue = max(Fraction(0), 1 - Fraction(g.overdue, g.outstanding) / OVERDUE_CEILING)
    return {"overdue": overdue, "interest": _share(g.paying_interest, g.borrowers),
            "savings": _share(g.savers, g.members),
            "size": Fraction(int(MEMBERS[0] <= g.members <= MEMBERS[1]))}


def check_weights(weights: Sequence[tuple[str, int]]) -> None:
    unknown = [name for name, _ in weights if name not in CRITERIA]
    if unknown or any(not isinstance(w, int) or w < 0 for _, w in weights):
        raise DomainError("bad_group_score", "Tiêu chí chấm điểm tổ không hợp lệ.",
                          "Invalid group score criteria.", field="group_score_weights")


def score(g: GroupFigures, weights: Sequence[tuple[str, int]] = DEFAULT_WEIGHTS) -> int:
    """The group's score: each criterion's points in proportion, rounded half up."""
    check_weights(weights)
    got = parts(g)
    total = sum((w * got[name] for name, w in weights), Fraction(0))
    return int(total + Fraction(1, 2)) if total >= 0 else 0


def grade(points: int, bands: Sequence[tuple[int, str]] = DEFAULT_BANDS) -> str:
    """The grade of the first band whose lowest score `points` reaches."""
    for lowest, name in sorted(bands, key=lambda b: -b[0]):
        if points >= lowest:
            return name
    return ""

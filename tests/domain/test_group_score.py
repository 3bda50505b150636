"""A group's score from its BC0437 figures under the default setting (decision 0193), worked
by hand, and the grades by score (< 50 Yếu, < 70 Trung bình, < 85 Khá, else Tốt)."""
from __future__ import annotations

import pytest

from sbpdesk.domain import group_score as gs
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.rules import RuleSet


def test_a_clean_group_scores_full_points_and_grades_good():
    g = gs.GroupFigures(members=30, borrowers=20, paying_interest=20, outstanding=600_000_000,
                        overdue=0, savers=30)
    assert gs.score(g) == 100 and gs.grade(100) == "good"


def test_each_criterion_counts_in_proportion():
    # overdue 0,5 % of outstanding: 40 × (1 − 0,5/2) = 30; 15 of 20 paid interest: 22,5;
    # 24 of 30 members save: 12; 30 members: 15 → 79,5 → 80 (half up): Khá
    g = gs.GroupFigures(members=30, borrowers=20, paying_interest=15,
                        outstanding=400_000_000, overdue=2_000_000, savers=24)
    assert gs.parts(g)["overdue"] * 40 == 30
    assert gs.score(g) == 80 and gs.grade(80) == "fair"
    # overdue at the 2 % ceiling or above: no overdue points; 4 members: no size points
    worse = gs.GroupFigures(members=4, borrowers=4, paying_interest=2, outstanding=100_000_000,
                            overdue=3_000_000, savers=1)
    assert gs.score(worse) == 19                  # 0 + 15 + 3,75 + 0 = 18,75
    assert gs.grade(19) == "weak"


def test_the_bands_and_weights_are_a_setting():
    assert [gs.grade(p) for p in (49, 50, 69, 70, 84, 85)] == [
        "weak", "average", "average", "fair", "fair", "good"]
    rules = RuleSet.from_values("x", RuleSet().effective_from, {
        "group_score_weights": [["overdue", 70], ["interest", 30]],
        "group_grade_bands": [[80, "good"], [0, "weak"]]})
    g = gs.GroupFigures(members=3, borrowers=2, paying_interest=1, outstanding=0, overdue=0,
                        savers=0)
    assert gs.score(g, rules.group_score_weights) == 85           # 70 + 15
    assert gs.grade(85, rules.group_grade_bands) == "good"
    with pytest.raises(DomainError):
        gs.score(g, (("luck", 10),))

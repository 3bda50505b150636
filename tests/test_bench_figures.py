"""bench/common: a figure with a same-run baseline carries its ratio, and a ratio target
decides pass or FAIL where it is set (issue 20: machines differ by 2×)."""
from __future__ import annotations

from bench.common import figure, ratio, verdict
from bench.run import table


def test_the_ratio_is_value_over_baseline_and_absent_without_a_baseline():
    assert figure("x", 1287, "ops/s", 3000, cmp=">=", baseline=4833)["ratio"] == 0.2663
    assert ratio(5, None) is None and ratio(5, 0) is None and ratio(None, 5) is None


def test_a_ratio_target_decides_and_the_absolute_target_is_information():
    slow_machine = figure("imp", 1287, "ops/s", 3000, cmp=">=", baseline=4833,
                          ratio_target=0.10)
    assert verdict(slow_machine) == "pass"          # 26,6 % of the raw insert
    assert verdict({**slow_machine, "baseline": 20000}) == "FAIL"      # 6,4 %
    assert verdict({**slow_machine, "ratio_target": None}) == "FAIL"   # absolute 3.000
    assert verdict(figure("t", 2.0, "s", 1.0, baseline=1.0, ratio_target=3)) == "pass"
    assert verdict(figure("t", 4.0, "s", 1.0, baseline=1.0, ratio_target=3)) == "FAIL"
    assert verdict(figure("t", 4.0, "s", None, ratio_target=3)) == "n/a"   # no baseline


def test_the_table_prints_the_ratio_beside_the_value():
    out = table([figure("sync.import", 1287, "ops/s", 3000, cmp=">=", baseline=4833,
                        ratio_target=0.1)])
    head, _, row = out.splitlines()[:3]
    assert "ratio" in head and "0.266" in row and ">= 0.1" in row and row.rstrip().endswith("pass")

"""Shared helpers: timing, percentiles and the figure record every module returns.

A figure is a dict: name, value (None when the part is not built), unit, target, baseline
(another figure measured in the same run to compare with, or None), plus `cmp` ("<=" or ">=":
how value meets target), `detail` (what was measured: sample count, sizes) and, for a part that
does not exist yet, `value=None` with `detail="n/a (not built)"`.

Machines here differ by up to 2× (issue 20), so a figure with a baseline also has a ratio
(value / baseline) and may have a `ratio_target` met with the same `cmp`: then the ratio
decides pass or FAIL and the absolute target stays as information.
"""
from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from typing import Any

NOT_BUILT = "n/a (not built)"


def figure(name: str, value: float | None, unit: str, target: float | None, *,
           cmp: str = "<=", baseline: float | None = None, detail: str = "",
           ratio_target: float | None = None) -> dict[str, Any]:
    return {"name": name, "value": value, "unit": unit, "target": target,
            "baseline": baseline, "cmp": cmp, "detail": detail,
            "ratio": ratio(value, baseline), "ratio_target": ratio_target}


def ratio(value: float | None, baseline: float | None) -> float | None:
    """value / baseline, or None when either is missing or the baseline is zero."""
    if value is None or not baseline:
        return None
    return round(value / baseline, 4)


def not_built(name: str, unit: str, target: float | None, cmp: str = "<=",
              why: str = "") -> dict[str, Any]:
    return figure(name, None, unit, target, cmp=cmp,
                  detail=NOT_BUILT + (f": {why}" if why else ""))


def verdict(f: dict[str, Any]) -> str:
    """pass/FAIL against the ratio target when the figure has one, else the absolute one."""
    if f["value"] is None:
        return "n/a"
    if f.get("ratio_target") is not None:
        got, want = ratio(f["value"], f["baseline"]), f["ratio_target"]
        if got is None:
            return "n/a"
    elif f["target"] is None:
        return "-"
    else:
        got, want = f["value"], f["target"]
    ok = got <= want if f["cmp"] == "<=" else got >= want
    return "pass" if ok else "FAIL"


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    s = sorted(xs)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t, out


def repeat(fn: Callable[[], Any], n: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    return [timed(fn)[0] for _ in range(n)]

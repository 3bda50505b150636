"""First start (issue 14): the demo pair the GUI builds on its first run
(`demo.point.build_point_demo(<data>/demo)`: an office of 1.400 households over three years,
and a laptop enrolled at it through the real enrolment files), in a fresh subprocess.

- `first_start.demo_build` (s, target ≤ 30): the build's wall time, each step of its progress
  bar timed apart in the detail, wall and CPU ("office" users, places, groups and households;
  "history" the years of sessions; "save" the bulk write; "laptop" the enrolment) with the
  child's CPU seconds (on this shared 2-core machine the wall time follows the load: the
  CPU is the figure to compare, ≤ 27 s);
- `python -m bench.first_start --against DIR` measures another checkout (`git archive main |
  tar -x -C DIR`) right after this one, for a before/after in one sitting;
- baseline: in the same child, the office book's operation rows copied into a fresh SQLite
  file with raw sqlite3 in one transaction (what the disk and SQLite alone cost for as many
  rows).

The as-of date is fixed (the bench books' `AS_OF`), so the build is the same every run.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import figure

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 30.0

CHILD = r"""
import json, resource, sqlite3, sys, time, datetime as dt
from pathlib import Path
root, as_of = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
from sbpdesk.demo.point import build_point_demo
t0, c0, steps = time.perf_counter(), time.process_time(), []
def progress(step, done, total):
    if not steps or steps[-1][0] != step:
        steps.append((step, time.perf_counter() - t0, time.process_time() - c0))
result = build_point_demo(root, as_of=as_of, progress=progress)
wall, cpu_end = time.perf_counter() - t0, time.process_time() - c0
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime
from sbpdesk import paths
src = sqlite3.connect(paths.book_path(root / "office"))
rows = src.execute("select * from operation").fetchall()
cols = len(rows[0])
t = time.perf_counter()
dst = sqlite3.connect(root / "raw.sqlite")
dst.execute("pragma journal_mode=wal")
dst.execute("create table operation (" + ", ".join(f"c{i}" for i in range(cols)) + ")")
with dst:
    dst.executemany(f"insert into operation values ({', '.join('?' * cols)})", rows)
raw = time.perf_counter() - t
ends = [(s, c) for _, s, c in steps[1:]] + [(wall, cpu_end)]
print("RESULT " + json.dumps({"wall": wall, "cpu": cpu, "raw": raw, "rows": len(rows),
      "rss_mb": usage.ru_maxrss // 1024,
      "steps": {name: (end - start, cend - cstart)
                for (name, start, cstart), (end, cend) in zip(steps, ends)},
      "operations": result.get("operations"), "households": result.get("households")}))
"""


def figures(as_of, root: Path = ROOT, name: str = "first_start.demo_build") -> list[dict]:
    """The build in a fresh subprocess running the code of `root` (this tree, or another
    checkout for a before/after in one sitting)."""
    load = _load()
    with tempfile.TemporaryDirectory(prefix="sbpdesk-demo-") as tmp:
        done = subprocess.run([sys.executable, "-c", CHILD, str(Path(tmp) / "demo"),
                               as_of.isoformat()], cwd=root, capture_output=True, text=True,
                              env=_env(root), timeout=3600)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"demo build failed: {done.stderr[-2000:]}")
    r = json.loads(line[len("RESULT "):])
    steps = ", ".join(f"{k} {w:.1f} s (CPU {c:.1f})" for k, (w, c) in r["steps"].items())
    return [figure(name, round(r["wall"], 1), "s", TARGET_S,
                   baseline=round(r["raw"], 2),
                   detail=f"build_point_demo, {r['households']} households, 3 years, "
                          f"{r['operations']} operations at the office; steps: {steps}; "
                          f"CPU {r['cpu']:.1f} s, peak RSS {r.get('rss_mb')} MB, load "
                          f"{load} → {_load()}; baseline: raw sqlite3 copy of the office's "
                          f"{r['rows']} operation rows")]


def _env(root: Path = ROOT) -> dict:
    import os
    return {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}


def _load() -> str:
    import os
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.first_start [--against DIR]`: this tree's build and, when given,
    another checkout's (e.g. `git archive main | tar -x -C DIR`) right after it."""
    import argparse
    import datetime as dt
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another checkout, measured after")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 5, 31))
    args = parser.parse_args(argv)
    runs = [(ROOT, "first_start.demo_build")]
    if args.against:
        runs.append((args.against.resolve(), f"first_start.demo_build[{args.against.name}]"))
    for root, name in runs:
        for f in figures(args.as_of, root, name):
            print(f"{f['name']:<34} {f['value']} {f['unit']}  target {f['target']}  "
                  f"baseline {f['baseline']}  ratio {f['ratio']}\n    {f['detail']}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

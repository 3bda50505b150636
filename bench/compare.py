"""Two commits' bench figures in one run, side by side:
`python bench/compare.py --against COMMIT [--scale point] [--rounds 2] [--only GROUP…]`.

The commit `--against` is unpacked with `git archive` into `bench/.cache/against-<sha>/` (its
own code, its own bench and its own cached books); then `bench/run.py` of this tree and of
that one run one after the other in fresh subprocesses, the order swapped each round, on the
same machine at the same time, so both see the same load. Each figure is the median over the
rounds. A figure is marked "worse" when it is more than `--tolerance` (default 10 %) worse
than the other commit's (lower is better, except figures whose target is a minimum, such as
operations per second). The table and both runs' JSON go to `--out` (.txt and .json).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"


def sha(commit: str, root: Path = ROOT) -> str:
    return subprocess.run(["git", "rev-parse", "--short=12", commit], cwd=root, check=True,
                          capture_output=True, text=True).stdout.strip()


def unpack(commit: str) -> Path:
    """The tree of `commit` (unpacked once); the translations built here are copied in, as
    `packaging/setup.sh` would have built them there."""
    tree = CACHE / f"against-{sha(commit)}"
    if not (tree / "bench" / "run.py").exists():
        tmp = Path(tempfile.mkdtemp(prefix="against-", dir=CACHE))
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
        tmp.rename(tree)
    for qm in (ROOT / "resources" / "i18n").glob("*.qm"):
        target = tree / "resources" / "i18n" / qm.name
        if target.parent.exists() and not target.exists():
            shutil.copy2(qm, target)
    return tree


def run_bench(tree: Path, args, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, str(tree / "bench" / "run.py"), "--scale", args.scale,
           "--repeat", str(args.repeat), "--json", str(out)]
    if args.only:
        cmd += ["--only", *args.only]
    if args.reuse:
        cmd.append("--reuse")
    print(f"[compare] {tree}: {' '.join(cmd[2:])}", flush=True)
    subprocess.run(cmd, cwd=tree, env=env, check=True)
    return json.loads(out.read_text())


def medians(runs: list[dict]) -> dict[str, dict]:
    """name → the figure with its value the median over the runs that measured it."""
    out: dict[str, dict] = {}
    for name in dict.fromkeys(f["name"] for r in runs for f in r["figures"]):
        figs = [f for r in runs for f in r["figures"] if f["name"] == name]
        values = [f["value"] for f in figs if f["value"] is not None]
        out[name] = {**figs[0], "value": statistics.median(values) if values else None,
                     "values": values}
    return out


def _fmt(v) -> str:
    if v is None:
        return "—"
    return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 100 else f"{v:,.0f}"


def side_by_side(this: dict[str, dict], that: dict[str, dict], tolerance: float) -> list[tuple]:
    rows = []
    for name in dict.fromkeys([*this, *that]):
        a, b = this.get(name), that.get(name)
        va, vb = (a or {}).get("value"), (b or {}).get("value")
        unit = (a or b)["unit"]
        ratio = va / vb if va is not None and vb else None
        higher_better = (a or b).get("cmp") == ">="
        worse = ratio is not None and (ratio < 1 - tolerance if higher_better
                                       else ratio > 1 + tolerance)
        note = "worse" if worse else ("" if ratio is not None else "only one")
        rows.append((name, unit, _fmt(va), _fmt(vb), _fmt(ratio), note))
    return rows


def table(rows: list[tuple], this: str, that: str) -> str:
    head = ("name", "unit", this, that, "ratio", "")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in [head, tuple("-" * w for w in widths), *rows]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--against", required=True, help="the other commit (e.g. the one before "
                    "a refactor)")
    ap.add_argument("--scale", default="point")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--tolerance", type=float, default=0.10)
    ap.add_argument("--reuse", action="store_true", help="passed to bench/run.py: the newest "
                    "cached books of the scale when the code hash moved on")
    ap.add_argument("--out", help="write OUT.txt and OUT.json")
    args = ap.parse_args(argv)
    CACHE.mkdir(parents=True, exist_ok=True)
    head = sha("HEAD")
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    this_name, that_name = head + ("+dirty" if dirty else ""), sha(args.against)
    trees = {this_name: ROOT, that_name: unpack(args.against)}
    runs: dict[str, list[dict]] = {this_name: [], that_name: []}
    work = Path(tempfile.mkdtemp(prefix="compare-", dir=CACHE))
    try:
        for k in range(args.rounds):
            order = [this_name, that_name] if k % 2 == 0 else [that_name, this_name]
            for name in order:
                runs[name].append(run_bench(trees[name], args, work / f"{name}-{k}.json"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = side_by_side(medians(runs[this_name]), medians(runs[that_name]), args.tolerance)
    m = runs[this_name][0]["machine"]
    text = "\n".join([
        f"sbpdesk bench compare — scale {args.scale} — "
        f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}",
        f"this {this_name} against {that_name}; {args.rounds} rounds, order swapped each "
        f"round; medians; ratio = this / that; 'worse' beyond {args.tolerance:.0%}",
        f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}, "
        f"Python {m['python']}", "", table(rows, this_name, that_name)])
    print("\n" + text)
    if args.out:
        Path(f"{args.out}.txt").write_text(text + "\n")
        Path(f"{args.out}.json").write_text(json.dumps(
            {"this": this_name, "that": that_name, "rounds": args.rounds, "runs": runs},
            ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

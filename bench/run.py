"""sbpdesk benchmark: `python bench/run.py --scale point|office [--json OUT] [--repeat N]`.

Builds (or takes from bench/.cache) the scaled books with the demo generator, measures every
figure of issue 7 whose part exists, prints a table with the machine, date and commit, and
writes the figures as JSON. See bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import books as B  # noqa: E402
from bench.common import NOT_BUILT, ratio, verdict  # noqa: E402

GROUPS = ("search", "sheet", "sheet_gui", "posting", "print", "sync", "reports", "replay",
          "startup", "memory", "frozen", "first_start")


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram,
            "os": platform.platform(), "python": platform.python_version()}


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, capture_output=True, text=True,
                               timeout=10).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 100 else f"{v:,.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def table(figs: list[dict]) -> str:
    head = ("name", "value", "unit", "target", "baseline", "ratio", "ratio target", "result")
    rows = [(f["name"], NOT_BUILT if f["value"] is None else _fmt(f["value"]), f["unit"],
             f"{f['cmp']} {_fmt(f['target'])}" if f["target"] is not None else "",
             _fmt(f["baseline"]), _fmt(ratio(f["value"], f["baseline"])),
             f"{f['cmp']} {_fmt(f['ratio_target'])}" if f.get("ratio_target") is not None
             else "", verdict(f)) for f in figs]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    def line(r) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))
    out = [line(head), line(tuple("-" * w for w in widths))] + [line(r) for r in rows]
    out.append("")
    out += [f"  {f['name']}: {f['detail']}" for f in figs if f.get("detail")]
    return "\n".join(out)


class Runner:
    def __init__(self, args):
        self.args = args
        self.figs: list[dict] = []
        self.notes: list[str] = []

    def group(self, name: str, fn):
        if self.args.only and name not in self.args.only:
            return None
        print(f"[bench] {name} …", flush=True)
        t = time.perf_counter()
        profiler = None
        if self.args.profile:
            from pyinstrument import Profiler
            profiler = Profiler(interval=0.0005)
            profiler.start()
        try:
            figs = fn() or []
        except Exception as exc:     # a broken part must not hide the other figures
            traceback.print_exc()
            self.notes.append(f"{name}: error {type(exc).__name__}: {exc}")
            figs = []
        finally:
            if profiler is not None:
                profiler.stop()
                out = Path(self.args.profile)
                out.mkdir(parents=True, exist_ok=True)
                (out / f"{self.args.scale}-{name}.txt").write_text(
                    profiler.output_text(unicode=True, color=False, show_all=False))
        print(f"[bench] {name} done in {time.perf_counter() - t:.1f} s", flush=True)
        self.figs += figs
        return figs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", choices=[*sorted(B.SCALES), "province"], default="point")
    ap.add_argument("--json", help="write the figures as JSON here")
    ap.add_argument("--repeat", type=int, default=5, help="repeats per figure (median)")
    ap.add_argument("--years", type=int, help="bound the history (default: the scale's 5)")
    ap.add_argument("--seed", type=int, default=B.SEED)
    ap.add_argument("--only", nargs="*", choices=GROUPS, help="run only these groups")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse the newest cached books of this scale when the code hash "
                         "moved on (others editing services while you measure)")
    ap.add_argument("--profile", help="folder: pyinstrument each group into <scale>-<group>.txt"
                    " (timings are then inflated; for diagnosis only)")
    ap.add_argument("--pg", default=os.environ.get("SBPDESK_TEST_PG_URL"),
                    help="province scale: the PostgreSQL server (any database on it)")
    ap.add_argument("--offices", type=int, default=10, help="province scale: offices")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The month-end figures' hook, as the command line and the office server run with it
    # (cli/main.py): an import that crosses a month end also keeps its loans' figures.
    # Without it here, a figure depended on whether an earlier group had loaded it.
    from sbpdesk.reports import month_end  # noqa: F401
    if args.scale == "province":
        if not args.pg:
            ap.error("--scale province needs --pg URL (or SBPDESK_TEST_PG_URL)")
        return _province(args, time.perf_counter())

    t0 = time.perf_counter()
    books = B.get_books(args.scale, seed=args.seed, years=args.years, reuse=args.reuse)
    office_dir, point_src, big = B.prepared(books)
    # Each run its own work folder: two runs at the same scale must not clobber each other.
    work = Path(tempfile.mkdtemp(prefix=f"work-{books.folder.name}-", dir=B.CACHE))
    try:
        return _run(args, books, office_dir, point_src, big, work, t0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args, books, office_dir: Path, point_src: Path, big: list[str], work: Path,
         t0: float) -> int:
    r = Runner(args)

    from sbpdesk.services.books import open_book
    office = open_book(office_dir)
    point_dir = B.working_copy(point_src, work / "point")
    point = open_book(point_dir)
    day = B.session_day(point)
    ctx: dict = {}
    try:
        from bench import posting as bp
        from bench import prints, replay, reports, search, sheet, startup
        from bench import sync as bs
        r.group("search", lambda: search.figures(office, repeat=args.repeat))
        r.group("sheet", lambda: sheet.figures(point, big, day, repeat=args.repeat))

        def sheet_gui_group():
            from bench import sheet_gui
            return sheet_gui.figures(point_src, work, big, day, repeat=args.repeat)
        r.group("sheet_gui", sheet_gui_group)

        def posting_group():
            ctx["session"] = bp.open_sessions(point, books.info["points"][:2])
            return bp.figures(ctx["session"], big)
        r.group("posting", posting_group)

        def print_group():
            receipts = ctx["session"].receipts if "session" in ctx else []
            figs = prints.render_only()
            if "session" in ctx:
                figs += prints.from_book(point, receipts[0] if receipts else None, big[0],
                                         ctx["session"].day, repeat=args.repeat)
            return figs
        r.group("print", print_group)

        def sync_group():
            if "session" not in ctx:
                ctx["session"] = bp.open_sessions(point, books.info["points"][:2])
            return bs.figures(ctx["session"], point_dir, office_dir, work,
                              repeat=min(args.repeat, 3))
        r.group("sync", sync_group)
        def reports_group():
            # On a copy: the first report at a month end keeps its figures (decision 0042),
            # which would make the next run's "first call" a read of the cache.
            copy = open_book(B.working_copy(office_dir, work / "office-reports"))
            try:
                return (reports.figures(copy, B.AS_OF, repeat=min(args.repeat, 3))
                        + reports.office_figures(copy, B.AS_OF, repeat=min(args.repeat, 3)))
            finally:
                copy.close()
        r.group("reports", reports_group)
        r.group("replay", lambda: replay.figures(office))
        if args.scale == "point":
            r.group("startup", lambda: startup.start_figures(point_src, repeat=args.repeat))
        r.group("memory", lambda: startup.memory_figures(point_src, args.scale))
        if args.scale == "point":
            from bench import first_start
            r.group("first_start", lambda: first_start.figures(B.AS_OF))
        if args.scale == "point":
            from bench import frozen
            r.group("frozen", lambda: frozen.frozen_figures(point_src, work / "frozen",
                                                            repeat=args.repeat))
    finally:
        point.close()
        office.close()

    c = books.info.get("counts", {})
    return _report(args, r, {"folder": books.folder.name, **books.info},
                   f"books: {books.folder.name} (built in {books.info.get('build_seconds')} s): "
                   f"{c.get('operation')} operations, {c.get('person')} persons, "
                   f"{c.get('household')} households, {c.get('loan')} loans, "
                   f"{c.get('file_mb')} MB", t0)


def _province(args, t0: float) -> int:
    from bench import province_figures
    r = Runner(args)
    work = Path(tempfile.mkdtemp(prefix="work-province-", dir=B.CACHE))
    try:
        info = province_figures.run(args, r, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    c = info.get("counts", {})
    return _report(args, r, {k: v for k, v in info.items() if k in (
                       "database", "offices", "of", "seconds", "counts")},
                   f"book: PostgreSQL {info['database']} ({info['offices']} of "
                   f"{info.get('of', info['offices'])} offices, built in "
                   f"{info['seconds']} s): {c.get('operation')} operations, "
                   f"{c.get('account_snapshot')} accounts, {c.get('loan')} loans, "
                   f"{c.get('person')} persons, {c.get('point')} points", t0)


def _report(args, r: Runner, books: dict, books_line: str, t0: float) -> int:
    result = {"machine": machine(), "date": dt.datetime.now(dt.UTC).isoformat(
        timespec="seconds"), "commit": commit(), "scale": args.scale,
        "books": books, "notes": r.notes, "figures": r.figs}
    m = result["machine"]
    print()
    print(f"sbpdesk bench — scale {args.scale} — {result['date']} — commit {result['commit']}")
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}, "
          f"Python {m['python']}")
    print(books_line)
    print()
    print(table(r.figs))
    for n in r.notes:
        print("NOTE", n)
    print(f"\n(total {time.perf_counter() - t0:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

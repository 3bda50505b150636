"""`bench/run.py --scale province --pg URL`: the figures of issue 20 on the province book
(bench/province.py), each beside a same-run baseline where the issue sets a ratio.

The portfolio (at the end of history: nothing to keep) and the check only read the cached
book; the imports run on a scratch clone of it (`CREATE DATABASE … TEMPLATE`), dropped at
the end:

- `province.portfolio` (s, ≤ 2): `reports.portfolio.portfolio(book, as_of, by_point=True)`
  of the whole book at the end of history, summed by office (each point's office) — by
  programme is in the same report; median after a first call. Baseline (information): one
  SQL `GROUP BY` of the loan snapshots' outstanding by point and programme.
- `province.check.chains` (s, ≤ 3× a loop that reads every payload and SHA-256s it),
  `province.check.replay` (s): the parts of `sbpdesk check --replay`, each timed on its own
  (PostgreSQL has no integrity part: the server checks its pages); `province.check` their sum.
- `province.import` (ops/s, ≥ 3.000; ratio ≥ 0,10): a laptop bundle of 2.000 operations
  (sessions at two of the laptop's points) imported by `exchange.import_bundle`, one after
  another from the laptops of IMPORTS offices into the same open book: the median, so the
  first (the book just opened, its caches cold) is one sample of several; baseline: a raw
  psycopg `executemany` INSERT of the same rows (bench/net.py), the median of as many.
- `province.offices_at_once` (s, information): the laptops of AT_ONCE offices, each with a
  bundle of AT_ONCE_OPS operations, imported by AT_ONCE processes (the import an office
  server runs, without HTTP) into the book at the same moment; wall time, per-process
  times and errors, checked against the book.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
import time
from collections import defaultdict
from pathlib import Path

from bench.common import figure, median, timed

PORTFOLIO_TARGET_S = 2.0
IMPORT_TARGET = 3000
IMPORT_RATIO = 0.10
CHAINS_RATIO = 3.0
AT_ONCE, AT_ONCE_OPS = 10, 1000
IMPORTS = 3      # single imports timed, each from another office's laptop


def portfolio_figures(book, as_of: dt.date, repeat: int = 3) -> list[dict]:
    from sqlalchemy import select, text

    from sbpdesk.db.models import Point
    from sbpdesk.reports import portfolio as R
    office_of = dict(book.db.execute(select(Point.code, Point.office_code)).all())
    book.end_read()

    def by_office():
        rep = R.portfolio(book, as_of, by_point=True)
        offices: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for row in rep["by_point"]:
            for f in R.FIGURES:
                offices[office_of.get(row["code"], "?")][f] += row[f]
        return rep, offices
    first, _ = timed(by_office)
    samples, rep, offices = [], None, {}
    for _ in range(repeat):
        t, (rep, offices) = timed(by_office)
        samples.append(t)
    raw_sql = text("SELECT point_code, programme_code, sum(outstanding), count(*) FROM "
                   "account_snapshot WHERE account_kind = 'loan' AND status IN "
                   "('active', 'frozen') GROUP BY point_code, programme_code")
    raw = median([timed(lambda: (book.db.execute(raw_sql).all(), book.end_read()))[0]
                  for _ in range(repeat)])
    return [figure("province.portfolio", round(median(samples), 3), "s", PORTFOLIO_TARGET_S,
                   baseline=round(raw, 3),
                   detail=f"as of {as_of}; {rep['totals']['loans']} live loans, "
                          f"{len(offices)} offices, {len(rep['by_programme'])} programmes, "
                          f"{len(rep['by_point'])} points; median of {len(samples)} after a "
                          f"first call of {first:.2f} s; baseline (information) = one SQL "
                          "GROUP BY of the live loan snapshots by point and programme")]


def check_figures(book) -> list[dict]:
    from bench.replay import chain_pairs
    from sbpdesk.services import check
    bases, chains, rows, problems = chain_pairs(book)   # one pair: each takes minutes
    t_base, t_chain = median(bases), median(chains)
    snapshots: list = []
    t_replay, (replayed, _) = timed(check._replay_all, book, snapshots)
    book.end_read()
    ok = not problems and not snapshots
    return [
        figure("province.check.chains", round(t_chain, 1), "s", None,
               baseline=round(t_base, 1), ratio_target=CHAINS_RATIO,
               detail=f"{rows} operations, {len(problems)} problems; baseline = SELECT every "
                      "payload and SHA-256 it with hashlib, same run"),
        figure("province.check.replay", round(t_replay, 1), "s", None,
               detail=f"{replayed} accounts replayed, {len(snapshots)} snapshot problems"),
        figure("province.check", round(t_chain + t_replay, 1), "s", None,
               detail=f"check --replay = chains {t_chain:.1f} s + replay {t_replay:.1f} s "
                      f"(no integrity part on PostgreSQL); ok={ok}")]


# --- bundles ---------------------------------------------------------------------------------

def _wire(laptop, office, office_keys):
    """As enrolment records them: each side's device row holds the other's public keys; the
    laptop's acknowledgement of the office is what the office holds of it."""
    from sbpdesk.db.models import Ack, Device
    from sbpdesk.services import journal
    from sbpdesk.sync.keys import generate_keys
    keys = generate_keys()
    held = journal.head(office.db, laptop.origin).seq
    with office.transaction():
        dev = office.db.get(Device, laptop.origin)
        dev.sign_key, dev.seal_key = keys.sign_pub_text, keys.seal_pub_text
        dev.fingerprint = keys.fingerprint()
    with laptop.transaction():
        laptop.db.merge(Device(id=laptop.office_code, sign_key=office_keys.sign_pub_text,
                               seal_key=office_keys.seal_pub_text,
                               fingerprint=office_keys.fingerprint(), demo=True))
        laptop.db.merge(Ack(peer=laptop.office_code, highest=held))
    return keys, held


def session_bundle(laptop, office, office_keys, points: list[str], ops: int,
                   folder: Path) -> tuple[Path, list[dict]]:
    """Sessions at `points` with their group sheets saved (and savings deposits if short) up
    to `ops` operations, exported for the office; returns the bundle and its rows."""
    from sqlalchemy import select

    from bench import posting as bp
    from bench import sync as bs
    from sbpdesk.db.models import Operation
    from sbpdesk.sync import exchange
    keys, held = _wire(laptop, office, office_keys)
    saved, bs.OPS = bs.OPS, ops
    try:
        s = bp.open_sessions(laptop, points)
        bs._collect(s, held)
        bs._top_up(s, held)
    finally:
        bs.OPS = saved
    folder.mkdir(parents=True, exist_ok=True)
    bundle = exchange.export_bundle(laptop, keys, "office", folder).path
    rows = [{c.name: getattr(r, c.key) for c in Operation.__table__.columns}
            for r in laptop.db.scalars(select(Operation).where(
                Operation.origin == laptop.origin, Operation.seq > held)
                .order_by(Operation.seq))]
    laptop.end_read()
    return bundle, rows


def _points(laptop) -> list[str]:
    from sqlalchemy import select

    from sbpdesk.db.models import Point
    codes = list(laptop.db.scalars(select(Point.code).where(
        Point.lease_device_id == laptop.origin).order_by(Point.code)))
    laptop.end_read()
    return codes


def timed_import(office, laptop, office_keys, work: Path, ops: int = 2000) -> dict:
    """One laptop bundle of `ops` operations made, then imported: its time, its rows'
    raw-insert time, its outcome counts."""
    from bench.net import _raw_insert
    from sbpdesk.sync import exchange
    bundle, rows = session_bundle(laptop, office, office_keys, _points(laptop)[:2], ops, work)
    raw = _raw_insert(office, rows)
    t, report = timed(exchange.import_bundle, office, office_keys, bundle)
    return {"s": t, "raw": raw, "n": len(report["ops"]), "rows": len(rows),
            "counts": {k: v for k, v in report["counts"].items() if v}}


def import_figure(runs: list[dict]) -> dict:
    t, raw = median([r["s"] for r in runs]), median([r["raw"] for r in runs])
    n, rows = runs[0]["n"], runs[0]["rows"]
    return figure("province.import", round(n / t), "ops/s", IMPORT_TARGET, cmp=">=",
                  baseline=round(rows / raw), ratio_target=IMPORT_RATIO,
                  detail=f"median of {len(runs)} bundles of {n} operations, each from another "
                         f"office's laptop, imported one after the other into the province "
                         f"book: {t * 1000:.0f} ms (each, the first with the book just "
                         f"opened: {[round(r['s'] * 1000) for r in runs]} ms; outcomes "
                         f"{[r['counts'] for r in runs]}); baseline = raw psycopg executemany "
                         f"INSERT of the same rows into a temporary copy of `operation`, one "
                         f"transaction, median {raw * 1000:.0f} ms "
                         f"({[round(r['raw'] * 1000) for r in runs]})")


_SHARED: dict = {}     # for the forked import processes: the office keys, the start signal


def _import_one(args) -> dict:
    data_dir, db_url, bundle = args
    from sbpdesk.services.books import open_book
    from sbpdesk.sync import exchange
    office = open_book(data_dir, db_url=db_url)
    try:
        _SHARED["go"].wait(600)
        t = time.perf_counter()
        report = exchange.import_bundle(office, _SHARED["keys"], bundle)
        return {"ok": True, "s": time.perf_counter() - t, "end": time.time(),
                "counts": report["counts"], "n": len(report["ops"])}
    except Exception as exc:      # reported as an error of the figure
        return {"ok": False, "error": repr(exc), "end": time.time(), "s": None}
    finally:
        office.close()


def at_once_figure(data_dir: Path, db_url: str, office_keys, bundles: list[Path]) -> dict:
    ctx = multiprocessing.get_context("fork")
    _SHARED.update(keys=office_keys, go=ctx.Event())
    with ctx.Pool(len(bundles)) as pool:
        pending = pool.map_async(_import_one, [(data_dir, db_url, b) for b in bundles],
                                 chunksize=1)
        time.sleep(10)     # every process has opened the book
        start = time.time()
        _SHARED["go"].set()
        got = pending.get(1800)
    wall = max(r["end"] for r in got) - start
    errors = [r for r in got if not r["ok"] or r["counts"].get("applied") != r["n"]]
    return figure("province.offices_at_once", round(wall, 2), "s", None,
                  detail=f"{len(bundles)} offices' laptop bundles of about {AT_ONCE_OPS} "
                         f"operations imported by {len(bundles)} processes into the book at "
                         f"once; errors {len(errors)}; per process s: "
                         f"{sorted(round(r['s'], 2) for r in got if r['s'] is not None)}"
                         + (f"; first error: {errors[0]}" if errors else ""))


# --- the run -----------------------------------------------------------------------------------

def _clone(db_url: str) -> tuple[str, callable]:
    """A scratch copy of the cached database (its files copied by the server)."""
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    from bench.province import _dsn
    url = make_url(db_url)
    name = f"{url.database}_work_{uuid.uuid4().hex[:6]}"
    dsn = {**_dsn(db_url), "dbname": "postgres"}
    # FILE_COPY: the server copies the files after one checkpoint; the default (WAL_LOG,
    # PostgreSQL 15) writes the whole 7-million-operation book through the WAL, and once
    # failed here ("buffer is pinned in InvalidateBuffer") beside another session's clone.
    strategy = " STRATEGY FILE_COPY"
    for attempt in range(3):
        try:
            with psycopg.connect(**dsn, autocommit=True) as conn:
                if conn.info.server_version < 150000:
                    strategy = ""
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"{strategy}')
            break
        except psycopg.errors.InternalError:
            if attempt == 2:
                raise
            time.sleep(5)

    def drop() -> None:
        with psycopg.connect(**dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return url.set(database=name).render_as_string(hide_password=False), drop


def _office_feed(office_dir: Path) -> int:
    import sqlite3

    from sbpdesk import paths
    with sqlite3.connect(f"file:{paths.book_path(office_dir)}?mode=ro", uri=True) as con:
        return con.execute("select last_feed_no from feed_head").fetchone()[0]


def _laptop(info: dict, k: int, work: Path) -> Path:
    """Copy k's laptop book: renamed once into the province cache, then a working copy."""
    from bench import province as P
    from bench.books import working_copy
    if (work / f"laptop-{k}").exists():     # this run's, already sent a bundle
        return work / f"laptop-{k}"
    if k == 0:
        return P.laptop_copy(info["point_dir"], work / "laptop-0", 0, 0)
    cached = info["data_dir"].parent / f"laptop-{k}"
    if not (cached / "ready").exists():
        P.laptop_copy(info["point_dir"], cached, k, _office_feed(info["office_dir"]))
        (cached / "ready").write_text("ok")
    return working_copy(cached, work / f"laptop-{k}")


def run(args, runner, work: Path) -> dict:
    """The province groups into `runner` (reports, replay, sync); returns the book's info.
    The portfolio at the end of history and the check only read: they run on the cached
    book; the imports write, so they run on a scratch clone of it."""
    from bench import province as P
    from bench.books import AS_OF
    from sbpdesk.services.books import open_book
    info = P.get_province(args.pg, args.offices, seed=args.seed)
    book = open_book(info["data_dir"], db_url=info["db_url"])
    try:
        runner.group("reports", lambda: portfolio_figures(book, AS_OF, min(args.repeat, 3)))
        runner.group("replay", lambda: check_figures(book))
    finally:
        book.close()
    runner.group("sync", lambda: _sync_group(info, info["offices"], work))
    return info


def _sync_group(info: dict, offices: int, work: Path) -> list[dict]:
    from sbpdesk.services.books import open_book
    from sbpdesk.sync.keys import generate_keys
    clone_url, drop = _clone(info["db_url"])
    try:
        office = open_book(work / "office", db_url=clone_url)
        keys = generate_keys()
        try:
            runs, bundles = [], []
            for k in range(min(AT_ONCE, offices)):
                laptop = open_book(_laptop(info, k, work))
                try:
                    if k < IMPORTS:
                        runs.append(timed_import(office, laptop, keys, work / f"single-{k}"))
                    bundles.append(session_bundle(laptop, office, keys, _points(laptop)[2:4],
                                                  AT_ONCE_OPS, work / f"bundle-{k}")[0])
                finally:
                    laptop.close()
                shutil.rmtree(work / f"laptop-{k}")   # 1 GB each: the bundle is what is kept
        finally:
            office.close()
        return [import_figure(runs), at_once_figure(work / "office", clone_url, keys, bundles)]
    finally:
        drop()

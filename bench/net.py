"""Network sync and a PostgreSQL office (issue 18). Not part of the tests; bounded.

    .venv/bin/python bench/net.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres
        [--laptops 10] [--ops 200] [--import-ops 2000] [--json out.json]

Builds a scratch office book in a fresh PostgreSQL database (dropped at the end) with one
point per laptop plus one for the import figure, each with its own loans, and SQLite laptops
enrolled through the real files, each with one session of collections. Then:

- `sync.import_office_pg` (ops/s; target ≥ 10 % of the baseline, 3.000 ops/s as
  information): `exchange.import_bundle` of one laptop's bundle of `--import-ops`
  operations into the PostgreSQL office (verify, store, apply).
  Baseline, same run: a raw psycopg `executemany` INSERT of the same operation rows into a
  temporary copy of the `operation` table, one transaction.
- `sync.http_laptops_at_once` (s, information): `--laptops` processes (spawn) each sync their
  `--ops` operations through `sbpdesk serve`'s app on 127.0.0.1 at the same moment; wall time
  from the start signal to the last answer imported, and the errors (target 0), checked
  against the office book afterwards.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure, verdict  # noqa: E402

PW = "Bench-net-2026"      # the password rule holds outside the test suite
DAY = dt.date(2026, 4, 15)          # every point's session day is the 15th
SET_UP = dt.date(2026, 3, 1)
DISBURSE = dt.date(2026, 3, 10)
IMPORT_TARGET = 3000      # ops/s (issue 18), information beside the ratio
IMPORT_RATIO = 0.10       # of a raw insert of the same rows (issue 20)


def _clock():
    moment = dt.datetime.combine(DAY, dt.time(3), dt.UTC)
    return lambda: moment


from sbpdesk.services.auth import Approval  # noqa: E402  (after the path set-up above)


def _as(book, name, roles):
    from sbpdesk.services.context import User
    book.user = User(name, name, frozenset(roles))


def _post(book, kind, payload, day=SET_UP, **kw):
    from sbpdesk.services import journal, posting
    return journal.get(book.db, posting.post(book, kind, payload, business_date=day,
                                             **kw).op_id).payload


def build_office(data_dir: Path, db_url: str, points: dict[str, int]):
    """An office book with `points[code]` disbursed loans at each point."""
    from sbpdesk.services import users
    from sbpdesk.services.books import init_book
    book = init_book(data_dir, "office", "PGDB", admin_password=PW, db_url=db_url,
                     clock=_clock())
    book.sign_in("admin", PW)
    loans: dict[str, list[tuple[str, str]]] = {}
    with book.transaction():
        for name, roles in {"teller": ["teller"], "controller": ["controller"],
                            "accountant": ["accountant"], "director": ["director"]}.items():
            users.set_user(book, name, name, roles, PW, business_date=SET_UP)
        _post(book, "office.define", {"office_code": "PGDB", "name": "PGD Bench",
                                      "branch_name": "NHCSXH Bench"})
        for code in points:
            _post(book, "point.define", {"point_code": code, "office_code": "PGDB",
                                         "name": f"Xã {code}", "commune": f"Xã {code}",
                                         "place": "UBND xã", "session_day": 15,
                                         "session_time": "07:30"})
            _post(book, "organisation.define", {"code": f"HPN-{code}", "kind": "women",
                                                "name": f"Hội LHPN {code}",
                                                "point_code": code})
    for code, n in points.items():
        with book.transaction():
            loans[code] = [_loan(book, code, k) for k in range(n)]
        _as(book, "admin", ["admin"])
    book.end_read()
    return book, loans


def _loan(book, point, k):
    _as(book, "accountant", ["accountant"])
    group = _post(book, "group.form", {"point_code": point, "organisation_code": f"HPN-{point}",
                                       "code": f"T{k}", "name": f"Tổ {k}", "village": "Thôn 1",
                                       "leader_name": "Lê Thị Hoa"})["group_id"]
    household = _post(book, "household.register", {"point_code": point, "group_id": group,
                                                    "address": "Thôn 1", "village": "Thôn 1",
                                                    "category": "poor"})["household_id"]
    person = _post(book, "person.register", {"household_id": household,
                                              "full_name": f"Nguyễn Thị {k}", "sex": "F",
                                              "birth_date": "1985-04-02",
                                              "is_representative": True})["person_id"]
    app = _post(book, "application.submit", {
        "household_id": household, "person_id": person, "programme_code": "poor",
        "amount": 50_000_000, "term_months": 36, "frequency_months": 6,
        "purpose": "Chăn nuôi"})["application_id"]
    _as(book, "director", ["director"])
    loan = _post(book, "application.decide", {"application_id": app,
                                              "approved": True})["loan_id"]
    _as(book, "teller", ["teller"])
    _post(book, "loan.disburse", {"loan_id": loan, "amount": 50_000_000, "id_checked": True},
          day=DISBURSE, approved_by=Approval("controller", PW))
    return person, loan


def build_laptop(office, folder: Path, point: str, loans, ops: int):
    """A laptop enrolled for `point` with one session of `ops` operations."""
    from sbpdesk.services import posting, sessions
    from sbpdesk.services.books import init_book
    from sbpdesk.sync import enrol
    laptop = init_book(folder / point, "point", admin_password=PW, clock=_clock())
    laptop.sign_in("admin", PW)
    req = enrol.request(laptop, PW, folder / f"{point}.req")
    office.sign_in("admin", PW)
    acc = enrol.accept(office, PW, req.path, [point], folder / f"{point}.resp")
    enrol.complete(laptop, "admin", PW, acc.path)
    laptop.sign_in("teller", PW)
    sessions.open_session(laptop, point, DAY, controller="controller")
    for k in range(ops - 1):
        person, loan = loans[k % len(loans)]
        with laptop.transaction():
            posting.post(laptop, "collection.record", {
                "person_id": person, "loan_id": loan, "interest": 0, "principal": 10_000,
                "savings": 10_000}, business_date=DAY)
    laptop.close()
    return folder / point


# ---------------------------------------------------------------- processes (spawn)

def _serve(office_dir: str, db_url: str, port: int) -> None:
    import uvicorn

    from sbpdesk.sync.server import Limits, Office, create_app
    office = Office(office_dir, db_url, passphrase=PW, clock=_clock())
    uvicorn.run(create_app(office, Limits(rate_per_min=600, burst=100)), host="127.0.0.1",
                port=port, log_level="warning", access_log=False)


def _laptop(data_dir: str, url: str, ready, go, results) -> None:
    try:
        from sbpdesk.services.books import open_book
        from sbpdesk.sync import client, enrol
        book = open_book(data_dir)
        keys = enrol.unlock_keys(book, "admin", PW)
        ready.put(1)
        go.wait(300)
        t = time.perf_counter()
        r = client.sync_once(book, keys, url)
        book.close()
        results.put({"ok": True, "sent": r.sent_ops, "counts": r.sent_counts,
                     "attempts": r.attempts, "s": time.perf_counter() - t,
                     "end": time.time()})
    except Exception as exc:
        results.put({"ok": False, "error": repr(exc), "end": time.time()})


# ---------------------------------------------------------------- figures

def import_figure(office, laptop_dir: Path, work: Path) -> dict:
    from sqlalchemy import select

    from sbpdesk.db.models import Operation
    from sbpdesk.services.books import open_book
    from sbpdesk.sync import enrol, exchange
    laptop = open_book(laptop_dir, clock=_clock())
    keys = enrol.unlock_keys(laptop, "admin", PW)
    bundle = exchange.export_bundle(laptop, keys, "office", work).path
    rows = [{c.name: getattr(r, c.key) for c in Operation.__table__.columns}
            for r in laptop.db.scalars(select(Operation).where(
                Operation.origin == laptop.origin).order_by(Operation.seq))]
    laptop.close()
    office_keys = enrol.serve_keys(office, PW)
    raw = _raw_insert(office, rows)
    t = time.perf_counter()
    report = exchange.import_bundle(office, office_keys, bundle)
    took = time.perf_counter() - t
    n = len(report["ops"])
    applied = report["counts"]["applied"]
    return figure("sync.import_office_pg", round(n / took), "ops/s", IMPORT_TARGET, cmp=">=",
                  baseline=round(len(rows) / raw), ratio_target=IMPORT_RATIO,
                  detail=f"{n} operations ({applied} applied) in {took * 1000:.0f} ms into "
                         f"PostgreSQL; baseline = raw psycopg executemany INSERT of the same "
                         f"{len(rows)} rows into a temporary copy of `operation`, one "
                         f"transaction: {raw * 1000:.0f} ms")


def _raw_insert(office, rows: list[dict]) -> float:
    from sqlalchemy import text
    cols = list(rows[0])
    sql = (f"INSERT INTO raw_operation ({', '.join(cols)}) VALUES "
           f"({', '.join(['%s'] * len(cols))})")
    values = [tuple(r[c] for c in cols) for r in rows]
    with office.engine.connect() as conn:
        conn.execute(text("CREATE TEMP TABLE raw_operation (LIKE operation INCLUDING ALL)"))
        conn.commit()
        cur = conn.connection.driver_connection.cursor()
        t = time.perf_counter()
        cur.executemany(sql, values)
        conn.connection.driver_connection.commit()
        took = time.perf_counter() - t
        conn.execute(text("DROP TABLE raw_operation"))
        conn.commit()
    return took


def http_figure(office_dir: Path, db_url: str, laptops: list[Path], ops: int) -> dict:
    import socket

    from sqlalchemy import func, select

    from sbpdesk.db.models import Operation
    from sbpdesk.services.books import open_book
    from sbpdesk.sync import client
    ctx = multiprocessing.get_context("spawn")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = ctx.Process(target=_serve, args=(str(office_dir), db_url, port))
    server.start()
    try:
        end = time.monotonic() + 120
        while not client.reachable(url):
            if time.monotonic() > end:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        ready, go, results = ctx.Queue(), ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_laptop, args=(str(d), url, ready, go, results))
                 for d in laptops]
        for p in procs:
            p.start()
        for _ in procs:                     # every process has imported sbpdesk, opened keys
            ready.get(timeout=300)
        start = time.time()
        go.set()
        got = [results.get(timeout=600) for _ in procs]
        for p in procs:
            p.join(60)
    finally:
        server.terminate()
        server.join(30)
    wall = max(r["end"] for r in got) - start
    errors = [r for r in got if not r["ok"] or r["counts"].get("applied") != ops]
    office = open_book(office_dir, db_url=db_url)
    stored = office.db.scalar(select(func.count()).select_from(Operation).where(
        Operation.origin.in_([_origin(d) for d in laptops])))
    office.close()
    missing = len(laptops) * ops - stored
    return figure("sync.http_laptops_at_once", round(wall, 2), "s", None,
                  detail=f"{len(laptops)} laptops × {ops} operations over HTTP at once; "
                         f"errors: {len(errors) + max(missing, 0)} "
                         f"(stored {stored}/{len(laptops) * ops}); per-laptop seconds: "
                         f"{sorted(round(r.get('s', 0), 2) for r in got)}; attempts: "
                         f"{sorted(r.get('attempts', 0) for r in got)}"
                         + (f"; first error: {errors[0]}" if errors else ""))


def _origin(laptop_dir: Path) -> str:
    from sbpdesk.services.books import open_book
    book = open_book(laptop_dir)
    try:
        return book.origin
    finally:
        book.close()


def _scratch_db(base: str) -> tuple[str, callable]:
    import psycopg
    from sqlalchemy.engine import make_url
    url = make_url(base)
    name = "sbpdesk_bench_" + uuid.uuid4().hex[:8]
    dsn = {"host": url.host, "port": url.port, "user": url.username,
           "password": url.password, "dbname": url.database or "postgres"}
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(**dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return url.set(database=name).render_as_string(hide_password=False), drop


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", default=os.environ.get("SBPDESK_TEST_PG_URL"))
    ap.add_argument("--laptops", type=int, default=10)
    ap.add_argument("--ops", type=int, default=200)
    ap.add_argument("--import-ops", type=int, default=2000)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    if not args.pg:
        ap.error("--pg URL (or SBPDESK_TEST_PG_URL) is needed")
    from sbpdesk.sync import enrol
    from sbpdesk.sync.keys import KDF_FAST_FOR_TESTS
    enrol.WRAP_PARAMS = KDF_FAST_FOR_TESTS      # key wrapping is not what is measured
    os.environ["SBPDESK_KEY_PASSPHRASE"] = PW
    db_url, drop = _scratch_db(args.pg)
    t0 = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="sbpdesk-bench-net-") as tmp:
            work = Path(tmp)
            points = {f"N{k:02d}": 10 for k in range(args.laptops)} | {"BIG": 40}
            office, loans = build_office(work / "office", db_url, points)
            big = build_laptop(office, work, "BIG", loans["BIG"], args.import_ops)
            laptops = [build_laptop(office, work, p, loans[p], args.ops)
                       for p in points if p != "BIG"]
            built = time.perf_counter() - t0
            figs = [import_figure(office, big, work)]
            office.close()
            figs.append(http_figure(work / "office", db_url, laptops, args.ops))
    finally:
        drop()
    out = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
           "set_up_s": round(built, 1), "figures": figs}
    for f in figs:
        print(f"{f['name']:32} {f['value']!s:>10} {f['unit']:6} target {f['target']!s:>6} "
              f"baseline {f['baseline']!s:>8}  ratio {f['ratio']!s:>7} (target "
              f"{f['ratio_target']})  {verdict(f)}\n    {f['detail']}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Bundles: the laptop exports its session's 2.000 operations to the office
(`sync.exchange.export_bundle`), the office verifies, stores and applies them
(`sync.exchange.import_bundle`); beside it, the rate of a raw sqlite3 insert of the same
operation rows into the same office book in one transaction (synchronous=FULL, WAL) — the
floor of what storing costs.

The office imports BUNDLES bundles (sessions of two points each) into its open book, each
once the WAL checkpoint the previous commit started on the book's own thread has finished
(decision 0046): the figure. Then the same bundles back to back, each paying for the
previous one's checkpoint running beside it, and everything up to the last checkpoint's end:
information. The work copies are synced to disk before timing, so that the first commit does
not flush the copy's gigabyte of dirty pages.

The demo's point book is a copy of the office book (it predates enrolment), so the bench
wires the two books' keys the way enrolment records them (a `device` row on each side holding
the other's public keys) and sets the laptop's acknowledgement of the office to the laptop
head the office holds (see the README: the demo copy sets it to the office feed number).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections import Counter
from pathlib import Path

from bench.common import figure, median, ms, not_built, timed

OPS = 2000
BUNDLES = 4         # sessions of two points each (fewer where the scale has fewer points)
RAW_PER_COPY = 3    # raw inserts per fresh copy of the office book (the baseline)
EXPORT_TARGET_S = 1.0
IMPORT_TARGET = 5000


def available() -> bool:
    try:
        from sbpdesk.sync import exchange
    except ImportError:
        return False
    return hasattr(exchange, "export_bundle") and hasattr(exchange, "import_bundle")


def _wire_keys(point, office_dir: Path):
    from sbpdesk.db.models import Ack, Device
    from sbpdesk.services import journal
    from sbpdesk.services.books import open_book
    from sbpdesk.sync.keys import generate_keys
    laptop_keys, office_keys = generate_keys(), generate_keys()
    with point.transaction():
        point.db.merge(Device(id=point.office_code, sign_key=office_keys.sign_pub_text,
                              seal_key=office_keys.seal_pub_text,
                              fingerprint=office_keys.fingerprint(), demo=True))
        office = open_book(office_dir)
        try:
            held = journal.head(office.db, point.origin).seq
            with office.transaction():
                dev = office.db.get(Device, point.origin)
                dev.sign_key, dev.seal_key = laptop_keys.sign_pub_text, laptop_keys.seal_pub_text
                dev.fingerprint = laptop_keys.fingerprint()
        finally:
            office.close()
        point.db.merge(Ack(peer=point.office_code, highest=held))
    return laptop_keys, office_keys, held


def _session_ops(book, held: int) -> int:
    from sbpdesk.services import journal
    return journal.head(book.db, book.origin).seq - held


def _collect(s, held: int) -> int:
    """The session's collections when the posting group has not run (`--only sync`): each
    group of the session's points, in code order, saves its 13/TD sheet through
    `collections.record_group` — every member loan pays the interest and principal due plus
    a savings deposit, members with savings only deposit — with the leader's hand-over, until
    the laptop holds OPS operations above the office's acknowledgement. Returns the lines."""
    from sqlalchemy import select

    from sbpdesk.db.models import Group
    from sbpdesk.db.models import Session as SessionRow
    from sbpdesk.services import collections
    book = s.book
    days = {p: book.db.get(SessionRow, sid).business_date for p, sid in s.sessions.items()}
    groups = [(g.id, g.point_code) for g in book.db.scalars(
        select(Group).where(Group.point_code.in_(list(s.sessions))).order_by(Group.code))]
    book.end_read()
    lines_posted = 0
    for group_id, point in groups:
        room = OPS - _session_ops(book, held) - 1   # one op for the hand-over
        if room < 1:
            break
        sheet = collections.group_sheet(book, group_id, days[point])
        book.end_read()
        lines = [_line(collections, x) for x in sheet.lines][:room]
        if not lines:
            continue
        counted = sum(x.interest + x.savings for x in lines)
        result = collections.record_group(book, group_id, lines, counted=counted,
                                          business_date=days[point],
                                          session_id=s.sessions[point])
        lines_posted += len(result.posted)
    return lines_posted


def _line(collections, x):
    """A sheet line as the officer saves it: what is due on the loan plus a deposit; a member
    whose loan owes nothing today (approved, not disbursed) only deposits."""
    if x.loan_id and (x.interest_due or x.principal_due):
        return collections.LineInput(x.person_id, x.loan_id, interest=x.interest_due,
                                     principal=x.principal_due, savings=20_000)
    return collections.LineInput(x.person_id, None, savings=20_000)


def _top_up(s, held: int) -> int:
    """Savings deposits at one of the session's points (BB01 when it has a session) until
    the laptop holds OPS operations above `held` (only when the groups did not reach it)."""
    from sqlalchemy import select

    from bench.books import BIG_POINT
    from sbpdesk.db.models import Household, Person
    from sbpdesk.db.models import Session as SessionRow
    from sbpdesk.services import posting
    book = s.book
    point = BIG_POINT if BIG_POINT in s.sessions else sorted(s.sessions)[0]
    people = book.db.scalars(select(Person.id).join(Household, Household.id == Person.household_id)
                             .where(Household.point_code == point).order_by(Person.id)).all()
    book.end_read()
    need, k = OPS - _session_ops(book, held), 0
    day = book.db.get(SessionRow, s.sessions[point]).business_date
    while need > 0:
        posting.post(book, "collection.record", {"person_id": people[k % len(people)],
                                                 "loan_id": None, "savings": 10_000},
                     business_date=day, session_id=s.sessions[point])
        k, need = k + 1, need - 1
    return k


def _next_bundle(book, keys, points: list[str], folder: Path) -> Path:
    """Sessions at two more points, their group sheets saved, then a bundle of the OPS
    operations above the previous bundle's (the laptop's ack of the office moved to its
    head, as the office's reply would move it)."""
    from bench import posting as bp
    from sbpdesk.db.models import Ack
    from sbpdesk.services import journal
    from sbpdesk.sync import exchange
    held = journal.head(book.db, book.origin).seq
    with book.transaction():
        book.db.merge(Ack(peer=book.office_code, highest=held))
    nxt = bp.open_sessions(book, points)
    _collect(nxt, held)
    _top_up(nxt, held)
    folder.mkdir(parents=True, exist_ok=True)
    return exchange.export_bundle(book, keys, "office", folder).path


def _mix(book, held: int) -> str:
    """What the bundle carries: kinds, and collections by the columns they fill."""
    from collections import Counter

    from sqlalchemy import select

    from sbpdesk.db.models import Operation as OperationRow
    from sbpdesk.domain.canonical import from_json
    rows = book.db.execute(select(OperationRow.kind, OperationRow.payload).where(
        OperationRow.origin == book.origin, OperationRow.seq > held)).all()
    book.end_read()
    kinds, lines = Counter(), Counter()
    for kind, payload in rows:
        kinds[kind] += 1
        if kind == "collection.record":
            p = from_json(payload)
            lines["+".join(c for c in ("interest", "principal", "savings", "from_savings")
                           if p.get(c)) or "zero"] += 1
    return (", ".join(f"{n} {k}" for k, n in kinds.most_common()) + "; collection lines: "
            + ", ".join(f"{n} {k}" for k, n in lines.most_common()))


def figures(s, point_dir: Path, office_src: Path, work: Path, repeat: int = 3) -> list[dict]:
    if not available():
        return [not_built("sync.export_2000_ops", "s", EXPORT_TARGET_S),
                not_built("sync.import_office", "ops/s", IMPORT_TARGET, ">=")]
    from bench.books import working_copy
    from sbpdesk import paths
    from sbpdesk.services.books import open_book
    from sbpdesk.sync import exchange
    office_dir = working_copy(office_src, work / "office-sync")
    laptop_keys, office_keys, held = _wire_keys(s.book, office_dir)
    collected = _collect(s, held) if s.posted == 0 else 0
    added = _top_up(s, held)
    mix = _mix(s.book, held)
    out = work / "bundles"
    exports, result = [], None
    for k in range(repeat):
        folder = out / f"e{k}"
        folder.mkdir(parents=True, exist_ok=True)
        t, result = timed(exchange.export_bundle, s.book, laptop_keys, "office", folder)
        exports.append(t)
    bundle = result.path
    n = result.manifest.op_count
    size_kb = bundle.stat().st_size // 1024
    later = _later_bundles(s.book, laptop_keys, s.sessions, out)
    bundles = [bundle, *later]
    pristine = work / "office-sync-pristine"
    shutil.copytree(office_dir, pristine)
    idle, in_a_row = [], []
    modes = [(True, idle)] + ([(False, in_a_row)] if len(bundles) > 1 else [])
    for k in range(repeat):
        for wait, runs in modes:
            if k or not wait:
                shutil.rmtree(office_dir)
                shutil.copytree(pristine, office_dir)
            os.sync()   # the copy's dirty pages would be flushed by the first commit
            runs.append(_import_all(open_book(office_dir), office_keys, bundles, wait))
    envelopes = _envelopes(bundle, office_keys, laptop_keys, s.book.office_code)
    raw = []
    for _ in range(repeat):
        shutil.rmtree(office_dir)
        shutil.copytree(pristine, office_dir)
        raw += [_raw_insert(paths.book_path(office_dir), envelopes, k)
                for k in range(RAW_PER_COPY)]
    raw_rate = round(n / median(raw))
    each = median([t for r in idle for t in r["times"]])
    counts = idle[-1]["counts"]
    return [
        figure("sync.export_2000_ops", round(median(exports), 3), "s", EXPORT_TARGET_S,
               detail=f"{n} ops, {size_kb} KiB bundle; median of {len(exports)}; "
                      f"{collected} group-sheet lines saved here, {added} savings deposits "
                      f"topped the session up to {OPS}"),
        figure("sync.import_office", round(n / each), "ops/s", IMPORT_TARGET,
               cmp=">=", baseline=raw_rate, ratio_target=0.10,     # issue 20
               detail=f"verify+store+apply one bundle of {n} ops on the open office book, "
                      f"the previous import's WAL checkpoint finished: median {ms(each)} ms "
                      f"over {len(bundles)} bundles (sessions of two points each) × {repeat} "
                      f"runs on a fresh copy (first bundle of a run: book just opened); "
                      f"per bundle {_per_bundle(idle)} ms; outcomes of a run {counts}; "
                      f"baseline = raw sqlite3 insert of the first bundle's operation rows, "
                      f"one transaction: median {ms(median(raw))} ms of {len(raw)} "
                      f"({ms(min(raw))}–{ms(max(raw))}); mix of the first: {mix}"),
    ] + _in_a_row(in_a_row, n)


def _in_a_row(runs: list[dict], n: int) -> list[dict]:
    if not runs:
        return [not_built("sync.import_office_in_a_row", "ops/s", None, ">=",
                          "one bundle only: the scale has no more points")]
    behind = median([t for r in runs for t in r["times"][1:]])
    whole = median([r["whole"] for r in runs])
    count = len(runs[0]["times"])
    return [figure("sync.import_office_in_a_row", round(n / behind), "ops/s", None, cmp=">=",
                   detail=f"the same {count} bundles imported back to back, each while the "
                          f"previous one's checkpoint runs beside it: median of bundles 2–"
                          f"{count} {ms(behind)} ms (per bundle {_per_bundle(runs)} ms); all "
                          f"{n * count} ops until the last checkpoint ended: {ms(whole)} ms "
                          f"= {round(n * count / whole)} ops/s")]


def _per_bundle(runs: list[dict]) -> list[float]:
    return [ms(median([r["times"][k] for r in runs])) for k in range(len(runs[0]["times"]))]


def _later_bundles(book, keys, first_sessions, out: Path) -> list[Path]:
    """Up to BUNDLES - 1 more bundles, each the sessions of two points not used before."""
    from sqlalchemy import select

    from sbpdesk.db.models import Point
    codes = [c for c in book.db.scalars(select(Point.code).order_by(Point.code))
             if c not in first_sessions]
    book.end_read()
    return [_next_bundle(book, keys, codes[2 * k:2 * k + 2], out / f"n{k}")
            for k in range(min(BUNDLES - 1, len(codes) // 2))]


def _import_all(office, keys, bundles: list[Path], wait: bool) -> dict:
    """Import `bundles` one after the other (`wait`: each once the book's checkpoint thread
    is idle, the wait untimed); then wait for that thread."""
    from sbpdesk.sync import exchange
    try:
        times, counts = [], Counter()
        start = time.perf_counter()
        for b in bundles:
            if wait:
                office.checkpoints.wait()
            t, report = timed(exchange.import_bundle, office, keys, b)
            times.append(t)
            counts.update({k: v for k, v in report["counts"].items() if v})
        office.checkpoints.wait()
        return {"times": times, "whole": time.perf_counter() - start, "counts": dict(counts)}
    finally:
        office.close()


def _envelopes(bundle: Path, office_keys, laptop_keys, office_code: str) -> list[dict]:
    """The operations of the bundle, opened the way the office opens it."""
    from sbpdesk.sync.bundle import SenderInfo, read_bundle
    opened = read_bundle(bundle, my_id=office_code, my_seal_priv=office_keys.seal_priv,
                         known_senders=lambda _s: SenderInfo(laptop_keys.sign_pub_text),
                         accept_demo=True)
    return opened.ops


def _raw_insert(db_file: Path, envelopes: list[dict], k: int = 0) -> float:
    """INSERT the operation rows (envelope columns as stored) in one transaction; `k` > 0:
    under other keys (op_id, seq and feed number moved), beside an earlier insert."""
    from sbpdesk.domain.canonical import canonical_json
    con = sqlite3.connect(db_file, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    cols = [r[1] for r in con.execute("PRAGMA table_info(operation)")]
    feed = con.execute("SELECT last_feed_no FROM feed_head").fetchone()[0]
    rows = []
    for i, env in enumerate(envelopes):
        row = {c: env.get(c) for c in cols}
        row["feed_no"] = feed + k * len(envelopes) + i + 1
        if k:
            row["op_id"] = f"r{k}{row['op_id'][2:]}"   # 'r': never a hex digit
            row["seq"] += k * 10_000_000
        row["payload"] = canonical_json(env["payload"])
        row["outcome"], row["reason"] = "applied", None
        rows.append(tuple(row[c] for c in cols))
    sql = f"INSERT INTO operation ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    t, _ = timed(lambda: (con.execute("BEGIN IMMEDIATE"), con.executemany(sql, rows),
                          con.execute("COMMIT")))
    con.close()
    return t

"""Saving collections at a session on the point laptop, through the ordinary services:

- one member's line: `posting.post("collection.record", …)` — decide, append, apply, receipt,
  COMMIT under synchronous=FULL — for every member loan with dues in the demo groups of the
  two points' sessions (each its own transaction, as the sheet saves one line at a time);
- a whole 60-member group: `collections.record_group` (60 lines + hand-over, one
  transaction) on each dedicated 60-loan group.

It works on a fresh copy of the bench point book and leaves that copy (with the session's
operations) to the sync and printing figures.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from bench.common import figure, median, ms, p95, timed

ONE_TARGET_MS = 15
GROUP_TARGET_MS = 300


@dataclass
class Session:
    book: object
    day: dt.date
    sessions: dict[str, str]                  # point -> session id
    receipts: list[str] = field(default_factory=list)
    posted: int = 0


def open_sessions(book, points: list[str]) -> Session:
    from bench import books as B
    from sbpdesk.db.models import Session as SessionRow
    from sbpdesk.demo import office as demo
    from sbpdesk.services import sessions
    days = {p: book.refs.calendar(p).session_on(B.AS_OF.year, B.AS_OF.month + 1)
            for p in points}
    B.set_clock(book, max(days.values()))
    demo._as(book, "teller")
    ids = {}
    for p in points:
        posted = sessions.open_session(book, p, days[p], controller="controller",
                                       opening_cash=50_000_000)
        ids[p] = book.db.get(SessionRow, _session_of(book, posted.op_id)).id
    book.end_read()
    return Session(book, days[points[0]], ids)


def figures(s: Session, big_groups: list[str], limit: int | None = None) -> list[dict]:
    from sqlalchemy import select

    from bench.books import BIG_POINT
    from sbpdesk.db.models import Group
    from sbpdesk.db.models import Session as SessionRow
    from sbpdesk.domain.errors import DomainError
    from sbpdesk.services import collections, posting
    book = s.book
    days = {p: book.db.get(SessionRow, sid).business_date for p, sid in s.sessions.items()}
    demo_groups = [(g.id, g.point_code) for g in book.db.scalars(
        select(Group).where(Group.point_code.in_(list(s.sessions)),
                            Group.id.not_in(big_groups)).order_by(Group.code))]
    book.end_read()
    one, refused = [], 0
    for group_id, point in demo_groups:
        day, sid = days[point], s.sessions[point]
        sheet = collections.group_sheet(book, group_id, day)
        book.end_read()
        for line in sheet.lines:
            if not line.loan_id or not (line.interest_due or line.principal_due):
                continue
            payload = {"person_id": line.person_id, "loan_id": line.loan_id,
                       "group_id": group_id, "interest": line.interest_due,
                       "principal": line.principal_due, "savings": 50_000, "from_savings": 0}
            try:
                t, posted = timed(posting.post, book, "collection.record", payload,
                                  business_date=day, session_id=sid)
            except DomainError:
                refused += 1
                continue
            one.append(t)
            s.posted += 1
            if posted.receipt_no:
                s.receipts.append(posted.receipt_no)
            if limit and len(one) >= limit:
                break
        if limit and len(one) >= limit:
            break
    whole, cpu, sizes = [], [], []
    day, sid = days[BIG_POINT], s.sessions[BIG_POINT]
    for group_id in big_groups:
        sheet = collections.group_sheet(book, group_id, day)
        book.end_read()
        lines = [collections.LineInput(x.person_id, x.loan_id, interest=x.interest_due,
                                       principal=x.principal_due, savings=20_000)
                 for x in sheet.lines if x.loan_id]
        counted = sum(x.interest + x.savings for x in lines)
        c = time.process_time()
        t, result = timed(collections.record_group, book, group_id, lines, counted=counted,
                          business_date=day, session_id=sid)
        cpu.append(time.process_time() - c)
        whole.append(t)
        sizes.append(len(result.posted))
        s.posted += len(result.posted) + 1
    floor = _raw_commits(book)
    commit, lines = median(floor), round(median(sizes))
    member = max(median(one) - commit, 0.0)
    model = 30 * commit + lines * member
    return [
        figure("save.one_member_p95", ms(p95(one)), "ms", ONE_TARGET_MS,
               baseline=ms(p95(floor)),
               detail=f"{len(one)} saves (median {ms(median(one))} ms, max {ms(max(one))} ms); "
                      f"{refused} lines refused by decide; baseline = p95 of {len(floor)} raw "
                      f"sqlite3 one-row commits (WAL, synchronous=FULL) on the same disk, "
                      f"median {ms(median(floor))} ms"),
        figure("save.group_60_members", ms(median(whole)), "ms", GROUP_TARGET_MS,
               baseline=ms(model), ratio_target=1.0,
               detail=f"median of {len(whole)} groups of {sizes} lines + hand-over "
                      f"(CPU median {ms(median(cpu))} ms; load {_load()}); "
                      f"max {ms(max(whole))} ms; baseline = the model (issue 20): 30 raw "
                      f"commits ({ms(commit)} ms each) + {lines} lines × the per-member work "
                      f"of a single save ({ms(member)} ms: its median less one commit)"),
        figure("save.group_60_per_raw_commit", round(median(whole) / commit, 1), "×", None,
               detail=f"the group save's median ÷ one raw commit's ({ms(commit)} ms, same "
                      f"pragmas): the model allows 30 + {lines} × {ms(member)} / "
                      f"{ms(commit)} = {round(model / commit, 1)}; per member of the group "
                      f"save {ms(max(median(whole) - commit, 0.0) / max(lines, 1))} ms "
                      f"(CPU {ms(median(cpu) / max(lines, 1))} ms) against "
                      f"{ms(member)} ms for a single save"),
    ]


def _load() -> str:
    import os
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _session_of(book, op_id: str) -> str:
    from sbpdesk.services import journal
    return journal.get(book.db, op_id).payload["session_id"]


def _raw_commits(book, n: int = 200) -> list[float]:
    """The floor under one save: a one-row INSERT + COMMIT with the book's pragmas."""
    import sqlite3
    path = book.data_dir / "fsync-floor.sqlite"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v BLOB)")
    out = []
    for _ in range(n):
        t, _ = timed(lambda: (con.execute("BEGIN IMMEDIATE"),
                              con.execute("INSERT INTO t (v) VALUES (?)", (b"x" * 600,)),
                              con.execute("COMMIT")))
        out.append(t)
    con.close()
    return out

"""`sbpdesk check --replay` (`services.check.check_book(book, replay=True)`): SQLite integrity
and foreign keys, every operation chain, every account replayed and compared with its
snapshot. Timed as a whole, with the share of each part; the chain walk also on its own,
beside a same-run baseline: a loop that reads every stored payload and hashes it with
hashlib (issue 20: the walk within 3× of that)."""
from __future__ import annotations

import hashlib

from sqlalchemy import select

from bench.common import figure, timed

TARGET_S = 30.0   # issue 20: on the slower of this kind of machine
CHAINS_RATIO = 3.0


def figures(book) -> list[dict]:
    from sbpdesk.services import chain, check, journal
    t_int, _ = timed(lambda: check._integrity(book))
    book.end_read()
    _hash_payloads(book.db, journal.OPERATION)     # warm: the walk below reads a warm file
    book.end_read()
    t_base, rows = timed(lambda: _hash_payloads(book.db, journal.OPERATION))
    book.end_read()
    t_chain, problems = timed(lambda: chain.verify_chain(book.db))
    book.end_read()
    t_all, report = timed(lambda: check.check_book(book, replay=True))
    return [
        figure("check.chains", round(t_chain, 2), "s", None, baseline=round(t_base, 3),
               ratio_target=CHAINS_RATIO,
               detail=f"{rows} operations, {len(problems)} problems; baseline = SELECT every "
                      "payload and SHA-256 it with hashlib, same run"),
        figure("check.replay", round(t_all, 1), "s", TARGET_S,
               detail=f"{report.replayed} accounts replayed, ok={report.ok} "
                      f"({len(report.snapshots)} snapshot problems, {len(report.chains)} "
                      f"chain problems); parts measured separately: integrity+fk "
                      f"{t_int:.1f} s, chains {t_chain:.1f} s, replay ≈ "
                      f"{t_all - t_int - t_chain:.1f} s")]


def _hash_payloads(db, table) -> int:
    n = 0
    for (payload,) in db.execute(select(table.c.payload).execution_options(yield_per=2000)):
        hashlib.sha256(payload).hexdigest()
        n += 1
    return n

"""`sbpdesk check --replay` (`services.check.check_book(book, replay=True)`): SQLite integrity
and foreign keys, every operation chain, every account replayed and compared with its
snapshot. Timed as a whole, with the share of each part."""
from __future__ import annotations

from bench.common import figure, timed

TARGET_S = 60.0


def figures(book) -> list[dict]:
    from sbpdesk.services import check, journal
    t_int, _ = timed(lambda: check._integrity(book))
    book.end_read()
    t_chain, _ = timed(lambda: journal.verify_chain(book.db))
    book.end_read()
    t_all, report = timed(lambda: check.check_book(book, replay=True))
    return [figure("check.replay", round(t_all, 1), "s", TARGET_S,
                   detail=f"{report.replayed} accounts replayed, ok={report.ok} "
                          f"({len(report.snapshots)} snapshot problems, {len(report.chains)} "
                          f"chain problems); parts measured separately: integrity+fk "
                          f"{t_int:.1f} s, chains {t_chain:.1f} s, replay ≈ "
                          f"{t_all - t_int - t_chain:.1f} s")]

"""Open a 60-member group collection sheet with every line's dues computed at the session date
(`collections.group_sheet`) on the bench point book's dedicated 60-loan groups."""
from __future__ import annotations

from bench.common import figure, median, ms, timed

TARGET_MS = 100


def figures(book, groups: list[str], day, repeat: int = 5) -> list[dict]:
    from sbpdesk.services import collections
    cold, _ = timed(lambda: collections.group_sheet(book, groups[0], day))
    book.end_read()
    samples, lines = [], 0
    for _ in range(repeat):
        for g in groups:
            t, sheet = timed(collections.group_sheet, book, g, day)
            book.end_read()
            samples.append(t)
            lines = len(sheet.lines)
    return [figure("sheet.open_60_members", ms(median(samples)), "ms", TARGET_MS,
                   detail=f"{lines} lines, dues at {day}; median of {len(samples)} opens over "
                          f"{len(groups)} groups; first (cold) open {ms(cold)} ms")]

"""Diacritic-insensitive person search as the teller types "nguyen van a", one character at a
time, each prefix a query (`customers.search_persons`, 50 rows, as the borrower page asks)."""
from __future__ import annotations

from sqlalchemy import func, select

from bench.common import figure, ms, p95, timed

TYPED = "nguyen van a"
TARGET_MS = 20


def figures(book, repeat: int = 5) -> list[dict]:
    from sbpdesk.db.models import Person
    from sbpdesk.services import customers
    persons = book.db.scalar(select(func.count()).select_from(Person))
    book.end_read()
    prefixes = [TYPED[:k] for k in range(1, len(TYPED) + 1)]
    for p in prefixes:                       # warm the page cache once
        customers.search_persons(book, p)
        book.end_read()
    samples, by_prefix = [], {p: [] for p in prefixes}
    for _ in range(repeat):
        for p in prefixes:
            dt_, _rows = timed(customers.search_persons, book, p)
            book.end_read()
            samples.append(dt_)
            by_prefix[p].append(dt_)
    worst = max(prefixes, key=lambda p: sorted(by_prefix[p])[len(by_prefix[p]) // 2])
    slow = ", ".join(f"'{p}' {ms(sorted(v)[len(v) // 2])}" for p, v in by_prefix.items())
    return [figure("search.as_you_type_p95", ms(p95(samples)), "ms", TARGET_MS,
                   detail=f"{persons} persons; {len(samples)} queries ({repeat}× the "
                          f"{len(prefixes)} prefixes of '{TYPED}'); median per prefix ms: "
                          f"{slow}; slowest prefix '{worst}'")]

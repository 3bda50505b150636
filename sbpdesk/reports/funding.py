"""The local-budget share: outstanding by funding source (central / local, the bank's 1 TW /
2 ĐP) and the local part by investor code, at a date, and — with `since` — the part of the
outstanding's growth the local budget funded (Decision 05/QĐ-TTg's aim: ≈ 15–20 % a year;
changes-2025-2026.md §2, §4). Figures are the portfolio report's (`loan_figures`); shares
are exact fractions printed to two decimals (no floats near money).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot
from sbpdesk.domain.canonical import from_json
from sbpdesk.reports.portfolio import loan_figures
from sbpdesk.services.context import Book

NO_INVESTOR = ""


def _pct(part: int, whole: int) -> str | None:
    if whole == 0:
        return None
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return format(share, "f")


def _investors(book: Book) -> dict[str, str]:
    t = AccountSnapshot.__table__
    return {i: from_json(s).get("investor_code") or NO_INVESTOR
            for i, s in book.db.execute(select(t.c.account_id, t.c.state)
                                        .where(t.c.account_kind == "loan"))}


def _at(book: Book, as_of: dt.date, investors: dict[str, str]) -> dict:
    by_source: dict[str, int] = defaultdict(int)
    by_investor: dict[str, int] = defaultdict(int)
    for r in loan_figures(book, as_of):
        source = r.funding_source or "central"
        by_source[source] += r.outstanding
        if source == "local":
            by_investor[investors.get(r.loan_id, NO_INVESTOR)] += r.outstanding
    total = sum(by_source.values())
    return {"as_of": as_of.isoformat(), "outstanding": total,
            "central": by_source.get("central", 0), "local": by_source.get("local", 0),
            "local_share_pct": _pct(by_source.get("local", 0), total),
            "local_by_investor": [{"investor_code": code, "outstanding": amount}
                                  for code, amount in sorted(by_investor.items())]}


def local_budget(book: Book, as_of: dt.date, since: dt.date | None = None) -> dict:
    """The report as a JSON-ready dict (đồng; shares in % to two decimals)."""
    investors = _investors(book)
    now = _at(book, as_of, investors)
    out = {**now}
    if since is not None:
        before = _at(book, since, investors)
        growth = now["outstanding"] - before["outstanding"]
        local_growth = now["local"] - before["local"]
        out["since"] = before
        out["growth"] = growth
        out["local_growth"] = local_growth
        out["local_share_of_growth_pct"] = _pct(local_growth, growth) if growth > 0 else None
    book.end_read()
    return out

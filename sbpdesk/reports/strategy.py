"""The Decision 05/QĐ-TTg (Directive 39-CT/TW) indicators of an office at a date (issue 16):
outstanding growth since a start date (by default the previous year's end), the overdue
ratio against the 2 % ceiling, the share of the growth funded by the local budget (aim
15–20 %, from each loan's funding source), and access: households on the poor and near-poor
lists, how many applied, were approved and received the money, and the days each step took.
Per point for the bars by commune; the ratios' trend over the last month ends.

Figures are the portfolio report's (`portfolio.loan_figures`); the start date is a month end
by default, so its figures are kept after their first computation (reports/month_end.py)
and a past month's report reads them.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot, Application, EligibilityList, Household, Loan
from sbpdesk.domain.canonical import from_json
from sbpdesk.reports.overdue import CEILING_PCT, names, pct, split, trend
from sbpdesk.reports.portfolio import LoanFigures, loan_figures, snapshot_rows
from sbpdesk.services import places
from sbpdesk.services.context import Book

LOCAL_TARGET = ("15.00", "20.00")      # local budget's share of the growth, % (Decision 05)
LISTED = ("poor", "near_poor")


def _sums(rows: list[LoanFigures]) -> dict[str, int]:
    return {"outstanding": sum(r.outstanding for r in rows),
            "local": sum(r.outstanding for r in rows if r.funding_source == "local")}


def _growth(now: list[LoanFigures], before: list[LoanFigures]) -> dict:
    a, b = _sums(now), _sums(before)
    growth, local_growth = a["outstanding"] - b["outstanding"], a["local"] - b["local"]
    return {"outstanding": a["outstanding"], "outstanding_before": b["outstanding"],
            "growth": growth, "growth_pct": pct(growth, b["outstanding"]),
            "local": a["local"], "local_growth": local_growth,
            "local_share_of_growth_pct": pct(local_growth, growth) if growth > 0 else None,
            **{k: v for k, v in split(now).items() if k.endswith("_pct")}}


def _indicators(t: dict) -> list[dict]:
    ratio, local = t["overdue_ratio_pct"], t["local_share_of_growth_pct"]
    return [
        {"code": "growth", "value_pct": t["growth_pct"], "target": None, "met": None},
        {"code": "overdue_ratio", "value_pct": ratio, "target": f"< {CEILING_PCT}",
         "met": None if ratio is None else Decimal(ratio) < Decimal(CEILING_PCT)},
        {"code": "local_share_of_growth", "value_pct": local,
         "target": f"{LOCAL_TARGET[0]}–{LOCAL_TARGET[1]}",
         "met": None if local is None else Decimal(local) >= Decimal(LOCAL_TARGET[0])},
    ]


def _median(values: list[int]) -> int | None:
    return statistics.median_low(values) if values else None


def _listed(book: Book, year: int) -> dict[str, str]:
    """Households on the poor and near-poor lists of `year` (or the latest before it)."""
    out = dict(book.db.execute(select(Household.id, Household.category).where(
        Household.category.in_(LISTED), Household.category_year <= year)).all())
    out.update({e.household_id: e.category for e in book.db.scalars(select(EligibilityList)
               .where(EligibilityList.category.in_(LISTED), EligibilityList.year <= year))})
    return out


def _disbursed_on(book: Book, app_ids: list[str]) -> dict[str, dt.date]:
    """The first disbursement date of each application of `app_ids`, from its loan's
    snapshot (only those loans' states are read and parsed)."""
    out: dict[str, dt.date] = {}
    for k in range(0, len(app_ids), 500):
        for (state,) in book.db.execute(select(AccountSnapshot.state).join(
                Loan, Loan.id == AccountSnapshot.account_id).where(
                AccountSnapshot.account_kind == "loan",
                Loan.application_id.in_(app_ids[k:k + 500]))):
            s = from_json(state)
            if s.get("application_id") and s.get("first_disbursed_on"):
                out[s["application_id"]] = dt.date.fromisoformat(s["first_disbursed_on"])
    return out


def access(book: Book, since: dt.date, as_of: dt.date) -> dict:
    """Applications submitted after `since` up to `as_of`: applied, approved, received, and
    the median days from submission to decision and from decision to the money; the same for
    the households on the poor and near-poor lists."""
    listed = _listed(book, as_of.year)
    apps = book.db.scalars(select(Application).where(
        Application.submitted_on > since, Application.submitted_on <= as_of)).all()
    paid_on = _disbursed_on(book, [a.id for a in apps])
    steps: dict[str, dict] = defaultdict(lambda: {"applied": 0, "approved": 0, "refused": 0,
                                                  "received": 0, "decide": [], "disburse": []})
    for a in apps:
        for key in ("all", listed.get(a.household_id)):
            if key is None:
                continue
            acc = steps[key]
            acc["applied"] += 1
            decided = a.decided_on is not None and a.decided_on <= as_of
            if decided:
                acc["decide"].append((a.decided_on - a.submitted_on).days)
                acc["approved" if a.status == "approved" else "refused"] += 1
            got = paid_on.get(a.id)
            if decided and got is not None and got <= as_of:
                acc["received"] += 1
                acc["disburse"].append((got - a.decided_on).days)
    households: dict[str, int] = defaultdict(int)
    for category in listed.values():
        households[category] += 1
    out = []
    for key in ("all", *LISTED):
        acc = steps[key]
        out.append({"category": key, "households": (len(listed) if key == "all"
                                                     else households[key]),
                    **{k: acc[k] for k in ("applied", "approved", "refused", "received")},
                    "days_to_decision": _median(acc["decide"]),
                    "days_to_money": _median(acc["disburse"])})
    return {"by_category": out}


def strategy(book: Book, as_of: dt.date, since: dt.date | None = None, *,
             months: int = 6) -> dict:
    """The indicators as a JSON-ready dict (đồng; shares in % to two decimals)."""
    since = since or dt.date(as_of.year - 1, 12, 31)
    loans = snapshot_rows(book)     # one read of the loans for every date below
    now, before = loan_figures(book, as_of, rows=loans), loan_figures(book, since, rows=loans)
    labels = names(book)["point_code"]
    communes, commune_names = places.household_communes(book, as_of)
    points: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    by_commune: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for i, rows in enumerate((now, before)):
        for r in rows:
            points[r.point_code][i].append(r)
            by_commune[communes.get(r.household_id, "")][i].append(r)
    totals = _growth(now, before)
    out = {"as_of": as_of.isoformat(), "since": since.isoformat(),
           "ceiling_pct": CEILING_PCT, "local_target_pct": list(LOCAL_TARGET),
           "totals": totals, "indicators": _indicators(totals),
           "by_point": [{"code": code, "name": labels.get(code, code), **_growth(*pair)}
                        for code, pair in sorted(points.items())],
           # the communes in force on as_of, both dates grouped alike (decision 0191)
           "by_commune": [{"code": code, "name": commune_names.get(code, code),
                           **_growth(*pair)} for code, pair in sorted(by_commune.items())],
           "access": access(book, since, as_of),
           "trend": trend(book, as_of, months, now=now, known={since: before},
                          snapshots=loans)}
    book.end_read()
    return out

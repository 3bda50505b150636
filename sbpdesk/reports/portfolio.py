"""The portfolio report: outstanding, overdue and frozen principal with borrower and loan
counts, by programme, organisation, group and funding source, at a date.

Figures come from each loan's state at `as_of`: the snapshot itself when nothing can have
changed since its last operation (no instalment fell due in between), the snapshot advanced
to `as_of` by the domain when an instalment did, and a replay of the operations up to
`as_of` for a date before the loan's last operation — at a month end, kept in
`loan_month_end` the first time (reports/month_end.py). So the totals are, by construction,
the sums over the accounts replayed from the journal (tests/services/test_demo_portfolio.py
checks exactly that). The JSON shape is a contract for office IT (README.md).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Row, select

from sbpdesk.db.models import AccountSnapshot, Group, Organisation, Point
from sbpdesk.db.models import Loan as LoanModel
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.loan import LoanState
from sbpdesk.reports import month_end, portfolio_sql
from sbpdesk.services import places
from sbpdesk.services.context import Book

FIGURES = ("outstanding", "overdue", "frozen", "borrowers", "loans")
FUNDING = {"central": ("Nguồn vốn trung ương", "Central funds"),
           "local": ("Nguồn vốn địa phương ủy thác", "Local budget entrusted")}
LIVE = ("active", "frozen")


@dataclass(frozen=True)
class LoanFigures:
    loan_id: str
    household_id: str
    programme_code: str
    organisation_code: str
    group_id: str
    funding_source: str
    outstanding: int
    overdue: int
    frozen: int
    point_code: str = ""          # the loan's point (the office's report by point)


def loan_figures(book: Book, as_of: dt.date, point: str | None = None, *,
                 where: ColumnElement[bool] | None = None) -> list[LoanFigures]:
    """Every loan's figures at `as_of` (loans with nothing outstanding are left out); `where`:
    only the loans it selects (a condition on the snapshot and its loan)."""
    # Plain rows (the snapshot's columns by name), not ORM objects: a third of the time.
    snap_t, loan_t = AccountSnapshot.__table__, LoanModel.__table__
    q = select(snap_t, loan_t.c.next_due_date).join(
        loan_t, loan_t.c.id == snap_t.c.account_id).where(snap_t.c.account_kind == "loan")
    if point:
        q = q.where(snap_t.c.point_code == point)
    if where is not None:
        q = q.where(where)
    rows = book.db.execute(q).all()
    # At a month end, loans changed since: their kept figures (computed and kept if need be).
    changed = _changed(rows, as_of)
    if changed and month_end.needs_fill(book, as_of, set(changed)):
        month_end.fill(book)    # a book written before 0205: every month end, once
        rows = book.db.execute(q).all()
        changed = _changed(rows, as_of)
    kept, new = month_end.figures(book, as_of, changed) if changed else ({}, [])
    out = []
    for snap in rows:
        kept_row = kept.get(snap.account_id)
        figures = (_kept(snap, kept_row) if kept_row is not None
                   else _figures(book, snap, snap.next_due_date, as_of))
        if figures is not None and figures.outstanding > 0:
            out.append(figures)
    month_end.keep(book, new, changed)   # after the reads: it ends their snapshot
    return out


def _changed(rows: list[Row], as_of: dt.date) -> dict[str, bytes]:
    if not month_end.is_month_end(as_of):
        return {}
    return {s.account_id: s.state for s in rows if s.last_date is not None and s.last_date > as_of}


def _kept(snap: Row, row: dict) -> LoanFigures | None:
    if row["status"] not in LIVE:
        return None
    return LoanFigures(snap.account_id, row["household_id"], row["programme_code"],
                       snap.organisation_code or "", row["group_id"], row["funding_source"],
                       row["outstanding"], row["principal_overdue"], row["principal_frozen"],
                       snap.point_code or "")


def _figures(book: Book, snap: Row, next_due: dt.date | None,
             as_of: dt.date) -> LoanFigures | None:
    last = snap.last_date
    if last is not None and last <= as_of and (next_due is None or next_due >= as_of):
        if snap.status not in LIVE:
            return None
        # Nothing falls due between the last operation and as_of: the columns are exact.
        return LoanFigures(snap.account_id, snap.household_id or "", snap.programme_code or "",
                           snap.organisation_code or "", snap.group_id or "",
                           snap.funding_source or "", snap.outstanding,
                           snap.principal_overdue, snap.principal_frozen, snap.point_code or "")
    state = _state_at(book, snap, as_of)
    if state is None or state.status not in LIVE:
        return None
    return LoanFigures(state.loan_id, state.household_id, state.programme_code,
                       snap.organisation_code or "", state.group_id, state.funding_source,
                       state.outstanding, state.principal_overdue, state.principal_frozen,
                       snap.point_code or "")


def _state_at(book: Book, snap: Row, as_of: dt.date) -> LoanState | None:
    if snap.last_date is not None and snap.last_date <= as_of:
        state = LoanState.from_dict(from_json(snap.state))
        return domain_loan.advance(state, as_of, book.refs)
    return month_end.replayed(book, snap.account_id, as_of)


Buckets = dict[str, dict[str, list[int]]]   # breakdown → code → [*FIGURES]


def _add_figures(buckets: Buckets, rows: list[LoanFigures],
                 keys: dict[str, Callable[[LoanFigures], str]]) -> None:
    """Adds the computed loans to the buckets; their households are none of the summed
    part's (portfolio_sql), so distinct borrowers add up."""
    households: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        for name, key in keys.items():
            code = key(r)
            b = buckets[name].setdefault(code, [0, 0, 0, 0, 0])
            b[0] += r.outstanding
            b[1] += r.overdue
            b[2] += r.frozen
            b[4] += 1
            households[name, code].add(r.household_id)
    for (name, code), ids in households.items():
        buckets[name][code][3] += len(ids)


def _listed(bucket: dict[str, list[int]], names: dict[str, str] | Callable[[str], str]
            ) -> list[dict]:
    name_of = names if callable(names) else (lambda code: names.get(code, code))
    return [{"code": code, "name": name_of(code), **dict(zip(FIGURES, figures, strict=True))}
            for code, figures in sorted(bucket.items())]


def _summed(book: Book, as_of: dt.date, point: str | None, by_point: bool,
            commune_of: places.CommuneOf | None) -> Buckets:
    """The loans whose stored columns are their figures, summed in SQL (portfolio_sql)."""
    names = (("point", "commune") if by_point else ()) + BREAKDOWNS
    buckets: Buckets = {name: {} for name in names}
    for name, sums in portfolio_sql.sums(book, as_of, point, names).items():
        for key, figures in sums.items():
            code = commune_of(*key) if name == "commune" else (key[0] if key else "")
            b = buckets[name].setdefault(code, [0, 0, 0, 0, 0])
            for i, f in enumerate(figures):
                b[i] += f   # several commune keys make one commune: disjoint households
    return buckets


BREAKDOWNS = ("programme", "organisation", "group", "funding", "total")
_KEYS: dict[str, Callable[[LoanFigures], str]] = {
    "point": lambda r: r.point_code, "programme": lambda r: r.programme_code,
    "organisation": lambda r: r.organisation_code, "group": lambda r: r.group_id,
    "funding": lambda r: r.funding_source, "total": lambda r: ""}


def portfolio(book: Book, as_of: dt.date, point: str | None = None, *,
              by_point: bool = False) -> dict:
    """The report as a JSON-ready dict (amounts in đồng); `by_point` adds the figures per
    point and per commune in force on `as_of` — the new communes since 01/07/2025, from
    each borrower's address (the office's report, issue 16; decision 0191). Loans whose
    stored columns are their figures are summed in SQL, the others computed (0240)."""
    portfolio_sql.one_snapshot(book)
    commune_of, commune_name = places.commune_resolver(book, as_of) if by_point else (None,
                                                                                      None)
    buckets = _summed(book, as_of, point, by_point, commune_of)
    keys = {name: _KEYS[name] for name in buckets if name != "commune"}
    computed = loan_figures(book, as_of, point, where=portfolio_sql.computed(as_of, point))
    if commune_of is not None:
        household = {hid: commune_of(*key) for hid, key in portfolio_sql.household_keys(
            book, {r.household_id for r in computed}).items()}
        keys["commune"] = lambda r: household.get(r.household_id, "")
    _add_figures(buckets, computed, keys)
    programmes = {code: p.name_vi for code, p in book.refs.programmes.items()}
    organisations = dict(book.db.execute(select(Organisation.code, Organisation.name)).all())
    groups = {gid: f"{code} {name}" for gid, code, name
              in book.db.execute(select(Group.id, Group.code, Group.name))}
    funding = {code: vi for code, (vi, _) in FUNDING.items()}
    extra = {}
    if by_point:
        points = dict(book.db.execute(select(Point.code, Point.name)).all())
        extra = {"by_point": _listed(buckets["point"], points),
                 "by_commune": _listed(buckets["commune"], commune_name)}
    book.end_read()
    total = buckets["total"].get("", [0, 0, 0, 0, 0])
    return {"as_of": as_of.isoformat(), "point": point,
            "totals": dict(zip(FIGURES, total, strict=True)), **extra,
            "by_programme": _listed(buckets["programme"], programmes),
            "by_organisation": _listed(buckets["organisation"], organisations),
            "by_group": _listed(buckets["group"], groups),
            "by_funding_source": _listed(buckets["funding"], funding)}


def to_csv(report: dict) -> str:
    """One CSV table: dimension, code, name and the figures; totals last."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["dimension", "code", "name", *FIGURES])
    for dimension in ("by_point", "by_commune", "by_programme", "by_organisation", "by_group",
                      "by_funding_source"):
        for item in report.get(dimension, ()):
            writer.writerow([dimension[3:], item["code"], item["name"],
                             *(item[f] for f in FIGURES)])
    writer.writerow(["total", "", "", *(report["totals"][f] for f in FIGURES)])
    return out.getvalue()

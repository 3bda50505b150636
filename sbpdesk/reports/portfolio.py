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

from sqlalchemy import ColumnElement, and_, case, func, select

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


_SNAP = ("account_id", "last_date", "status", "household_id", "programme_code",
         "organisation_code", "group_id", "funding_source", "outstanding",
         "principal_overdue", "principal_frozen", "point_code")
_STATUS, _OUTSTANDING, _OVERDUE, _FROZEN = (_SNAP.index(c) for c in (
    "status", "outstanding", "principal_overdue", "principal_frozen"))


def snapshot_rows(book: Book, point: str | None = None,
                  where: ColumnElement[bool] | None = None) -> list[tuple]:
    """Each loan's snapshot columns (not the state: most of a row's bytes) and its next due
    date, as plain tuples (`loan_figures` at several dates of one report may share them);
    `where`: only the loans it selects (a condition on the snapshot and its loan). Without
    one, two plain reads joined here: a join in SQLite looks every loan up in the other
    table, about twice the time."""
    snap, loan = AccountSnapshot.__table__, LoanModel.__table__
    cols = [snap.c[n] for n in _SNAP]
    if where is not None:
        q = select(*cols, loan.c.next_due_date).join(loan, loan.c.id == snap.c.account_id)
        q = q.where(snap.c.account_kind == "loan", where)
        return [tuple(r) for r in book.db.execute(
            q.where(snap.c.point_code == point) if point else q).all()]
    q = select(*cols).where(snap.c.account_kind == "loan")
    due = select(loan.c.id, loan.c.next_due_date)
    if point:
        q, due = q.where(snap.c.point_code == point), due.where(loan.c.point_code == point)
    next_due = dict(book.db.execute(due).all())
    return [(*r, next_due[r[0]]) for r in book.db.execute(q).all() if r[0] in next_due]


def loan_figures(book: Book, as_of: dt.date, point: str | None = None, *,
                 where: ColumnElement[bool] | None = None,
                 rows: list[tuple] | None = None,
                 states: dict[str, bytes] | None = None) -> list[LoanFigures]:
    """Every loan's figures at `as_of` (loans with nothing outstanding are left out); `where`:
    only the loans it selects (a condition on the snapshot and its loan); `rows`:
    `snapshot_rows(book, point, where)` read earlier in the same read, `states` some of
    their snapshots' states read with them."""
    rows = snapshot_rows(book, point, where) if rows is None else rows
    # At a month end, loans changed since: their kept figures (computed and kept if need be).
    changed = ({r[0] for r in rows if r[1] is not None and r[1] > as_of}
               if month_end.is_month_end(as_of) else set())
    if changed and month_end.needs_fill(book, as_of, changed):
        month_end.fill(book)    # a book written before 0205: every month end, once
    kept = month_end.kept(book, as_of, changed) if changed else {}
    n = len(_SNAP)
    missing = changed - kept.keys()
    # begun after as_of: no figures there, nothing to compute or keep (decision 0251)
    later = month_end.begun_after(book, as_of, missing) if missing else set()
    missing -= later
    advanced = {r[0] for r in rows if r[0] not in changed and r[1] is not None
                and r[1] <= as_of and r[n] is not None and r[n] < as_of}
    need = missing | advanced
    states = {i: states[i] for i in need if i in states} if states is not None else {}
    states.update(_states(book, need - states.keys()))   # those not read with the rows
    # Replayed to as_of (not a month end, or no operation yet): together, in one read.
    replays = month_end.states_at(book, as_of, {
        r[0] for r in rows if r[0] not in changed and (r[1] is None or r[1] > as_of)})
    new: list = []
    if missing:
        computed, new = month_end.figures(book, as_of, {i: states[i] for i in missing})
        kept.update((i, [r[k] for k in (*month_end.TEXT, *month_end.MONEY)])
                    for i, r in computed.items())
    out = []
    for r in rows:
        if r[0] in later:
            continue
        kept_row = kept.get(r[0]) if r[0] in changed else None
        figures = (_kept(r, kept_row) if kept_row is not None
                   else _figures(book, r, r[n], as_of, states.get(r[0]), replays))
        if figures is not None and figures.outstanding > 0:
            out.append(figures)
    month_end.keep(book, new, states)   # after the reads: it ends their snapshot
    return out


def month_end_sums(book: Book, days: list[dt.date], point: str | None = None,
                   rows: list[tuple] | None = None
                   ) -> dict[dt.date, tuple[list[LoanFigures], tuple[int, ...]]]:
    """For a trend over past month ends: per day, the figures of the loans that must be
    computed (an instalment fell due after the last operation, or no operation yet) and the
    sums (outstanding, overdue, frozen, loans, overdue loans) of every other loan: the kept
    figures of the loans changed since, added up by the database, and the snapshot columns
    of the rest (`_figures`' first case), added up here without a `LoanFigures` each —
    building one per loan and day was most of a trend's time. The changed loans begun after
    the day have no figures there and need no row (decision 0251); a day missing the kept
    rows of others has the changed loans built by `loan_figures` (which computes and keeps
    what is missing). `rows`: `snapshot_rows(book, point)`, read once for every day."""
    if rows is None:
        rows = snapshot_rows(book, point) if days else []
    out, split, kept = {}, {}, {}
    for day in days:
        split[day] = _exact_sums(rows, day)
        kept[day] = set(book.db.scalars(_of_point(select(month_end.TABLE.c.loan_id).where(
            month_end.TABLE.c.month_end == day), point)))
    missing = {day: split[day][1] - kept[day] for day in days}
    first = month_end.first_dates(book, set().union(*missing.values())) if days else {}
    for day in days:
        exact, changed, rest = split[day]
        if not kept[day] <= changed or month_end.begun_after(
                book, day, missing[day], first) != missing[day]:
            # some changed loans that had begun by that day have no kept figures: the
            # changed ones built one by one, those missing computed and kept
            todo = [r for r in rows if r[0] in changed] + rest
            out[day] = (loan_figures(book, day, point, rows=todo), exact)
            continue
        totals = tuple(a + b for a, b in zip(_kept_sums(book, day, point), exact,
                                             strict=True))
        out[day] = (loan_figures(book, day, point, rows=rest), totals)
    return out


def _exact_sums(rows: list[tuple], day: dt.date
                ) -> tuple[tuple[int, ...], set[str], list[tuple]]:
    """Of the snapshot rows at a past `day`: the sums of the live loans whose columns are
    their figures that day (`_figures`' first case), the loans changed since, and the rows
    still to compute — advanced (an instalment fell due after the last operation; not live
    at it stays so: decision 0240) or replayed (no operation yet)."""
    n = len(_SNAP)
    outstanding = overdue = frozen = loans = overdue_loans = 0
    changed, rest = set(), []
    for r in rows:
        last = r[1]
        if last is None:
            rest.append(r)
        elif last > day:
            changed.add(r[0])
        elif r[n] is None or r[n] >= day:
            if r[_STATUS] in LIVE and r[_OUTSTANDING] > 0:
                outstanding += r[_OUTSTANDING]
                overdue += r[_OVERDUE]
                frozen += r[_FROZEN]
                loans += 1
                overdue_loans += r[_OVERDUE] != 0
        elif r[_STATUS] in LIVE:
            rest.append(r)
    return (outstanding, overdue, frozen, loans, overdue_loans), changed, rest


def _kept_sums(book: Book, day: dt.date, point: str | None) -> tuple[int, ...]:
    """The sums of the kept figures of `day` (the database adds them up)."""
    kept = month_end.TABLE
    sums = _of_point(select(
        *(func.coalesce(func.sum(kept.c[c]), 0) for c in month_end.MONEY), func.count(),
        func.coalesce(func.sum(case((kept.c.principal_overdue != 0, 1), else_=0)), 0))
        .where(kept.c.month_end == day, kept.c.status.in_(LIVE), kept.c.outstanding > 0),
        point)
    return tuple(int(v) for v in book.db.execute(sums).one())


def _of_point(q, point: str | None):
    if not point:
        return q
    snap, kept = AccountSnapshot.__table__, month_end.TABLE
    return q.join(snap, and_(snap.c.account_kind == "loan",
                             snap.c.account_id == kept.c.loan_id)).where(
        snap.c.point_code == point)


def _states(book: Book, ids: set[str]) -> dict[str, bytes]:
    """The snapshot states of `ids` (read before any replay: `keep` compares them)."""
    snap, ordered, out = AccountSnapshot.__table__, sorted(ids), {}
    for k in range(0, len(ordered), month_end.CHUNK):
        out.update(book.db.execute(select(snap.c.account_id, snap.c.state).where(
            snap.c.account_kind == "loan",
            snap.c.account_id.in_(ordered[k:k + month_end.CHUNK]))).all())
    return out


def _kept(snap: tuple, row) -> LoanFigures | None:
    """From a kept row: month_end.TEXT then month_end.MONEY, in that order."""
    status, household, programme, group, source, outstanding, overdue, frozen = row
    if status not in LIVE:
        return None
    return LoanFigures(snap[0], household, programme, snap[5] or "", group, source,
                       outstanding, overdue, frozen, snap[11] or "")


def _figures(book: Book, snap: tuple, next_due: dt.date | None,
             as_of: dt.date, state: bytes | None = None,
             replays: dict[str, LoanState | None] | None = None) -> LoanFigures | None:
    (loan_id, last, status, household, programme, organisation, group, source, outstanding,
     overdue, frozen, point) = snap[:len(_SNAP)]
    if last is not None and last <= as_of and (next_due is None or next_due >= as_of):
        if status not in LIVE:
            return None
        # Nothing falls due between the last operation and as_of: the columns are exact.
        return LoanFigures(loan_id, household or "", programme or "", organisation or "",
                           group or "", source or "", outstanding, overdue, frozen,
                           point or "")
    loan = (replays[loan_id] if replays is not None and loan_id in replays
            else _state_at(book, loan_id, last, as_of, state))
    if loan is None or loan.status not in LIVE:
        return None
    return LoanFigures(loan.loan_id, loan.household_id, loan.programme_code,
                       organisation or "", loan.group_id, loan.funding_source,
                       loan.outstanding, loan.principal_overdue, loan.principal_frozen,
                       point or "")


def _state_at(book: Book, loan_id: str, last: dt.date | None, as_of: dt.date,
              state: bytes | None) -> LoanState | None:
    if last is not None and last <= as_of and state is not None:
        return domain_loan.advance(LoanState.from_dict(from_json(state)), as_of, book.refs)
    return month_end.replayed(book, loan_id, as_of)


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
            commune_of: places.CommuneOf | None) -> tuple[Buckets, dict[str, tuple]]:
    """The loans whose stored columns are their figures, summed in SQL, and the ids of the
    loans to compute (portfolio_sql.split)."""
    names = (("point", "commune") if by_point else ()) + BREAKDOWNS
    buckets: Buckets = {name: {} for name in names}
    summed, ids = portfolio_sql.split(book, as_of, point, names)
    for name, sums in summed.items():
        for key, figures in sums.items():
            code = commune_of(*key) if name == "commune" else (key[0] if key else "")
            b = buckets[name].setdefault(code, [0, 0, 0, 0, 0])
            for i, f in enumerate(figures):
                b[i] += f   # several commune keys make one commune: disjoint households
    return buckets, ids


def _rows_of(book: Book, ids: dict[str, tuple]) -> tuple[list[tuple], dict[str, bytes]]:
    """`snapshot_rows` of these loans and their states, by id (their primary key), in a few
    statements: `loan_figures` needs the states of most of them (an instalment fell due)."""
    snap, loan = AccountSnapshot.__table__, LoanModel.__table__
    cols = [snap.c[n] for n in _SNAP]
    ordered, rows, states = sorted(ids), [], {}
    chunk = portfolio_sql.CHUNK * (10 if book.engine.dialect.name == "postgresql" else 1)
    for k in range(0, len(ordered), chunk):
        for *row, state in book.db.execute(select(*cols, loan.c.next_due_date, snap.c.state)
                                           .join(loan, loan.c.id == snap.c.account_id).where(
                snap.c.account_kind == "loan", snap.c.account_id.in_(ordered[k:k + chunk]))):
            rows.append(tuple(row))
            states[row[0]] = state
    return rows, states


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
    buckets, ids = _summed(book, as_of, point, by_point, commune_of)
    keys = {name: _KEYS[name] for name in buckets if name != "commune"}
    rows, states = _rows_of(book, ids)
    computed = loan_figures(book, as_of, point, rows=rows, states=states)
    if commune_of is not None:
        commune = {loan_id: commune_of(*key) for loan_id, key in ids.items()}
        keys["commune"] = lambda r: commune[r.loan_id]
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

"""The portfolio's sums, in SQL where the stored columns are the figures (decision 0240).

A loan whose last operation is on or before the date and whose next instalment is not due
before it has, in its snapshot's columns, exactly the figures the report would compute
(`portfolio._figures`'s first case). Those loans are summed by the database, one GROUP BY per
breakdown, without reading their states. Every other loan — one a month end kept or a
replay must give, one with an instalment fallen due since — is computed as before, and so
is every loan of its household: the two parts then hold disjoint households, and each
bucket's borrowers (distinct households) are the sum of the two parts' counts.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, func, literal_column, not_, or_, select, union, union_all

from sbpdesk.db.models import AccountSnapshot, Household
from sbpdesk.db.models import Loan as LoanModel

SNAP, LOAN, HOUSEHOLD = AccountSnapshot.__table__, LoanModel.__table__, Household.__table__
LIVE = ("active", "frozen")
CHUNK = 500     # ids per IN (…)
# Breakdown → the snapshot columns it groups by ("commune": the household's commune key).
COLUMNS = {"point": ("point_code",), "programme": ("programme_code",),
           "organisation": ("organisation_code",), "group": ("group_id",),
           "funding": ("funding_source",), "total": ()}
COMMUNE_KEY = ("h_point_code", "h_commune_code", "h_village")
KEYS = ("point_code", "programme_code", "organisation_code", "group_id", "funding_source",
        *COMMUNE_KEY)


def one_snapshot(book) -> None:
    """Both parts must see the same loans: PostgreSQL reads each statement at its own moment
    (READ COMMITTED), so a read of its own at REPEATABLE READ; SQLite's read transaction is
    one snapshot already."""
    book.end_read()
    if book.db.get_bind().dialect.name == "postgresql" and not book.db.in_transaction():
        book.db.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _exact(as_of: dt.date):
    """The snapshot's columns are the loan's figures on `as_of`."""
    return and_(SNAP.c.last_date.is_not(None), SNAP.c.last_date <= as_of,
                or_(LOAN.c.next_due_date.is_(None), LOAN.c.next_due_date >= as_of))


def _base(point: str | None) -> list:
    return [SNAP.c.account_kind == "loan", *([SNAP.c.point_code == point] if point else [])]


def _no_household():
    return func.coalesce(SNAP.c.household_id, "") == ""


def _computed_households(as_of: dt.date, point: str | None):
    """The households with a loan whose figures must be computed: not `_exact`, and not
    left out either way (a loan that is neither active nor frozen at its last operation
    stays so when advanced: `loan.advance` changes no status). Two parts, so that neither
    needs the other's join."""
    has = [*_base(point), not_(_no_household())]
    later = select(SNAP.c.household_id).where(
        *has, or_(SNAP.c.last_date.is_(None), SNAP.c.last_date > as_of))
    fell_due = select(SNAP.c.household_id).join(LOAN, LOAN.c.id == SNAP.c.account_id).where(
        *has, SNAP.c.status.in_(LIVE), LOAN.c.next_due_date < as_of)
    return union(later, fell_due)


def computed(as_of: dt.date, point: str | None):
    """The condition on a snapshot (joined with its loan) for the part computed in Python."""
    return or_(_no_household(), SNAP.c.household_id.in_(_computed_households(as_of, point)))


def _summed(as_of: dt.date, point: str | None):
    """The loans summed in SQL, with their breakdowns' keys (a CTE)."""
    return select(*(func.coalesce(SNAP.c[c], "").label(c) for c in KEYS[:5]),
                  *(func.coalesce(HOUSEHOLD.c[c[2:]], "").label(c) for c in COMMUNE_KEY),
                  SNAP.c.household_id, SNAP.c.outstanding, SNAP.c.principal_overdue,
                  SNAP.c.principal_frozen).select_from(
        SNAP.join(LOAN, LOAN.c.id == SNAP.c.account_id).outerjoin(
            HOUSEHOLD, HOUSEHOLD.c.id == SNAP.c.household_id)).where(
        *_base(point), _exact(as_of), SNAP.c.status.in_(LIVE), SNAP.c.outstanding > 0,
        not_(_no_household()),
        SNAP.c.household_id.not_in(_computed_households(as_of, point))).cte("summed")


def _columns(name: str) -> tuple[str, ...]:
    return COMMUNE_KEY if name == "commune" else COLUMNS[name]


def sums(book, as_of: dt.date, point: str | None, breakdowns: tuple[str, ...]
         ) -> dict[str, dict[tuple, list[int]]]:
    """Breakdown → key → [outstanding, overdue, frozen, borrowers, loans] over the loans summed
    in SQL (keys: the grouped columns, '' for none; "commune" by the household's point,
    written commune and village). One statement and no DISTINCT (PostgreSQL sorts for each,
    which cost more than all the rest): the sums by every combination of the snapshot's
    columns and by commune key, counting one borrower per loan; then per breakdown, among
    the households with more than one loan, the loans that are a borrower's second or later
    in their bucket, which are taken off the borrowers."""
    s = _summed(as_of, point)
    several = select(s).where(s.c.household_id.in_(
        select(s.c.household_id).group_by(s.c.household_id).having(func.count() > 1))
    ).cte("several")
    blank, zero = literal_column("''"), literal_column("0")
    money = [func.sum(s.c.outstanding), func.sum(s.c.principal_overdue),
             func.sum(s.c.principal_frozen), func.count()]
    combos = [s.c[c] for c in KEYS[:5]]
    communes = [s.c[c] for c in COMMUNE_KEY]
    parts = [select(literal_column("'+combo'"), *combos, *money).group_by(*combos),
             select(literal_column("'+commune'"), *communes, blank, blank, *money
                    ).group_by(*communes)]
    for name in breakdowns:
        keys = [several.c[c] for c in _columns(name)]
        per = select(*keys, func.count().label("n")).select_from(several).group_by(
            *keys, several.c.household_id).subquery()
        cols = [per.c[c] for c in _columns(name)]
        parts.append(select(literal_column(f"'{name}'"), *cols, *[blank] * (5 - len(cols)),
                            zero, zero, zero, func.sum(per.c.n - 1)).group_by(*cols))
    out: dict[str, dict[tuple, list[int]]] = {name: {} for name in breakdowns}
    at = {name: [KEYS.index(c) for c in COLUMNS[name]] for name in breakdowns
          if name != "commune"}
    for kind, *row in book.db.execute(union_all(*parts)):
        values, figures = row[:5], [int(f or 0) for f in row[5:]]   # PostgreSQL: numeric
        if kind in ("+combo", "+commune"):   # sums (the others: a breakdown's seconds)
            targets = ({name: tuple(values[i] for i in idx) for name, idx in at.items()}
                       if kind == "+combo" else
                       {"commune": tuple(values[:3])} if "commune" in out else {})
            for name, key in targets.items():
                b = out[name].setdefault(key, [0, 0, 0, 0, 0])
                for i, f in enumerate(figures[:3]):
                    b[i] += f
                b[3] += figures[3]
                b[4] += figures[3]
        elif figures[3]:
            out[kind][tuple(values[:len(_columns(kind))])][3] -= figures[3]
    return out


def household_keys(book, households: set[str]) -> dict[str, tuple]:
    """The commune key of each of these households (the computed part's: few), by id."""
    ids, out = sorted(households), {}
    for k in range(0, len(ids), CHUNK):
        out.update((hid, rest) for hid, *rest in book.db.execute(select(
            HOUSEHOLD.c.id, HOUSEHOLD.c.point_code, HOUSEHOLD.c.commune_code,
            HOUSEHOLD.c.village).where(HOUSEHOLD.c.id.in_(ids[k:k + CHUNK]))))
    return out

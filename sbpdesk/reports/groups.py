"""Reports per savings-and-loan group (issue 16): the groups' grades in the shape of the core's
BC0437 (one row per group: members, borrowers paying and not paying interest in the last three
months, outstanding, overdue, frozen, savings, the recorded grade), and the union inspection
lists of guidance 727/HD-NHCS (11/02/2026): every loan disbursed in the last 30 days, every
loan idle for three months or more, every group (each is inspected once a year) and the
number of its earlier loans to check (≥ 90 %, 75 % at points marked as serving a difficult
area: `places.difficult_points`, decision 0192).

Loan figures are the portfolio report's (`portfolio.loan_figures`); savings are the movements
dated up to the report's date; "paying interest" means a standing collection with interest of
one of the household's loans in the three months up to the date. The core's score formula
is not public: the score shown is the office's setting's (domain/group_score.py, decision
0193), its grade beside the one the office recorded (`group.form` / `group.update`).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import func, select

from sbpdesk.db.models import (
    AccountSnapshot,
    Group,
    Household,
    Person,
    SavingsAccount,
    SavingsMovement,
)
from sbpdesk.db.models import Loan as LoanModel
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import group_score
from sbpdesk.domain.canonical import from_json
from sbpdesk.reports.activity import STANDING, _reversed, add_months, idle
from sbpdesk.reports.overdue import pct
from sbpdesk.reports.portfolio import loan_figures
from sbpdesk.services import places
from sbpdesk.services.context import Book

GRADES = {"good": "Tốt", "fair": "Khá", "average": "Trung bình", "weak": "Yếu"}
NEW_DAYS = 30
CHECK_SHARE = 90          # % of a group's earlier loans the union checks
DIFFICULT_SHARE = 75      # … in a difficult area (a point's `difficult_area`, decision 0192)


def _groups(book: Book, point: str | None) -> list[Group]:
    q = select(Group).order_by(Group.point_code, Group.code)
    return list(book.db.scalars(q.where(Group.point_code == point) if point else q))


def _paying(book: Book, as_of: dt.date) -> set[str]:
    """Households with a standing interest collection in the three months up to `as_of`."""
    since = add_months(as_of, -3)
    skip = _reversed(book, since)
    loans = {m.id: m.household_id for m in book.db.scalars(select(LoanModel))}
    out = set()
    for op_id, payload in book.db.execute(select(OperationRow.op_id, OperationRow.payload).where(
            OperationRow.kind == "collection.record", OperationRow.outcome.in_(STANDING),
            OperationRow.business_date > since, OperationRow.business_date <= as_of)):
        p = from_json(payload)
        if op_id not in skip and int(p.get("interest") or 0) > 0 and p.get("loan_id") in loans:
            out.add(loans[p["loan_id"]])
    return out


def _savings(book: Book, as_of: dt.date) -> dict[str, int]:
    """Each group's savings balance at `as_of` (its members' accounts' movements)."""
    rows = book.db.execute(
        select(SavingsAccount.group_id, func.sum(SavingsMovement.amount))
        .join(SavingsMovement, SavingsMovement.account_id == SavingsAccount.id)
        .where(SavingsMovement.business_date <= as_of).group_by(SavingsAccount.group_id))
    return {g: int(total or 0) for g, total in rows if g}


def _savers(book: Book, as_of: dt.date) -> set[str]:
    """Households with a savings balance at `as_of`."""
    rows = book.db.execute(
        select(SavingsAccount.household_id, func.sum(SavingsMovement.amount))
        .join(SavingsMovement, SavingsMovement.account_id == SavingsAccount.id)
        .where(SavingsMovement.business_date <= as_of).group_by(SavingsAccount.household_id))
    return {h for h, total in rows if h and (total or 0) > 0}


def grades(book: Book, as_of: dt.date, point: str | None = None) -> dict:
    """BC0437: one row per group at `as_of` (đồng; the overdue ratio in %), with the score
    and the grade it gives under the office's setting beside the recorded grade."""
    figures = loan_figures(book, as_of, point)
    by_group: dict[str, list] = defaultdict(list)
    for r in figures:
        by_group[r.group_id].append(r)
    members: dict[str, int] = defaultdict(int)
    savers: dict[str, int] = defaultdict(int)
    saving = _savers(book, as_of)
    for household_id, group_id in book.db.execute(select(Household.id, Household.group_id)
                                                  .where(Household.alias_of.is_(None))):
        members[group_id] += 1
        savers[group_id] += household_id in saving
    paying, savings = _paying(book, as_of), _savings(book, as_of)
    rules = book.refs.rules_at(as_of)
    rows = []
    for g in _groups(book, point):
        loans = by_group.get(g.id, [])
        borrowers = {r.household_id for r in loans}
        outstanding = sum(r.outstanding for r in loans)
        overdue = sum(r.overdue for r in loans)
        points = group_score.score(group_score.GroupFigures(
            members.get(g.id, 0), len(borrowers), len(borrowers & paying), outstanding, overdue,
            savers.get(g.id, 0)), rules.group_score_weights)
        scored = group_score.grade(points, rules.group_grade_bands)
        rows.append({"code": g.code, "name": g.name, "point_code": g.point_code,
                     "leader": g.leader_name or "", "members": members.get(g.id, 0),
                     "savers": savers.get(g.id, 0), "borrowers": len(borrowers),
                     "paying_interest": len(borrowers & paying),
                     "not_paying_interest": len(borrowers - paying),
                     "outstanding": outstanding, "overdue": overdue,
                     "frozen": sum(r.frozen for r in loans),
                     "overdue_ratio_pct": pct(overdue, outstanding),
                     "savings": savings.get(g.id, 0), "grade": g.rating or "",
                     "grade_name": GRADES.get(g.rating or "", ""), "score": points,
                     "score_grade": scored, "score_grade_name": GRADES.get(scored, "")})
    book.end_read()
    keys = ("members", "borrowers", "paying_interest", "not_paying_interest", "outstanding",
            "overdue", "frozen", "savings")
    totals = {k: sum(r[k] for r in rows) for k in keys}
    totals["overdue_ratio_pct"] = pct(totals["overdue"], totals["outstanding"])
    count: dict[str, int] = defaultdict(int)
    for r in rows:
        count[r["grade"]] += 1
    by_score: dict[str, int] = defaultdict(int)
    for r in rows:
        by_score[r["score_grade"]] += 1
    return {"as_of": as_of.isoformat(), "point": point, "totals": totals,
            "by_grade": [{"grade": k, "grade_name": GRADES.get(k, ""), "groups": count[k],
                          "by_score": by_score.get(k, 0)}
                         for k in (*GRADES, "") if count.get(k) or by_score.get(k)],
            "score_weights": dict(rules.group_score_weights),
            "grade_bands": [{"from": lowest, "grade": name}
                            for lowest, name in rules.group_grade_bands],
            "groups": rows}


def _first_disbursed(book: Book) -> dict[str, dt.date]:
    out = {}
    for loan_id, state in book.db.execute(select(AccountSnapshot.account_id,
                                                 AccountSnapshot.state).where(
            AccountSnapshot.account_kind == "loan")):
        day = from_json(state).get("first_disbursed_on")
        if day:
            out[loan_id] = dt.date.fromisoformat(day)
    return out


def to_check(earlier: int, share: int = CHECK_SHARE) -> int:
    """How many of `earlier` loans make `share` % of them, rounded up."""
    return int((Decimal(earlier) * share / 100).to_integral_value(ROUND_CEILING))


def inspection(book: Book, as_of: dt.date, point: str | None = None, *,
               share: int = CHECK_SHARE, difficult_share: int = DIFFICULT_SHARE) -> dict:
    """Guidance 727's lists at `as_of`: new loans (first disbursed in the last 30 days), idle
    loans, and per group its new, idle and earlier loans and how many earlier ones to check
    (`share` %, `difficult_share` % at points marked as serving a difficult area)."""
    difficult = places.difficult_points(book)
    figures = loan_figures(book, as_of, point)
    first = _first_disbursed(book)
    idle_report = idle(book, as_of, point)
    idle_ids = {r["loan_id"] for r in idle_report["loans"]}
    since = as_of - dt.timedelta(days=NEW_DAYS)
    new_ids = {r.loan_id for r in figures
               if r.loan_id in first and since < first[r.loan_id] <= as_of}
    loans = {m.id: m for m in book.db.scalars(select(LoanModel).where(
        LoanModel.id.in_(sorted(new_ids))))} if new_ids else {}
    people = {p.id: p.full_name for p in book.db.scalars(select(Person).where(
        Person.id.in_([m.person_id for m in loans.values() if m.person_id])))} if loans else {}
    groups = _groups(book, point)
    names = {g.id: f"{g.code} {g.name}" for g in groups}
    new_rows = sorted(({"loan_id": r.loan_id, "point_code": r.point_code,
                        "group": names.get(r.group_id, ""),
                        "borrower": people.get(loans[r.loan_id].person_id or "", ""),
                        "contract_no": loans[r.loan_id].contract_no or "",
                        "disbursed_on": first[r.loan_id].isoformat(),
                        "outstanding": r.outstanding} for r in figures if r.loan_id in new_ids),
                      key=lambda r: (r["point_code"], r["group"], r["borrower"]))
    per: dict[str, dict[str, int]] = defaultdict(lambda: {"new": 0, "idle": 0, "earlier": 0})
    for r in figures:
        kind = "new" if r.loan_id in new_ids else "idle" if r.loan_id in idle_ids else "earlier"
        per[r.group_id][kind] += 1
    rows = []
    for g in groups:
        own = difficult_share if g.point_code in difficult else share
        rows.append({"code": g.code, "name": g.name, "point_code": g.point_code,
                     "leader": g.leader_name or "", **per[g.id], "share_pct": own,
                     "to_check": to_check(per[g.id]["earlier"], own)})
    book.end_read()
    return {"as_of": as_of.isoformat(), "point": point, "share_pct": share,
            "difficult_share_pct": difficult_share,
            "difficult_points": sorted(difficult & {g.point_code for g in groups}),
            "new_since": since.isoformat(),
            "totals": {"groups": len(rows), "new": len(new_rows),
                       "idle": idle_report["totals"]["loans"],
                       "earlier": sum(r["earlier"] for r in rows),
                       "to_check": sum(r["to_check"] for r in rows)},
            "new_loans": new_rows, "idle_loans": idle_report["loans"], "groups": rows}

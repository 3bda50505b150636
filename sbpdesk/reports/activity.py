"""Reports of what happened (issue 16): collections per session and the commune transaction
rate, fees and commissions due per union and group, and loans idle for three months or more
(Mẫu 14; guidance 727/HD-NHCS: the unions check every one of them).

All read the journal's standing operations (applied or in suspense, reversals dropped), so
they agree with the session reports and the accounts replayed from it.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from sqlalchemy import literal_column, select

from sbpdesk.db.models import AppUser, Group, Organisation, Person, Point
from sbpdesk.db.models import Loan as LoanModel
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.db.models import OperationAccount as OpAccount
from sbpdesk.db.models import Payable as PayableRow
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.canonical import from_json
from sbpdesk.reports.overdue import names, pct
from sbpdesk.reports.portfolio import loan_figures
from sbpdesk.services.context import Book

STANDING = ("applied", "suspense")
COLUMNS = ("interest", "principal", "savings", "from_savings")
FEE_KINDS = ("union_fee", "group_commission")
CHUNK = 500     # loan ids per IN list


def _reversed(book: Book, since: dt.date | None = None) -> set[str]:
    """Operations reversed by a reversal dated on or after `since` (all when None)."""
    q = select(OperationRow.op_id, OperationRow.payload).where(
        OperationRow.kind == domain_op.REVERSE, OperationRow.outcome.in_(STANDING))
    if since is not None:
        q = q.where(OperationRow.business_date >= since)
    reversals = {op_id: from_json(payload)["target_op_id"] for op_id, payload in book.db.execute(q)}
    return {t for t in reversals.values() if t not in reversals}


def _zero() -> dict[str, int]:
    return dict.fromkeys((*COLUMNS, "cash_in", "members"), 0)


def _add(acc: dict[str, int], p: dict) -> None:
    for c in COLUMNS:
        acc[c] += int(p.get(c) or 0)
    acc["cash_in"] += sum(int(p.get(c) or 0) for c in ("interest", "principal", "savings"))


def collections(book: Book, date_from: dt.date, date_to: dt.date,
                point: str | None = None) -> dict:
    """Collections per session, per point (at its sessions and at the office's counter) and
    the commune transaction rate: the cash taken at the points' sessions over all of it."""
    q = select(OperationRow.op_id, OperationRow.session_id, OperationRow.payload).where(
        OperationRow.kind == "collection.record", OperationRow.outcome.in_(STANDING),
        OperationRow.business_date >= date_from, OperationRow.business_date <= date_to)
    skip = _reversed(book, date_from)
    sessions: dict[str, dict] = {}
    members: dict[str, set] = defaultdict(set)
    points: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: {"sessions": _zero(), "office": _zero()})
    for op_id, session_id, payload in book.db.execute(q):
        p = from_json(payload)
        code = p.get("point_code") or ""
        if op_id in skip or (point and code != point):
            continue
        where = "sessions" if session_id else "office"
        _add(points[code][where], p)
        if session_id:
            acc = sessions.setdefault(session_id, _zero())
            _add(acc, p)
            members[session_id].add(p.get("person_id"))
    rows = {s.id: s for s in book.db.scalars(select(SessionRow).where(
        SessionRow.id.in_(list(sessions))))} if sessions else {}
    point_names = {p.code: p.name for p in book.db.scalars(select(Point))}
    tellers = {u.username: u.full_name for u in book.db.scalars(select(AppUser))}
    per_session = []
    for sid, acc in sessions.items():
        s = rows.get(sid)
        acc["members"] = len(members[sid])
        per_session.append({"session_id": sid, "point_code": s.point_code if s else "",
                            "date": s.business_date.isoformat() if s else "",
                            "teller": tellers.get(s.teller, s.teller) if s else "", **acc})
    per_session.sort(key=lambda r: (r["date"], r["point_code"]))
    per_point = []
    for code, acc in sorted(points.items()):
        at_point, at_office = acc["sessions"]["cash_in"], acc["office"]["cash_in"]
        per_point.append({"code": code, "name": point_names.get(code, code),
                          "sessions": sum(1 for r in per_session if r["point_code"] == code),
                          "at_sessions": at_point, "at_office": at_office,
                          "transaction_rate_pct": pct(at_point, at_point + at_office),
                          **{c: acc["sessions"][c] + acc["office"][c] for c in COLUMNS}})
    at_point = sum(r["at_sessions"] for r in per_point)
    at_office = sum(r["at_office"] for r in per_point)
    book.end_read()
    return {"from": date_from.isoformat(), "to": date_to.isoformat(), "point": point,
            "totals": {"sessions": len(per_session), "at_sessions": at_point,
                       "at_office": at_office,
                       "transaction_rate_pct": pct(at_point, at_point + at_office),
                       **{c: sum(r[c] for r in per_point) for c in COLUMNS}},
            "by_point": per_point, "by_session": per_session}


def _paid(book: Book, as_of: dt.date) -> dict[str, int]:
    """Each payable's standing fee.pay cash dated up to `as_of`."""
    skip = _reversed(book)
    out: dict[str, int] = defaultdict(int)
    for op_id, payload in book.db.execute(select(OperationRow.op_id, OperationRow.payload).where(
            OperationRow.kind == "fee.pay", OperationRow.outcome.in_(STANDING),
            OperationRow.business_date <= as_of)):
        if op_id not in skip:
            p = from_json(payload)
            out[p["payable_id"]] += int(p.get("amount") or 0)
    return out


def fees(book: Book, as_of: dt.date, point: str | None = None) -> dict:
    """Fees to the unions and commissions to the groups issued for periods up to `as_of`'s
    month: issued, paid by `as_of` and still due, per union and per group."""
    period = f"{as_of.year:04d}-{as_of.month:02d}"
    q = select(PayableRow).where(PayableRow.kind.in_(FEE_KINDS), PayableRow.period <= period)
    if point:
        q = q.where(PayableRow.point_code == point)
    paid = _paid(book, as_of)
    orgs = {o.code: o.name for o in book.db.scalars(select(Organisation))}
    groups = {g.id: (g.code, g.name) for g in book.db.scalars(select(Group))}
    acc: dict[tuple[str, str], dict] = {}
    for p in book.db.scalars(q):
        key = (p.payee_kind, p.payee_id)
        code, label = ((p.payee_id, orgs.get(p.payee_id, p.payee_id))
                       if p.payee_kind == "organisation"
                       else groups.get(p.payee_id, (p.payee_id, p.payee_id)))
        row = acc.setdefault(key, {"code": code, "name": label,
                                   "point_code": p.point_code, "issued": 0, "paid": 0})
        row["issued"] += p.amount
        row["paid"] += min(paid.get(p.id, 0), p.amount)
    for row in acc.values():
        row["due"] = row["issued"] - row["paid"]
    book.end_read()
    pick = (lambda kind: sorted((r for (k, _), r in acc.items() if k == kind),
                                key=lambda r: (r["point_code"], r["code"])))
    unions, groups_ = pick("organisation"), pick("group")
    total = {f: sum(r[f] for r in (*unions, *groups_)) for f in ("issued", "paid", "due")}
    return {"as_of": as_of.isoformat(), "point": point, "totals": total,
            "by_organisation": unions, "by_group": groups_}


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's last day."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _activity(book: Book, where: list, sqlite_hint: bool = False):
    """(loan, op, date) of the standing disbursements and collections matching `where`.
    `sqlite_hint` for a date window: unary + keeps SQLite's planner off the kind and
    account-kind indexes, so that it walks the window's operations by date instead of every
    loan entry's operation by id (issue 16: 3,9 s of the idle report's 4,6 s)."""
    plus = sqlite_hint and book.db.get_bind().dialect.name == "sqlite"
    kind = literal_column("+operation.kind") if plus else OperationRow.kind
    account = literal_column("+operation_account.account_kind") if plus else OpAccount.account_kind
    return book.db.execute(
        select(OpAccount.account_id, OperationRow.op_id, OperationRow.business_date)
        .join(OperationRow, OperationRow.op_id == OpAccount.op_id)
        .where(account == "loan", kind.in_(("collection.record", "loan.disburse")),
               OperationRow.outcome.in_(STANDING), *where))


def _last_activity(book: Book, as_of: dt.date, cutoff: dt.date,
                   loan_ids: list[str]) -> dict[str, dt.date | None]:
    """The last standing disbursement or collection dated up to `as_of` of each of
    `loan_ids` that has had none since `cutoff` (reversed ones dropped); loans active since
    are left out. Only the window is read for all loans; the full history only for the few
    left, so the report no longer reads every loan's journal."""
    skip = _reversed(book)
    active = {loan_id for loan_id, op_id, _ in _activity(
        book, [OperationRow.business_date > cutoff, OperationRow.business_date <= as_of],
        sqlite_hint=True) if op_id not in skip}
    rest = [i for i in loan_ids if i not in active]
    out: dict[str, dt.date | None] = dict.fromkeys(rest)
    for k in range(0, len(rest), CHUNK):
        for loan_id, op_id, day in _activity(book, [OpAccount.account_id.in_(rest[k:k + CHUNK]),
                                                    OperationRow.business_date <= as_of]):
            if op_id not in skip and (out[loan_id] is None or day > out[loan_id]):
                out[loan_id] = day
    return out


def idle(book: Book, as_of: dt.date, point: str | None = None, *, months: int = 3) -> dict:
    """Loans with something outstanding and no collection or disbursement for `months`
    months or more at `as_of`."""
    cutoff = add_months(as_of, -months)
    rows = loan_figures(book, as_of, point)
    last = _last_activity(book, as_of, cutoff, [r.loan_id for r in rows])
    idle_rows = [r for r in rows if r.loan_id in last]
    ids = [r.loan_id for r in idle_rows]
    loans = {m.id: m for k in range(0, len(ids), 500) for m in book.db.scalars(
        select(LoanModel).where(LoanModel.id.in_(ids[k:k + 500])))}
    people = {p.id: p.full_name for p in book.db.scalars(select(Person).where(
        Person.id.in_([m.person_id for m in loans.values() if m.person_id])))}
    labels = names(book)
    out = []
    for r in idle_rows:
        m = loans.get(r.loan_id)
        day = last.get(r.loan_id)
        out.append({"loan_id": r.loan_id, "contract_no": (m.contract_no if m else "") or "",
                    "borrower": people.get(m.person_id if m else "", ""),
                    "point_code": r.point_code, "group": labels["group_id"].get(r.group_id, ""),
                    "programme": labels["programme_code"].get(r.programme_code, ""),
                    "outstanding": r.outstanding, "overdue": r.overdue,
                    "last_activity": day.isoformat() if day else None,
                    "days_idle": (as_of - day).days if day else None})
    out.sort(key=lambda r: (r["point_code"], r["group"], r["borrower"]))
    by_point: dict[str, dict] = {}
    for r in out:
        acc = by_point.setdefault(r["point_code"], {
            "code": r["point_code"], "name": labels["point_code"].get(r["point_code"], ""),
            "loans": 0, "outstanding": 0})
        acc["loans"] += 1
        acc["outstanding"] += r["outstanding"]
    book.end_read()
    return {"as_of": as_of.isoformat(), "point": point, "months": months,
            "cutoff": cutoff.isoformat(),
            "totals": {"loans": len(out), "outstanding": sum(r["outstanding"] for r in out),
                       "share_of_loans_pct": pct(len(out), len(rows))},
            "by_point": [by_point[k] for k in sorted(by_point)], "loans": out}

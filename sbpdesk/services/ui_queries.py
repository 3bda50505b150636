"""Read-only queries the GUI needs and the subject services do not offer: the home view's
summary, the session date to suggest, a session's postings, the first group/borrower/loan
for screenshots, and the reference data shown in Settings.

Like every service: `(book, …) -> frozen dataclass`, reading only, never committing.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from sbpdesk.db.models import AccountSnapshot, Payable, Point
from sbpdesk.db.models import Loan as LoanModel
from sbpdesk.db.models import Session as SessionModel
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.loan import LoanState
from sbpdesk.services.context import Book
from sbpdesk.services.receipts import device_name
from sbpdesk.services.reference import PointRow, get_point, list_points
from sbpdesk.services.sessions import SessionRow, current_session, get_session

LIVE = ("active", "frozen")


# --- where the laptop works ------------------------------------------------------------------

def laptop_points(book: Book) -> tuple[PointRow, ...]:
    """The points whose session lease this laptop holds (all points when it holds none)."""
    points = list_points(book)
    mine = [p for p in points if book.device_id and p.lease_device_id == book.device_id]
    book.end_read()
    return tuple(mine or points)


def suggest_session_date(book: Book, point_code: str) -> dt.date:
    """The latest held session day not after today and not before the last closed session;
    today when the calendar holds none in the last month."""
    point = book.db.get(Point, point_code)
    today = book.today()
    if point is None or not point.session_day:
        return today
    calendar = book.refs.calendar(point.code, point.session_day)
    last_closed = book.db.scalar(select(SessionModel.business_date).where(
        SessionModel.point_code == point_code, SessionModel.status == "closed")
        .order_by(SessionModel.business_date.desc()).limit(1))
    book.end_read()
    for back in range(0, 32):
        day = today - dt.timedelta(days=back)
        if last_closed is not None and day < last_closed:
            break
        if calendar.is_held(day):
            return day
    return today


def next_session_date(book: Book, point_code: str) -> dt.date | None:
    point = book.db.get(Point, point_code)
    if point is None or not point.session_day:
        return None
    today = book.today()
    calendar = book.refs.calendar(point.code, point.session_day)
    return today if calendar.is_held(today) else calendar.next_session(today)


# --- home ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HomeSummary:
    point: PointRow
    today: dt.date
    session: SessionRow | None
    next_session: dt.date | None
    last_closed: dt.date | None
    due_on: dt.date                   # the date the figures below are computed for
    live_loans: int
    interest_due: int                 # interest due at due_on (Dues.interest_due)
    instalments_due: int              # instalments falling due by due_on (count)
    principal_due: int                # their unpaid principal, overdue included
    principal_overdue: int
    overdue_loans: int
    awaiting_disbursement: int        # approved loans not yet disbursed
    awaiting_amount: int
    payables: int                     # payables to pay out at the point
    payables_amount: int
    device_id: str | None
    demo: bool
    device_name: str = ""             # this laptop's name given at enrolment (issue 14)


def home_summary(book: Book, point_code: str) -> HomeSummary:
    """Start-up loads this (issue 7): columns and SQL sums rather than ORM rows; only the
    loans' dues need their states folded forward, one by one."""
    point_row = get_point(book, point_code)
    if point_row is None:
        raise DomainError("unknown_point", "Không có điểm giao dịch này.", "Unknown point.")
    session = current_session(book, point_code)
    next_day = next_session_date(book, point_code)
    due_on = session.business_date if session else (next_day or book.today())
    # where the next (or open) session is held: a moved place counts from its date (0157)
    place = book.refs.calendar(point_code, point_row.session_day or None).place_on(due_on)
    if place:
        point_row = dataclasses.replace(point_row, place=place)
    last_closed = book.db.scalar(select(SessionModel.business_date).where(
        SessionModel.point_code == point_code, SessionModel.status == "closed")
        .order_by(SessionModel.business_date.desc()).limit(1))
    states = book.db.scalars(select(AccountSnapshot.state).where(
        AccountSnapshot.account_kind == "loan", AccountSnapshot.status.in_(LIVE),
        AccountSnapshot.point_code == point_code)).all()
    refs = book.refs
    interest = principal = overdue = instalments = overdue_loans = 0
    for raw in states:
        state = LoanState.from_dict(from_json(raw))
        d = domain_loan.dues(state, due_on, refs)
        interest += d.interest_due
        principal += d.principal_due
        overdue += d.principal_overdue
        overdue_loans += 1 if d.principal_overdue else 0
        instalments += sum(1 for i in state.instalments
                           if i.unpaid > 0 and i.due_date <= due_on)
    approved, approved_amount = book.db.execute(select(
        func.count(), func.coalesce(func.sum(LoanModel.approved_amount - LoanModel.disbursed),
                                    0)).where(LoanModel.point_code == point_code,
                                              LoanModel.status == "approved")).one()
    payables, payables_amount = book.db.execute(select(
        func.count(), func.coalesce(func.sum(Payable.amount - Payable.paid), 0)).where(
        Payable.point_code == point_code, Payable.status == "issued")).one()
    result = HomeSummary(
        point_row, book.today(), session, next_day, last_closed, due_on, len(states), interest,
        instalments, principal, overdue, overdue_loans, approved, approved_amount, payables,
        payables_amount, book.device_id, book.demo, device_name(book, book.device_id))
    book.end_read()
    return result


# --- sessions ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SessionOp:
    op_id: str
    kind: str
    summary: str
    cash: int                 # signed cash into the box
    actor: str
    approved_by: str | None
    receipt_no: str | None
    reversed: bool
    actor_name: str = ""          # full names, for the screen (issue 14)
    approver_name: str = ""


def session_operations(book: Book, session_id: str) -> tuple[SessionOp, ...]:
    """The session's operations in journal order, reversed ones marked."""
    ops, _ = _session_ops(book, session_id)
    book.end_read()
    return ops


def _session_ops(book: Book, session_id: str) -> tuple[tuple[SessionOp, ...], int]:
    """The session's operations, and the signed cash of those its expected cash counts
    (`sessions.expected_cash`: applied or in suspense, not reversed), from one read of its
    rows (the reports page read them three times: ≈ 1 s under load, issue 14)."""
    from sbpdesk.db.models import Operation as OperationRow
    from sbpdesk.db.models import Receipt
    from sbpdesk.domain import operation as domain_op
    from sbpdesk.services import journal, posting
    from sbpdesk.services.loans import _summary, full_names
    rows = book.db.scalars(select(OperationRow).where(OperationRow.session_id == session_id)
                           .order_by(OperationRow.seq)).all()
    ops = [journal.to_entry(r).operation() for r in rows]
    skip = domain_op.reversed_targets(ops)
    receipts = {op_id: number for op_id, number in book.db.execute(
        select(Receipt.op_id, Receipt.receipt_no).where(
            Receipt.op_id.in_([o.op_id for o in ops])))} if ops else {}
    names = full_names(book)
    out = tuple(SessionOp(o.op_id, o.kind, _summary(o.kind, o.payload),
                          posting.cash_amount(o.kind, o.payload), o.actor, o.approved_by,
                          receipts.get(o.op_id), o.op_id in skip, names.get(o.actor, o.actor),
                          names.get(o.approved_by or "", o.approved_by or "")) for o in ops)
    counted = [o for r, o in zip(rows, ops, strict=True)
               if r.outcome in ("applied", "suspense")]
    not_counted = domain_op.reversed_targets(counted)
    cash = sum(posting.cash_amount(o.kind, o.payload) for o in counted
               if o.op_id not in not_counted and o.kind != domain_op.REVERSE)
    return out, cash


@dataclass(frozen=True)
class SessionTotals:
    session: SessionRow
    expected_cash: int
    cash_in: int
    cash_out: int
    differences: int
    operations: int
    reversed: int


def session_totals(book: Book, session_id: str) -> SessionTotals:
    return session_view(book, session_id)[0]


def session_view(book: Book, session_id: str) -> tuple[SessionTotals, tuple[SessionOp, ...]]:
    """The session's totals and its operations (the reports page's first tab)."""
    from sbpdesk.domain import operation as domain_op
    session = get_session(book, session_id)
    if session is None:
        raise DomainError("no_open_session", "Không tìm thấy phiên giao dịch.",
                          "Session not found.")
    ops, cash = _session_ops(book, session_id)
    live = [o for o in ops if not o.reversed and o.kind != domain_op.REVERSE]
    cash_in = sum(o.cash for o in live if o.cash > 0 and o.kind != "session.cash_difference")
    cash_out = -sum(o.cash for o in live if o.cash < 0 and o.kind != "session.cash_difference")
    diff = sum(o.cash for o in live if o.kind == "session.cash_difference")
    result = SessionTotals(session, session.opening_cash + cash, cash_in, cash_out, diff,
                           len(ops), sum(1 for o in ops if o.reversed))
    book.end_read()
    return result, ops


# --- examples for screenshots ------------------------------------------------------------------

@dataclass(frozen=True)
class Examples:
    group_id: str | None
    person_id: str | None
    household_id: str | None
    loan_id: str | None


def first_examples(book: Book, point_code: str) -> Examples:
    """The point's first group, its first borrower (sheet order) whose loan is being repaid
    and that loan (an approved loan awaiting its disbursement only when the point has no
    other: the loan page's examples repay it)."""
    from sbpdesk.services.collections import group_sheet
    from sbpdesk.services.groups import list_groups
    waiting = None
    for group in list_groups(book, point_code):
        sheet = group_sheet(book, group.id, book.today())
        for line in sheet.lines:
            if line.loan_id:
                found = Examples(group.id, line.person_id, line.household_id, line.loan_id)
                if line.status == "active":
                    book.end_read()
                    return found
                waiting = waiting or found
    book.end_read()
    return waiting or Examples(None, None, None, None)


def find_loan(book: Book, text: str) -> str | None:
    """A loan id from its id or contract number."""
    text = (text or "").strip()
    if not text:
        return None
    row = book.db.get(LoanModel, text) or book.db.scalars(
        select(LoanModel).where(LoanModel.contract_no == text)).first()
    book.end_read()
    return row.id if row is not None else None


# --- reference data (Settings) ------------------------------------------------------------------

@dataclass(frozen=True)
class ProgrammeLine:
    code: str
    name: str
    annual_rate: str | None
    max_amount: int | None
    max_term_months: int | None


@dataclass(frozen=True)
class ReferenceSummary:
    on: dt.date
    programmes: tuple[ProgrammeLine, ...]
    rules_version: str
    rules_from: dt.date
    rules: tuple[tuple[str, str], ...]     # (name, value as text)
    device: str = ""                       # this laptop's name given at enrolment ("" none)


def reference_summary(book: Book, on: dt.date | None = None) -> ReferenceSummary:
    on = on or book.today()
    refs = book.refs
    lines = []
    for code, prog in sorted(refs.programmes.items()):
        rate = refs.rates.rate_on(code, on)
        lines.append(ProgrammeLine(code, prog.name_vi,
                                   format(rate.normalize(), "f").replace(".", ",")
                                   if rate is not None else None,
                                   getattr(prog, "max_amount", None),
                                   getattr(prog, "max_term_months", None)))
    rules = refs.rules_at(on)
    values = []
    for name, value in vars(rules).items():
        if name in ("version", "effective_from"):
            continue
        values.append((name, str(value)))
    from sbpdesk.services.receipts import laptops
    laptop = laptops(book).get(book.device_id or "")
    book.end_read()
    return ReferenceSummary(on, tuple(lines), rules.version, rules.effective_from,
                            tuple(values), laptop.name if laptop is not None else "")

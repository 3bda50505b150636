"""Sổ vay vốn: a household's loan book page, every movement of each loan's principal."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from sbpdesk.db.models import Authorisation as AuthorisationRow
from sbpdesk.db.models import (
    Group,
    Loan,
)
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.loan import LoanState
from sbpdesk.services.context import Book

from .common import (
    account_ops,
    contract_ref,
    find_household,
    group_label,
    household_no,
    issuer,
    mark,
    programme_name,
    rate_since,
    rate_text,
    representative,
)
from .data_tables import (
    LoanBookLoan,
    LoanBookPage,
    LoanMovement,
)

_MOVEMENT = {"loan.disburse": "Giải ngân", "collection.record": "Thu nợ gốc",
             "loan.freeze": "Khoanh nợ", "loan.unfreeze": "Hết thời gian khoanh nợ",
             "loan.write_off": "Xóa nợ", "loan.extend": "Gia hạn nợ",
             "loan.adjust": "Điều chỉnh kỳ hạn trả nợ",
             "loan.transfer_overdue": "Chuyển nợ quá hạn",
             "suspense.resolve": "Xử lý tiền treo"}


def loanbook(book: Book, household_id: str) -> LoanBookPage:
    """Sổ vay vốn page of a household: each loan and every movement of its principal."""
    h = find_household(book, household_id)
    rep = representative(book, h.id)
    loans = book.db.scalars(select(Loan).where(Loan.household_id == h.id)).all()
    on = book.today()
    out = [page for loan in sorted(loans, key=lambda r: (r.contract_no or "", r.id))
           if (page := _loan(book, loan, on)) is not None]
    group = book.db.get(Group, h.group_id or "")
    signed = book.db.scalars(select(AuthorisationRow.signed_on).where(
        AuthorisationRow.household_id == h.id)
        .order_by(AuthorisationRow.signed_on.desc())).first()
    return LoanBookPage(issuer(book, h.point_code, on), household_no(h),
                        rep.full_name if rep else "", h.address or "", tuple(out),
                        on, group_name=group_label(group),
                        authorisation_date=signed, mark=mark(book))


def _loan(book: Book, loan: Loan, on: dt.date) -> LoanBookLoan | None:
    """The loan replayed operation by operation, a line for each that moved principal."""
    state: LoanState | None = None
    movements = []
    for op in domain_op.effective(account_ops(book, "loan", loan.id)):
        prev, state = state, domain_loan.apply(state, op, book.refs)
        if state is not None and (line := _movement(op, prev, state)) is not None:
            movements.append(line)
    if state is None:
        return None
    # The rate charged on the page's date (rates change on existing balances: QĐ 2553 from
    # 01/12/2025), and the disbursement's when it differs.
    code = loan.programme_code
    start = state.first_disbursed_on or state.approved_on
    now, then = rate_text(book, code, on), rate_text(book, code, start)
    return LoanBookLoan(
        programme_name(book, code), contract_ref(loan.id, loan.contract_no),
        state.approved_amount, now or then, state.term_months, state.first_disbursed_on,
        state.final_date, tuple(movements),
        rate_since=rate_since(book.refs, code, on) if now and now != then else None,
        disbursed_rate=then if now and now != then else "")


def _buckets(state: LoanState | None) -> tuple[int, int, int]:
    if state is None:
        return 0, 0, 0
    return state.principal_in_term, state.principal_overdue, state.principal_frozen


def _movement(op: domain_op.Operation, prev: LoanState | None,
              state: LoanState) -> LoanMovement | None:
    before_out = prev.outstanding if prev is not None else 0
    after = _buckets(state)
    disbursed = int(op.payload.get("amount") or 0) if op.kind == "loan.disburse" else 0
    repaid = max(before_out - state.outstanding, 0) if op.kind != "loan.write_off" else 0
    if not disbursed and not repaid and after == _buckets(prev):
        return None
    return LoanMovement(op.business_date, _description(op), disbursed, repaid,
                        state.outstanding, *after)


def _description(op: domain_op.Operation) -> str:
    p = op.payload
    if op.kind == "loan.disburse":
        return f"Giải ngân lần {p.get('tranche') or 1}"
    if op.kind == "collection.record" and int(p.get("from_savings") or 0) \
            and not int(p.get("principal") or 0):
        return "Thu nợ gốc từ tiền gửi"
    return _MOVEMENT.get(op.kind, op.kind)

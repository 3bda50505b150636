"""What the office does about a difference with the core system (docs/core-bridge.md):
accept the core's figure for a loan (`loan.core_adjust`: the loan's figures set to the
core's on the file's data date, with a reason, approved by the director — a second person)
or mark the difference explained (`core.explain`: a reason kept in the journal; the
reconciliation shows it as explained while the same figures differ). Nothing is changed
silently: both are operations, audited and reversible like any other.

A payment the core recorded outside our sessions (the bank's app, a transfer, the member's
TK 105; a daily Mẫu 10) is `loan.paid_elsewhere`: folded like a collection on its day, with
no cash in any session, so the next session's sheet no longer asks for it; the core's
voucher number (`reference`) is recorded once per loan. Its savings counterpart, a deposit to
the member's TK 105 the core recorded, is `savings.paid_elsewhere` (decision 0260): folded as
a deposit on its day, once per voucher and account, and shown on the sheet of that month."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from sbpdesk.db.models import Household, SavingsAccount
from sbpdesk.db.models import Loan as LoanModel
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.core_adjust import FIGURES
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import posting
from sbpdesk.services.auth import Approval
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import account_entries
from sbpdesk.services.loans import apply_and_project, load_state
from sbpdesk.services.posting import Command, applier, decider, replace
from sbpdesk.services.reversals import is_reversed
from sbpdesk.services.savings import load as load_savings

EXPLAIN_FIELDS = ("source_kind", "level", "key", "figure")


@dataclass(frozen=True)
class Difference:
    """One difference as the reconciliation lists it: the core's file kind, the level
    (loan, customer, commune …), its key, the figure and both sides (None: absent)."""
    source_kind: str
    level: str
    key: str
    figure: str
    core: int | None
    book: int | None

    def ident(self) -> tuple[Any, ...]:
        return (self.source_kind, self.level, self.key, self.figure, self.core, self.book)


def _reason(p: dict[str, Any]) -> str:
    reason = (p.get("reason") or "").strip() if isinstance(p.get("reason"), str) else ""
    if not reason:
        raise DomainError("reason_required", "Cần ghi lý do.", "A reason is required.",
                          field="reason")
    return reason


def _amount(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DomainError("amount_required", f"{name}: số tiền phải là số nguyên không âm "
                          "(đồng).", f"{name}: the amount must be a whole, non-negative number "
                          "of đồng.", field=name)
    return value


@decider("loan.core_adjust")
def _decide_adjust(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    state = load_state(book, p.get("loan_id"))
    if state.status not in ("active", "frozen"):
        raise DomainError("loan_not_active", "Khoản vay không còn dư nợ để điều chỉnh.",
                          "The loan has no balance to adjust.", field="loan_id")
    figures = p.get("figures")
    if not isinstance(figures, dict) or not figures or not set(figures) <= set(FIGURES):
        raise DomainError("bad_figures", "Chỉ tiêu điều chỉnh không hợp lệ.",
                          "The figures to adjust are not valid.", field="figures")
    seen = p.get("book") if isinstance(p.get("book"), dict) else {}
    return replace(cmd, payload={
        "loan_id": state.loan_id, "contract_no": state.contract_no,
        "figures": {k: _amount(v, k) for k, v in sorted(figures.items())},
        "book": {k: _amount(seen[k], k) for k in sorted(figures) if k in seen},
        "reason": _reason(p), "source": str(p.get("source") or "")})


@decider("core.explain")
def _decide_explain(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    out: dict[str, Any] = {}
    for name in EXPLAIN_FIELDS:
        if not isinstance(p.get(name), str) or not p[name]:
            raise DomainError("missing_field", f"Thiếu {name}.", f"{name} is missing.",
                              field=name)
        out[name] = p[name]
    for name in ("core", "book"):
        out[name] = None if p.get(name) is None else _amount_signed(p[name], name)
    return replace(cmd, payload=out | {"reason": _reason(p)})


def _amount_signed(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise DomainError("amount_required", f"{name}: phải là số nguyên.",
                          f"{name}: must be a whole number.", field=name)
    return value


@decider("loan.paid_elsewhere")
def _decide_elsewhere(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    state = load_state(book, p.get("loan_id"))
    if state.status not in ("active", "frozen"):
        raise DomainError("loan_not_active", "Khoản vay không còn dư nợ.",
                          "The loan has no outstanding balance.", field="loan_id")
    interest, principal = _amount(p.get("interest", 0), "interest"), \
        _amount(p.get("principal", 0), "principal")
    if not interest + principal:
        raise DomainError("amount_required", "Không có số tiền trả.", "Nothing was paid.",
                          field="principal")
    reference = _reference(p, paid_elsewhere_references(book, state.loan_id), "khế ước",
                           "loan")
    return replace(cmd, payload={
        "loan_id": state.loan_id, "interest": interest, "principal": principal,
        "channel": str(p.get("channel") or ""), "reference": reference})


def _reference(p: dict[str, Any], recorded: set[str], vi: str, en: str) -> str:
    """The core's voucher number, not yet recorded for the account."""
    reference = p.get("reference")
    if not isinstance(reference, str) or not reference.strip():
        raise DomainError("missing_field", "Thiếu số chứng từ của ngân hàng.",
                          "The bank's voucher number is missing.", field="reference")
    if reference.strip() in recorded:
        raise DomainError("already_recorded", f"Chứng từ {reference} đã được ghi cho {vi} "
                          "này.", f"Voucher {reference} is already recorded for this {en}.",
                          field="reference")
    return reference.strip()


@decider("savings.paid_elsewhere")
def _decide_deposit_elsewhere(book: Book, cmd: Command) -> Command:
    """A deposit the core took (the bank's app, a transfer): cash is a fact there, so no
    minimum applies; only a whole, positive amount and a voucher not yet recorded."""
    p = cmd.payload
    state = load_savings(book, p.get("savings_account_id"))
    if state is None:
        raise DomainError("unknown_savings", "Không tìm thấy tài khoản tiết kiệm.",
                          "Savings account not found.", field="savings_account_id")
    amount = _amount(p.get("amount"), "amount")
    if not amount:
        raise DomainError("amount_required", "Không có số tiền gửi.", "Nothing was deposited.",
                          field="amount")
    reference = _reference(p, deposit_elsewhere_references(book, state.account_id),
                           "tài khoản tiết kiệm", "savings account")
    return replace(cmd, payload={
        "savings_account_id": state.account_id, "amount": amount,
        "channel": str(p.get("channel") or ""), "reference": reference})


for _kind in ("loan.core_adjust", "loan.paid_elsewhere", "savings.paid_elsewhere"):
    applier(_kind)(apply_and_project)


@applier("core.explain")
def _apply_explain(book: Book, entry: Any) -> None:
    return None     # a note in the journal: the reconciliation reads it (explanations)


# --- write verbs ----------------------------------------------------------------------------

def accept_core_figures(book: Book, loan_id: str, figures: dict[str, int], *, reason: str,
                        business_date: dt.date, approved_by: Approval | None,
                        seen: dict[str, int] | None = None, source: str = "") -> Written:
    """Set the loan's `figures` to the core's on `business_date` (the file's data date);
    `seen` are the book's figures the office saw, `source` the file and rows."""
    return written(posting.post(book, "loan.core_adjust", {
        "loan_id": loan_id, "figures": figures, "book": seen or {}, "reason": reason,
        "source": source}, business_date=business_date, approved_by=approved_by))


def explain_difference(book: Book, difference: Difference, *, reason: str,
                       business_date: dt.date) -> Written:
    """Mark a difference explained on the file's data date (nothing else changes)."""
    d = difference
    return written(posting.post(book, "core.explain", {
        "source_kind": d.source_kind, "level": d.level, "key": d.key, "figure": d.figure,
        "core": d.core, "book": d.book, "reason": reason}, business_date=business_date))


def record_paid_elsewhere(book: Book, loan_id: str, *, interest: int, principal: int,
                          reference: str, channel: str = "", business_date: dt.date
                          ) -> Written:
    """A payment the core recorded on `business_date` outside our sessions."""
    return written(posting.post(book, "loan.paid_elsewhere", {
        "loan_id": loan_id, "interest": interest, "principal": principal,
        "reference": reference, "channel": channel}, business_date=business_date))


def record_deposit_elsewhere(book: Book, account_id: str, *, amount: int, reference: str,
                             channel: str = "", business_date: dt.date) -> Written:
    """A deposit to the savings account the core recorded on `business_date`, outside our
    sessions."""
    return written(posting.post(book, "savings.paid_elsewhere", {
        "savings_account_id": account_id, "amount": amount, "reference": reference,
        "channel": channel}, business_date=business_date))


# --- queries --------------------------------------------------------------------------------

def explanations(book: Book, as_of: dt.date) -> dict[tuple[Any, ...], str]:
    """{Difference.ident(): reason} of the differences explained on `as_of` (the newest
    explanation of a difference wins; reversed ones do not count)."""
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.kind == "core.explain", OperationRow.business_date == as_of)
        .order_by(OperationRow.recorded_at))
    out = {}
    for r in rows:
        if is_reversed(book, r.op_id):
            continue
        p = from_json(r.payload)
        out[Difference(p["source_kind"], p["level"], p["key"], p["figure"], p["core"],
                       p["book"]).ident()] = p["reason"]
    return out


def loan_id_of(book: Book, contract_no: str) -> str:
    """The loan whose contract number is the core's loan number."""
    loan_id = book.db.scalar(select(LoanModel.id).where(LoanModel.contract_no == contract_no))
    if loan_id is None:
        raise DomainError("unknown_loan", f"Không có khế ước {contract_no} trong sổ.",
                          f"No loan {contract_no} in the book.", field="loan_id")
    return loan_id


def paid_elsewhere_references(book: Book, loan_id: str) -> set[str]:
    """The core's voucher numbers already recorded as paid elsewhere for the loan (a
    reversed one may be recorded again)."""
    return _references(book, "loan", loan_id)


def deposit_elsewhere_references(book: Book, account_id: str) -> set[str]:
    """The core's voucher numbers already recorded as deposited elsewhere to the account."""
    return _references(book, "savings", account_id)


def _references(book: Book, account_kind: str, account_id: str) -> set[str]:
    kind = f"{account_kind}.paid_elsewhere"
    return {e.payload.get("reference") for e in account_entries(book.db, account_kind, account_id)
            if e.kind == kind and not is_reversed(book, e.op_id)}


def savings_account_id_of(book: Book, book_no: str | None, customer_code: str | None
                          ) -> str | None:
    """The savings account the core means: by its TK 105 number, else the only account of
    the household with the customer code (None: not found, or not one)."""
    if book_no:
        found = book.db.scalar(select(SavingsAccount.id).where(SavingsAccount.book_no == book_no))
        if found is not None:
            return found
    if not customer_code:
        return None
    ids = book.db.scalars(select(SavingsAccount.id).join(
        Household, Household.id == SavingsAccount.household_id).where(
        Household.customer_code == customer_code).limit(2)).all()
    return ids[0] if len(ids) == 1 else None


def has_loans(book: Book) -> bool:
    """Whether the book holds any loan (an office seeds from the core only when none)."""
    return book.db.scalar(select(LoanModel.id).limit(1)) is not None

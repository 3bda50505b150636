"""Receipts of cash paid out other than a disbursement (phiếu chi) — a savings withdrawal, a
payable paid (union fee, group commission, refund of an overpayment or of a retroactive
reduction) — and what a cancelled receipt says about its cancellation."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from sbpdesk.db.models import Group, Household, Payable, Person, SavingsAccount
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.db.models import Receipt as ReceiptRow
from sbpdesk.domain.dates import format_date
from sbpdesk.services import journal
from sbpdesk.services.context import VIETNAM, Book
from sbpdesk.services.journal import Entry

from .common import group_label, household_no, is_reversed, issuer, mark, replay, through, user_name
from .data import Cancellation, PaymentReceipt

PAYABLE_KINDS = ("union_fee", "group_commission", "refund")


def cancellation(book: Book, e: Entry) -> Cancellation | None:
    """Why, when and by whom `e` was reversed, and the receipt issued in its place: the
    next standing operation of the same kind on the same account in the same session."""
    from sbpdesk.services.reversals import reversals_of
    standing = [r for r in reversals_of(book, e.op_id) if not is_reversed(book, r.op_id)]
    if not standing:
        return None
    rev = standing[0]
    return Cancellation(rev.payload.get("reason") or "", _local_time(rev.recorded_at),
                        user_name(book, rev.actor), user_name(book, rev.approved_by),
                        _replacement(book, e))


def _local_time(recorded_at: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(recorded_at.replace("Z", "+00:00"))
    except ValueError:
        return recorded_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(VIETNAM)
    return f"{format_date(local.date())} {local:%H:%M}"


_ACCOUNT_KEYS = ("loan_id", "savings_account_id", "payable_id", "person_id")


def _replacement(book: Book, e: Entry) -> str:
    key = next((k for k in _ACCOUNT_KEYS if e.payload.get(k)), None)
    if key is None or not e.session_id:
        return ""
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.session_id == e.session_id, OperationRow.kind == e.kind,
        OperationRow.origin == e.origin, OperationRow.seq > e.seq)
        .order_by(OperationRow.seq)).all()
    for row in rows:
        later = journal.to_entry(row)
        if later.payload.get(key) == e.payload.get(key) and \
                not is_reversed(book, later.op_id):
            receipt = book.db.scalars(select(ReceiptRow.receipt_no).where(
                ReceiptRow.op_id == later.op_id)).first()
            return receipt or ""
    return ""


def payment_receipt(book: Book, number: str, e: Entry, cancelled: bool) -> PaymentReceipt:
    """The phiếu chi of a savings withdrawal or a payable paid."""
    p = e.payload
    if e.kind == "savings.withdraw":
        acc = book.db.get(SavingsAccount, p.get("savings_account_id") or "")
        person = book.db.get(Person, acc.person_id) if acc else None
        group = book.db.get(Group, acc.group_id or "") if acc else None
        after = None if cancelled else _balance_after(book, e)
        return _receipt(book, number, e, "savings", person, group,
                        acc.point_code if acc else None, balance_after=after,
                        cancelled=cancelled)
    payable = book.db.get(Payable, p.get("payable_id") or "")
    kind = payable.kind if payable is not None and payable.kind in PAYABLE_KINDS else "refund"
    person = book.db.get(Person, payable.payee_id) \
        if payable is not None and payable.payee_kind == "person" else None
    group = book.db.get(Group, payable.payee_id) \
        if payable is not None and payable.payee_kind == "group" else None
    receiver = p.get("receiver_name") or ""
    return _receipt(book, number, e, kind, person, group,
                    payable.point_code if payable else None, receiver=receiver,
                    period=payable.period if payable else "", cancelled=cancelled)


def _receipt(book: Book, number: str, e: Entry, kind: str, person: Person | None,
             group: Group | None, point_code: str | None, *, receiver: str = "",
             period: str = "", balance_after: int | None = None,
             cancelled: bool) -> PaymentReceipt:
    household = book.db.get(Household, person.household_id) if person else None
    name = receiver or (person.full_name if person else "") or \
        (group.leader_name or "" if group else "")
    return PaymentReceipt(
        issuer(book, point_code or (group.point_code if group else None), e.business_date),
        number,
        e.business_date, kind, name, int(e.payload.get("amount") or 0),
        customer_code=household_no(household),
        id_number=(person.id_number or "") if person else "",
        address=(household.address or "") if household else "",
        group_name=group_label(group), period=period, balance_after=balance_after,
        teller_name=user_name(book, e.actor), controller_name=user_name(book, e.approved_by),
        mark=mark(book, cancelled), cancellation=cancellation(book, e) if cancelled else None)


def _balance_after(book: Book, e: Entry) -> int | None:
    saved = replay(book, "savings", e.payload.get("savings_account_id"), through(e.operation()))
    return saved.balance if saved is not None else None

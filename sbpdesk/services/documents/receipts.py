"""Receipts: a member's collection, a disbursement, a group leader's hand-over.

A reversed operation's receipt comes back `cancelled` and states no balance: the payment did
not happen. Balances after the payment are the accounts replayed up to the operation."""
from __future__ import annotations

from sqlalchemy import select

from sbpdesk.db.models import (
    Group,
    Household,
    Loan,
    Person,
)
from sbpdesk.db.models import Receipt as ReceiptRow
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.loan import LoanState
from sbpdesk.services import journal
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry

from .common import (
    contract_ref,
    group_label,
    household_no,
    is_reversed,
    issuer,
    mark,
    not_found,
    organisation_name,
    programme_name,
    replay,
    through,
    user_name,
)
from .data import (
    CollectionReceipt,
    ContractRef,
    DisbursementReceipt,
    HandoverMember,
    HandoverReceipt,
    Receipt,
)
from .payouts import cancellation, payment_receipt


def find_receipt(book: Book, number: str) -> tuple[str, Entry]:
    """A receipt by its number, or by the op_id of a collection, disbursement or group
    hand-over (hand-overs move no cash of their own, so they have no receipt row)."""
    row = book.db.get(ReceiptRow, number) or book.db.scalars(
        select(ReceiptRow).where(ReceiptRow.op_id == number)).first()
    if row is not None:
        entry = journal.get(book.db, row.op_id)
        if entry is not None:
            return row.receipt_no, entry
    entry = journal.get(book.db, number)
    if entry is not None and entry.kind == "group.handover":
        group = book.db.get(Group, entry.payload.get("group_id") or "")
        point = group.point_code if group is not None else (book.office_code or "-")
        return f"{point}-{entry.origin}-{entry.seq}", entry
    raise not_found("biên lai", "Receipt", number)


def receipt(book: Book, number: str) -> Receipt:
    """The receipt of a collection, a disbursement or a group hand-over."""
    receipt_no, entry = find_receipt(book, number)
    cancelled = is_reversed(book, entry.op_id)
    if entry.kind == "collection.record":
        return _collection_receipt(book, receipt_no, entry, cancelled)
    if entry.kind == "loan.disburse":
        return _disbursement_receipt(book, receipt_no, entry, cancelled)
    if entry.kind == "group.handover":
        return _handover_receipt(book, receipt_no, entry, cancelled)
    if entry.kind in ("savings.withdraw", "fee.pay"):
        return payment_receipt(book, receipt_no, entry, cancelled)
    if entry.kind == "session.cash_difference":
        raise DomainError(
            "print_unsupported",
            f"Số {receipt_no} là tiền thừa/thiếu quỹ của phiên: không in biên lai, "
            "xem báo cáo phiên giao dịch.",
            f"Number {receipt_no} is the session's cash over/short: it has no receipt; see "
            "the session report.")
    raise DomainError("print_unsupported",   # texts name no internal kind (issue 14)
                      f"Chưa có mẫu biên lai cho số {receipt_no}.",
                      f"No receipt layout for number {receipt_no}.")


def _collection_receipt(book: Book, number: str, e: Entry,
                        cancelled: bool) -> CollectionReceipt:
    p = e.payload
    person = book.db.get(Person, p.get("person_id") or "")
    household = book.db.get(Household, person.household_id) if person else None
    group = book.db.get(Group, p.get("group_id") or (household.group_id if household else "")
                        or "")
    loan_id = p.get("loan_id")
    loan = book.db.get(Loan, loan_id) if loan_id else None
    outstanding, savings_balance = (None, None) if cancelled else _balances_after(book, e)
    point_code = p.get("point_code") or (household.point_code if household else None)
    return CollectionReceipt(
        issuer(book, point_code, e.business_date), number, e.business_date,
        person.full_name if person else "", interest=int(p.get("interest") or 0),
        principal=int(p.get("principal") or 0), savings=int(p.get("savings") or 0),
        from_savings=int(p.get("from_savings") or 0), bl_no=p.get("bl_no") or None,
        customer_code=household_no(household),
        address=(household.address or "") if household else "",
        group_name=group_label(group), leader_name=(group.leader_name or "") if group else "",
        programme_name=programme_name(book, loan.programme_code) if loan else "",
        contract=contract_ref(loan_id, loan.contract_no) if loan else ContractRef(),
        savings_balance=savings_balance, outstanding=outstanding,
        teller_name=user_name(book, e.actor), mark=mark(book, cancelled),
        cancellation=cancellation(book, e) if cancelled else None)


def _balances_after(book: Book, e: Entry) -> tuple[int | None, int | None]:
    """(loan outstanding, savings balance) just after the collection — never printed on a
    cancelled receipt: the payment did not happen."""
    p, op = e.payload, e.operation()
    loan = replay(book, "loan", p.get("loan_id"), through(op)) if p.get("loan_id") else None
    saved = replay(book, "savings", p.get("savings_account_id"), through(op)) \
        if p.get("savings_account_id") else None
    return (loan.outstanding if loan is not None else None,
            saved.balance if saved is not None else None)


def _disbursement_receipt(book: Book, number: str, e: Entry,
                          cancelled: bool) -> DisbursementReceipt:
    p = e.payload
    loan = book.db.get(Loan, p.get("loan_id") or "")
    state = replay(book, "loan", p.get("loan_id"), through(e.operation()))
    if loan is None and state is None:
        raise not_found("khoản vay của biên lai", "Loan of the receipt", number)
    facts = _loan_facts(loan, state)
    person = book.db.get(Person, facts["person_id"] or "")
    household = book.db.get(Household, person.household_id) if person else None
    group = book.db.get(Group, facts["group_id"] or "")
    return DisbursementReceipt(
        issuer(book, facts["point_code"], e.business_date), number, e.business_date,
        person.full_name if person else "", int(p.get("amount") or 0),
        programme_name=programme_name(book, facts["programme_code"]),
        contract=contract_ref(p["loan_id"], facts["contract_no"]),
        tranche=int(p.get("tranche") or 1),
        id_number=(person.id_number or "") if person else "",
        customer_code=household_no(household),
        address=(household.address or "") if household else "",
        group_name=group_label(group), purpose=(loan.purpose or "") if loan else "",
        teller_name=user_name(book, e.actor), controller_name=user_name(book, e.approved_by),
        mark=mark(book, cancelled), cancellation=cancellation(book, e) if cancelled else None)


_LOAN_FACTS = ("person_id", "group_id", "programme_code", "contract_no", "point_code")


def _loan_facts(loan: Loan | None, state: LoanState | None) -> dict[str, str | None]:
    """The loan row's identity fields, the replayed state's where the row has none (a loan
    the office has not projected yet)."""
    return {name: (getattr(loan, name, None) if loan is not None else None)
            or (getattr(state, name, None) if state is not None else None)
            for name in _LOAN_FACTS}


def _handover_receipt(book: Book, number: str, e: Entry,
                      cancelled: bool) -> HandoverReceipt:
    p = e.payload
    group = book.db.get(Group, p.get("group_id") or "")
    members = _handover_members(book, p.get("collections") or [])
    return HandoverReceipt(
        issuer(book, group.point_code if group else None, e.business_date), number,
        e.business_date,
        group_label(group), (group.leader_name or "") if group else "",
        interest=int(p.get("interest") or 0), savings=int(p.get("savings") or 0),
        counted=int(p.get("counted") or 0), members=tuple(members),
        organisation_name=organisation_name(book, group, e.business_date),
        teller_name=user_name(book, e.actor), mark=mark(book, cancelled),
        cancellation=cancellation(book, e) if cancelled else None)


def _handover_members(book: Book, op_ids: list[str]) -> tuple[HandoverMember, ...]:
    """One line per loan (a member's collections on one loan summed), with the member's
    customer code and the loan's number; a collection reversed since is its own line,
    marked, so the detail still adds up to what the leader handed over."""
    lines: dict[tuple, list[int]] = {}
    for op_id in op_ids:
        c = journal.get(book.db, op_id)
        if c is None:
            continue
        cp = c.payload
        key = (cp.get("person_id") or "", cp.get("loan_id") or "", is_reversed(book, op_id))
        line = lines.setdefault(key, [0, 0])
        line[0] += int(cp.get("interest") or 0)
        line[1] += int(cp.get("savings") or 0)
    members = []
    for (person_id, loan_id, cancelled), (interest, savings) in lines.items():
        person = book.db.get(Person, person_id)
        household = book.db.get(Household, person.household_id) if person else None
        loan = book.db.get(Loan, loan_id) if loan_id else None
        members.append(HandoverMember(
            person.full_name if person else "", interest, savings,
            customer_code=household_no(household),
            contract=contract_ref(loan_id, loan.contract_no if loan else None)
            if loan_id else ContractRef(), cancelled=cancelled))
    return tuple(members)

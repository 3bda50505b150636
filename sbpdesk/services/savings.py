"""Group members' savings (product 105): withdrawals, the office's interest credit, the
projection rows, and balances for the sheet.

Deposits and principal paid from savings arrive with `collection.record`; a savings account
is opened by its first deposit under an id the posting device chooses.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from sbpdesk.db import bulk
from sbpdesk.db.models import AccountSnapshot, Household, Person, SavingsAccount, SavingsMovement
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain import savings as domain_savings
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.savings import Movement, SavingsState
from sbpdesk.services import posting
from sbpdesk.services.context import Book
from sbpdesk.services.loans import apply_and_project
from sbpdesk.services.posting import AccountKind, Command, applier, decider, replace


def savings_dict(state: SavingsState) -> dict:
    d = state.to_dict()
    d["outstanding"] = state.balance   # the snapshot's figure column holds the balance
    return d


def savings_snapshot(state: SavingsState) -> tuple[bytes, dict[str, Any]]:
    """`state_json(savings_dict(state))` written directly (decision 0276), and the state's
    fields with "outstanding" for the snapshot's columns."""
    return (state.to_json(outstanding=state.balance),
            {**state.__dict__, "outstanding": state.balance})


posting.ACCOUNT_KINDS["savings"] = AccountKind(domain_savings.apply, domain_savings.replay,
                                               SavingsState.from_dict, savings_dict,
                                               step=domain_savings.step,
                                               snapshot_text=savings_snapshot)


def account_row(state: SavingsState, household_id: str | None,
                opened_on: dt.date | None = None, book_no: str | None = None) -> dict:
    """The `savings_account` row; `opened_on` defaults to the first movement the state still
    holds (all of them until interest is first credited), else its last date."""
    opened = opened_on or min((m.value_date for m in state.movements), default=state.last_date)
    return dict(id=state.account_id, person_id=state.person_id, household_id=household_id,
                group_id=state.group_id or None, point_code=state.point_code or None,
                book_no=book_no, balance=state.balance, opened_on=opened)


def _book_no(folded: posting.Folded) -> str | None:
    """The core's TK 105 number its `savings.open` gave (decision 0236): a row, not part of
    the account's state, so the snapshots of books seeded before stay what they were."""
    for op in domain_op.effective(folded.ops) if folded.replayed else folded.ops:
        if op.kind == "savings.open":
            return op.payload.get("book_no") or None
    return None


def movement_rows(state: SavingsState, movements: Iterable[Movement] | None = None
                  ) -> list[dict]:
    """One row per operation (an op can move money twice: deposit and paid-from-savings), of
    `movements` (default: those the state still holds)."""
    rows: dict[str, dict] = {}
    for m in state.movements if movements is None else movements:
        row = rows.setdefault(m.op_id, dict(op_id=m.op_id, account_id=state.account_id,
                                            business_date=m.value_date, amount=0, kind=m.kind))
        row["amount"] += m.amount
        if row["kind"] != m.kind:
            row["kind"] = "deposit+to_loan"
    return list(rows.values())


def project_many(book: Book, folded: dict[str, posting.Folded]) -> None:
    """Refresh the `savings_account` and `savings_movement` rows of folded accounts. An
    account folded forward gains the movements its new operations made and its balance; one
    replayed from the journal (or whose operations were all reversed) is rewritten whole."""
    ids = list(folded)
    whole = {i for i, f in folded.items() if f.replayed or f.state is None}
    # Folded forward, an account's row changes only its balance: that is all that is read
    # of it (an import folds thousands); the rows of accounts written whole are read whole.
    balances = {r["id"]: r["balance"] for r in posting.rows_in(
        book, ACCOUNT, "id", [i for i in ids if i not in whole], ("id", "balance"))}
    old = {r["id"]: r for r in posting.rows_in(book, ACCOUNT, "id",
                                                [i for i in ids if i in whole])}
    posting.delete_in(book, MOVEMENT, "account_id", [i for i in whole if i in old])
    rows = _new_accounts(book, [f for i, f in folded.items()
                                if f.state is not None and (i in whole or i not in balances)])
    kept = {r["id"] for r in rows}
    posting.delete_rows(book, ACCOUNT, ("id",), [i for i in old if i not in kept])
    posting.write_rows(book, ACCOUNT, ("id",), rows, old)
    bulk.update_rows(book.db, ACCOUNT, ("id",), ("balance",), [
        {"id": i, "balance": f.state.balance} for i, f in folded.items()
        if i in balances and balances[i] != f.state.balance])
    moves = [m for f in folded.values() if f.state is not None
             for m in movement_rows(f.state, f.made)]
    bulk.insert_rows(book.db, MOVEMENT, moves)
    posting.expire(book, SavingsAccount, ids)


def _new_accounts(book: Book, folded: list[posting.Folded]) -> list[dict]:
    """Rows of accounts written whole: opened on their first movement (every one of them
    was made by this fold), in the household of their person."""
    persons = list({f.state.person_id for f in folded if f.state.person_id})
    households = {r["id"]: r["household_id"] for r in posting.rows_in(
        book, PERSON, "id", persons, ("id", "household_id"))}
    return [account_row(f.state, households.get(f.state.person_id),
                        min((m.value_date for m in f.made), default=f.state.last_date),
                        _book_no(f))
            for f in folded]


ACCOUNT, MOVEMENT = SavingsAccount.__table__, SavingsMovement.__table__
PERSON = Person.__table__
posting.PROJECTORS["savings"] = project_many


def load(book: Book, account_id: str | None) -> SavingsState | None:
    snap = book.db.get(AccountSnapshot, ("savings", account_id)) if account_id else None
    return SavingsState.from_dict(from_json(snap.state)) if snap else None


@decider("savings.withdraw")
def _decide_withdraw(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    state = load(book, p.get("savings_account_id"))
    if state is None:
        raise DomainError("unknown_savings", "Không tìm thấy tài khoản tiết kiệm.",
                          "Savings account not found.", field="savings_account_id")
    amount = p.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise DomainError("amount_required", "Số tiền phải là số nguyên (đồng).",
                          "The amount must be a whole number of đồng.", field="amount")
    domain_savings.check_withdrawal(state, amount)
    # the account's point names the receipt when it is paid at the office, out of a session
    return replace(cmd, payload={"savings_account_id": state.account_id, "amount": amount,
                                 "point_code": state.point_code})


@decider("savings.credit_interest")
def _decide_credit(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    if load(book, p.get("savings_account_id")) is None:
        raise DomainError("unknown_savings", "Không tìm thấy tài khoản tiết kiệm.",
                          "Savings account not found.", field="savings_account_id")
    end = dt.date.fromisoformat(p.get("period_end") or "")
    if (end.month, end.day) not in ((6, 30), (12, 31)):
        raise DomainError("bad_period_end", "Lãi tiền gửi chỉ nhập gốc ngày 30/06 và 31/12.",
                          "Savings interest is credited on 30/06 and 31/12 only.",
                          field="period_end")
    return cmd


applier("savings.withdraw")(apply_and_project)
applier("savings.credit_interest")(apply_and_project)


@dataclass(frozen=True)
class SavingsRow:
    id: str
    person_id: str
    full_name: str
    group_id: str | None
    balance: int
    opened_on: dt.date


def savings_of_household(book: Book, household_id: str) -> list[SavingsRow]:
    rows = book.db.execute(select(SavingsAccount, Person.full_name).join(
        Person, Person.id == SavingsAccount.person_id).where(
        SavingsAccount.household_id == household_id)).all()
    return [SavingsRow(a.id, a.person_id, name, a.group_id, a.balance, a.opened_on)
            for a, name in rows]


def household_of_account(book: Book, account_id: str) -> Household | None:
    acc = book.db.get(SavingsAccount, account_id)
    return book.db.get(Household, acc.household_id) if acc and acc.household_id else None

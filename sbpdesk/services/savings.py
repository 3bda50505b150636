"""Group members' savings (product 105): withdrawals, the office's interest credit, the
projection rows, and balances for the sheet.

Deposits and principal paid from savings arrive with `collection.record`; a savings account
is opened by its first deposit under an id the posting device chooses.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from sbpdesk.db.models import AccountSnapshot, Household, Person, SavingsAccount, SavingsMovement
from sbpdesk.domain import savings as domain_savings
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.savings import SavingsState
from sbpdesk.services import posting
from sbpdesk.services.context import Book
from sbpdesk.services.loans import apply_and_project
from sbpdesk.services.posting import AccountKind, Command, applier, decider, replace


def savings_dict(state: SavingsState) -> dict:
    d = state.to_dict()
    d["outstanding"] = state.balance   # the snapshot's figure column holds the balance
    return d


posting.ACCOUNT_KINDS["savings"] = AccountKind(domain_savings.apply, domain_savings.replay,
                                               SavingsState.from_dict, savings_dict)


def account_row(state: SavingsState, household_id: str | None) -> dict:
    opened = min((m.value_date for m in state.movements), default=state.last_date)
    return dict(id=state.account_id, person_id=state.person_id, household_id=household_id,
                group_id=state.group_id or None, point_code=state.point_code or None,
                balance=state.balance, opened_on=opened)


def movement_rows(state: SavingsState) -> list[dict]:
    """One row per operation (an op can move money twice: deposit and paid-from-savings)."""
    rows: dict[str, dict] = {}
    for m in state.movements:
        row = rows.setdefault(m.op_id, dict(op_id=m.op_id, account_id=state.account_id,
                                            business_date=m.value_date, amount=0, kind=m.kind))
        row["amount"] += m.amount
        if row["kind"] != m.kind:
            row["kind"] = "deposit+to_loan"
    return list(rows.values())


def project_savings(book: Book, account_id: str) -> None:
    snap = book.db.get(AccountSnapshot, ("savings", account_id))
    if snap is None:   # its only operations were reversed
        book.db.execute(delete(SavingsMovement).where(SavingsMovement.account_id == account_id))
        book.db.execute(delete(SavingsAccount).where(SavingsAccount.id == account_id))
        return
    state = SavingsState.from_dict(from_json(snap.state))
    person = book.db.get(Person, state.person_id) if state.person_id else None
    row = account_row(state, person.household_id if person else None)
    if row["opened_on"] is None:
        return
    existing = book.db.get(SavingsAccount, account_id)
    if existing is None:
        book.db.add(SavingsAccount(**row))
    else:
        for key, value in row.items():
            setattr(existing, key, value)
    book.db.flush()
    book.db.execute(delete(SavingsMovement).where(SavingsMovement.account_id == account_id))
    rows = movement_rows(state)
    if rows:
        book.db.execute(insert(SavingsMovement), rows)


def project_many(book: Book, states: dict[str, SavingsState | None],
                 fresh: dict[str, set[str]] | None = None) -> None:
    """`project_savings` for many accounts at once (after a batch). `fresh` names, for the
    accounts folded forward, the operations just added: only their movements are written;
    a replayed account's history is rewritten whole."""
    fresh = fresh or {}
    ids = list(states)
    existing: set[str] = set()
    for k in range(0, len(ids), 500):
        existing |= set(book.db.scalars(select(SavingsAccount.id).where(
            SavingsAccount.id.in_(ids[k:k + 500]))))
    rewrite = [i for i in ids if i in existing and (i not in fresh or states[i] is None)]
    for k in range(0, len(rewrite), 500):
        chunk = rewrite[k:k + 500]
        book.db.execute(delete(SavingsMovement).where(SavingsMovement.account_id.in_(chunk)))
        book.db.execute(delete(SavingsAccount).where(SavingsAccount.id.in_(chunk)))
    live = [s for s in states.values() if s is not None]
    persons = {s.person_id for s in live if s.person_id}
    households = dict(book.db.execute(select(Person.id, Person.household_id)
                                      .where(Person.id.in_(persons))).all()) if persons else {}
    inserts, updates, moves = [], [], []
    for state in live:
        row = account_row(state, households.get(state.person_id))
        if row["opened_on"] is None:
            continue
        if state.account_id in existing and state.account_id in fresh:
            updates.append({"id": state.account_id, "balance": state.balance})
            moves += [m for m in movement_rows(state) if m["op_id"] in fresh[state.account_id]]
        else:
            inserts.append(row)
            moves += movement_rows(state)
    if updates:
        book.db.execute(update(SavingsAccount), updates)
    if inserts:
        book.db.execute(insert(SavingsAccount), inserts)
    if moves:
        book.db.execute(insert(SavingsMovement), moves)


posting.PROJECTORS["savings"] = lambda book, account_id: project_savings(book, account_id)
posting.BULK_PROJECTORS["savings"] = project_many


def load(book: Book, account_id: str | None) -> SavingsState | None:
    snap = book.db.get(AccountSnapshot, ("savings", account_id)) if account_id else None
    return SavingsState.from_dict(from_json(snap.state)) if snap else None


@decider("savings.withdraw")
def _decide_withdraw(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    state = load(book, p.get("savings_account_id"))
    if state is None:
        raise DomainError("savings_unknown", "Không tìm thấy tài khoản tiết kiệm.",
                          "Savings account not found.", field="savings_account_id")
    amount = p.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise DomainError("amount_required", "Số tiền phải là số nguyên (đồng).",
                          "The amount must be a whole number of đồng.", field="amount")
    domain_savings.check_withdrawal(state, amount)
    return replace(cmd, payload={"savings_account_id": state.account_id, "amount": amount})


@decider("savings.credit_interest")
def _decide_credit(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    if load(book, p.get("savings_account_id")) is None:
        raise DomainError("savings_unknown", "Không tìm thấy tài khoản tiết kiệm.",
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

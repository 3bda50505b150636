"""13/TD, the group statement of a session: the dues before it, what was collected after."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from sbpdesk.db.models import (
    AccountSnapshot,
    Household,
    Loan,
    Person,
    SavingsAccount,
)
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.loan import LoanState
from sbpdesk.domain.text import name_sort_key
from sbpdesk.services import journal
from sbpdesk.services.collections import deposits_elsewhere
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry

from .common import (
    LIVE,
    contract_ref,
    find_group,
    household_no,
    issuer,
    mark,
    organisation_name,
    programme_short,
    replay,
    until,
)
from .data import (
    ContractRef,
)
from .data_tables import (
    GroupStatement,
    StatementRow,
)


def _collections_on(book: Book, group_id: str, on: dt.date) -> list[Entry]:
    """The group's collections dated `on` that stand (reversed ones left out)."""
    stand = ("applied", "suspense")
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.kind == "collection.record", OperationRow.business_date == on,
        OperationRow.outcome.in_(stand))).all()
    entries = [journal.to_entry(r) for r in rows]
    entries = [e for e in entries if e.payload.get("group_id") == group_id]
    if not entries:
        return []
    reversals = [journal.to_entry(r) for r in book.db.scalars(select(OperationRow).where(
        OperationRow.kind == domain_op.REVERSE, OperationRow.business_date >= on,
        OperationRow.outcome.in_(stand)))]
    skip = domain_op.reversed_targets(e.operation() for e in entries + reversals)
    return [e for e in entries if e.op_id not in skip]


@dataclass(frozen=True)
class _Group:
    """The group's members, their savings accounts and its loans' contract numbers."""
    households: dict[str, Household]
    people: dict[str, Person]
    accounts: dict[str, SavingsAccount]
    contracts: dict[str, str | None]


@dataclass(frozen=True)
class _Line:
    person: Person
    programme_code: str | None
    contract: ContractRef
    outstanding: int
    interest_due: int
    paid: list[dict]           # the collection payloads of the loan (or the savings) that day
    arrears: int = 0           # of interest_due: unpaid before this period
    period_from: dt.date | None = None
    relief: int = 0            # reduction (giảm lãi) recognised at this period's bill
    frozen: bool = False


def statement(book: Book, group_id: str, on: dt.date, *,
              after: bool | None = None) -> GroupStatement:
    """13/TD of a group for the session on `on`.

    Before the session (no collection of the group stands on that date, or `after=False`):
    the dues — outstanding and interest due at `on` (`Dues.interest_due`), savings balance
    before — with the paid columns blank. After it: what was collected that day per member
    and loan, the outstanding and savings balance after the session."""
    group = find_group(book, group_id)
    collections = _collections_on(book, group.id, on)
    after = bool(collections) if after is None else after
    by_loan: dict[str | None, list[dict]] = defaultdict(list)
    for e in collections:
        by_loan[e.payload.get("loan_id")].append(e.payload)
    members = _members(book, group.id)
    lines = _loan_lines(book, group.id, members, by_loan, on, after)
    lines += _saver_lines(members, by_loan, {ln.person.id for ln in lines})
    lines.sort(key=lambda ln: (name_sort_key(ln.person.full_name), ln.contract.number))
    elsewhere = {} if after else deposits_elsewhere(book, set(members.accounts), on)
    rows, balance_given = [], set()
    for line in lines:
        pid = line.person.id
        balance = None if pid in balance_given else _savings_balance(
            book, members.accounts.get(pid), on, after)
        row = _row(book, line, members, balance, after)
        if pid not in balance_given and pid in elsewhere:   # once per member, like the balance
            row = dataclasses.replace(row, savings_elsewhere=elsewhere[pid])
        balance_given.add(pid)
        rows.append(row)
    return GroupStatement(issuer(book, group.point_code, on), group.name,
                          group.leader_name or "", organisation_name(book, group, on), on,
                          tuple(rows), after_session=after, mark=mark(book))


def _members(book: Book, group_id: str) -> _Group:
    households = {h.id: h for h in book.db.scalars(
        select(Household).where(Household.group_id == group_id))}
    people = {p.id: p for p in book.db.scalars(
        select(Person).where(Person.household_id.in_(households)))} if households else {}
    accounts = {a.person_id: a for a in book.db.scalars(
        select(SavingsAccount).where(SavingsAccount.group_id == group_id)
        .order_by(SavingsAccount.opened_on))}
    contracts = {r.id: r.contract_no for r in book.db.scalars(
        select(Loan).where(Loan.group_id == group_id))}
    return _Group(households, people, accounts, contracts)


def _loan_lines(book: Book, group_id: str, members: _Group,
                by_loan: dict[str | None, list[dict]], on: dt.date, after: bool) -> list[_Line]:
    snaps = book.db.scalars(select(AccountSnapshot).where(
        AccountSnapshot.account_kind == "loan", AccountSnapshot.group_id == group_id)).all()
    lines = (_loan_line(book, snap, members, by_loan.get(snap.account_id, []), on, after)
             for snap in snaps)
    return [line for line in lines if line is not None]


def _loan_line(book: Book, snap: AccountSnapshot, members: _Group, paid: list[dict],
               on: dt.date, after: bool) -> _Line | None:
    """A loan's line: live before the session or paid at it; its dues at `on` (the one
    rule, `Dues`), its outstanding after the session when printed after it."""
    before = replay(book, "loan", snap.account_id, until(on, inclusive=False))
    if (before is None or before.status not in LIVE) and not paid:
        return None
    person = members.people.get((before or LoanState(snap.account_id)).person_id) or \
        (members.people.get(paid[0].get("person_id")) if paid else None)
    if person is None:
        return None
    due, outstanding, code, arrears, since = 0, 0, snap.programme_code, 0, None
    relief, frozen = 0, False
    if before is not None:
        billed = domain_loan.advance(before, on, book.refs) or before
        d = domain_loan.dues(billed, on, book.refs)
        # Why "Lãi kỳ này" may read 0 or less than the rate gives: said on the row.
        relief = billed.interest_relief - before.interest_relief
        frozen = billed.status == "frozen"
        due, outstanding, code = d.interest_due, d.outstanding, before.programme_code
        # The interest still unpaid from earlier periods, rounded when last billed; the rest
        # of what is due accrued this period, from accrued_from to the session's eve.
        arrears = min(before.interest_in_term + before.interest_overdue
                      + (before.interest_grace if d.grace_billed else 0), due)
        since = before.accrued_from
    if after:
        state_after = replay(book, "loan", snap.account_id, until(on))
        outstanding = state_after.outstanding if state_after is not None else outstanding
    ref = contract_ref(snap.account_id, members.contracts.get(snap.account_id))
    return _Line(person, code, ref, outstanding, due, paid, arrears, since, relief, frozen)


def _saver_lines(members: _Group, by_loan: dict[str | None, list[dict]],
                 seen: set[str]) -> list[_Line]:
    """Members with no loan line: who deposited without a loan, then who only saves."""
    lines = []
    savings_only = by_loan.get(None, [])
    candidates = [(p.get("person_id"), savings_only) for p in savings_only]
    candidates += [(person_id, []) for person_id in members.accounts]
    for person_id, paid in candidates:
        person = members.people.get(person_id)
        if person is not None and person.id not in seen:
            lines.append(_Line(person, None, ContractRef(), 0, 0, paid))
            seen.add(person.id)
    return lines


def _row(book: Book, line: _Line, members: _Group, balance: int | None,
         after: bool) -> StatementRow:
    mine = [p for p in line.paid if p.get("person_id") == line.person.id]

    def paid(column: str) -> int | None:
        return sum(int(p.get(column) or 0) for p in mine) if after else None

    code = line.programme_code
    return StatementRow(
        line.person.full_name, programme_short(book, code) if code else "Tiết kiệm",
        line.contract, line.outstanding, line.interest_due, interest_paid=paid("interest"),
        savings_deposited=paid("savings"), from_savings=paid("from_savings"),
        savings_balance=balance,
        customer_code=household_no(members.households.get(line.person.household_id)),
        interest_arrears=line.arrears, period_from=line.period_from, relief=line.relief,
        frozen=line.frozen)


def _savings_balance(book: Book, acc: SavingsAccount | None, on: dt.date, after: bool) -> int:
    if acc is None:
        return 0
    state = replay(book, "savings", acc.id, until(on, inclusive=after))
    return state.balance if state is not None else 0

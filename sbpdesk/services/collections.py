"""Collections at a session: one member's 13/TD line (`collection.record`), the group
leader's hand-over (`group.handover`), and the group collection sheet that drives both.

A line carries the declared columns — interest and principal paid in cash, savings
deposited, principal paid from savings — and never an allocation: apply splits inside each
column from the replayed state. `decide` shows the officer the same split and refuses what
the rules refuse (interest above what is owed; principal beyond the balance unless
confirmed, when the excess goes to savings). `record_group` posts a whole group's lines and
the hand-over in one transaction; a counted difference becomes `session.cash_difference`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import (
    AccountSnapshot,
    Device,
    Group,
    Household,
    Person,
    SavingsAccount,
    SavingsMovement,
)
from sbpdesk.db.models import Loan as LoanModel
from sbpdesk.domain import interest
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import savings as domain_savings
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.dues import Dues, line_problems
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.loan import LoanState
from sbpdesk.domain.people import card_warning
from sbpdesk.domain.text import name_sort_key
from sbpdesk.services import opening, posting, sessions
from sbpdesk.services.auth import Approval
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.loans import apply_and_project, load_state
from sbpdesk.services.posting import Command, Posted, applier, decider, replace

COLUMNS = ("interest", "principal", "savings", "from_savings")


def _amount(p: dict, name: str) -> int:
    value = p.get(name) or 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DomainError("bad_amount", "Số tiền phải là số nguyên không âm (đồng).",
                          "Amounts must be whole, non-negative đồng.", field=name)
    return value


def savings_account_of(book: Book, person_id: str) -> SavingsAccount | None:
    return book.db.scalars(select(SavingsAccount).where(SavingsAccount.person_id == person_id)
                           .order_by(SavingsAccount.opened_on)).first()


def _savings_state(book: Book, account_id: str | None):
    snap = book.db.get(AccountSnapshot, ("savings", account_id)) if account_id else None
    return domain_savings.SavingsState.from_dict(from_json(snap.state)) if snap else None


@decider("collection.record")
def _decide_collection(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    interest, principal, savings, from_savings = (_amount(p, c) for c in COLUMNS)
    if not (interest or principal or savings or from_savings):
        raise DomainError("nothing_collected", "Chưa nhập số tiền nào.",
                          "No amount was entered.", field="interest")
    person = book.db.get(Person, p.get("person_id") or "")
    if person is None:
        raise DomainError("unknown_person", "Không tìm thấy tổ viên.", "Member not found.",
                          field="person_id")
    household = book.db.get(Household, person.household_id)
    account = p.get("savings_account_id")
    if not account:
        existing = savings_account_of(book, person.id)
        account = existing.id if existing else (uuid7() if savings or from_savings else None)
    state_s = _savings_state(book, account)
    rules = book.refs.rules_at(cmd.business_date)
    domain_savings.check_deposit(savings, rules)
    loan_id = p.get("loan_id")
    if loan_id:
        state = load_state(book, loan_id)
        if state.household_id != person.household_id:
            raise DomainError("loan_not_of_member", "Khoản vay không thuộc hộ của tổ viên này.",
                              "The loan does not belong to this member's household.",
                              field="loan_id")
        split = domain_loan.propose_collection(
            state, cmd.business_date, book.refs, interest, principal,
            from_savings=from_savings, overpay_confirmed=bool(p.get("overpay_confirmed")),
            savings_balance=state_s.balance if state_s else 0, rules=rules)
        if split.to_savings:  # confirmed: the excess principal becomes a deposit
            principal -= split.to_savings
            savings += split.to_savings
            account = account or uuid7()
    elif interest or principal or from_savings:
        raise DomainError("loan_required", "Cần chọn khoản vay để thu lãi, thu gốc.",
                          "Choose the loan the interest or principal is for.", field="loan_id")
    payload = {"loan_id": loan_id, "savings_account_id": account, "person_id": person.id,
               "group_id": p.get("group_id") or (household.group_id if household else None),
               "point_code": household.point_code if household else None,
               "interest": interest, "principal": principal, "savings": savings,
               "from_savings": from_savings, "bl_no": (p.get("bl_no") or None),
               "overpay_confirmed": bool(p.get("overpay_confirmed"))}
    return replace(cmd, payload=payload)


applier("collection.record")(apply_and_project)


@decider("group.handover")
def _decide_handover(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    if book.db.get(Group, p.get("group_id") or "") is None:
        raise DomainError("unknown_group", "Không tìm thấy Tổ TK&VV.", "Group not found.",
                          field="group_id")
    for name in ("interest", "savings", "counted"):
        _amount(p, name)
    return replace(cmd, payload={"group_id": p["group_id"], "interest": p.get("interest", 0),
                                 "savings": p.get("savings", 0), "counted": p.get("counted", 0),
                                 "collections": list(p.get("collections") or [])})


@applier("group.handover")
def _apply_handover(book: Book, e: Entry) -> None:
    return None  # a record of the leader's hand-over; the cash is in the members' lines


# --- the group sheet ------------------------------------------------------------------------

@dataclass(frozen=True)
class SheetLine:
    """One row of the 13/TD sheet: a member and one of the household's loans (or none).
    The figures are the loan's `Dues` at the sheet's date; `problems` is the decider's rule."""
    person_id: str
    household_id: str
    full_name: str
    household_no: str
    loan_id: str | None
    contract_no: str | None
    programme_code: str | None
    outstanding: int
    interest_due: int         # due now: in-term + overdue (+ grace once billed)
    interest_overdue: int
    principal_overdue: int
    principal_due: int        # overdue + instalments due on or before the session date
    savings_account_id: str | None
    savings_balance: int
    status: str | None
    interest_payable: int = 0  # the most that may be paid: frozen and grace interest too
    dues: Dues | None = None
    min_deposit: int = 0      # the rule set's minimum savings deposit at the date
    year_interest: int = 0    # a year's interest on the balance: the sheet's plausibility bound
    deposit_limit: int = 0    # a deposit above it is confirmed a second time
    card_warning: tuple[str, str] | None = None   # (vi, en): an expired card, a void CMND
    savings_elsewhere: int = 0  # deposited at the bank this month (Mẫu 10): not asked again

    def problems(self, interest: int = 0, principal: int = 0, savings: int = 0,
                 from_savings: int = 0, *, overpay_confirmed: bool = False
                 ) -> tuple[DomainError, ...]:
        """What the collection decider would refuse this line for, as values."""
        return line_problems(self.dues, interest, principal, savings, from_savings,
                             min_deposit=self.min_deposit,
                             savings_balance=self.savings_balance,
                             overpay_confirmed=overpay_confirmed)


@dataclass(frozen=True)
class Sheet:
    group_id: str
    group_name: str
    leader_name: str | None
    point_code: str
    on: dt.date
    lines: tuple[SheetLine, ...]


def group_sheet(book: Book, group_id: str, on: dt.date) -> Sheet:
    """The collection sheet of a group at a date, one line per member loan (borrowers) and
    one per member with savings but no loan, in Vietnamese name order."""
    group = book.db.get(Group, group_id)
    if group is None:
        raise DomainError("unknown_group", "Không tìm thấy Tổ TK&VV.", "Group not found.")
    households = {h.id: h for h in book.db.scalars(
        select(Household).where(Household.group_id == group_id))}
    loans = book.db.scalars(select(AccountSnapshot).where(
        AccountSnapshot.account_kind == "loan", AccountSnapshot.group_id == group_id,
        AccountSnapshot.status.in_(("active", "frozen", "approved")))).all()
    people = {p.id: p for p in book.db.scalars(
        select(Person).where(Person.household_id.in_(households)))} if households else {}
    savings = {s.person_id: s for s in book.db.scalars(   # the first account, as the decider
        select(SavingsAccount).where(SavingsAccount.group_id == group_id)
        .order_by(SavingsAccount.opened_on.desc()))}
    contract = {r.id: r.contract_no for r in book.db.scalars(
        select(LoanModel).where(LoanModel.group_id == group_id))}
    minimum = book.refs.rules_at(on).savings_min_deposit
    lines, seen = [], set()
    for snap in loans:
        state = LoanState.from_dict(from_json(snap.state))
        person = people.get(state.person_id)
        if person is None:
            continue
        d = domain_loan.dues(state, on, book.refs)
        acc = savings.get(person.id)
        lines.append(_line(person, households[person.household_id], state, d, acc,
                           contract.get(state.loan_id), minimum))
        seen.add(person.id)
    for person_id, acc in savings.items():
        person = people.get(person_id)
        if person is not None and person_id not in seen:
            lines.append(_line(person, households[person.household_id], None, None, acc, None,
                               minimum))
    lines = [_plausible(book, line, on) for line in lines]
    lines = [_card(line, people[line.person_id], on) for line in lines]
    lines = _elsewhere(book, lines, on)
    lines.sort(key=lambda line: (name_sort_key(line.full_name), line.loan_id or ""))
    return Sheet(group.id, group.name, group.leader_name, group.point_code, on, tuple(lines))


def _plausible(book: Book, line: SheetLine, on: dt.date) -> SheetLine:
    """What the sheet asks a second time above (issue 14): a year's interest on the balance
    at today's rates, and the office's deposit limit."""
    year = 0
    if line.programme_code and line.outstanding:
        end = on + dt.timedelta(days=365)
        segments = book.refs.rate_span(line.programme_code, on, end)[0]
        year = interest.to_dong(interest.accrue(line.outstanding, on, end, segments))
    return dataclasses.replace(line, year_interest=year,
                               deposit_limit=book.refs.rules_at(on).plausible_deposit_limit)


def _elsewhere(book: Book, lines: list[SheetLine], on: dt.date) -> list[SheetLine]:
    """The sheet shows each member's deposits made at the bank this month as deposited."""
    sums = deposits_elsewhere(book, {x.person_id for x in lines if x.savings_account_id}, on)
    return [dataclasses.replace(x, savings_elsewhere=sums[x.person_id])
            if x.person_id in sums else x for x in lines]


def deposits_elsewhere(book: Book, person_ids: set[str], on: dt.date) -> dict[str, int]:
    """Each person's deposits the core recorded in `on`'s month up to `on`
    (`savings.paid_elsewhere`, decision 0260), to any of the person's books."""
    if not person_ids:
        return {}
    return {pid: int(total) for pid, total in book.db.execute(
        select(SavingsAccount.person_id, func.sum(SavingsMovement.amount))
        .join(SavingsMovement, SavingsMovement.account_id == SavingsAccount.id)
        .where(SavingsAccount.person_id.in_(person_ids),
               SavingsMovement.kind == domain_savings.ELSEWHERE,
               SavingsMovement.business_date >= on.replace(day=1),
               SavingsMovement.business_date <= on)
        .group_by(SavingsAccount.person_id))}


def _card(line: SheetLine, person: Person, on: dt.date) -> SheetLine:
    """The member's paper as the sheet flags it on its date (decisions/0079, 0155)."""
    flag = card_warning(person.id_number, person.id_expiry, on)
    return dataclasses.replace(line, card_warning=(flag.vi, flag.en)) if flag else line


def _line(person: Person, household: Household, state: LoanState | None, d: Dues | None,
          acc: SavingsAccount | None, contract_no: str | None, minimum: int) -> SheetLine:
    household_no = household.customer_code or f"{household.provisional_no or ''} (tạm)"
    account, balance = (acc.id, acc.balance) if acc else (None, 0)
    if state is None or d is None:
        return SheetLine(person.id, household.id, person.full_name, household_no, None, None,
                         None, 0, 0, 0, 0, 0, account, balance, None, min_deposit=minimum)
    return SheetLine(person.id, household.id, person.full_name, household_no, state.loan_id,
                     contract_no, state.programme_code, d.outstanding, d.interest_due,
                     d.interest_overdue, d.principal_overdue, d.principal_due, account,
                     balance, state.status, d.interest_payable, d, minimum)


@dataclass(frozen=True)
class LineInput:
    person_id: str
    loan_id: str | None
    interest: int = 0
    principal: int = 0
    savings: int = 0
    from_savings: int = 0
    bl_no: str | None = None
    overpay_confirmed: bool = False


@dataclass(frozen=True)
class GroupResult:
    posted: tuple[Posted, ...]
    handover: Posted
    difference: Posted | None
    interest: int
    savings: int
    principal: int
    from_savings: int
    counted: int

    @property
    def written(self) -> Written:
        """Every operation of the save (collections, hand-over, a difference) as a verb's
        result."""
        extra = (self.difference,) if self.difference is not None else ()
        return written(*self.posted, self.handover, *extra)


def record_group(book: Book, group_id: str, lines: list[LineInput], *, counted: int,
                 business_date: dt.date, session_id: str | None = None,
                 approved_by: Approval | None = None, reason: str = "") -> GroupResult:
    """Post a whole group's collections, its hand-over and any counted difference in one
    transaction: either all of it is in the book or none of it."""
    with book.transaction():
        posted = []
        entered = [line for line in lines
                   if line.interest or line.principal or line.savings or line.from_savings]
        for run in _runs(entered):
            posted += _record_lines(book, group_id, run, business_date, session_id)
        interest = sum(x.interest for x in lines)
        savings = sum(x.savings for x in lines)
        handover = posting.post(book, "group.handover", {
            "group_id": group_id, "interest": interest, "savings": savings,
            "counted": counted, "collections": [p.op_id for p in posted]},
            business_date=business_date, session_id=session_id)
        difference = None
        if counted != interest + savings and sessions.is_rounding(
                book, counted - (interest + savings), business_date):
            difference = sessions.record_rounding(
                book, session_id, counted - (interest + savings), group_id=group_id,
                business_date=business_date)
        elif counted != interest + savings:
            if not approved_by:
                raise DomainError("difference_needs_controller",
                                  "Tiền đếm được khác số tổ trưởng phải nộp: cần kiểm soát "
                                  "viên duyệt chênh lệch thừa/thiếu quỹ.",
                                  "The counted cash differs from the hand-over: the controller "
                                  "must approve the difference.", field="counted")
            difference = posting.post(book, "session.cash_difference", {
                "session_id": session_id, "amount": counted - (interest + savings),
                "reason": reason or "Chênh lệch khi tổ trưởng nộp tiền", "group_id": group_id},
                business_date=business_date, session_id=session_id, approved_by=approved_by)
    return GroupResult(tuple(posted), handover, difference, interest, savings,
                       sum(x.principal for x in lines), sum(x.from_savings for x in lines),
                       counted)


def _payload(group_id: str, line: LineInput) -> dict:
    return {"person_id": line.person_id, "loan_id": line.loan_id, "group_id": group_id,
            "interest": line.interest, "principal": line.principal, "savings": line.savings,
            "from_savings": line.from_savings, "bl_no": line.bl_no,
            "overpay_confirmed": line.overpay_confirmed}


def _runs(lines: list[LineInput]) -> list[list[LineInput]]:
    """The lines cut, in order, where a member or a loan comes back: within a run each
    account is one line's, so the deciders of a run may all read the book as it was before
    the run (decision 0225)."""
    runs: list[list[LineInput]] = []
    seen: set = set()
    for line in lines:
        keys = {("person", line.person_id)} | ({("loan", line.loan_id)} if line.loan_id else set())
        if not runs or keys & seen:
            runs.append([])
            seen = set()
        runs[-1].append(line)
        seen |= keys
    return runs


def _record_lines(book: Book, group_id: str, lines: list[LineInput], business_date: dt.date,
                  session_id: str | None) -> list[Posted]:
    """A run's collections as `posting.post` would record them one by one (the same payloads,
    deciders, checks and chain), with the session, the user and the book checked once, one
    bulk append and each account folded once (decision 0225)."""
    payloads = [_payload(group_id, line) for line in lines]
    held = _held(book, lines)   # noqa: F841 (alive while the deciders look them up)
    with posting.batch(book) as suspense:
        entries = opening.post_many(book, "collection.record", payloads,
                                    business_date=business_date, session_id=session_id)
    return [Posted(e.op_id, e.seq, "suspense" if e.op_id in suspense else "applied",
                   posting.receipt_no_of(book, e), tuple(posting.accounts_of(book, e)))
            for e in entries]


def _held(book: Book, lines: list[LineInput]) -> list:
    """The rows the deciders look up by key, loaded in one query each and held (the session
    keeps clean rows only by weak reference: a row nobody holds is a query again)."""
    persons = [x.person_id for x in lines]
    loan_ids = [x.loan_id for x in lines if x.loan_id]
    held: list = book.db.scalars(select(Person).where(Person.id.in_(persons))).all()
    held += book.db.scalars(select(Household).where(
        Household.id.in_({p.household_id for p in held}))).all()
    held += book.db.scalars(select(AccountSnapshot).where(
        AccountSnapshot.account_kind == "loan", AccountSnapshot.account_id.in_(loan_ids))).all()
    held += book.db.scalars(select(SavingsAccount).where(
        SavingsAccount.person_id.in_(persons))).all()
    held += book.db.scalars(select(AccountSnapshot).where(
        AccountSnapshot.account_kind == "savings",
        AccountSnapshot.account_id.in_([a.id for a in held if isinstance(a, SavingsAccount)]))
        ).all()
    device = book.db.get(Device, book.origin) if book.origin else None
    return held + [device]

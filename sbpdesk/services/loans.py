"""Loans: disbursement, change requests, the office's decisions, and what a loan looks like.

The loan account is the domain fold (`domain.loan`); this module registers the deciders that
check a command before it is appended, one applier for every loan kind (fold the operation
into the snapshot, `posting.apply_accounts`), and the projector that refreshes the `loan` and
`instalment` rows from the folded states. `loan_row` and `instalment_rows` are the one
definition of those projections, used by the bulk writer of the demo too.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot, Application, Group, OperationAccount
from sbpdesk.db.models import Instalment as InstalmentRow
from sbpdesk.db.models import Loan as LoanModel
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import schedule
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.dates import format_date
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.loan import LoanState
from sbpdesk.services import posting
from sbpdesk.services.auth import Approval
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import AccountKind, Command, applier, decider, replace


def loan_dict(state: LoanState) -> dict[str, Any]:
    """The snapshot dict: the state plus the figures the snapshot columns index."""
    d = state.to_dict()
    d["outstanding"] = state.outstanding
    return d


def loan_snapshot(state: LoanState) -> tuple[bytes, dict[str, Any]]:
    """`state_json(loan_dict(state))` written directly (decision 0276), and the state's
    fields with "outstanding" for the snapshot's columns."""
    outstanding = state.outstanding
    return state.to_json(outstanding=outstanding), {**state.__dict__, "outstanding": outstanding}


# --- projections ----------------------------------------------------------------------------

def next_due_date(state: LoanState) -> dt.date | None:
    return next((i.due_date for i in state.instalments if i.unpaid > 0 and not i.overdue),
                None)


def loan_row(state: LoanState, organisation_code: str | None, purpose: str | None) -> dict:
    return dict(id=state.loan_id, application_id=state.application_id or None,
                contract_no=state.contract_no or None, programme_code=state.programme_code,
                purpose=purpose, funding_source=state.funding_source or None,
                organisation_code=organisation_code, group_id=state.group_id or None,
                household_id=state.household_id, person_id=state.person_id or None,
                point_code=state.point_code, status=state.status,
                approved_amount=state.approved_amount, disbursed=state.disbursed,
                outstanding=state.outstanding, principal_overdue=state.principal_overdue,
                principal_frozen=state.principal_frozen, next_due_date=next_due_date(state))


def instalment_rows(state: LoanState) -> list[dict]:
    return _rows(state.loan_id, state.instalments, range(len(state.instalments)))


def _live(states: dict[str, LoanState]) -> dict[str, LoanState]:
    """Loans with a projection row (cash that arrived before its approval has none yet)."""
    return {i: s for i, s in states.items() if s.loan_id and s.household_id}


def organisations(book: Book, states: dict[str, LoanState]) -> dict[str, dict[str, Any]]:
    """The snapshot's organisation column of each loan: its group's (the state has none)."""
    live = _live(states)
    groups = list({s.group_id for s in live.values() if s.group_id})
    orgs = {r["id"]: r["organisation_code"]
            for r in posting.rows_in(book, GROUP, "id", groups, ("id", "organisation_code"))}
    return {i: {"organisation_code": orgs.get(s.group_id)} for i, s in live.items()}


def project_loans(book: Book, folded: dict[str, posting.Folded]) -> None:
    """Refresh the `loan` and `instalment` rows of folded loans: read what they hold, then
    write only what changed (a collection changes a few figures and one instalment)."""
    ids = list(folded)
    live = _live({i: f.state for i, f in folded.items() if f.state is not None})
    orgs = organisations(book, live)
    old_loans = {r["id"]: r for r in posting.rows_in(book, LOAN, "id", ids)}
    # The purpose is the application's, fixed at its decision: read where the row has none.
    kept = {i: r["purpose"] for i, r in old_loans.items() if r["purpose"] is not None}
    apps = list({s.application_id for i, s in live.items()
                 if s.application_id and i not in kept})
    purposes = {r["id"]: r["purpose"]
                for r in posting.rows_in(book, APPLICATION, "id", apps, ("id", "purpose"))}
    loans = [loan_row(s, orgs[i]["organisation_code"],
                      kept[i] if i in kept else purposes.get(s.application_id))
             for i, s in live.items()]
    insts, old_insts = _instalment_changes(book, folded, live)
    kept = {(r["loan_id"], r["no"]) for r in insts}
    posting.delete_rows(book, INSTALMENT, INSTALMENT_KEYS, [k for k in old_insts if k not in kept])
    posting.delete_rows(book, LOAN, ("id",), [i for i in old_loans if i not in live])
    posting.write_rows(book, LOAN, ("id",), loans, old_loans)
    posting.write_rows(book, INSTALMENT, INSTALMENT_KEYS, insts, old_insts)
    posting.expire(book, LoanModel, ids)
    posting.expire(book, InstalmentRow, old_insts.keys() | kept)


def _instalment_changes(book: Book, folded: dict[str, posting.Folded],
                        live: dict[str, LoanState]) -> tuple[list[dict], dict[tuple, dict]]:
    """(rows the loans' instalments should be, the rows they are now), left out where they
    agree. A loan folded forward from its snapshot has the rows of the snapshot's state (the
    fold wrote both): the two states' instalments are compared position by position, and
    an instalment the fold did not touch is the same object. The others are read whole."""
    new: list[dict] = []
    old: dict[tuple, dict] = {}
    unknown = []
    for loan_id, f in folded.items():
        after = live[loan_id].instalments if loan_id in live else ()
        if f.before is None:
            unknown.append(loan_id)
            new += _rows(loan_id, after, range(len(after)))
            continue
        before = f.before.instalments if _live({loan_id: f.before}) else ()
        differ = [n for n in range(max(len(before), len(after)))
                  if n >= len(before) or n >= len(after)
                  or (before[n] is not after[n] and before[n] != after[n])]
        new += _rows(loan_id, after, [n for n in differ if n < len(after)])
        old |= {(r["loan_id"], r["no"]): r
                for r in _rows(loan_id, before, [n for n in differ if n < len(before)])}
    rows = posting.rows_in(book, INSTALMENT, "loan_id", unknown)
    return new, old | {(r["loan_id"], r["no"]): r for r in rows}


def _rows(loan_id: str, insts: tuple[schedule.Instalment, ...], positions) -> list[dict]:
    """The instalment rows of the instalments at `positions` (0-based; `no` counts from 1);
    `instalment_rows` is all of them."""
    return [dict(loan_id=loan_id, no=n + 1, due_date=insts[n].due_date,
                 amount=insts[n].amount, paid=insts[n].paid) for n in positions]


LOAN, INSTALMENT = LoanModel.__table__, InstalmentRow.__table__
GROUP, APPLICATION = Group.__table__, Application.__table__
INSTALMENT_KEYS = ("loan_id", "no")
posting.ACCOUNT_KINDS["loan"] = AccountKind(domain_loan.apply, domain_loan.replay,
                                            LoanState.from_dict, loan_dict,
                                            columns=organisations, snapshot_text=loan_snapshot)
posting.PROJECTORS["loan"] = project_loans


def apply_and_project(book: Book, entry: Entry) -> str:
    """The applier of every kind that changes loan or savings accounts: the fold refreshes
    the accounts' projections too (or, inside a batch, once at its end)."""
    return posting.apply_accounts(book, entry)


# --- deciders -------------------------------------------------------------------------------

def load_state(book: Book, loan_id: str | None) -> LoanState:
    snap = book.db.get(AccountSnapshot, ("loan", loan_id)) if loan_id else None
    if snap is None:
        raise DomainError("unknown_loan", "Không tìm thấy khoản vay.", "Loan not found.",
                          field="loan_id")
    return LoanState.from_dict(from_json(snap.state))


def _positive(payload: dict, name: str) -> int:
    value = payload.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise DomainError("amount_required", "Số tiền phải là số nguyên dương (đồng).",
                          "The amount must be a positive whole number of đồng.", field=name)
    return value


@decider("loan.disburse")
def _decide_disburse(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    state = load_state(book, p.get("loan_id"))
    amount = _positive(p, "amount")
    if state.status not in ("approved", "active"):
        raise DomainError("loan_not_disbursable", "Khoản vay chưa được phê duyệt hoặc đã đóng.",
                          "The loan is not approved or is closed.", field="loan_id")
    if state.disbursed + amount > state.approved_amount:
        left = state.approved_amount - state.disbursed
        raise DomainError("over_approval",
                          f"Vượt số tiền được duyệt (còn được giải ngân {left:,} đ)."
                          .replace(",", "."),
                          f"More than the approved amount ({left} left to disburse).",
                          field="amount")
    if state.approved_on is not None and cmd.business_date <= state.approved_on:
        # Replay orders a day's facts before its decisions (docs/decisions/0005).
        raise DomainError("disburse_same_day_as_approval",
                          "Ngày giải ngân phải sau ngày phê duyệt khoản vay "
                          f"({state.approved_on:%d/%m/%Y}).",
                          f"The disbursement must be dated after the approval "
                          f"({state.approved_on.isoformat()}).", field="business_date")
    if not p.get("id_checked"):
        raise DomainError("id_not_checked", "Cần kiểm tra giấy tờ tùy thân của người nhận tiền.",
                          "Check the borrower's identity document first.", field="id_checked")
    return replace(cmd, payload={"loan_id": state.loan_id, "amount": amount,
                                 "tranche": state.tranches + 1, "id_checked": True})


@decider("loan.change_request")
def _decide_change(book: Book, cmd: Command) -> Command:
    from sbpdesk.db.ids import uuid7
    p = dict(cmd.payload)
    state = load_state(book, p.get("loan_id"))
    if p.get("type") not in ("extension", "adjustment"):
        raise DomainError("bad_request_type",
                          "Loại đề nghị phải là gia hạn hoặc điều chỉnh kỳ hạn.",
                          "The request must be an extension or a term adjustment.", field="type")
    if not (p.get("reason") or "").strip():
        raise DomainError("reason_required", "Cần ghi lý do.", "A reason is required.",
                          field="reason")
    if state.status not in ("active", "frozen"):
        raise DomainError("loan_not_active", "Khoản vay không còn dư nợ.",
                          "The loan has no outstanding balance.", field="loan_id")
    p.setdefault("request_id", uuid7())
    p.setdefault("new_final_date", None)
    p.setdefault("instalments", None)
    return replace(cmd, payload=p)


def _check_reschedule(state: LoanState, p: dict, kind: str) -> None:
    new = schedule.instalments_from_payload(p.get("instalments") or [])
    unpaid = state.principal_in_term
    if kind == "loan.adjust":
        schedule.adjust(state.final_date, new, unpaid)
    else:
        schedule.extend(state.final_date, new, unpaid)


def _office_decision(kind: str) -> None:
    @decider(kind)
    def _decide(book: Book, cmd: Command) -> Command:
        state = load_state(book, cmd.payload.get("loan_id"))
        if kind in ("loan.extend", "loan.adjust"):
            _check_reschedule(state, cmd.payload, kind)
        if kind == "loan.freeze" and state.status != "active":
            raise DomainError("loan_not_active", "Chỉ khoanh được khoản vay đang có dư nợ.",
                              "Only an active loan can be frozen.", field="loan_id")
        if kind == "loan.unfreeze" and state.status != "frozen":
            raise DomainError("loan_not_frozen", "Khoản vay không bị khoanh.",
                              "The loan is not frozen.", field="loan_id")
        if kind == "loan.write_off" and state.status not in ("active", "frozen"):
            raise DomainError("loan_not_active", "Khoản vay không còn dư nợ để xóa.",
                              "The loan has nothing left to write off.", field="loan_id")
        return cmd


for _kind in ("loan.extend", "loan.adjust", "loan.freeze", "loan.unfreeze", "loan.write_off",
              "loan.transfer_overdue"):
    _office_decision(_kind)


@decider("suspense.resolve")
def _decide_resolve(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    snap = book.db.get(AccountSnapshot, (p.get("account_kind"), p.get("account_id")))
    if snap is None or snap.suspense == 0:
        raise DomainError("no_suspense", "Tài khoản không có tiền treo.",
                          "The account holds no suspense.", field="account_id")
    amount = _positive(p, "amount")
    if amount > abs(snap.suspense):
        raise DomainError("resolve_too_much", "Số tiền lớn hơn số tiền treo.",
                          "More than the suspense held.", field="amount")
    if p.get("to") not in ("loan", "savings", "refund", "recovery"):
        raise DomainError("bad_target", "Nơi chuyển tiền treo không hợp lệ.",
                          "Unknown destination for the suspense.", field="to")
    return cmd


posting.DEFERRING.add(apply_and_project)

for _kind in ("loan.disburse", "loan.change_request", "loan.extend", "loan.adjust",
              "loan.freeze", "loan.unfreeze", "loan.write_off", "loan.transfer_overdue",
              "suspense.resolve"):
    applier(_kind)(apply_and_project)


# --- write verbs ----------------------------------------------------------------------------

def disburse(book: Book, loan_id: str, amount: int, *, id_checked: bool,
             business_date: dt.date, session_id: str | None = None,
             approved_by: Approval | None = None) -> Written:
    """Pay out (a tranche of) an approved loan; the controller approves (loan.disburse)."""
    return written(posting.post(
        book, "loan.disburse", {"loan_id": loan_id, "amount": amount, "id_checked": id_checked},
        business_date=business_date, session_id=session_id, approved_by=approved_by))


def resolve_suspense(book: Book, account_id: str, amount: int, to: str, *,
                     account_kind: str = "loan", target_id: str | None = None,
                     reason: str = "", business_date: dt.date) -> Written:
    """Settle cash a rule refused (suspense.resolve, an accountant at the office): `amount`
    of the account's suspense goes to `to` (loan, savings, refund or recovery); `reason`
    says why, kept in the journal and shown in the review history."""
    payload = {"account_id": account_id, "account_kind": account_kind, "amount": amount,
               "to": to, "target_id": target_id}
    if reason.strip():
        payload["reason"] = reason.strip()
    return written(posting.post(book, "suspense.resolve", payload,
                                business_date=business_date))


def repay(book: Book, loan_id: str, *, interest: int, principal: int, savings: int = 0,
          business_date: dt.date, session_id: str | None = None,
          bl_no: str | None = None) -> Written:
    """Record what one borrower pays in person: interest, principal and a savings deposit
    (collection.record)."""
    with book.transaction():
        state = load_state(book, loan_id)
        payload = {"person_id": state.person_id, "loan_id": state.loan_id,
                   "group_id": state.group_id, "interest": interest, "principal": principal}
        if savings:
            payload["savings"] = savings
        if bl_no:
            payload["bl_no"] = bl_no
        return written(posting.post(book, "collection.record", payload,
                                    business_date=business_date, session_id=session_id))


def request_change(book: Book, loan_id: str, change: str, reason: str, *,
                   new_final_date: dt.date | None, business_date: dt.date,
                   session_id: str | None = None) -> Written:
    """Ask the office for an extension (09/TD) or a term adjustment (08/TD)."""
    return written(posting.post(book, "loan.change_request", {
        "loan_id": loan_id, "type": change, "reason": reason,
        "new_final_date": new_final_date.isoformat() if new_final_date else None},
        business_date=business_date, session_id=session_id))


# --- queries --------------------------------------------------------------------------------

@dataclass(frozen=True)
class InstalmentLine:
    no: int
    due_date: dt.date
    amount: int
    paid: int
    overdue: bool


@dataclass(frozen=True)
class HistoryLine:
    op_id: str
    business_date: dt.date
    kind: str
    summary: str
    amount: int
    actor: str
    outcome: str
    reversed: bool
    actor_name: str = ""          # the recorder's full name, for the screen (issue 14)


@dataclass(frozen=True)
class LoanDetail:
    loan_id: str
    contract_no: str
    provisional: bool
    programme_code: str
    household_id: str
    person_id: str
    group_id: str
    point_code: str
    status: str
    approved_amount: int
    disbursed: int
    outstanding: int
    principal_in_term: int
    principal_overdue: int
    principal_frozen: int
    principal_written_off: int
    interest_in_term: int
    interest_overdue: int
    interest_grace: int
    interest_frozen: int
    suspense: int
    interest_paid: int
    principal_paid: int
    dues: domain_loan.Dues
    instalments: tuple[InstalmentLine, ...]
    history: tuple[HistoryLine, ...]
    flags: tuple[str, ...]


def loan_state(book: Book, loan_id: str) -> LoanState:
    return load_state(book, loan_id)


def loan_detail(book: Book, loan_id: str, on: dt.date) -> LoanDetail:
    state = load_state(book, loan_id)
    d = domain_loan.dues(state, on, book.refs)
    insts = tuple(InstalmentLine(n, i.due_date, i.amount, i.paid, i.overdue)
                  for n, i in enumerate(state.instalments, start=1))
    return LoanDetail(state.loan_id, state.contract_no, not state.contract_no,
                      state.programme_code, state.household_id, state.person_id,
                      state.group_id, state.point_code, state.status, state.approved_amount,
                      state.disbursed, state.outstanding, state.principal_in_term,
                      state.principal_overdue, state.principal_frozen,
                      state.principal_written_off, state.interest_in_term,
                      state.interest_overdue, state.interest_grace, state.interest_frozen,
                      state.suspense, state.interest_paid, state.principal_paid, d, insts,
                      tuple(history(book, "loan", loan_id)), state.flags)


def history(book: Book, account_kind: str, account_id: str) -> list[HistoryLine]:
    """The account's operations, newest first, with reversed ones marked."""
    rows = book.db.scalars(
        select(OperationRow).join(OperationAccount, OperationAccount.op_id == OperationRow.op_id)
        .where(OperationAccount.account_kind == account_kind,
               OperationAccount.account_id == account_id)).all()
    from sbpdesk.domain.operation import reversed_targets
    from sbpdesk.services.journal import to_entry
    reversed_ids = reversed_targets(to_entry(r).operation() for r in rows
                                    if r.kind == "op.reverse")
    lines = []
    names = full_names(book)
    for row in rows:
        payload = from_json(row.payload)
        lines.append(HistoryLine(row.op_id, row.business_date, row.kind,
                                 _summary(row.kind, payload),
                                 posting.cash_amount(row.kind, payload), row.actor,
                                 row.outcome, row.op_id in reversed_ids,
                                 names.get(row.actor, row.actor)))
    lines.sort(key=lambda h: (h.business_date, h.op_id), reverse=True)
    return lines


def full_names(book: Book) -> dict[str, str]:
    """username -> full name of every user the book knows."""
    from sbpdesk.db.models import AppUser
    return {u: n for u, n in book.db.execute(select(AppUser.username, AppUser.full_name)) if n}


def _summary(kind: str, p: dict) -> str:
    from sbpdesk.domain.money import format_vnd
    if kind == "collection.record":
        parts = [f"lãi {format_vnd(p.get('interest', 0))}",
                 f"gốc {format_vnd(p.get('principal', 0))}"]
        if p.get("from_savings"):
            parts.append(f"gốc từ tiết kiệm {format_vnd(p['from_savings'])}")
        if p.get("savings"):
            parts.append(f"gửi tiết kiệm {format_vnd(p['savings'])}")
        return ", ".join(parts)
    if kind == "loan.disburse":
        return f"giải ngân lần {p.get('tranche')}: {format_vnd(p.get('amount', 0))}"
    if kind == "application.decide":
        return "phê duyệt" if p.get("approved") else f"từ chối: {p.get('reason', '')}"
    if kind == "loan.freeze":
        return f"khoanh nợ: {p.get('reason', '')}"
    if kind in ("loan.extend", "loan.adjust"):
        final = p.get("new_final_date")
        return "gia hạn nợ" + (f" đến {format_date(dt.date.fromisoformat(final))}"
                               if final else "") if kind == "loan.extend" else "điều chỉnh kỳ hạn"
    return kind


def loans_of_household(book: Book, household_id: str) -> list[LoanRow]:
    rows = book.db.scalars(select(LoanModel).where(LoanModel.household_id == household_id)
                           .order_by(LoanModel.id)).all()
    return [loan_row_dataclass(r) for r in rows]


@dataclass(frozen=True)
class LoanRow:
    id: str
    contract_no: str | None
    programme_code: str
    household_id: str
    person_id: str | None
    group_id: str | None
    point_code: str
    status: str
    approved_amount: int
    disbursed: int
    outstanding: int
    principal_overdue: int
    principal_frozen: int
    next_due_date: dt.date | None


def loan_row_dataclass(r: LoanModel) -> LoanRow:
    return LoanRow(r.id, r.contract_no, r.programme_code, r.household_id, r.person_id,
                   r.group_id, r.point_code, r.status, r.approved_amount, r.disbursed,
                   r.outstanding, r.principal_overdue, r.principal_frozen, r.next_due_date)


def awaiting_disbursement(book: Book, point_code: str) -> list[LoanRow]:
    rows = book.db.scalars(select(LoanModel).where(LoanModel.point_code == point_code,
                                                   LoanModel.status == "approved")).all()
    return [loan_row_dataclass(r) for r in rows]

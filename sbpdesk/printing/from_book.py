"""Each printed document's data, built from an open book.

One function per document, `(book, key…) -> dataclass of printing.docs`. They only read: the
print log and the marks are `record`'s job (the functions return `copy_no` 0 with the demo
flag of the book; a reversed operation's receipt comes back `cancelled`). Figures come from
the services' own sources — the journal, the account snapshots, the domain `dues`/`replay` —
so what is printed is what the screens show. Balances "after" an operation or "at" a date are
the account replayed from the journal up to that point. A key that names nothing raises a
DomainError ("print_not_found") with a Vietnamese and an English message.

What the book does not hold (ID issue date and issuer, the use-of-funds table, the village
head, the office's address…) is left empty, and the document prints its dotted blank.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import or_, select

from sbpdesk.db.models import (
    AccountSnapshot,
    Application,
    AppUser,
    Group,
    Household,
    Loan,
    Office,
    Organisation,
    Person,
    Point,
    Receipt,
    SavingsAccount,
)
from sbpdesk.db.models import Authorisation as AuthorisationRow
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain import savings as domain_savings
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.dates import add_months, format_date
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.loan import LoanState
from sbpdesk.domain.text import name_sort_key
from sbpdesk.services import journal, posting
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry

from . import docs as D

CATEGORY = {"poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo", "escaped": "Hộ mới thoát nghèo"}
OWN_CONTRACT = {"job_creation": "07b/GQVL", "job_creation_pref": "07b/GQVL",
                "social_housing": ""}
JOB_CREATION_BASIS = ("Luật Việc làm số 74/2025/QH15", "Nghị định số 338/2025/NĐ-CP",
                      "Văn bản số 11055/HD-NHCS ngày 30/12/2025")
LIVE = ("active", "frozen")


# --- errors and small look-ups --------------------------------------------------------------

def not_found(what_vi: str, what_en: str, key: object) -> DomainError:
    return DomainError("print_not_found", f"Không tìm thấy {what_vi}: {key}",
                       f"{what_en} not found: {key}", field="key")


def _mark(book: Book, cancelled: bool = False) -> D.PrintMark:
    return D.PrintMark(copy_no=0, cancelled=cancelled, demo=book.demo)


def _user_name(book: Book, username: str | None) -> str:
    if not username:
        return ""
    row = book.db.get(AppUser, username)
    return row.full_name if row is not None else username


def _director_name(book: Book) -> str:
    for row in book.db.scalars(select(AppUser).where(AppUser.active.is_(True))
                               .order_by(AppUser.username)):
        if "director" in row.roles.split(","):
            return row.full_name
    return ""


def issuer(book: Book, point_code: str | None) -> D.Issuer:
    """Branch, office and (at a commune) point names, and the place for the date line."""
    point = book.db.get(Point, point_code) if point_code else None
    office_code = point.office_code if point is not None else book.office_code
    office = book.db.get(Office, office_code) if office_code else None
    office_name = office.name if office is not None else (office_code or "")
    branch = (office.branch_name if office is not None else None) or ""
    if point is None:
        place = _place_of_office(office_name)
        return D.Issuer(branch, office_name, "", place)
    return D.Issuer(branch, office_name, point.name, point.commune or point.name)


def _place_of_office(name: str) -> str:
    for word in ("huyện ", "thị xã ", "thành phố ", "quận "):
        if word in name:
            return name.split(word, 1)[1]
    return name


def _province(book: Book) -> str:
    office = book.db.get(Office, book.office_code) if book.office_code else None
    branch = (office.branch_name if office is not None else "") or ""
    for word in ("tỉnh ", "thành phố "):
        if word in branch:
            return branch.split(word, 1)[1]
    return ""


def programme_name(book: Book, code: str | None) -> str:
    prog = book.refs.programme(code or "")
    return prog.name_vi if prog is not None else (code or "")


def programme_short(book: Book, code: str | None) -> str:
    """"Cho vay hộ nghèo" → "Hộ nghèo" (table columns)."""
    name = programme_name(book, code)
    if name.lower().startswith("cho vay "):
        name = name[8:]
        name = name[:1].upper() + name[1:]
    return name


def rate_text(book: Book, code: str, on: dt.date | None) -> str:
    """Annual rate in force on a date as published: "6,6"; "" when the book has none."""
    rate = book.refs.rates.rate_on(code, on) if on else None
    return _decimal_text(rate) if rate is not None else ""


def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def contract_ref(loan_id: str, contract_no: str | None) -> D.ContractRef:
    """The office's contract number, or — before the office confirms one — a provisional
    number from the loan id, printed "(tạm)"."""
    if contract_no:
        return D.ContractRef(contract_no)
    return D.ContractRef(loan_id.replace("-", "")[-8:].upper(), provisional=True)


def household_no(h: Household | None) -> str:
    if h is None:
        return ""
    return h.customer_code or (f"{h.provisional_no} (tạm)" if h.provisional_no else "")


def _group_label(group: Group | None) -> str:
    return group.name if group is not None else ""


def _organisation_name(book: Book, group: Group | None) -> str:
    org = book.db.get(Organisation, group.organisation_code) if group is not None else None
    return org.name if org is not None else ""


def find_group(book: Book, key: str) -> Group:
    group = book.db.get(Group, key) or book.db.scalars(
        select(Group).where(Group.code == key)).first()
    if group is None:
        raise not_found("Tổ TK&VV", "Group", key)
    return group


def find_household(book: Book, key: str) -> Household:
    h = book.db.get(Household, key) or book.db.scalars(select(Household).where(
        or_(Household.customer_code == key, Household.provisional_no == key))).first()
    if h is None:
        raise not_found("hộ", "Household", key)
    return h


def find_point(book: Book, code: str) -> Point:
    point = book.db.get(Point, code)
    if point is None:
        raise not_found("điểm giao dịch", "Point", code)
    return point


def _representative(book: Book, household_id: str) -> Person | None:
    auth = book.db.scalars(select(AuthorisationRow).where(
        AuthorisationRow.household_id == household_id)
        .order_by(AuthorisationRow.signed_on.desc())).first()
    if auth is not None and (p := book.db.get(Person, auth.person_id)) is not None:
        return p
    people = book.db.scalars(select(Person).where(Person.household_id == household_id)).all()
    reps = [p for p in people if p.is_representative]
    return (reps or sorted(people, key=lambda p: name_sort_key(p.full_name)) or [None])[0]


# --- accounts replayed from the journal -----------------------------------------------------

def _account_ops(book: Book, kind: str, account_id: str) -> list[domain_op.Operation]:
    return [e.operation() for e in journal.account_entries(book.db, kind, account_id)]


def _replay(book: Book, kind: str, account_id: str | None,
            keep: Callable[[domain_op.Operation], bool]) -> Any:
    if not account_id:
        return None
    ops = [op for op in _account_ops(book, kind, account_id) if keep(op)]
    fold = domain_loan.replay if kind == "loan" else domain_savings.replay
    return fold(ops, book.refs) if ops else None


def _through(entry: domain_op.Operation) -> Callable[[domain_op.Operation], bool]:
    """Keep operations up to and including `entry` in canonical order (a reversal counts
    from its own place)."""
    key = domain_op.order_key(entry)
    return lambda op: domain_op.order_key(op) <= key


def _until(day: dt.date, inclusive: bool = True) -> Callable[[domain_op.Operation], bool]:
    return (lambda op: op.business_date <= day) if inclusive else (
        lambda op: op.business_date < day)


def loan_on(book: Book, snap: AccountSnapshot, day: dt.date) -> LoanState | None:
    """The loan at the end of `day` (the snapshot when nothing later happened to it)."""
    if snap.last_date is not None and snap.last_date <= day:
        return LoanState.from_dict(from_json(snap.state))
    return _replay(book, "loan", snap.account_id, _until(day))


def _is_reversed(book: Book, op_id: str) -> bool:
    from sbpdesk.services.reversals import is_reversed
    return is_reversed(book, op_id)


# --- receipts -------------------------------------------------------------------------------

def find_receipt(book: Book, number: str) -> tuple[str, Entry]:
    """A receipt by its number, or by the op_id of a collection, disbursement or group
    hand-over (hand-overs move no cash of their own, so they have no receipt row)."""
    row = book.db.get(Receipt, number) or book.db.scalars(
        select(Receipt).where(Receipt.op_id == number)).first()
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


def receipt(book: Book, number: str) -> D.Receipt:
    """The receipt of a collection, a disbursement or a group hand-over."""
    receipt_no, entry = find_receipt(book, number)
    cancelled = _is_reversed(book, entry.op_id)
    if entry.kind == "collection.record":
        return _collection_receipt(book, receipt_no, entry, cancelled)
    if entry.kind == "loan.disburse":
        return _disbursement_receipt(book, receipt_no, entry, cancelled)
    if entry.kind == "group.handover":
        return _handover_receipt(book, receipt_no, entry, cancelled)
    raise DomainError("print_unsupported",
                      f"Chưa có mẫu biên lai cho nghiệp vụ {entry.kind} (số {receipt_no}).",
                      f"No receipt layout for {entry.kind} (number {receipt_no}).")


def _collection_receipt(book: Book, number: str, e: Entry,
                        cancelled: bool) -> D.CollectionReceipt:
    p = e.payload
    person = book.db.get(Person, p.get("person_id") or "")
    household = book.db.get(Household, person.household_id) if person else None
    group = book.db.get(Group, p.get("group_id") or (household.group_id if household else "")
                        or "")
    loan_id = p.get("loan_id")
    loan = book.db.get(Loan, loan_id) if loan_id else None
    op = e.operation()
    outstanding = savings_balance = None
    if not cancelled:    # a cancelled receipt states no balance: the payment did not happen
        if loan_id:
            state = _replay(book, "loan", loan_id, _through(op))
            outstanding = state.outstanding if state is not None else None
        if p.get("savings_account_id"):
            s = _replay(book, "savings", p["savings_account_id"], _through(op))
            savings_balance = s.balance if s is not None else None
    point_code = p.get("point_code") or (household.point_code if household else None)
    return D.CollectionReceipt(
        issuer(book, point_code), number, e.business_date,
        person.full_name if person else "", interest=int(p.get("interest") or 0),
        principal=int(p.get("principal") or 0), savings=int(p.get("savings") or 0),
        from_savings=int(p.get("from_savings") or 0), bl_no=p.get("bl_no") or None,
        customer_code=household_no(household),
        address=(household.address or "") if household else "",
        group_name=_group_label(group), leader_name=(group.leader_name or "") if group else "",
        programme_name=programme_name(book, loan.programme_code) if loan else "",
        contract=contract_ref(loan_id, loan.contract_no) if loan else D.ContractRef(),
        savings_balance=savings_balance, outstanding=outstanding,
        teller_name=_user_name(book, e.actor), mark=_mark(book, cancelled))


def _disbursement_receipt(book: Book, number: str, e: Entry,
                          cancelled: bool) -> D.DisbursementReceipt:
    p = e.payload
    loan = book.db.get(Loan, p.get("loan_id") or "")
    state = _replay(book, "loan", p.get("loan_id"), _through(e.operation()))
    if loan is None and state is None:
        raise not_found("khoản vay của biên lai", "Loan of the receipt", number)
    person_id = (loan.person_id if loan else None) or (state.person_id if state else "")
    person = book.db.get(Person, person_id or "")
    household = book.db.get(Household, person.household_id) if person else None
    group = book.db.get(Group, (loan.group_id if loan else None) or
                        (state.group_id if state else "") or "")
    code = loan.programme_code if loan else state.programme_code
    contract_no = (loan.contract_no if loan else None) or (state.contract_no if state else "")
    point_code = (loan.point_code if loan else None) or (state.point_code if state else None)
    return D.DisbursementReceipt(
        issuer(book, point_code), number, e.business_date,
        person.full_name if person else "", int(p.get("amount") or 0),
        programme_name=programme_name(book, code),
        contract=contract_ref(p["loan_id"], contract_no), tranche=int(p.get("tranche") or 1),
        id_number=(person.id_number or "") if person else "",
        customer_code=household_no(household),
        address=(household.address or "") if household else "",
        group_name=_group_label(group), purpose=(loan.purpose or "") if loan else "",
        teller_name=_user_name(book, e.actor), controller_name=_user_name(book, e.approved_by),
        mark=_mark(book, cancelled))


def _handover_receipt(book: Book, number: str, e: Entry,
                      cancelled: bool) -> D.HandoverReceipt:
    p = e.payload
    group = book.db.get(Group, p.get("group_id") or "")
    members = []
    for op_id in p.get("collections") or []:
        c = journal.get(book.db, op_id)
        if c is None or _is_reversed(book, op_id):
            continue
        person = book.db.get(Person, c.payload.get("person_id") or "")
        members.append(D.HandoverMember(person.full_name if person else "",
                                        int(c.payload.get("interest") or 0),
                                        int(c.payload.get("savings") or 0)))
    return D.HandoverReceipt(
        issuer(book, group.point_code if group else None), number, e.business_date,
        _group_label(group), (group.leader_name or "") if group else "",
        interest=int(p.get("interest") or 0), savings=int(p.get("savings") or 0),
        counted=int(p.get("counted") or 0), members=tuple(members),
        organisation_name=_organisation_name(book, group),
        teller_name=_user_name(book, e.actor), mark=_mark(book, cancelled))


# --- the loan dossier -----------------------------------------------------------------------

def _application(book: Book, application_id: str) -> Application:
    app = book.db.get(Application, application_id)
    if app is None:
        raise not_found("hồ sơ vay", "Application", application_id)
    return app


def _loan_of_application(book: Book, application_id: str) -> Loan | None:
    return book.db.scalars(select(Loan).where(Loan.application_id == application_id)).first()


def decision(book: Book, app: Application) -> tuple[str, LoanState | None, dt.date | None]:
    """(status, loan state, decision date) of an application. The loan account is the
    authority: an application with a loan was approved, whatever its projection row says."""
    loan = _loan_of_application(book, app.id)
    snap = book.db.get(AccountSnapshot, ("loan", loan.id)) if loan is not None else None
    if snap is not None:
        state = LoanState.from_dict(from_json(snap.state))
        return "approved", state, state.approved_on or app.decided_on
    if app.status == "submitted":
        e = _decide_entry(book, app.id)
        if e is not None and not e.payload.get("approved"):
            return "refused", None, e.business_date
    return app.status, None, app.decided_on


def _decide_entry(book: Book, application_id: str) -> Entry | None:
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.kind == "application.decide",
        OperationRow.outcome.in_(("applied", "suspense")))).all()
    for row in rows:
        entry = journal.to_entry(row)
        if entry.payload.get("application_id") == application_id \
                and not _is_reversed(book, entry.op_id):
            return entry
    return None


def application(book: Book, application_id: str) -> D.LoanApplication:
    """01/TD from the submitted application, with the bank approval block once approved."""
    app = _application(book, application_id)
    person = book.db.get(Person, app.person_id)
    household = book.db.get(Household, app.household_id)
    group = book.db.get(Group, app.group_id or (household.group_id if household else "") or "")
    status, state, _ = decision(book, app)
    approval = None
    if status == "approved" and state is not None and state.approved_amount:
        approval = _bank_approval(book, app, state)
    return D.LoanApplication(
        issuer(book, app.point_code), programme_short(book, app.programme_code),
        person.full_name if person else "", app.amount, app.purpose or "",
        birth_date=person.birth_date if person else None,
        id_number=(person.id_number or "") if person else "",
        address=(household.address or "") if household else "",
        leader_name=(group.leader_name or "") if group else "",
        organisation_name=_organisation_name(book, group), term_months=app.term_months,
        frequency_months=app.frequency_months or app.term_months,
        final_date=state.final_date if state is not None and approval else None,
        commune_certification=app.programme_code.startswith("difficult_area"),
        date=app.submitted_on, approval=approval, mark=_mark(book))


def _bank_approval(book: Book, app: Application, state: LoanState) -> D.BankApproval:
    insts = state.instalments
    first = insts[0].amount + insts[0].carried if insts else 0
    last = insts[-1].amount + insts[-1].carried if insts else None
    point = book.db.get(Point, app.point_code or state.point_code)
    final = state.final_date or add_months(app.decided_on or app.submitted_on,
                                           state.term_months)
    return D.BankApproval(
        state.approved_amount, rate_text(book, app.programme_code,
                                         state.approved_on or app.decided_on),
        state.term_months, state.frequency_months or state.term_months, first, final,
        last_instalment_amount=last if last != first else None,
        overdue_rate_pct=book.refs.rules_at(state.approved_on or app.submitted_on)
        .overdue_multiplier_pct,
        interest_day=point.session_day if point is not None else None,
        date=state.approved_on or app.decided_on)


def authorisation(book: Book, household_id: str) -> D.Authorisation:
    """01/UQ of a household: its adult members, the representative first."""
    h = find_household(book, household_id)
    rep = _representative(book, h.id)
    people = book.db.scalars(select(Person).where(Person.household_id == h.id)).all()
    signed = book.db.scalars(select(AuthorisationRow.signed_on).where(
        AuthorisationRow.household_id == h.id)
        .order_by(AuthorisationRow.signed_on.desc())).first()
    on = signed or book.today()
    adults = [p for p in people if p.birth_date is None or _age(p.birth_date, on) >= 18]
    adults.sort(key=lambda p: (p.id != (rep.id if rep else None), name_sort_key(p.full_name)))
    rep_is_head = rep is not None and (rep.relation or "").lower() in ("chủ hộ", "")
    members = tuple(D.HouseholdMember(
        p.full_name, p.birth_date, p.id_number or "", h.address or "",
        "" if p is rep or (rep is not None and p.id == rep.id)
        else (_relation_to_head(p) if rep_is_head else ""))
        for p in adults)
    return D.Authorisation(issuer(book, h.point_code), household_size=len(people),
                           members=members, representative=0, date=signed,
                           mark=_mark(book))


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _relation_to_head(p: Person) -> str:
    rel = (p.relation or "").strip().lower()
    if rel in ("vợ/chồng", "vợ", "chồng"):
        return "Vợ" if p.sex == "F" else "Chồng"
    return rel[:1].upper() + rel[1:] if rel else ""


def find_loan(book: Book, key: str) -> Loan:
    loan = book.db.get(Loan, key) or book.db.scalars(
        select(Loan).where(Loan.contract_no == key)).first()
    if loan is None:
        raise not_found("khoản vay", "Loan", key)
    return loan


def contract(book: Book, loan_id: str) -> D.CreditContract:
    """The credit contract of a programme that has its own (job creation, social housing)."""
    loan = find_loan(book, loan_id)
    if loan.programme_code not in OWN_CONTRACT:
        name = programme_name(book, loan.programme_code)
        raise DomainError("print_no_contract",
                          f"Chương trình \"{name}\" không có hợp đồng tín dụng riêng: hồ sơ "
                          "vay là Giấy đề nghị vay vốn (01/TD) và Sổ vay vốn.",
                          f"The programme \"{name}\" has no credit contract of its own: print "
                          "the application (01/TD) and the loan book instead.")
    state = LoanState.from_dict(from_json(book.db.get(AccountSnapshot, ("loan", loan.id)).state))
    person = book.db.get(Person, loan.person_id or "")
    household = book.db.get(Household, loan.household_id)
    approved_on = state.approved_on or book.today()
    final = state.final_date or add_months(approved_on, state.term_months)
    job = loan.programme_code.startswith("job_creation")
    point = book.db.get(Point, loan.point_code)
    return D.CreditContract(
        issuer(book, loan.point_code), programme_name(book, loan.programme_code),
        OWN_CONTRACT[loan.programme_code], contract_ref(loan.id, loan.contract_no),
        approved_on.year, person.full_name if person else "", state.approved_amount,
        rate_text(book, loan.programme_code, approved_on), state.term_months, final,
        instalments=tuple(D.Instalment(i.due_date, i.amount + i.carried)
                          for i in state.instalments),
        purpose=loan.purpose or "",
        place_of_use=(f"Xã {point.commune}" if point is not None and point.commune else ""),
        birth_date=person.birth_date if person else None,
        id_number=(person.id_number or "") if person else "",
        address=(household.address or "") if household else "",
        phone=(person.phone or "") if person else "",
        representative_name=_director_name(book),
        legal_basis=JOB_CREATION_BASIS if job else (), date=state.approved_on,
        mark=_mark(book))


# --- 03/TD and 04/TD ------------------------------------------------------------------------

def _applications_of(book: Book, group_id: str, on: dt.date) -> list[Application]:
    apps = book.db.scalars(select(Application).where(
        Application.group_id == group_id, Application.submitted_on == on,
        Application.status != "reversed")).all()
    names = {a.id: (book.db.get(Person, a.person_id).full_name
                    if book.db.get(Person, a.person_id) else "") for a in apps}
    return sorted(apps, key=lambda a: name_sort_key(names[a.id]))


def _programmes_label(book: Book, codes: Iterable[str]) -> str:
    seen: list[str] = []
    for c in codes:
        name = programme_short(book, c)
        if name not in seen:
            seen.append(name)
    return "; ".join(seen)


def proposal(book: Book, group_id: str, on: dt.date) -> D.ProposalList:
    """03/TD: the group's applications submitted on `on` (its review meeting), with the bank's
    approved amount and term once decided (0 for a refusal)."""
    group = find_group(book, group_id)
    apps = _applications_of(book, group.id, on)
    if not apps:
        raise DomainError("print_not_found",
                          f"Tổ {group.name} không có hồ sơ đề nghị vay ngày {format_date(on)}.",
                          f"Group {group.code} has no loan applications dated {on.isoformat()}.",
                          field="date")
    point = book.db.get(Point, group.point_code)
    rows = []
    for a in apps:
        person = book.db.get(Person, a.person_id)
        household = book.db.get(Household, a.household_id)
        status, state, _ = decision(book, a)
        approved_amount = approved_term = None
        if status == "approved" and state is not None:
            approved_amount, approved_term = state.approved_amount, state.term_months
        elif status == "refused":
            approved_amount = 0
        category = CATEGORY.get(household.category if household else "", "") or \
            programme_short(book, a.programme_code)
        rows.append(D.ProposalRow(person.full_name if person else "", category, a.amount,
                                  a.purpose or "", a.term_months, approved_amount,
                                  approved_term))
    return D.ProposalList(
        issuer(book, group.point_code), group.name, group.leader_name or "",
        group.village or "", (point.commune or "") if point else "", _province(book),
        _programmes_label(book, (a.programme_code for a in apps)), on, tuple(rows), date=on,
        mark=_mark(book))


def approval(book: Book, application_id: str) -> D.ApprovalNotice:
    """04/TD answering the 03/TD list the application was on: the approved applications of
    its group submitted the same day."""
    app = _application(book, application_id)
    status, _, decided_on = decision(book, app)
    if status != "approved":
        raise DomainError("print_not_approved",
                          "Hồ sơ vay chưa được phê duyệt: chưa có thông báo kết quả phê duyệt.",
                          "The application is not approved: there is no approval notice.",
                          field="application")
    group = book.db.get(Group, app.group_id or "")
    apps = [a for a in (_applications_of(book, group.id, app.submitted_on) if group else [app])
            if decision(book, a)[0] == "approved" and decision(book, a)[2] == decided_on]
    rows, disbursed = [], []
    for a in apps:
        person = book.db.get(Person, a.person_id)
        loan = _loan_of_application(book, a.id)
        if loan is None:
            continue
        state = LoanState.from_dict(from_json(book.db.get(AccountSnapshot,
                                                          ("loan", loan.id)).state))
        note = "Giảm số tiền" if state.approved_amount < a.amount else ""
        if state.term_months and state.term_months != a.term_months:
            note = (note + "; " if note else "") + "Điều chỉnh thời hạn"
        rows.append(D.ApprovalRow(person.full_name if person else "",
                                  group.name if group else "",
                                  programme_short(book, a.programme_code),
                                  state.approved_amount, state.term_months, note))
        if state.first_disbursed_on:
            disbursed.append(state.first_disbursed_on)
    point = book.db.get(Point, app.point_code or (group.point_code if group else ""))
    decided = decided_on or app.submitted_on
    if disbursed:
        when = min(disbursed)
    elif point is not None:
        when = book.refs.calendar(point.code, point.session_day).next_session(decided)
    else:
        when = decided
    return D.ApprovalNotice(
        issuer(book, point.code if point else None), "……/TB-PGD",
        (point.commune or "") if point else "", app.submitted_on,
        group.name if group else "", _programmes_label(book, (a.programme_code for a in apps)),
        tuple(rows), when, (point.session_time or "") if point else "",
        (point.place or point.name) if point else "", date=decided,
        director_name=_user_name(book, _decider(book, app.id)), mark=_mark(book))


def _decider(book: Book, application_id: str) -> str | None:
    e = _decide_entry(book, application_id)
    return e.actor if e is not None else None


# --- 13/TD group statement ------------------------------------------------------------------

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


def statement(book: Book, group_id: str, on: dt.date, *,
              after: bool | None = None) -> D.GroupStatement:
    """13/TD of a group for the session on `on`.

    Before the session (no collection of the group stands on that date, or `after=False`):
    the dues — outstanding and interest due at `on`, savings balance before — with the paid
    columns blank. After it: what was collected that day per member and loan, the outstanding
    and savings balance after the session."""
    group = find_group(book, group_id)
    collections = _collections_on(book, group.id, on)
    if after is None:
        after = bool(collections)
    by_loan: dict[str | None, list[dict]] = defaultdict(list)
    for e in collections:
        by_loan[e.payload.get("loan_id")].append(e.payload)
    households = {h.id: h for h in book.db.scalars(
        select(Household).where(Household.group_id == group.id))}
    people = {p.id: p for p in book.db.scalars(
        select(Person).where(Person.household_id.in_(households)))} if households else {}
    accounts = {a.person_id: a for a in book.db.scalars(
        select(SavingsAccount).where(SavingsAccount.group_id == group.id)
        .order_by(SavingsAccount.opened_on))}
    contracts = {r.id: r.contract_no for r in book.db.scalars(
        select(Loan).where(Loan.group_id == group.id))}
    snaps = book.db.scalars(select(AccountSnapshot).where(
        AccountSnapshot.account_kind == "loan", AccountSnapshot.group_id == group.id)).all()
    lines: list[tuple] = []      # (sort key, person_id, StatementRow without savings balance)
    for snap in snaps:
        paid = by_loan.get(snap.account_id, [])
        before = _replay(book, "loan", snap.account_id, _until(on, inclusive=False))
        if (before is None or before.status not in LIVE) and not paid:
            continue
        person = people.get((before or LoanState(snap.account_id)).person_id) or \
            (people.get(paid[0].get("person_id")) if paid else None)
        if person is None:
            continue
        if before is not None:
            d = domain_loan.dues(before, on, book.refs)
            due, outstanding = d.interest_due, d.outstanding
            code = before.programme_code
        else:
            due, outstanding, code = 0, 0, snap.programme_code
        if after:
            state_after = _replay(book, "loan", snap.account_id, _until(on))
            outstanding = state_after.outstanding if state_after is not None else outstanding
        lines.append((person, code, contract_ref(snap.account_id,
                                                 contracts.get(snap.account_id)),
                      outstanding, due, paid))
    seen = {ln[0].id for ln in lines}
    for payload in by_loan.get(None, []):      # savings only, no loan
        person = people.get(payload.get("person_id"))
        if person is not None and person.id not in seen:
            lines.append((person, None, D.ContractRef(), 0, 0, by_loan[None]))
            seen.add(person.id)
    for person_id in accounts:    # members who only save
        person = people.get(person_id)
        if person is not None and person.id not in seen:
            lines.append((person, None, D.ContractRef(), 0, 0, []))
            seen.add(person.id)
    lines.sort(key=lambda ln: (name_sort_key(ln[0].full_name), ln[2].number))
    rows, balance_given = [], set()
    for person, code, ref, outstanding, due, paid in lines:
        mine = [p for p in paid if p.get("person_id") == person.id]
        acc = accounts.get(person.id)
        balance = None
        if person.id not in balance_given:
            balance_given.add(person.id)
            balance = _savings_balance(book, acc, on, after) if acc is not None else 0
        rows.append(D.StatementRow(
            person.full_name, programme_short(book, code) if code else "Tiết kiệm", ref,
            outstanding, due,
            interest_paid=sum(int(p.get("interest") or 0) for p in mine) if after else None,
            savings_deposited=sum(int(p.get("savings") or 0) for p in mine) if after else None,
            from_savings=sum(int(p.get("from_savings") or 0) for p in mine) if after else None,
            savings_balance=balance,
            customer_code=household_no(households.get(person.household_id))))
    return D.GroupStatement(issuer(book, group.point_code), group.name,
                            group.leader_name or "", _organisation_name(book, group), on,
                            tuple(rows), after_session=after, mark=_mark(book))


def _savings_balance(book: Book, acc: SavingsAccount, on: dt.date, after: bool) -> int:
    state = _replay(book, "savings", acc.id, _until(on, inclusive=after))
    return state.balance if state is not None else 0


# --- session report -------------------------------------------------------------------------

KIND_ORDER = ("Giải ngân", "Thu lãi", "Thu nợ gốc", "Thu nợ gốc từ tiền gửi", "Gửi tiết kiệm",
              "Rút tiền gửi", "Chi phí, hoa hồng", "Thừa quỹ", "Thiếu quỹ",
              "Tổ trưởng giao nộp tiền", "Nhận hồ sơ vay vốn", "Đăng ký khách hàng",
              "Đề nghị điều chỉnh", "Khác")
_LABELS = {"application.submit": "Nhận hồ sơ vay vốn", "household.register": "Đăng ký khách hàng",
           "person.register": "Đăng ký khách hàng", "contact.update": "Đăng ký khách hàng",
           "loan.change_request": "Đề nghị điều chỉnh", "reversal.request": "Đề nghị điều chỉnh"}


def session_report(book: Book, session_id: str) -> D.SessionReport:
    """The closed session's postings by kind and group, its cash count and journal head."""
    s = book.db.get(SessionRow, session_id)
    if s is None:
        raise not_found("phiên giao dịch", "Session", session_id)
    if s.status != "closed" or s.head_seq is None:
        raise DomainError("print_session_open",
                          "Phiên giao dịch chưa đóng: báo cáo phiên được in sau khi đóng phiên.",
                          "The session is still open: its report is printed after closing.",
                          field="session")
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.session_id == s.id,
        OperationRow.outcome.in_(("applied", "suspense")))).all()
    entries = [journal.to_entry(r) for r in rows]
    skip = domain_op.reversed_targets(e.operation() for e in entries)
    groups = {g.id: g for g in book.db.scalars(select(Group).where(
        Group.point_code == s.point_code))}
    lines: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])

    def add(label: str, group_id: str | None, amount: int, cash_in: int = 0,
            cash_out: int = 0) -> None:
        g = groups.get(group_id or "")
        line = lines[(label, g.name if g is not None else "")]
        line[0] += 1
        line[1] += amount
        line[2] += cash_in
        line[3] += cash_out

    for e in entries:
        if e.op_id in skip or e.kind in (domain_op.REVERSE, "session.open", "session.close"):
            continue
        p = e.payload
        if e.kind == "collection.record":
            for label, col, cash in (("Thu lãi", "interest", True),
                                     ("Thu nợ gốc", "principal", True),
                                     ("Gửi tiết kiệm", "savings", True),
                                     ("Thu nợ gốc từ tiền gửi", "from_savings", False)):
                amount = int(p.get(col) or 0)
                if amount:
                    add(label, p.get("group_id"), amount, amount if cash else 0)
        elif e.kind == "loan.disburse":
            loan = book.db.get(Loan, p.get("loan_id") or "")
            amount = int(p.get("amount") or 0)
            add("Giải ngân", loan.group_id if loan else None, amount, cash_out=amount)
        elif e.kind in ("savings.withdraw", "fee.pay"):
            amount = -posting.cash_amount(e.kind, p)
            acc = book.db.get(SavingsAccount, p.get("savings_account_id") or "")
            add("Rút tiền gửi" if e.kind == "savings.withdraw" else "Chi phí, hoa hồng",
                acc.group_id if acc else p.get("group_id"), amount, cash_out=amount)
        elif e.kind == "session.cash_difference":
            amount = int(p.get("amount") or 0)
            add("Thừa quỹ" if amount > 0 else "Thiếu quỹ", p.get("group_id"), abs(amount),
                cash_in=max(amount, 0), cash_out=max(-amount, 0))
        elif e.kind == "group.handover":
            add("Tổ trưởng giao nộp tiền", p.get("group_id"),
                int(p.get("interest") or 0) + int(p.get("savings") or 0))
        else:
            add(_LABELS.get(e.kind, "Khác"), p.get("group_id"), 0)
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    group_order = {g.name: g.code for g in groups.values()}
    postings = tuple(D.PostingLine(kind, group, n, amount, cash_in, cash_out)
                     for (kind, group), (n, amount, cash_in, cash_out) in sorted(
                         lines.items(), key=lambda kv: (order.get(kv[0][0], 99),
                                                        group_order.get(kv[0][1], ""))))
    counted = from_json(s.counted) if s.counted else {}
    cash = tuple(D.CashCount(int(d), int(n)) for d, n in
                 sorted(counted.items(), key=lambda kv: -int(kv[0])) if int(n))
    return D.SessionReport(
        issuer(book, s.point_code), s.id, s.business_date, _user_name(book, s.teller),
        _user_name(book, s.controller), s.opening_cash, postings, cash,
        s.expected_total if s.expected_total is not None else s.opening_cash,
        s.head_seq, s.head_hash or "", reversed_count=len(skip & {e.op_id for e in entries}),
        mark=_mark(book))


# --- overdue and due-next-month lists -------------------------------------------------------

def _live_loans(book: Book, point_code: str, as_of: dt.date) -> list[tuple[LoanState, Any]]:
    """(state at the end of as_of, advanced to as_of; snapshot) of the point's loans that
    have a balance then."""
    out = []
    for snap in book.db.scalars(select(AccountSnapshot).where(
            AccountSnapshot.account_kind == "loan", AccountSnapshot.point_code == point_code)):
        state = loan_on(book, snap, as_of)
        if state is None or state.status not in LIVE or not state.outstanding:
            continue
        out.append((domain_loan.advance(state, as_of, book.refs) or state, snap))
    return out


def due_list(book: Book, point_code: str, as_of: dt.date,
             kind: str = "overdue") -> D.DueList:
    """Loans with overdue principal or interest at `as_of` (kind "overdue"), or with an
    instalment falling due in the month after as_of ("due_next_month"), per group."""
    if kind not in ("overdue", "due_next_month"):
        raise DomainError("print_bad_kind", f"Loại danh sách không hợp lệ: {kind}",
                          f"Unknown list kind: {kind}")
    point = find_point(book, point_code)
    next_month = add_months(dt.date(as_of.year, as_of.month, 1), 1)
    by_group: dict[str, list[D.DueRow]] = defaultdict(list)
    contracts = {r.id: r.contract_no for r in book.db.scalars(
        select(Loan).where(Loan.point_code == point.code))}
    for state, _ in _live_loans(book, point.code, as_of):
        ref = contract_ref(state.loan_id, contracts.get(state.loan_id))
        person = book.db.get(Person, state.person_id or "")
        name = person.full_name if person else ""
        prog = programme_short(book, state.programme_code)
        if kind == "overdue":
            if not (state.principal_overdue or state.interest_overdue):
                continue
            overdue = [i.due_date for i in state.instalments if i.overdue and i.unpaid]
            due_date = min(overdue) if overdue else (state.classified_on or as_of)
            row = D.DueRow(name, prog, ref, due_date, state.principal_overdue,
                           state.interest_overdue + state.interest_in_term,
                           state.outstanding, max((as_of - due_date).days, 0))
        else:
            insts = [i for i in state.instalments if i.unpaid and not i.overdue
                     and (i.due_date.year, i.due_date.month) == (next_month.year,
                                                                  next_month.month)]
            if not insts or state.status != "active":
                continue
            due_date = insts[0].due_date
            d = domain_loan.dues(state, due_date, book.refs)
            row = D.DueRow(name, prog, ref, due_date, sum(i.unpaid for i in insts),
                           d.interest_due, state.outstanding)
        by_group[state.group_id].append(row)
    groups = []
    for group_id, rows in by_group.items():
        g = book.db.get(Group, group_id or "")
        groups.append((g.code if g else "", D.DueGroup(
            g.name if g else "", (g.leader_name or "") if g else "",
            tuple(sorted(rows, key=lambda r: name_sort_key(r.name))))))
    groups.sort(key=lambda x: x[0])
    label = f"Tháng {next_month.month:02d}/{next_month.year}" if kind == "due_next_month" \
        else ""
    return D.DueList(issuer(book, point.code), kind, as_of, tuple(g for _, g in groups),
                     period_label=label, mark=_mark(book))


# --- public notice --------------------------------------------------------------------------

NOTICE_RULES = (
    "Người vay mang theo Sổ vay vốn và thẻ Căn cước khi đến giao dịch.",
    "Nhận biên lai sau mỗi lần nộp tiền; kiểm tra số tiền ghi trên biên lai.",
    "Tổ trưởng Tổ TK&VV không được thu nợ gốc của tổ viên; nợ gốc nộp trực tiếp tại Điểm "
    "giao dịch xã hoặc trụ sở Ngân hàng Chính sách xã hội.",
    "Mọi thắc mắc, góp ý xin bỏ vào hòm thư góp ý đặt tại Điểm giao dịch.",
)


def notice(book: Book, point_code: str, as_of: dt.date, *, sessions: int = 3) -> D.PublicNotice:
    """Niêm yết công khai of a point: programme rates in force at as_of (book.refs), the
    next sessions, rules (from the rule set in force), active borrowers with balance and
    next due date."""
    point = find_point(book, point_code)
    refs = book.refs
    rates = []
    for code, prog in refs.programmes.items():
        rate = refs.rates.rate_on(code, as_of)
        if rate is None:
            continue
        monthly = (rate / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        rates.append(D.RateLine(prog.name_vi, _decimal_text(rate),
                                format(monthly, "f").replace(".", ","),
                                _rate_since(refs, code, as_of)))
    cal = refs.calendar(point.code, point.session_day)
    first = cal.session_on(as_of.year, as_of.month)
    day = first if first >= as_of else cal.next_session(as_of)
    dates = [day]
    while len(dates) < sessions:
        dates.append(cal.next_session(dates[-1]))
    place = point.place or point.name
    rules = refs.rules_at(as_of)
    rule_lines = (*NOTICE_RULES[:3],
                  f"Nợ quá hạn chịu lãi suất bằng {rules.overdue_multiplier_pct}% lãi suất khi "
                  "cho vay; trả lãi, trả nợ đúng hạn để tránh phát sinh nợ quá hạn.",
                  f"Tổ viên gửi tiết kiệm tối thiểu {_money(rules.savings_min_deposit)} mỗi lần.",
                  NOTICE_RULES[3])
    borrowers = []
    groups = {g.id: g for g in book.db.scalars(select(Group).where(
        Group.point_code == point.code))}
    for state, _ in _live_loans(book, point.code, as_of):
        d = domain_loan.dues(state, as_of, refs)
        nxt = d.next_due
        person = book.db.get(Person, state.person_id or "")
        g = groups.get(state.group_id)
        borrowers.append(D.BorrowerLine(person.full_name if person else "",
                                        g.name if g else "",
                                        programme_short(book, state.programme_code),
                                        state.outstanding, nxt[0] if nxt else None,
                                        nxt[1] if nxt else None))
    borrowers.sort(key=lambda b: (b.group_name, name_sort_key(b.name)))
    return D.PublicNotice(issuer(book, point.code), as_of, tuple(rates),
                          tuple(D.SessionDate(d_, point.session_time or "", place)
                                for d_ in dates), rule_lines, tuple(borrowers),
                          mark=_mark(book))


def _money(amount: int) -> str:
    from sbpdesk.domain.money import format_vnd
    return format_vnd(amount)


def _rate_since(refs: Any, code: str, as_of: dt.date) -> dt.date | None:
    """The date the rate in force at as_of took effect (its last change on or before)."""
    bounds = set()
    for e in refs.rates.entries:
        if e.programme == code:
            bounds.add(e.effective_from)
            if e.until:
                bounds.add(e.until + dt.timedelta(days=1))
    since = None
    for b in sorted(x for x in bounds if x <= as_of):
        if refs.rates.rate_on(code, b) != refs.rates.rate_on(code, b - dt.timedelta(days=1)):
            since = b
    return since


# --- loan book page -------------------------------------------------------------------------

_MOVEMENT = {"loan.disburse": "Giải ngân", "collection.record": "Thu nợ gốc",
             "loan.freeze": "Khoanh nợ", "loan.unfreeze": "Hết thời gian khoanh nợ",
             "loan.write_off": "Xóa nợ", "loan.extend": "Gia hạn nợ",
             "loan.adjust": "Điều chỉnh kỳ hạn trả nợ",
             "loan.transfer_overdue": "Chuyển nợ quá hạn",
             "suspense.resolve": "Xử lý tiền treo"}


def loanbook(book: Book, household_id: str) -> D.LoanBookPage:
    """Sổ vay vốn page of a household: each loan and every movement of its principal."""
    h = find_household(book, household_id)
    rep = _representative(book, h.id)
    loans = book.db.scalars(select(Loan).where(Loan.household_id == h.id)).all()
    out = []
    for loan in sorted(loans, key=lambda r: (r.contract_no or "", r.id)):
        ops = domain_op.effective(_account_ops(book, "loan", loan.id))
        state: LoanState | None = None
        movements = []
        for op in ops:
            prev = state
            state = domain_loan.apply(state, op, book.refs)
            if state is None:
                continue
            before_out = prev.outstanding if prev is not None else 0
            before_buckets = (prev.principal_in_term, prev.principal_overdue,
                              prev.principal_frozen) if prev is not None else (0, 0, 0)
            after = (state.principal_in_term, state.principal_overdue, state.principal_frozen)
            disbursed = int(op.payload.get("amount") or 0) if op.kind == "loan.disburse" else 0
            repaid = max(before_out - state.outstanding, 0) if op.kind != "loan.write_off" \
                else 0
            if not disbursed and not repaid and after == before_buckets:
                continue
            desc = _MOVEMENT.get(op.kind, op.kind)
            if op.kind == "collection.record" and int(op.payload.get("from_savings") or 0) \
                    and not int(op.payload.get("principal") or 0):
                desc = "Thu nợ gốc từ tiền gửi"
            if op.kind == "loan.disburse":
                desc = f"Giải ngân lần {op.payload.get('tranche') or 1}"
            movements.append(D.LoanMovement(op.business_date, desc, disbursed, repaid,
                                            state.outstanding, *after))
        if state is None:
            continue
        out.append(D.LoanBookLoan(
            programme_name(book, loan.programme_code), contract_ref(loan.id, loan.contract_no),
            state.approved_amount,
            rate_text(book, loan.programme_code, state.first_disbursed_on or state.approved_on),
            state.term_months, state.first_disbursed_on, state.final_date, tuple(movements)))
    group = book.db.get(Group, h.group_id or "")
    signed = book.db.scalars(select(AuthorisationRow.signed_on).where(
        AuthorisationRow.household_id == h.id)
        .order_by(AuthorisationRow.signed_on.desc())).first()
    return D.LoanBookPage(issuer(book, h.point_code), household_no(h),
                          rep.full_name if rep else "", h.address or "", tuple(out),
                          book.today(), group_name=_group_label(group),
                          authorisation_date=signed, mark=_mark(book))

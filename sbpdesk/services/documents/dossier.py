"""The loan dossier: the application (01/TD) with the bank's approval once approved, the
household's authorisation (01/UQ), the credit contract of the programmes that have one."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from sbpdesk.db.models import (
    AccountSnapshot,
    Application,
    Group,
    Household,
    Loan,
    Person,
    Point,
)
from sbpdesk.db.models import Authorisation as AuthorisationRow
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.dates import add_months
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.loan import LoanState
from sbpdesk.domain.schedule import Instalment as ScheduleInstalment
from sbpdesk.domain.schedule import build_schedule
from sbpdesk.domain.text import name_sort_key
from sbpdesk.services import journal
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry

from .common import (
    contract_ref,
    director_name,
    find_household,
    find_loan,
    is_reversed,
    issuer,
    mark,
    not_found,
    organisation_name,
    programme_name,
    programme_short,
    rate_text,
    representative,
)
from .data import (
    Authorisation,
    BankApproval,
    CreditContract,
    HouseholdMember,
    Instalment,
    LoanApplication,
)

OWN_CONTRACT = {"job_creation": "07b/GQVL", "job_creation_pref": "07b/GQVL",
                "social_housing": ""}
# The laws a job-creation contract cites, by the date they took effect: a contract cites
# those in force on its own date (a 2024 contract cited the 2025 law).
JOB_CREATION_BASIS = (
    (dt.date(2026, 1, 1), ("Luật Việc làm số 74/2025/QH15", "Nghị định số 338/2025/NĐ-CP",
                           "Văn bản số 11055/HD-NHCS ngày 30/12/2025")),
    (dt.date(2015, 9, 1), ("Luật Việc làm số 38/2013/QH13",
                           "Nghị định số 61/2015/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định số "
                           "74/2019/NĐ-CP và Nghị định số 104/2022/NĐ-CP")),
)


def job_creation_basis(on: dt.date | None) -> tuple[str, ...]:
    """The legal basis in force on the contract's date (the latest when it has none)."""
    for since, basis in JOB_CREATION_BASIS:
        if on is None or on >= since:
            return basis
    return ()


def find_application(book: Book, application_id: str) -> Application:
    app = book.db.get(Application, application_id)
    if app is None:
        raise not_found("hồ sơ vay", "Application", application_id)
    return app


def loan_of_application(book: Book, application_id: str) -> Loan | None:
    return book.db.scalars(select(Loan).where(Loan.application_id == application_id)).first()


def decision(book: Book, app: Application) -> tuple[str, LoanState | None, dt.date | None]:
    """(status, loan state, decision date) of an application. The loan account is the
    authority: an application with a loan was approved, whatever its projection row says."""
    loan = loan_of_application(book, app.id)
    snap = book.db.get(AccountSnapshot, ("loan", loan.id)) if loan is not None else None
    if snap is not None:
        state = LoanState.from_dict(from_json(snap.state))
        return "approved", state, state.approved_on or app.decided_on
    if app.status == "submitted":
        e = decide_entry(book, app.id)
        if e is not None and not e.payload.get("approved"):
            return "refused", None, e.business_date
    return app.status, None, app.decided_on


def decide_entry(book: Book, application_id: str) -> Entry | None:
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.kind == "application.decide",
        OperationRow.outcome.in_(("applied", "suspense")))).all()
    for row in rows:
        entry = journal.to_entry(row)
        if entry.payload.get("application_id") == application_id \
                and not is_reversed(book, entry.op_id):
            return entry
    return None


def application(book: Book, application_id: str) -> LoanApplication:
    """01/TD from the submitted application, with the bank approval block once approved."""
    app = find_application(book, application_id)
    person = book.db.get(Person, app.person_id)
    household = book.db.get(Household, app.household_id)
    group = book.db.get(Group, app.group_id or (household.group_id if household else "") or "")
    status, state, _ = decision(book, app)
    approval = None
    if status == "approved" and state is not None and state.approved_amount:
        approval = _bank_approval(book, app, state)
    return LoanApplication(
        issuer(book, app.point_code, app.submitted_on),
        programme_short(book, app.programme_code),
        person.full_name if person else "", app.amount, app.purpose or "",
        birth_date=person.birth_date if person else None,
        id_number=(person.id_number or "") if person else "",
        address=(household.address or "") if household else "",
        leader_name=(group.leader_name or "") if group else "",
        organisation_name=organisation_name(book, group, app.submitted_on),
        term_months=app.term_months,
        frequency_months=app.frequency_months or app.term_months,
        final_date=approval.final_date if approval else None,
        commune_certification=app.programme_code.startswith("difficult_area"),
        date=app.submitted_on, approval=approval, mark=mark(book))


def _bank_approval(book: Book, app: Application, state: LoanState) -> BankApproval:
    decided = state.approved_on or app.decided_on or app.submitted_on
    insts = contracted_schedule(book, state, decided)
    first = insts[0].amount if insts else 0
    last = insts[-1].amount if insts else None
    point = book.db.get(Point, app.point_code or state.point_code)
    final = insts[-1].due_date if insts else (
        state.final_date or add_months(decided, state.term_months))
    return BankApproval(
        state.approved_amount, rate_text(book, app.programme_code,
                                         state.approved_on or app.decided_on),
        state.term_months, state.frequency_months or state.term_months, first, final,
        last_instalment_amount=last if last != first else None,
        overdue_rate_pct=book.refs.rules_at(state.approved_on or app.submitted_on)
        .overdue_multiplier_pct,
        interest_day=_session_day_on(book, point, decided),
        date=state.approved_on or app.decided_on)


def _session_day_on(book: Book, point: Point | None, day: dt.date) -> int | None:
    """The point's session day in force on the decision's date (a moved day counts from its
    date, decisions/0076; the row holds the day after the last move)."""
    if point is None or not point.session_day:
        return None
    return book.refs.calendar(point.code, point.session_day).day_on(day)


def authorisation(book: Book, household_id: str) -> Authorisation:
    """01/UQ of a household: its adult members, the representative first."""
    h = find_household(book, household_id)
    rep = representative(book, h.id)
    people = book.db.scalars(select(Person).where(Person.household_id == h.id)).all()
    signed = book.db.scalars(select(AuthorisationRow.signed_on).where(
        AuthorisationRow.household_id == h.id)
        .order_by(AuthorisationRow.signed_on.desc())).first()
    on = signed or book.today()
    adults = [p for p in people if p.birth_date is None or _age(p.birth_date, on) >= 18]
    adults.sort(key=lambda p: (p.id != (rep.id if rep else None), name_sort_key(p.full_name)))
    rep_is_head = rep is not None and (rep.relation or "").lower() in ("chủ hộ", "")
    members = tuple(HouseholdMember(
        p.full_name, p.birth_date, p.id_number or "", h.address or "",
        "" if p is rep or (rep is not None and p.id == rep.id)
        else (_relation_to_head(p) if rep_is_head else ""))
        for p in adults)
    return Authorisation(issuer(book, h.point_code, on), household_size=len(people),
                         members=members, representative=0, date=signed,
                         mark=mark(book))


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _relation_to_head(p: Person) -> str:
    rel = (p.relation or "").strip().lower()
    if rel in ("vợ/chồng", "vợ", "chồng"):
        return "Vợ" if p.sex == "F" else "Chồng"
    return rel[:1].upper() + rel[1:] if rel else ""


def contract(book: Book, loan_id: str) -> CreditContract:
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
    insts = contracted_schedule(book, state, approved_on)
    final = insts[-1].due_date if insts else add_months(approved_on, state.term_months)
    job = loan.programme_code.startswith("job_creation")
    point = book.db.get(Point, loan.point_code)
    who = issuer(book, loan.point_code, approved_on)   # the names of the contract's date
    return CreditContract(
        who, programme_name(book, loan.programme_code),
        OWN_CONTRACT[loan.programme_code], contract_ref(loan.id, loan.contract_no),
        approved_on.year, person.full_name if person else "", state.approved_amount,
        rate_text(book, loan.programme_code, approved_on), state.term_months, final,
        instalments=tuple(Instalment(i.due_date, i.amount) for i in insts),
        purpose=loan.purpose or "",
        place_of_use=(f"Xã {who.place}" if point is not None and who.place else ""),
        birth_date=person.birth_date if person else None,
        id_number=(person.id_number or "") if person else "",
        address=(household.address or "") if household else "",
        phone=(person.phone or "") if person else "",
        representative_name=director_name(book),
        legal_basis=job_creation_basis(state.approved_on) if job else (),
        date=state.approved_on,
        mark=mark(book))


def contracted_schedule(book: Book, state: LoanState,
                        decided: dt.date) -> tuple[ScheduleInstalment, ...]:
    """The instalments the contract agreed: the approved amount split from the first
    disbursement (for a loan not yet disbursed, the point's next session after the decision)
    as the fold splits it. Not the loan's instalments today: an unpaid instalment that rolled
    forward keeps only what was paid and the next one grew by the rest, so adding back what
    it carried printed that money twice (52.500.000 for a 50.000.000 loan). A loan whose
    schedule cannot be rebuilt (opened from the core with its remaining instalments only)
    prints the instalments it has."""
    refs = book.refs
    cal = refs.calendar(state.point_code)
    start = state.first_disbursed_on or cal.next_session(decided)
    try:
        return build_schedule(state.approved_amount, start, state.term_months,
                              state.frequency_months or state.term_months, cal,
                              state.first_due, refs.rules_at(start).cancelled_session_shift,
                              state.instalment_unit)
    except DomainError:
        return tuple(ScheduleInstalment(i.due_date, i.amount) for i in state.instalments)

"""Loan applications: submission at a point (01/TD, listed on 03/TD) and the office's decision
(04/TD), which creates the loan account with an office-assigned contract number.

The decision's payload carries the loan's identity (household, person, group, point,
programme, funding source) because the loan account replays only its own operations.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import Application, Group, Household, Loan, Person
from sbpdesk.domain import application as domain_app
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.programmes import regime_code
from sbpdesk.domain.rates import regime_rate_code, require_rate
from sbpdesk.domain.schedule import first_due_after_study
from sbpdesk.domain.text import nfc
from sbpdesk.services import absent, auth, journal, plans, posting
from sbpdesk.services.auth import ANY, Approval
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.loans import apply_and_project
from sbpdesk.services.posting import Command, applier, decider, replace


@dataclass(frozen=True)
class ApplicationRow:
    id: str
    household_id: str
    person_id: str
    group_id: str | None
    point_code: str | None
    programme_code: str
    amount: int
    term_months: int
    frequency_months: int | None
    purpose: str | None
    funding_source: str | None
    status: str
    submitted_on: dt.date
    decided_on: dt.date | None


def _row(a: Application) -> ApplicationRow:
    return ApplicationRow(a.id, a.household_id, a.person_id, a.group_id, a.point_code,
                          a.programme_code, a.amount, a.term_months, a.frequency_months,
                          a.purpose, a.funding_source, a.status, a.submitted_on, a.decided_on)


def _int(p: dict, name: str) -> int:
    value = p.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise DomainError("number_required", f"Thiếu hoặc sai số liệu: {name}",
                          f"Missing or invalid number: {name}", field=name)
    return value


@dataclass(frozen=True)
class NewApplication:
    """What the officer types on 01/TD."""
    household_id: str
    person_id: str
    group_id: str | None
    programme_code: str
    amount: int
    term_months: int
    frequency_months: int | None
    purpose: str


def submit(book: Book, new: NewApplication, *, business_date: dt.date,
           session_id: str | None = None) -> Written:
    """Record a loan application at the point (application.submit), for the office to decide."""
    return written(posting.post(book, "application.submit", {
        "household_id": new.household_id, "person_id": new.person_id,
        "group_id": new.group_id, "programme_code": new.programme_code, "amount": new.amount,
        "term_months": new.term_months, "frequency_months": new.frequency_months,
        "purpose": new.purpose}, business_date=business_date, session_id=session_id))


@decider("application.submit")
def _decide_submit(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    household = book.db.get(Household, p.get("household_id") or "")
    if household is None:
        raise DomainError("unknown_household", "Không tìm thấy hộ vay.", "Household not found.",
                          field="household_id")
    person = book.db.get(Person, p.get("person_id") or "")
    if person is None or person.household_id != household.id:
        raise DomainError("person_not_in_household", "Người vay không thuộc hộ này.",
                          "The borrower is not a member of this household.", field="person_id")
    group_id = p.get("group_id") or household.group_id
    if group_id and book.db.get(Group, group_id) is None:
        raise DomainError("unknown_group", "Không tìm thấy Tổ TK&VV.", "Group not found.",
                          field="group_id")
    amount, term = _int(p, "amount"), _int(p, "term_months")
    frequency = p.get("frequency_months") or term
    funding = p.get("funding_source") or "central"
    programme = book.refs.programme(p.get("programme_code") or "")
    domain_app.check_application(programme, amount, term, household.category,
                                 frequency_months=frequency, funding_source=funding,
                                 contract_date=cmd.business_date)
    investor = nfc((p.get("investor_code") or "").strip())
    if funding == "local" and not investor:
        # the office's local-budget report needs whose budget lent it (decisions/0107)
        raise DomainError("investor_code_required",
                          "Vốn địa phương: cần nhập mã nhà đầu tư (ngân sách ủy thác).",
                          "Local funds: enter the investor code (the entrusting budget).",
                          field="investor_code")
    purpose = nfc((p.get("purpose") or "").strip())
    if not purpose:
        raise DomainError("purpose_required", "Cần ghi mục đích sử dụng vốn vay.",
                          "The purpose of the loan is required.", field="purpose")
    payload = {"application_id": p.get("application_id") or uuid7(),
               "household_id": household.id, "person_id": person.id, "group_id": group_id,
               "point_code": household.point_code, "programme_code": programme.code,
               "amount": amount, "term_months": term, "frequency_months": frequency,
               "purpose": purpose, "funding_source": funding,
               **({"investor_code": investor} if funding == "local" else {}),
               "study_end": p.get("study_end")}
    return replace(cmd, payload=payload)


@applier("application.submit")
def _apply_submit(book: Book, e: Entry) -> None:
    p = e.payload
    if absent.exists(book, Application, p["application_id"]):
        return
    absent.add(book, Application(
        id=p["application_id"], household_id=p["household_id"], person_id=p["person_id"],
        group_id=p.get("group_id"), point_code=p.get("point_code"),
        programme_code=p["programme_code"], amount=p["amount"], term_months=p["term_months"],
        frequency_months=p.get("frequency_months"), purpose=p.get("purpose"),
        funding_source=p.get("funding_source"), status="submitted",
        submitted_on=e.business_date), p["application_id"])


def next_contract_no(book: Book, on: dt.date) -> str:
    """Office contract numbers: <office>-<year>-<5 digits>, counted per office and year."""
    prefix = f"{book.office_code}-{on.year}-"
    count = book.db.scalar(select(func.count()).select_from(Loan)
                           .where(Loan.contract_no.like(prefix + "%"))) or 0
    return f"{prefix}{count + 1:05d}"


@decider("application.decide")
def _decide_decide(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    app = book.db.get(Application, p.get("application_id") or "")
    if app is None:
        raise DomainError("unknown_application", "Không tìm thấy hồ sơ vay.",
                          "Unknown application.", field="application_id")
    approved = bool(p.get("approved"))
    domain_app.check_decide(domain_app.ApplicationState(app.id, status=app.status), approved)
    if not approved:
        reason = (p.get("reason") or "").strip()
        if not reason:
            raise DomainError("reason_required", "Cần ghi lý do từ chối.",
                              "A reason for the refusal is required.", field="reason")
        return replace(cmd, payload={"application_id": app.id, "approved": False,
                                     "reason": nfc(reason), "loan_id": None,
                                     "contract_no": None, "amount": 0, "term_months": 0,
                                     "frequency_months": 0, "first_due": None,
                                     **_checked(p)})
    amount = p.get("amount") or app.amount
    term = p.get("term_months") or app.term_months
    frequency = p.get("frequency_months") or app.frequency_months or term
    household = book.db.get(Household, app.household_id)
    programme = book.refs.programme(app.programme_code)
    domain_app.check_application(programme, amount, term,
                                 household.category if household else None,
                                 frequency_months=frequency, contract_date=cmd.business_date)
    exception = _check_list_and_plan(book, app, household, programme, amount, p,
                                     cmd.business_date)
    priority = bool(p.get("priority"))      # Decree 338 priority borrower (poor rate)
    regime = regime_code(programme, cmd.business_date, priority)
    require_rate(book.refs.rates, regime_rate_code(app.programme_code, regime),
                 cmd.business_date)
    payload = {"application_id": app.id, "approved": True, "reason": p.get("reason") or "",
               "loan_id": p.get("loan_id") or uuid7(),
               "contract_no": p.get("contract_no") or next_contract_no(book, cmd.business_date),
               "amount": amount, "term_months": term, "frequency_months": frequency,
               "first_due": p.get("first_due") or _first_due(book, programme, app, p),
               "household_id": app.household_id,
               "person_id": app.person_id, "group_id": app.group_id,
               "point_code": app.point_code, "programme_code": app.programme_code,
               "funding_source": app.funding_source, **_checked(p)}
    investor = _investor_code(book, app.id)
    if investor:    # local funds: whose budget, as submitted (decisions/0107)
        payload["investor_code"] = investor
    if regime:      # the regime of the contract's date, recorded as decided (decisions/0076)
        payload["regime"] = regime
    if priority:
        payload["priority"] = True
    if exception:   # approved although not on the commune's list (decisions/0190)
        payload["list_exception"] = exception
    unit = book.refs.rules_at(cmd.business_date).instalment_unit
    if unit > 1:    # the rounding the schedule is built with, fixed now (decisions/0175)
        payload["instalment_unit"] = unit
    return replace(cmd, payload=payload)


def _check_list_and_plan(book: Book, app: Application, household, programme, amount: int,
                         p: dict, on: dt.date) -> str:
    """The commune's list and the office's plan of the decision's year (decisions/0190):
    beyond the plan is refused (the plan is adjusted first, by its own operation); a
    household not on a recorded list needs an explicit reason, returned for the payload."""
    source = app.funding_source or "central"
    plan = plans.plan_for(book, on.year, app.programme_code, source)
    if plan.amount is not None and plan.used + amount > plan.amount:
        left = plan.amount - plan.used
        raise DomainError(
            "above_plan", f"Vượt kế hoạch cho vay năm {on.year} của chương trình (nguồn "
            f"{source}): còn {_dots(left)} đ, hồ sơ {_dots(amount)} đ. Điều chỉnh kế "
            "hoạch trước khi phê duyệt.",
            f"Beyond the {on.year} lending plan of the programme ({source} funds): "
            f"{left} đ left, {amount} đ asked. Adjust the plan before approving.",
            field="amount")
    if plans.listing(book, household, programme.category, on.year).status != "not_listed":
        return ""
    exception = nfc((p.get("list_exception") or "").strip())
    if not exception:
        raise DomainError(
            "not_on_list", f"Hộ không có trong danh sách năm {on.year} của xã: ghi rõ lý do "
            "duyệt ngoài danh sách (giấy xác nhận của UBND xã…).",
            f"The household is not on the commune's {on.year} list: give the reason for "
            "approving it anyway (the People's Committee's certificate…).",
            field="list_exception")
    return exception


def _dots(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _investor_code(book: Book, application_id: str) -> str:
    for e in journal.account_entries(book.db, "application", application_id):
        if e.kind == "application.submit":
            return e.payload.get("investor_code") or ""
    return ""


def _first_due(book: Book, programme, app: Application, p: dict) -> str | None:
    """STEM: the first instalment 12 months after the end of study (Decision 29/2025)."""
    study_end = p.get("study_end")
    if not (programme and programme.first_due_after_months and study_end):
        return None
    cal = book.refs.calendar(app.point_code or "")
    return first_due_after_study(dt.date.fromisoformat(study_end),
                                 programme.first_due_after_months, cal).isoformat()


def _checked(p: dict) -> dict:
    """The checker of a decision made in the office window (maker-checker), when there is one;
    absent otherwise, so earlier payloads keep their shape."""
    return {"checked_by": p["checked_by"]} if p.get("checked_by") else {}


@applier("application.decide")
def _apply_decide(book: Book, e: Entry) -> str:
    p = e.payload
    app = book.db.get(Application, p["application_id"])
    if app is not None and app.status == "submitted":
        app.status = "approved" if p.get("approved") else "refused"
        app.decided_on = e.business_date
    return apply_and_project(book, e)


def list_applications(book: Book, point_code: str | None = None,
                      status: str | None = None) -> list[ApplicationRow]:
    q = select(Application).order_by(Application.submitted_on, Application.id)
    if point_code:
        q = q.where(Application.point_code == point_code)
    if status:
        q = q.where(Application.status == status)
    return [_row(a) for a in book.db.scalars(q)]


def get_application(book: Book, application_id: str) -> ApplicationRow | None:
    a = book.db.get(Application, application_id)
    return _row(a) if a else None


# --- the office's decision (issue 16) --------------------------------------------------------

def decide(book: Book, application_id: str, approved: bool, *, reason: str,
           business_date: dt.date, checked_by: Approval | None,
           amount: int | None = None, term_months: int | None = None,
           list_exception: str = "") -> Written:
    """Approve (04/TD) or refuse an application (application.decide), maker-checker: the
    signed-in director decides and a second user — who checked the file against the
    programme's limits — confirms with their own password; both names and the reason stay in
    the journal (`actor`, `checked_by`, `reason`). The loan travels to the point in its next
    bundle and is disbursed at its next session. Beyond the year's plan it is refused; a
    household not on its commune's list needs `list_exception` (decisions/0190)."""
    if book.user is None:
        raise DomainError("not_signed_in", "Chưa đăng nhập.", "Nobody is signed in.")
    if not reason.strip():
        raise DomainError("reason_required", "Cần ghi lý do phê duyệt hoặc từ chối.",
                          "A reason for the decision is required.", field="reason")
    checker = auth.check_approval(book.db, checked_by, role=ANY, recorder=book.user.username)
    payload: dict = {"application_id": application_id, "approved": approved,
                     "reason": reason.strip(), "checked_by": checker}
    if approved and amount:
        payload["amount"] = amount
    if approved and term_months:
        payload["term_months"] = term_months
    if approved and list_exception.strip():
        payload["list_exception"] = list_exception.strip()
    return written(posting.post(book, "application.decide", payload,
                                business_date=business_date))


@dataclass(frozen=True)
class PendingApplication:
    """A submitted application as the office checks it: limits and what they say."""
    row: ApplicationRow
    member: str
    programme: str
    max_amount: int | None
    max_term_months: int | None
    problem_vi: str                 # "" when within the programme's limits
    problem_en: str
    listing: str = "not_needed"     # plans.Listing.status in the year of `today`
    plan: int | None = None         # the year's plan of its programme and source
    plan_left: int | None = None    # what the plan leaves after approving it as asked


def pending(book: Book) -> list[PendingApplication]:
    """Applications waiting for the office's decision, oldest first, each checked against
    its programme's limits and the household's category (as the decision will be)."""
    out = []
    for a in book.db.scalars(select(Application).where(Application.status == "submitted")
                             .order_by(Application.submitted_on, Application.id)):
        programme = book.refs.programmes.get(a.programme_code)
        household = book.db.get(Household, a.household_id)
        person = book.db.get(Person, a.person_id)
        try:
            domain_app.check_application(programme, a.amount, a.term_months,
                                         household.category if household else None,
                                         frequency_months=a.frequency_months or a.term_months,
                                         contract_date=book.today())
            problem = ("", "")
        except DomainError as e:
            problem = (e.vi, e.en)
        year = book.today().year
        plan = plans.plan_for(book, year, a.programme_code, a.funding_source or "central")
        left = None if plan.amount is None else plan.amount - plan.used - a.amount
        listed = plans.listing(book, household, programme.category if programme else None,
                               year).status
        out.append(PendingApplication(
            _row(a), person.full_name if person else "", programme.name_vi if programme else
            a.programme_code, programme.max_amount if programme else None,
            programme.max_term_months if programme else None, *problem, listed,
            plan.amount, left))
    book.end_read()
    return out

"""03/TD (the group's proposal list of a review meeting) and 04/TD (the approval notice
answering it)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select

from sbpdesk.db.models import (
    AccountSnapshot,
    Application,
    Group,
    Household,
    Person,
    Point,
)
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.dates import format_date
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.loan import LoanState
from sbpdesk.domain.text import name_sort_key
from sbpdesk.services.context import Book

from .common import (
    find_group,
    issuer,
    mark,
    programme_short,
    province,
    user_name,
)
from .data_tables import (
    ApprovalNotice,
    ApprovalRow,
    ProposalList,
    ProposalRow,
)
from .dossier import (
    decide_entry,
    decision,
    find_application,
    loan_of_application,
)

CATEGORY = {"poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo", "escaped": "Hộ mới thoát nghèo"}


def _applications_of(book: Book, group_id: str, on: dt.date) -> list[Application]:
    apps = book.db.scalars(select(Application).where(
        Application.group_id == group_id, Application.submitted_on == on,
        Application.status != "reversed")).all()
    names = {a.id: (book.db.get(Person, a.person_id).full_name
                    if book.db.get(Person, a.person_id) else "") for a in apps}
    return sorted(apps, key=lambda a: name_sort_key(names[a.id]))


def _one_programme(apps: list[Application], programme: str | None) -> list[Application]:
    codes = sorted({a.programme_code for a in apps})
    if programme is None and len(codes) == 1:
        return apps
    chosen = [a for a in apps if a.programme_code == programme]
    if not chosen:
        listed = ", ".join(codes)
        raise DomainError("print_one_programme",
                          f"Mỗi danh sách 03/TD chỉ gồm một chương trình; hãy chọn một trong: "
                          f"{listed}.",
                          f"A 03/TD list holds one programme; choose one of: {listed}.",
                          field="programme")
    return chosen


def _programmes_label(book: Book, codes: Iterable[str]) -> str:
    seen: list[str] = []
    for c in codes:
        name = programme_short(book, c)
        if name not in seen:
            seen.append(name)
    return "; ".join(seen)


def proposal(book: Book, group_id: str, on: dt.date,
             programme: str | None = None) -> ProposalList:
    """03/TD: the group's applications for one programme submitted on `on` (its review
    meeting), with the bank's approved amount and term once decided (0 for a refusal). A
    list holds one programme: when the meeting proposed several, `programme` names one."""
    group = find_group(book, group_id)
    apps = _applications_of(book, group.id, on)
    if not apps:
        raise DomainError("print_not_found",
                          f"Tổ {group.name} không có hồ sơ đề nghị vay ngày {format_date(on)}.",
                          f"Group {group.code} has no loan applications dated {on.isoformat()}.",
                          field="date")
    apps = _one_programme(apps, programme)
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
        rows.append(ProposalRow(person.full_name if person else "", category, a.amount,
                                a.purpose or "", a.term_months, approved_amount,
                                approved_term))
    return ProposalList(
        issuer(book, group.point_code, on), group.name, group.leader_name or "",
        group.village or "", issuer(book, group.point_code, on).place if point else "",
        province(book, on),
        _programmes_label(book, (a.programme_code for a in apps)), on, tuple(rows), date=on,
        mark=mark(book))


def approval(book: Book, application_id: str) -> ApprovalNotice:
    """04/TD answering the 03/TD list the application was on: the approved applications of
    its group submitted the same day."""
    app = find_application(book, application_id)
    status, _, decided_on = decision(book, app)
    if status != "approved":
        raise DomainError("print_not_approved",
                          "Hồ sơ vay chưa được phê duyệt: chưa có thông báo kết quả phê duyệt.",
                          "The application is not approved: there is no approval notice.",
                          field="application")
    group = book.db.get(Group, app.group_id or "")
    # The 03/TD it answers lists one programme: so does the notice.
    apps = [a for a in (_applications_of(book, group.id, app.submitted_on) if group else [app])
            if a.programme_code == app.programme_code
            and decision(book, a)[0] == "approved" and decision(book, a)[2] == decided_on]
    approved = [(a, state) for a in apps if (state := _approved_state(book, a)) is not None]
    rows = tuple(_approval_row(book, a, state, group) for a, state in approved)
    point = book.db.get(Point, app.point_code or (group.point_code if group else ""))
    decided = decided_on or app.submitted_on
    disbursed = [s.first_disbursed_on for _, s in approved if s.first_disbursed_on]
    when = min(disbursed) if disbursed else _next_session(book, point, decided)
    return ApprovalNotice(
        issuer(book, point.code if point else None, decided), "……/TB-PGD",
        issuer(book, point.code, app.submitted_on).place if point else "", app.submitted_on,
        group.name if group else "", _programmes_label(book, (a.programme_code for a in apps)),
        rows, when, (point.session_time or "") if point else "",
        _place_on(book, point, when) if point else "", date=decided,
        director_name=user_name(book, _decider(book, app.id)), mark=mark(book))


def _place_on(book: Book, point: Point, day: dt.date) -> str:
    """Where the point's session is held that day (a move may name a new place, 0157)."""
    place = book.refs.calendar(point.code, point.session_day).place_on(day)
    return place or point.place or point.name


def _approved_state(book: Book, app: Application) -> LoanState | None:
    loan = loan_of_application(book, app.id)
    if loan is None:
        return None
    return LoanState.from_dict(from_json(book.db.get(AccountSnapshot, ("loan", loan.id)).state))


def _approval_row(book: Book, app: Application, state: LoanState,
                  group: Group | None) -> ApprovalRow:
    person = book.db.get(Person, app.person_id)
    notes = ["Giảm số tiền"] if state.approved_amount < app.amount else []
    if state.term_months and state.term_months != app.term_months:
        notes.append("Điều chỉnh thời hạn")
    return ApprovalRow(person.full_name if person else "", group.name if group else "",
                       programme_short(book, app.programme_code), state.approved_amount,
                       state.term_months, "; ".join(notes))


def _next_session(book: Book, point: Point | None, decided: dt.date) -> dt.date:
    """When the approved loans are disbursed, when none was yet: the next session."""
    if point is None:
        return decided
    return book.refs.calendar(point.code, point.session_day).next_session(decided)


def _decider(book: Book, application_id: str) -> str | None:
    e = decide_entry(book, application_id)
    return e.actor if e is not None else None

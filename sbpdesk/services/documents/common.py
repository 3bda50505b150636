"""What every document's data needs from the book: the issuer block, names of users,
programmes and groups, contract and household numbers, look-ups by id or code that say
"print_not_found" in Vietnamese and English, and accounts replayed from the journal up to an
operation or a date (balances "after" an operation, "at" a date)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select

from sbpdesk.db.models import (
    AccountSnapshot,
    AppUser,
    Group,
    Household,
    Loan,
    Office,
    Organisation,
    Person,
    Point,
)
from sbpdesk.db.models import Authorisation as AuthorisationRow
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain import savings as domain_savings
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.loan import LoanState
from sbpdesk.domain.text import name_sort_key
from sbpdesk.services import entrustment, journal
from sbpdesk.services.context import Book
from sbpdesk.services.places import point_commune_on
from sbpdesk.services.reference import office_names_on

from .data import (
    ContractRef,
    Issuer,
    PrintMark,
)

LIVE = ("active", "frozen")


def not_found(what_vi: str, what_en: str, key: object) -> DomainError:
    return DomainError("print_not_found", f"Không tìm thấy {what_vi}: {key}",
                       f"{what_en} not found: {key}", field="key")


def mark(book: Book, cancelled: bool = False) -> PrintMark:
    return PrintMark(copy_no=0, cancelled=cancelled, demo=book.demo)


def user_name(book: Book, username: str | None) -> str:
    if not username:
        return ""
    row = book.db.get(AppUser, username)
    return row.full_name if row is not None else username


def director_name(book: Book) -> str:
    for row in book.db.scalars(select(AppUser).where(AppUser.active.is_(True))
                               .order_by(AppUser.username)):
        if "director" in row.roles.split(","):
            return row.full_name
    return ""


def issuer(book: Book, point_code: str | None, on: dt.date | None = None) -> Issuer:
    """Branch, office and (at a commune) point names, and the place for the date line;
    with `on`, the office and branch names in force that day (decisions/0076)."""
    point = book.db.get(Point, point_code) if point_code else None
    office_code = point.office_code if point is not None else book.office_code
    office = book.db.get(Office, office_code) if office_code else None
    office_name = office.name if office is not None else (office_code or "")
    branch = (office.branch_name if office is not None else None) or ""
    dated = office_names_on(book, office_code, on) if office_code and on else None
    if dated is not None:
        office_name, branch = dated
    if point is None:
        place = _place_of_office(office_name)
        return Issuer(branch, office_name, "", place)
    # the commune in force on the date: the old one on papers before 01/07/2025 (0106)
    commune = point_commune_on(book, point.code, on) if on else point.commune
    return Issuer(branch, office_name, point.name, commune or point.name)


def _place_of_office(name: str) -> str:
    """"Phòng giao dịch NHCSXH huyện Bắc Bình" and, since 07/2025 (no "huyện"),
    "Phòng giao dịch NHCSXH Bắc Bình" → "Bắc Bình"."""
    for word in ("huyện ", "thị xã ", "thành phố ", "quận ", "NHCSXH ",
                 "Ngân hàng Chính sách xã hội "):
        if word in name:
            return name.split(word, 1)[1]
    return name


def province(book: Book, on: dt.date | None = None) -> str:
    """The office's province (from its branch's name in force on `on`)."""
    branch = issuer(book, None, on).branch_name
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
    return decimal_text(rate) if rate is not None else ""


def decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def contract_ref(loan_id: str, contract_no: str | None) -> ContractRef:
    """The office's contract number, or — before the office confirms one — a provisional
    number from the loan id, printed "(tạm)"."""
    if contract_no:
        return ContractRef(contract_no)
    return ContractRef(loan_id.replace("-", "")[-8:].upper(), provisional=True)


def household_no(h: Household | None) -> str:
    if h is None:
        return ""
    return h.customer_code or (f"{h.provisional_no} (tạm)" if h.provisional_no else "")


def group_label(group: Group | None) -> str:
    return group.name if group is not None else ""


def organisation_name(book: Book, group: Group | None, on: dt.date | None = None) -> str:
    """The group's organisation, by the name in force on `on` (decision 0159)."""
    org = book.db.get(Organisation, group.organisation_code) if group is not None else None
    if org is None:
        return ""
    return (entrustment.name_on(book, org.code, on) if on else None) or org.name


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


def find_loan(book: Book, key: str) -> Loan:
    loan = book.db.get(Loan, key) or book.db.scalars(
        select(Loan).where(Loan.contract_no == key)).first()
    if loan is None:
        raise not_found("khoản vay", "Loan", key)
    return loan


def find_point(book: Book, code: str) -> Point:
    point = book.db.get(Point, code)
    if point is None:
        raise not_found("điểm giao dịch", "Point", code)
    return point


def representative(book: Book, household_id: str) -> Person | None:
    auth = book.db.scalars(select(AuthorisationRow).where(
        AuthorisationRow.household_id == household_id)
        .order_by(AuthorisationRow.signed_on.desc())).first()
    if auth is not None and (p := book.db.get(Person, auth.person_id)) is not None:
        return p
    people = book.db.scalars(select(Person).where(Person.household_id == household_id)).all()
    reps = [p for p in people if p.is_representative]
    return (reps or sorted(people, key=lambda p: name_sort_key(p.full_name)) or [None])[0]


# --- accounts replayed from the journal -----------------------------------------------------

def account_ops(book: Book, kind: str, account_id: str) -> list[domain_op.Operation]:
    return [e.operation() for e in journal.account_entries(book.db, kind, account_id)]


def replay(book: Book, kind: str, account_id: str | None,
            keep: Callable[[domain_op.Operation], bool]) -> Any:
    if not account_id:
        return None
    ops = [op for op in account_ops(book, kind, account_id) if keep(op)]
    fold = domain_loan.replay if kind == "loan" else domain_savings.replay
    return fold(ops, book.refs) if ops else None


def through(entry: domain_op.Operation) -> Callable[[domain_op.Operation], bool]:
    """Keep operations up to and including `entry` in canonical order (a reversal counts
    from its own place)."""
    key = domain_op.order_key(entry)
    return lambda op: domain_op.order_key(op) <= key


def until(day: dt.date, inclusive: bool = True) -> Callable[[domain_op.Operation], bool]:
    return (lambda op: op.business_date <= day) if inclusive else (
        lambda op: op.business_date < day)


def loan_on(book: Book, snap: AccountSnapshot, day: dt.date) -> LoanState | None:
    """The loan at the end of `day` (the snapshot when nothing later happened to it)."""
    if snap.last_date is not None and snap.last_date <= day:
        return LoanState.from_dict(from_json(snap.state))
    return replay(book, "loan", snap.account_id, until(day))


def is_reversed(book: Book, op_id: str) -> bool:
    from sbpdesk.services.reversals import is_reversed
    return is_reversed(book, op_id)


def rate_since(refs: Any, code: str, as_of: dt.date) -> dt.date | None:
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

"""The office's lending plan (kế hoạch cho vay) per year, programme and funding source, and the
communes' poor / near-poor lists (danh sách hộ nghèo, cận nghèo) an approval is checked
against (issue 16, decision 0190).

`plan.set` records the amount the office may approve in a year for one programme and funding
source, as the branch assigned it (its document in `reference`); a later `plan.set` of the
same year, programme and source is the adjusted plan. No table: the plan is read from the
journal, like the reference data (refs.py). What is used is what the office approved that
year (the loans' approved amounts, cancelled approvals excepted).

`eligibility.record` records one commune's list of a year for one category (the point's
commune, as the People's Committee approved it): the households on it. A later list of the
same year, commune and category replaces the earlier one (`eligibility_list` rows).
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select

from sbpdesk.db.models import Application, EligibilityList, Household, Loan, Point
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.text import name_sort_key, nfc
from sbpdesk.services import journal, posting
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import Command, applier, decider, replace

LISTED = ("poor", "near_poor", "escaped")     # the categories a commune's list certifies
SOURCES = ("central", "local")


def _bad(field: str, vi: str, en: str) -> DomainError:
    return DomainError("bad_plan", vi, en, field=field)


def _year(p: dict) -> int:
    year = p.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise _bad("year", "Năm kế hoạch không hợp lệ.", "Invalid year.")
    return year


def _reference(p: dict) -> str:
    text = nfc((p.get("reference") or "").strip())
    if not text:
        raise _bad("reference", "Cần ghi số văn bản giao kế hoạch hoặc phê duyệt danh sách.",
                   "The number of the document that assigns the plan or approves the list "
                   "is required.")
    return text


# --- the lending plan -------------------------------------------------------------------------

@decider("plan.set")
def _decide_plan(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    programme = book.refs.programme(p.get("programme_code") or "")
    if programme is None:
        raise _bad("programme_code", "Chương trình cho vay không tồn tại.",
                   "Unknown loan programme.")
    source = p.get("funding_source") or ""
    if source not in programme.funding_sources:
        raise _bad("funding_source", "Nguồn vốn không hợp lệ cho chương trình.",
                   "Invalid funding source for this programme.")
    amount = p.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise _bad("amount", "Số tiền kế hoạch phải là số không âm.",
                   "The plan must be a non-negative amount.")
    return replace(cmd, payload={"year": _year(p), "programme_code": programme.code,
                                 "funding_source": source, "amount": amount,
                                 "reference": _reference(p)})


@applier("plan.set")
def _apply_plan(book: Book, e: Entry) -> None:
    """Nothing to project: the plan is read from the journal (`plan_for`)."""


def set_plan(book: Book, year: int, programme_code: str, funding_source: str, amount: int,
             *, reference: str, business_date: dt.date) -> Written:
    """Record (or adjust) the office's lending plan of `year` for a programme and source."""
    return written(posting.post(book, "plan.set", {
        "year": year, "programme_code": programme_code, "funding_source": funding_source,
        "amount": amount, "reference": reference}, business_date=business_date))


@dataclass(frozen=True)
class PlanLine:
    year: int
    programme_code: str
    funding_source: str
    amount: int | None          # None: no plan recorded
    reference: str
    used: int                   # approved in the year


def plans(book: Book, year: int) -> dict[tuple[str, str], tuple[int, str]]:
    """(programme, source) → (amount, reference) of the year's latest `plan.set`."""
    rows = book.db.scalars(select(OperationRow).where(OperationRow.kind == "plan.set",
                                                       OperationRow.outcome == "applied"))
    entries = sorted((journal.to_entry(r) for r in rows),
                     key=lambda e: domain_op.order_key(e.operation()))
    out: dict[tuple[str, str], tuple[int, str]] = {}
    for e in entries:
        p = e.payload
        if p["year"] == year:
            out[(p["programme_code"], p["funding_source"])] = (p["amount"], p["reference"])
    return out


def approved_in(book: Book, year: int, programme_code: str, funding_source: str,
                *, excluding: str | None = None) -> int:
    """What the office approved in `year` for a programme and source (a loan without a
    recorded source is central money, as the application's default)."""
    source = func.coalesce(Loan.funding_source, "central")
    q = (select(func.coalesce(func.sum(Loan.approved_amount), 0))
         .join(Application, Application.id == Loan.application_id)
         .where(Application.status == "approved", Loan.status != "cancelled",
                Application.decided_on >= dt.date(year, 1, 1),
                Application.decided_on <= dt.date(year, 12, 31),
                Loan.programme_code == programme_code, source == funding_source))
    if excluding:
        q = q.where(Application.id != excluding)
    return int(book.db.scalar(q) or 0)


def plan_for(book: Book, year: int, programme_code: str, funding_source: str) -> PlanLine:
    amount, reference = plans(book, year).get((programme_code, funding_source), (None, ""))
    return PlanLine(year, programme_code, funding_source, amount, reference,
                    approved_in(book, year, programme_code, funding_source))


def plan_lines(book: Book, year: int) -> list[PlanLine]:
    """Every plan of the year with what was approved against it, by programme and source."""
    out = [PlanLine(year, code, source, amount, reference,
                    approved_in(book, year, code, source))
           for (code, source), (amount, reference) in sorted(plans(book, year).items())]
    book.end_read()
    return out


# --- the communes' lists ----------------------------------------------------------------------

@decider("eligibility.record")
def _decide_list(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    point = book.db.get(Point, p.get("point_code") or "")
    if point is None:
        raise _bad("point_code", "Không tìm thấy điểm giao dịch.", "Unknown point.")
    category = p.get("category")
    if category not in ("poor", "near_poor", "escaped"):
        raise _bad("category", "Danh sách phải là hộ nghèo, cận nghèo hoặc mới thoát nghèo.",
                   "The list must be of poor, near-poor or newly escaped households.")
    ids = p.get("household_ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise _bad("household_ids", "Danh sách hộ không hợp lệ.", "Invalid list of households.")
    ids = sorted(set(ids))
    known = set(book.db.scalars(select(Household.id).where(Household.id.in_(ids),
                                                             Household.point_code == point.code)))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise _bad("household_ids", f"{len(unknown)} hộ không thuộc điểm {point.code}.",
                   f"{len(unknown)} households are not of point {point.code}.")
    return replace(cmd, payload={"year": _year(p), "point_code": point.code,
                                 "commune_code": point.commune or point.code,
                                 "category": category, "household_ids": ids,
                                 "reference": _reference(p)})


@applier("eligibility.record")
def _apply_list(book: Book, e: Entry) -> None:
    p = e.payload
    book.db.execute(delete(EligibilityList).where(
        EligibilityList.year == p["year"], EligibilityList.category == p["category"],
        EligibilityList.commune_code == p["commune_code"]))
    book.db.add_all(EligibilityList(id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{e.op_id}/{h}")),
                                    household_id=h, category=p["category"], year=p["year"],
                                    commune_code=p["commune_code"])
                    for h in p["household_ids"])


def record_list(book: Book, point_code: str, year: int, category: str,
                household_ids: list[str], *, reference: str,
                business_date: dt.date) -> Written:
    """Record the commune's approved list of `year` for one category (replacing an earlier
    list of the same year, commune and category)."""
    return written(posting.post(book, "eligibility.record", {
        "point_code": point_code, "year": year, "category": category,
        "household_ids": list(household_ids), "reference": reference},
        business_date=business_date))


def lists_recorded(book: Book, year: int) -> set[str]:
    """The communes with a list of `year` recorded (from the journal: a list may be empty)."""
    rows = book.db.scalars(select(OperationRow).where(OperationRow.kind == "eligibility.record",
                                                       OperationRow.outcome == "applied"))
    return {p["commune_code"] for p in (journal.to_entry(r).payload for r in rows)
            if p["year"] == year}


@dataclass(frozen=True)
class Listing:
    """Is a household on its commune's list of a year, for the category a programme needs?"""
    needed: str | None          # the category, None when the programme needs no list
    status: str                 # "listed" | "not_listed" | "no_list" | "not_needed"


def listing(book: Book, household: Household | None, category: str | None,
            year: int) -> Listing:
    if category not in LISTED or household is None:
        return Listing(None, "not_needed")
    point = book.db.get(Point, household.point_code)
    commune = (point.commune or point.code) if point else None
    if book.db.scalar(select(EligibilityList.id).where(
            EligibilityList.household_id == household.id, EligibilityList.year == year,
            EligibilityList.category == category).limit(1)):
        return Listing(category, "listed")
    if commune in lists_recorded(book, year):
        return Listing(category, "not_listed")
    # no list of that year recorded for the commune: the category the point recorded at
    # registration, from that year's list, is all there is to go on
    if household.category == category and household.category_year == year:
        return Listing(category, "listed")
    return Listing(category, "no_list")


@dataclass(frozen=True)
class ListHousehold:
    id: str
    name: str                   # the representative's name
    village: str
    category: str | None        # recorded at registration
    on_list: bool               # on the recorded list, or proposed (see `list_draft`)


@dataclass(frozen=True)
class ListDraft:
    """A point's households for recording its commune's list of a year and category."""
    point_code: str
    year: int
    category: str
    recorded: bool              # a list of that year and category is recorded
    reference: str              # its document
    households: tuple[ListHousehold, ...]


def list_draft(book: Book, point_code: str, year: int, category: str) -> ListDraft:
    """The point's households, those on the recorded list of `year` and `category` marked;
    without one, those registered in `category` are proposed (the officer checks them
    against the People's Committee's list before recording it)."""
    from sbpdesk.db.models import Person
    point = book.db.get(Point, point_code)
    commune = (point.commune or point.code) if point else point_code
    listed = set(book.db.scalars(select(EligibilityList.household_id).where(
        EligibilityList.year == year, EligibilityList.category == category,
        EligibilityList.commune_code == commune)))
    reference, recorded = "", False
    for e in sorted((journal.to_entry(r) for r in book.db.scalars(select(OperationRow).where(
            OperationRow.kind == "eligibility.record", OperationRow.outcome == "applied"))),
            key=lambda e: domain_op.order_key(e.operation())):
        p = e.payload
        if (p["year"], p["category"], p["commune_code"]) == (year, category, commune):
            reference, recorded = p["reference"], True
    names = dict(book.db.execute(select(Person.household_id, Person.full_name).join(
        Household, Household.id == Person.household_id).where(
        Household.point_code == point_code, Person.is_representative.is_(True))).all())
    rows = [ListHousehold(h.id, names.get(h.id, ""), h.village or "", h.category,
                          h.id in listed if recorded else h.category == category)
            for h in book.db.scalars(select(Household).where(
                Household.point_code == point_code, Household.alias_of.is_(None)))]
    book.end_read()
    rows.sort(key=lambda r: (r.village, name_sort_key(r.name), r.id))
    return ListDraft(point_code, year, category, recorded, reference, tuple(rows))

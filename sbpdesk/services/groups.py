"""Savings-and-loan groups (tổ TK&VV): formed and changed by the office (`group.form`,
`group.update`), each under one organisation's chapter at one point, with its leader, deputy
and rating. `list_groups` gives a point's groups with their member (household) counts and,
outside 5–60 members, the warning with its reason; a leader and deputy who are close
relatives by the household records are refused (decisions/0079).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import Group, Household, Organisation, Person, Point
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.people import check_leaders, group_size_warning
from sbpdesk.domain.text import nfc, normalise_spaces
from sbpdesk.services import absent, posting
from sbpdesk.services.changes import Written, given, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import Command, applier, decider, replace

RATINGS = ("good", "fair", "average", "weak")
FIELDS = ("point_code", "organisation_code", "code", "name", "village", "leader_person_id",
          "leader_name", "deputy_name", "rating")
# also in a payload, kept in the journal only: the deputy's person (checked against the leader)


@dataclass(frozen=True)
class GroupRow:
    id: str
    point_code: str
    organisation_code: str
    code: str
    name: str
    village: str | None
    leader_person_id: str | None
    leader_name: str | None
    deputy_name: str | None
    rating: str | None
    members: int = 0
    warning_vi: str = ""        # outside 5–60 members: why (a warning, not a refusal)
    warning_en: str = ""


def _clean(values: dict) -> dict:
    return {k: (normalise_spaces(nfc(v)) or None) if isinstance(v, str) else v
            for k, v in values.items()}


def _validate(book: Book, values: dict, group_id: str | None) -> None:
    """Checks shared by form and update, on the fields present."""
    if "point_code" in values and book.db.get(Point, values["point_code"] or "") is None:
        raise DomainError("unknown_point", "Không có điểm giao dịch này.", "Unknown point.",
                          field="point_code")
    if "organisation_code" in values and book.db.get(
            Organisation, values["organisation_code"] or "") is None:
        raise DomainError("unknown_organisation", "Không có hội đoàn thể này.",
                          "Unknown organisation.", field="organisation_code")
    for name in ("code", "name"):
        if name in values and not values[name]:
            raise DomainError("missing_field", f"Thiếu thông tin: {name}",
                              f"Missing field: {name}", field=name)
    if values.get("rating") not in (None, *RATINGS):
        raise DomainError("bad_rating", "Xếp loại tổ không hợp lệ.", "Unknown group rating.",
                          field="rating")
    if values.get("leader_person_id") and book.db.get(Person, values["leader_person_id"]) is None:
        raise DomainError("unknown_person", "Không tìm thấy tổ trưởng.", "Leader not found.",
                          field="leader_person_id")
    _check_leaders(book, values, group_id)
    if "code" in values:
        point = values.get("point_code") or book.db.get(Group, group_id).point_code
        clash = not absent.is_absent(book, (Group, "code"), values["code"]) and book.db.scalar(
            select(Group.id).where(Group.point_code == point, Group.code == values["code"],
                                   Group.id != (group_id or "")))
        if clash:
            raise DomainError("group_code_taken", f"Mã tổ {values['code']} đã có ở điểm này.",
                              f"Group code {values['code']} already exists at this point.",
                              field="code")


# A household's members are recorded by their relation to its head: two of them are close
# relatives when one is the head and the other the spouse or a child, or both are children.
_HEAD, _SPOUSE, _CHILD = "chủ hộ", "vợ/chồng", "con"


def _relation(a: Person, b: Person) -> str | None:
    if a.household_id != b.household_id:
        return None
    pair = {(a.relation or "").strip().lower(), (b.relation or "").strip().lower()}
    if pair == {_HEAD, _SPOUSE}:
        return "spouse"
    if pair in ({_HEAD, _CHILD}, {_SPOUSE, _CHILD}):
        return "parent"
    if pair == {_CHILD}:
        return "sibling"
    return None


def _check_leaders(book: Book, values: dict, group_id: str | None) -> None:
    current = book.db.get(Group, group_id) if group_id else None
    leader_id = values.get("leader_person_id") or (current.leader_person_id if current else None)
    deputy_id = values.get("deputy_person_id")
    if deputy_id and book.db.get(Person, deputy_id) is None:
        raise DomainError("unknown_person", "Không tìm thấy tổ phó.", "Deputy not found.",
                          field="deputy_person_id")
    if not (leader_id and deputy_id):
        return
    a, b = book.db.get(Person, leader_id), book.db.get(Person, deputy_id)
    kind = _relation(a, b) if a is not None and b is not None else None
    check_leaders(leader_id, deputy_id, [(leader_id, deputy_id, kind)] if kind else [])


def _row(g: Group, n: int) -> GroupRow:
    warning = group_size_warning(n)
    return GroupRow(g.id, g.point_code, g.organisation_code, g.code, g.name, g.village,
                    g.leader_person_id, g.leader_name, g.deputy_name, g.rating, n,
                    warning.vi if warning else "", warning.en if warning else "")


@decider("group.form")
def _decide_form(book: Book, cmd: Command) -> Command:
    p = _clean(cmd.payload)
    p["group_id"] = p.get("group_id") or uuid7()
    for name in FIELDS:
        p.setdefault(name, None)
    _validate(book, p, None)
    if not p["point_code"] or not p["organisation_code"]:
        raise DomainError("missing_field", "Thiếu điểm giao dịch hoặc hội đoàn thể.",
                          "Point and organisation are required.", field="organisation_code")
    return replace(cmd, payload=p)


@applier("group.form")
def _apply_form(book: Book, e: Entry) -> None:
    p = e.payload
    absent.add(book, Group(id=p["group_id"], **{name: p.get(name) for name in FIELDS}),
               p["group_id"])


@decider("group.update")
def _decide_update(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    if book.db.get(Group, p.get("group_id") or "") is None:
        raise DomainError("unknown_group", "Không tìm thấy tổ.", "Group not found.",
                          field="group_id")
    fields = _clean(p.get("fields") or {})
    if not fields or set(fields) - set(FIELDS) - {"deputy_person_id"}:
        raise DomainError("bad_fields", "Trường cập nhật không hợp lệ.", "Invalid fields.",
                          field="fields")
    _validate(book, fields, p["group_id"])
    p["fields"] = fields
    return replace(cmd, payload=p)


@applier("group.update")
def _apply_update(book: Book, e: Entry) -> None:
    row = book.db.get(Group, e.payload["group_id"])
    if row is not None:
        for name, value in e.payload["fields"].items():
            if name in FIELDS:
                setattr(row, name, value)


# --- write verbs ----------------------------------------------------------------------------

@dataclass(frozen=True)
class NewGroup:
    point_code: str
    organisation_code: str
    code: str
    name: str
    village: str | None = None
    leader_name: str | None = None
    leader_person_id: str | None = None
    deputy_name: str | None = None
    rating: str | None = None
    group_id: str | None = None       # None: a new id


@dataclass(frozen=True)
class Formed:
    written: Written
    group_id: str


def form(book: Book, new: NewGroup, *, business_date: dt.date) -> Formed:
    """Form a group at a point under an organisation's chapter (group.form, the office)."""
    payload = form_payload(new)
    made = posting.post(book, "group.form", payload, business_date=business_date)
    return Formed(written(made), payload["group_id"])


def form_payload(new: NewGroup) -> dict:
    """The `group.form` payload of a new group (its id made here when not given)."""
    return given(
        group_id=new.group_id or uuid7(), point_code=new.point_code,
        organisation_code=new.organisation_code, code=new.code, name=new.name,
        village=new.village, leader_name=new.leader_name,
        leader_person_id=new.leader_person_id, deputy_name=new.deputy_name, rating=new.rating)


def list_groups(book: Book, point_code: str) -> list[GroupRow]:
    members = (select(Household.group_id, func.count().label("n"))
               .where(Household.alias_of.is_(None)).group_by(Household.group_id).subquery())
    query = (select(Group, func.coalesce(members.c.n, 0))
             .outerjoin(members, members.c.group_id == Group.id)
             .where(Group.point_code == point_code).order_by(Group.code))
    return [_row(g, n) for g, n in book.db.execute(query)]


def get_group(book: Book, group_id: str) -> GroupRow | None:
    g = book.db.get(Group, group_id)
    if g is None:
        return None
    n = book.db.scalar(select(func.count()).select_from(Household).where(
        Household.group_id == g.id, Household.alias_of.is_(None)))
    return _row(g, n)

"""Savings-and-loan groups (tổ TK&VV): formed and changed by the office (`group.form`,
`group.update`), each under one organisation's chapter at one point, with its leader, deputy
and rating. `list_groups` gives a point's groups with their member (household) counts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import Group, Household, Organisation, Person, Point
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.text import nfc, normalise_spaces
from sbpdesk.services import posting
from sbpdesk.services.changes import Written, given, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import Command, applier, decider, replace

RATINGS = ("good", "fair", "average", "weak")
FIELDS = ("point_code", "organisation_code", "code", "name", "village", "leader_person_id",
          "leader_name", "deputy_name", "rating")


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
    if "code" in values:
        point = values.get("point_code") or book.db.get(Group, group_id).point_code
        clash = book.db.scalar(select(Group.id).where(
            Group.point_code == point, Group.code == values["code"],
            Group.id != (group_id or "")))
        if clash:
            raise DomainError("group_code_taken", f"Mã tổ {values['code']} đã có ở điểm này.",
                              f"Group code {values['code']} already exists at this point.",
                              field="code")


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
    book.db.merge(Group(id=p["group_id"], **{name: p.get(name) for name in FIELDS}))


@decider("group.update")
def _decide_update(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    if book.db.get(Group, p.get("group_id") or "") is None:
        raise DomainError("unknown_group", "Không tìm thấy tổ.", "Group not found.",
                          field="group_id")
    fields = _clean(p.get("fields") or {})
    if not fields or set(fields) - set(FIELDS):
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
    group_id = new.group_id or uuid7()
    made = posting.post(book, "group.form", given(
        group_id=group_id, point_code=new.point_code, organisation_code=new.organisation_code,
        code=new.code, name=new.name, village=new.village, leader_name=new.leader_name,
        leader_person_id=new.leader_person_id, deputy_name=new.deputy_name,
        rating=new.rating), business_date=business_date)
    return Formed(written(made), group_id)


def list_groups(book: Book, point_code: str) -> list[GroupRow]:
    members = (select(Household.group_id, func.count().label("n"))
               .where(Household.alias_of.is_(None)).group_by(Household.group_id).subquery())
    query = (select(Group, func.coalesce(members.c.n, 0))
             .outerjoin(members, members.c.group_id == Group.id)
             .where(Group.point_code == point_code).order_by(Group.code))
    return [GroupRow(g.id, g.point_code, g.organisation_code, g.code, g.name, g.village,
                     g.leader_person_id, g.leader_name, g.deputy_name, g.rating, n)
            for g, n in book.db.execute(query)]


def get_group(book: Book, group_id: str) -> GroupRow | None:
    g = book.db.get(Group, group_id)
    if g is None:
        return None
    n = book.db.scalar(select(func.count()).select_from(Household).where(
        Household.group_id == g.id, Household.alias_of.is_(None)))
    return GroupRow(g.id, g.point_code, g.organisation_code, g.code, g.name, g.village,
                    g.leader_person_id, g.leader_name, g.deputy_name, g.rating, n)

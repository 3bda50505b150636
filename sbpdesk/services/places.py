"""Administrative units with history (`unit.define`), where a point sits on a date, and
addresses resolved to the units in force (decision 0106; domain/places.py).

`unit.define {code, level, name, parent_code?, valid_from?, valid_until?, successors?:
[{code, villages?}]}` is office reference data: the applier keeps `admin_unit` current
(`current` = no end date); the history and the successor table are folded from the journal
itself, as office names are (reference.office_names_on). A point's `point.define` names the
commune it belongs to now (`commune_code`) and the old commune it was set up in
(`legacy_commune_code`); documents ask `point_commune_on` for the name in force on their
date.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import select

from sbpdesk.db.models import AdminUnit, Household, Point
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain import places as domain_places
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.places import LEVELS, Address, Places, Successor, Unit
from sbpdesk.services import journal, posting
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import Command, applier, decider

CODE = re.compile(r"^[0-9A-Za-z._-]{1,20}$")


def _bad(field: str, vi: str, en: str) -> DomainError:
    return DomainError("bad_unit", vi, en, field=field)


def _day(p: dict, name: str) -> dt.date | None:
    value = p.get(name)
    return dt.date.fromisoformat(value) if value else None


@decider("unit.define")
def _decide_unit(book: Book, cmd: Command) -> Command:
    p = {k: v for k, v in cmd.payload.items() if v is not None}
    for name in ("code", "level", "name"):
        if not p.get(name):
            raise _bad(name, f"Thiếu trường {name}.", f"Missing field {name}.")
    if not CODE.match(p["code"]) or (p.get("parent_code") and not CODE.match(p["parent_code"])):
        raise _bad("code", "Mã đơn vị hành chính không hợp lệ.", "Invalid unit code.")
    if p["level"] not in LEVELS:
        raise _bad("level", f"Cấp đơn vị phải là: {', '.join(LEVELS)}.",
                   f"Level must be one of: {', '.join(LEVELS)}.")
    start, end = _day(p, "valid_from"), _day(p, "valid_until")
    if start and end and end < start:
        raise _bad("valid_until", "Ngày hết hiệu lực trước ngày có hiệu lực.",
                   "The unit ends before it begins.")
    rows = []
    for s in p.get("successors") or []:
        if not isinstance(s, dict) or not CODE.match(str(s.get("code") or "")):
            raise _bad("successors", "Đơn vị kế thừa không hợp lệ.", "Invalid successor.")
        villages = [str(v) for v in s.get("villages") or []]
        rows.append({"code": s["code"], **({"villages": villages} if villages else {})})
    if rows and end is None:
        raise _bad("valid_until", "Đơn vị có đơn vị kế thừa phải có ngày hết hiệu lực.",
                   "A unit with successors needs its last day (valid_until).")
    if len(rows) > 1 and sum(1 for r in rows if "villages" not in r) > 1:
        raise _bad("successors", "Đơn vị chia cho nhiều xã: chỉ một xã nhận phần còn lại, các "
                   "xã khác phải kê thôn.", "A split unit: only one successor may take the "
                   "rest; the others must list their villages.")
    if rows:
        p["successors"] = rows
    return replace(cmd, payload=p)


@applier("unit.define")
def _apply_unit(book: Book, e: Entry) -> None:
    p = e.payload
    book.db.merge(AdminUnit(code=p["code"], name=p["name"], level=p["level"],
                            current=not p.get("valid_until"),
                            parent_code=p.get("parent_code")))


def define_unit(book: Book, unit: dict, *, business_date: dt.date) -> Written:
    """Record a unit (a `unit.define` payload: code, level, name, parent_code, valid_from,
    valid_until, successors)."""
    return written(posting.post(book, "unit.define", unit, business_date=business_date))


def _entries(book: Book, kind: str) -> list[Entry]:
    rows = book.db.scalars(select(OperationRow).where(OperationRow.kind == kind,
                                                      OperationRow.outcome == "applied"))
    return sorted((journal.to_entry(r) for r in rows),
                  key=lambda x: domain_op.order_key(x.operation()))


def places(book: Book) -> Places:
    """The units and successor table the journal defines (a later definition of a code
    replaces the earlier one)."""
    units: dict[str, Unit] = {}
    successors: dict[str, tuple[Successor, ...]] = {}
    for e in _entries(book, "unit.define"):
        p = e.payload
        units[p["code"]] = Unit(p["code"], p["level"], p["name"], p.get("parent_code"),
                                _day(p, "valid_from"), _day(p, "valid_until"))
        successors[p["code"]] = tuple(Successor(p["code"], s["code"],
                                                tuple(s.get("villages") or ()))
                                      for s in p.get("successors") or [])
    return domain_places.build(units.values(), (s for rows in successors.values()
                                                for s in rows))


def _point_payload(book: Book, point_code: str) -> dict:
    found: dict = {}
    for e in _entries(book, "point.define"):
        if e.payload.get("point_code") == point_code:
            found = e.payload
    return found


def point_commune_on(book: Book, point_code: str, day: dt.date,
                     where: Places | None = None) -> str | None:
    """The name of the commune a point sits in on `day`: the old commune while it was in
    force (documents of 2024), the new one after (documents of 2026). Points defined with
    no unit codes keep their `commune` text."""
    p = _point_payload(book, point_code)
    where = where or places(book)
    for name in ("legacy_commune_code", "commune_code"):
        unit = where.units.get(p.get(name) or "")
        if unit is not None and unit.in_force(day):
            return unit.name
    row = book.db.get(Point, point_code)
    return row.commune if row is not None else None


def household_address(book: Book, household_id: str, day: dt.date) -> Address | None:
    """A household's address as written at registration, and the commune it resolves to on
    `day` (the written commune's successor, chosen by village where it was split)."""
    row = book.db.get(Household, household_id)
    if row is None:
        return None
    where = places(book)
    code = row.commune_code if row.commune_code in where.units else (
        _point_payload(book, row.point_code or "").get("legacy_commune_code"))
    return where.resolve_address(row.address or "", row.village or "", code, day)


LEVEL_WORDS = {"province": "tỉnh", "district": "huyện", "commune": "xã"}


def address_now(book: Book, household_id: str, day: dt.date) -> str | None:
    """"xã Hồng Thái, tỉnh Lâm Đồng": the commune and province a household's address
    resolves to on `day` when the commune written at registration is no longer in force
    (the address itself stays as written; decision 0106). None when nothing changed or the
    address cannot be resolved (an old commune that was split and a village that does not
    tell which way it went)."""
    address = household_address(book, household_id, day)
    if address is None or not address.resolved_commune or \
            address.resolved_commune == address.commune_code:
        return None
    where = places(book)
    parts = [where.units.get(code) for code in (address.resolved_commune,
                                                address.province_code or "")]
    return ", ".join(f"{LEVEL_WORDS.get(u.level, '')} {u.name}".strip()
                     for u in parts if u is not None) or None


def household_communes(book: Book, day: dt.date) -> tuple[dict[str, str], dict[str, str]]:
    """Every household's commune in force on `day` (the new commune since 01/07/2025, for
    the reports by commune; see `commune_resolver`). Returns (household → commune code,
    commune code → name on `day`)."""
    commune_of, name_of = commune_resolver(book, day)
    out = {hid: commune_of(point_code, code, village) for hid, point_code, code, village
           in book.db.execute(select(Household.id, Household.point_code,
                                     Household.commune_code, Household.village))}
    return out, {code: name_of(code) for code in set(out.values())}


CommuneOf = Callable[[str | None, str | None, str | None], str]


def commune_resolver(book: Book, day: dt.date) -> tuple[CommuneOf, Callable[[str], str]]:
    """(commune of a household's point, written commune and village on `day`; a commune's
    name on `day`): the commune written at registration resolved through the successor table
    (by village where it was split); where that cannot tell — no unit codes, a split commune
    and a village that does not decide — the commune the household's point belongs to on
    `day`, else the point's commune as written."""
    where = places(book)
    defined: dict[str, dict] = {}
    for e in _entries(book, "point.define"):
        defined[e.payload.get("point_code")] = e.payload
    point_commune: dict[str, str] = {}
    for point in book.db.scalars(select(Point)):
        p = defined.get(point.code, {})
        found = next((where.resolve(p[k], day) for k in ("commune_code", "legacy_commune_code")
                      if p.get(k) and where.resolve(p[k], day)), None)
        point_commune[point.code] = found or point.commune or point.code
    cache: dict[tuple[str, str, str], str] = {}

    def commune_of(point_code: str | None, code: str | None, village: str | None) -> str:
        key = (point_code or "", code or "", village or "")
        if key not in cache:
            point_code, code, village = key
            written = code if code in where.units else (
                defined.get(point_code, {}).get("legacy_commune_code"))
            resolved = where.resolve(written, day, village) if written else None
            cache[key] = resolved or point_commune.get(point_code, point_code)
        return cache[key]
    return commune_of, lambda code: where.name_on(code, day) or code


# --- difficult areas (guidance 727/HD-NHCS: the union checks 75 % of a group's earlier
# loans there, 90 % elsewhere; decision 0192) ---------------------------------------------

def difficult_points(book: Book) -> set[str]:
    """The points whose latest `point.define` says `difficult_area: true` (default: none)."""
    latest: dict[str, bool] = {}
    for e in _entries(book, "point.define"):
        latest[e.payload.get("point_code")] = bool(e.payload.get("difficult_area"))
    return {code for code, difficult in latest.items() if difficult}


def set_difficult_area(book: Book, point_code: str, difficult: bool, *,
                       business_date: dt.date) -> Written:
    """Mark a point as serving a difficult area (or not): its latest definition again, with
    `difficult_area` (administrator, reference data that travels to the laptops)."""
    payload = _point_payload(book, point_code)
    if not payload:
        raise DomainError("unknown_point", "Không tìm thấy điểm giao dịch.", "Unknown point.",
                          field="point_code")
    return written(posting.post(book, "point.define", {**payload, "difficult_area": difficult},
                                business_date=business_date))

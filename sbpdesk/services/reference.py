"""Reference data decided by the office: offices, points, organisations, programmes, rates,
rule sets and point calendars — and the domain `Refs` built from them.

Each kind's decider validates the payload (administrator only, office books only: see
posting.KINDS) and its applier keeps the queryable tables current. `build_refs` folds the
reference operations themselves, in canonical order, into the domain's `Refs`, so `apply`
sees exactly what the journal says even for fields the tables do not carry.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import delete, select

from sbpdesk.db.models import (
    Office,
    Organisation,
    Point,
    PointCalendarChange,
    Programme,
    ProgrammeRate,
    RuleSet,
)
from sbpdesk.db.models import (
    Operation as OperationRow,
)
from sbpdesk.domain import group_score
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.canonical import canonical_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.programmes import Programme as DomainProgramme
from sbpdesk.domain.rules import Refs
from sbpdesk.domain.rules import RuleSet as DomainRuleSet
from sbpdesk.domain.text import nfc
from sbpdesk.services import entrustment, journal, posting, receipts, refs
from sbpdesk.services.changes import Written, given, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import Command, applier, decider, replace

ORGANISATION_KINDS = ("women", "farmers", "veterans", "youth")


@dataclass(frozen=True)
class PointRow:
    office_code: str
    code: str
    name: str
    commune: str | None
    legacy_commune: str | None
    place: str | None
    session_day: int | None
    session_time: str | None
    lease_device_id: str | None
    lease_device_name: str = ""     # the holder's name given at enrolment (issue 14)


@dataclass(frozen=True)
class OrganisationRow:
    code: str
    kind: str
    name: str
    point_code: str | None


# --- helpers --------------------------------------------------------------------------------

def _require(payload: dict, *names: str) -> None:
    for name in names:
        value = payload.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise DomainError("missing_field", f"Thiếu thông tin: {name}",
                              f"Missing field: {name}", field=name)


def _date(payload: dict, name: str, required: bool = True) -> dt.date | None:
    value = payload.get(name)
    if value is None and not required:
        return None
    try:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DomainError("bad_date", f"Ngày không hợp lệ: {name}", f"Invalid date: {name}",
                          field=name) from None


def _clean(payload: dict) -> dict:
    return {k: nfc(v).strip() if isinstance(v, str) else v for k, v in payload.items()}


def _session_day(payload: dict) -> None:
    day = payload.get("session_day")
    if day is not None and (not isinstance(day, int) or not 1 <= day <= 31):
        raise DomainError("bad_session_day", "Ngày giao dịch cố định phải từ 1 đến 31.",
                          "The session day must be 1–31.", field="session_day")


# --- deciders and appliers ------------------------------------------------------------------

@decider("office.define")
def _decide_office(book: Book, cmd: Command) -> Command:
    p = _clean(cmd.payload)
    _require(p, "office_code", "name")
    _date(p, "effective_from", required=False)   # names in force from that day
    return replace(cmd, payload=p)


@applier("office.define")
def _apply_office(book: Book, e: Entry) -> None:
    # Names have a history (`effective_from`, decisions/0076): the row holds the latest.
    p = e.payload
    latest = _office_history(book, p["office_code"], including=e)[-1][1]
    row = book.db.get(Office, p["office_code"]) or Office(code=p["office_code"])
    row.name, row.branch_name = latest["name"], latest.get("branch_name")
    book.db.merge(row)


def _office_history(book: Book, office_code: str, including: Entry | None = None
                    ) -> list[tuple[dt.date, dict]]:
    """[(effective from, payload)] of the office's `office.define`s, oldest first; one with
    no `effective_from` holds from the beginning."""
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.kind == "office.define", OperationRow.outcome == "applied"))
    entries = [journal.to_entry(r) for r in rows]
    if including is not None and all(x.op_id != including.op_id for x in entries):
        entries.append(including)
    mine = [x for x in entries if x.payload.get("office_code") == office_code]
    mine.sort(key=lambda x: (_date(x.payload, "effective_from", required=False)
                             or dt.date.min, domain_op.order_key(x.operation())))
    return [(_date(x.payload, "effective_from", required=False) or dt.date.min, x.payload)
            for x in mine]


def office_names_on(book: Book, office_code: str, day: dt.date) -> tuple[str, str] | None:
    """(office name, branch name) in force on `day` (Bắc Bình: "Phòng giao dịch NHCSXH
    huyện Bắc Bình" under Bình Thuận before 01/07/2025, then under Lâm Đồng)."""
    live = [p for since, p in _office_history(book, office_code) if since <= day]
    if not live:
        return None
    return live[-1]["name"], live[-1].get("branch_name") or ""


@decider("point.define")
def _decide_point(book: Book, cmd: Command) -> Command:
    p = _clean(cmd.payload)
    p.setdefault("office_code", book.office_code)
    _require(p, "point_code", "office_code", "name")
    _session_day(p)
    return replace(cmd, payload=p)


@applier("point.define")
def _apply_point(book: Book, e: Entry) -> None:
    p = e.payload
    row = book.db.get(Point, p["point_code"])
    if row is None:
        row = Point(code=p["point_code"])
        book.db.add(row)
    row.office_code, row.name = p["office_code"], p["name"]
    for name in ("commune", "legacy_commune", "place", "session_day", "session_time"):
        setattr(row, name, p.get(name))


@decider("organisation.define")
def _decide_organisation(book: Book, cmd: Command) -> Command:
    p = _clean(cmd.payload)
    _require(p, "code", "kind", "name")
    if p["kind"] not in ORGANISATION_KINDS:
        raise DomainError("bad_organisation_kind", "Loại hội đoàn thể không hợp lệ.",
                          "Unknown organisation kind.", field="kind")
    _date(p, "effective_from", required=False)   # its name from that day (decision 0159)
    # commune, points served and dated contracts (decisions/0108)
    return replace(cmd, payload=entrustment.check_payload(p))


@applier("organisation.define")
def _apply_organisation(book: Book, e: Entry) -> None:
    p = e.payload
    book.db.merge(Organisation(code=p["code"], kind=p["kind"], name=p["name"],
                               point_code=p.get("point_code")))


@decider("programme.define")
def _decide_programme(book: Book, cmd: Command) -> Command:
    p = _clean(cmd.payload)
    _require(p, "code", "name_vi", "name_en")
    DomainProgramme.from_payload(p)  # the domain's own reading must accept it
    return replace(cmd, payload=p)


@applier("programme.define")
def _apply_programme(book: Book, e: Entry) -> None:
    p = e.payload
    book.db.merge(Programme(
        code=p["code"], name_vi=p["name_vi"], name_en=p.get("name_en"),
        max_amount=p.get("max_amount"), max_term_months=p.get("max_term_months"),
        category=p.get("category"), funding_sources=",".join(p.get("funding_sources") or []),
        interest_due=p.get("interest_due"),
        overdue_policy_from=_date(p, "overdue_policy_from", required=False)))


@decider("programme.rate")
def _decide_rate(book: Book, cmd: Command) -> Command:
    p = _clean(cmd.payload)
    _require(p, "programme_code", "effective_from", "annual_rate")
    _date(p, "effective_from")
    _date(p, "until", required=False)
    try:
        rate = Decimal(str(p["annual_rate"]))
    except InvalidOperation:
        rate = Decimal(-1)
    if not rate.is_finite() or rate < 0 or rate > 100:
        raise DomainError("bad_rate", "Lãi suất không hợp lệ (ví dụ \"6.24\" %/năm).",
                          'Invalid rate (e.g. "6.24" % a year).', field="annual_rate")
    p["annual_rate"] = format(rate.normalize(), "f")
    return replace(cmd, payload=p)


@applier("programme.rate")
def _apply_rate(book: Book, e: Entry) -> None:
    p = e.payload
    book.db.add(ProgrammeRate(op_id=e.op_id, programme_code=p["programme_code"],
                              effective_from=_date(p, "effective_from"),
                              until=_date(p, "until", required=False),
                              annual_rate=p["annual_rate"], note=p.get("note")))


@decider("rules.publish")
def _decide_rules(book: Book, cmd: Command) -> Command:
    p = _clean(cmd.payload)
    _require(p, "version", "effective_from")
    if book.db.get(RuleSet, p["version"]) is not None:
        raise DomainError("rules_version_exists", f"Bộ quy tắc {p['version']} đã được công bố.",
                          f"Rule set {p['version']} is already published.", field="version")
    try:
        rules = DomainRuleSet.from_values(p["version"], _date(p, "effective_from"),
                                          p.get("values") or {})
        group_score.check_weights(rules.group_score_weights)
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise DomainError("bad_rules", f"Bộ quy tắc không hợp lệ: {exc}",
                          f"Invalid rule set: {exc}", field="values") from None
    return replace(cmd, payload=p)


@applier("rules.publish")
def _apply_rules(book: Book, e: Entry) -> None:
    p = e.payload
    book.db.merge(RuleSet(version=p["version"], effective_from=_date(p, "effective_from"),
                          values=canonical_json(p.get("values") or {})))


@decider("calendar.publish")
def _decide_calendar(book: Book, cmd: Command) -> Command:
    p = _clean(cmd.payload)
    _require(p, "point_code", "session_day")
    _session_day(p)
    for name in ("cancelled", "extra"):
        p[name] = sorted({_date({"d": d}, "d").isoformat() for d in p.get(name) or []})
    if p.get("moves"):     # the session day moved from a date (decisions/0076)
        moves = []
        for m in p["moves"]:
            _require(m, "session_day")      # a move names its day (was a KeyError)
            _session_day(m)
            move = {"from": _date(m, "from").isoformat(), "session_day": m["session_day"]}
            if (place := nfc(m.get("place") or "").strip()):   # a new place from that date
                move["place"] = place
            moves.append(move)
        p["moves"] = sorted(moves, key=lambda m: m["from"])
    return replace(cmd, payload=p)


@applier("calendar.publish")
def _apply_calendar(book: Book, e: Entry) -> None:
    # The payload is the point's whole calendar: it replaces the previous one.
    p = e.payload
    point = book.db.get(Point, p["point_code"])
    if point is not None:   # the day in force after the last move
        point.session_day = (p.get("moves") or [p])[-1]["session_day"]
        point.session_time = p.get("session_time")
    book.db.execute(delete(PointCalendarChange).where(
        PointCalendarChange.point_code == p["point_code"]))
    book.db.flush()
    if point is None:
        return  # a calendar for a point this book does not hold: kept in the journal only
    for change in ("cancelled", "extra"):
        for day in p.get(change) or []:
            book.db.add(PointCalendarChange(point_code=p["point_code"],
                                            day=dt.date.fromisoformat(day), change=change))


# --- the domain's Refs ----------------------------------------------------------------------

REFS_KINDS = refs.KINDS


# --- write verbs (the office's reference data) ------------------------------------------------

def define_office(book: Book, office_code: str, name: str, *, branch_name: str | None = None,
                  province_code: str | None = None, effective_from: dt.date | None = None,
                  business_date: dt.date) -> Written:
    """The office's names (and its branch's province), in force from `effective_from` (None:
    from the beginning; names have a history, decision 0076)."""
    return written(posting.post(book, "office.define", given(
        office_code=office_code, name=name, branch_name=branch_name,
        province_code=province_code,
        effective_from=effective_from.isoformat() if effective_from else None),
        business_date=business_date))


def define_point(book: Book, point_code: str, name: str, *, office_code: str | None = None,
                 commune: str | None = None, legacy_commune: str | None = None,
                 place: str | None = None, session_day: int | None = None,
                 session_time: str | None = None, commune_code: str | None = None,
                 legacy_commune_code: str | None = None, business_date: dt.date) -> Written:
    """A point; `commune_code` / `legacy_commune_code`: the units of the commune it belongs
    to and of the old one it was set up in (decision 0106)."""
    return written(posting.post(book, "point.define", given(
        point_code=point_code, office_code=office_code, name=name, commune=commune,
        legacy_commune=legacy_commune, place=place, session_day=session_day,
        session_time=session_time, commune_code=commune_code,
        legacy_commune_code=legacy_commune_code), business_date=business_date))


def define_organisation(book: Book, code: str, kind: str, name: str, *,
                        point_code: str | None = None, commune_code: str | None = None,
                        points: list[str] | None = None, contracts: list[dict] | None = None,
                        effective_from: dt.date | None = None,
                        business_date: dt.date) -> Written:
    """An entrusted organisation: its commune, the points it serves, its dated contracts
    (decision 0108); its name in force from `effective_from` (None: from the beginning;
    decision 0159)."""
    return written(posting.post(book, "organisation.define", given(
        code=code, kind=kind, name=name, point_code=point_code, commune_code=commune_code,
        points=points, contracts=contracts,
        effective_from=effective_from.isoformat() if effective_from else None),
        business_date=business_date))


def publish_rules(book: Book, version: str, effective_from: dt.date, values: dict[str, Any], *,
                  business_date: dt.date) -> Written:
    """A rule set from `effective_from` (its values by rule name, docs/money-rules.md)."""
    return written(posting.post(book, "rules.publish", {
        "version": version, "effective_from": effective_from.isoformat(), "values": values},
        business_date=business_date))


def build_refs(book: Book) -> Refs:
    """Fold the applied reference operations, in canonical order, over the shipped tables."""
    return refs.build(book.db)


def rules_version_on(book: Book, on: dt.date) -> str:
    """The rule set in force on a date: what a new operation is decided under."""
    return book.refs.rules_at(on).version


# --- queries --------------------------------------------------------------------------------

def _point_row(p: Point) -> PointRow:
    return PointRow(p.office_code, p.code, p.name, p.commune, p.legacy_commune, p.place,
                    p.session_day, p.session_time, p.lease_device_id)


def _named_point_row(book: Book, p: Point) -> PointRow:
    return dataclasses.replace(_point_row(p),
                               lease_device_name=receipts.device_name(book, p.lease_device_id))


def list_points(book: Book) -> list[PointRow]:
    return [_named_point_row(book, p)
            for p in book.db.scalars(select(Point).order_by(Point.code))]


def office_name(book: Book) -> str:
    """The name of this book's office ("" before `office.define`)."""
    office = book.db.get(Office, book.office_code or "") if book.office_code else None
    return office.name if office is not None else ""


def get_point(book: Book, code: str) -> PointRow | None:
    p = book.db.get(Point, code)
    return _named_point_row(book, p) if p is not None else None


def programme_names(book: Book) -> dict[str, str]:
    """Programme code → Vietnamese name, for pickers and titles."""
    return {code: p.name_vi for code, p in book.refs.programmes.items()}


def list_organisations(book: Book, point_code: str | None = None) -> list[OrganisationRow]:
    rows = book.db.scalars(select(Organisation).order_by(Organisation.code)).all()
    if point_code is not None:     # its own, and those serving several points (0108)
        serving = {o.code for o in entrustment.serving(book, point_code)}
        rows = [o for o in rows if o.point_code == point_code or o.code in serving]
    return [OrganisationRow(o.code, o.kind, o.name, o.point_code) for o in rows]

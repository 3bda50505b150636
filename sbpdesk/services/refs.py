"""The domain's `Refs` (programmes, rates, rule sets, point calendars) built from the journal.

Below the subject modules and `context`: it takes the SQLAlchemy handle, so the `Book` can
build and cache it without reaching up into `reference` (decision 0055). `build` folds the
applied reference operations themselves, in canonical order, over the shipped tables, so
`apply` sees exactly what the journal says even for fields the tables do not carry.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.calendar import SessionCalendar
from sbpdesk.domain.programmes import Programme as DomainProgramme
from sbpdesk.domain.rates import RateEntry
from sbpdesk.domain.relief import Relief
from sbpdesk.domain.rules import Refs
from sbpdesk.domain.rules import RuleSet as DomainRuleSet
from sbpdesk.services import journal

KINDS = ("programme.define", "programme.rate", "rules.publish", "calendar.publish",
         "point.define", "office.define", "rate.relief")


def _date(payload: dict, name: str, required: bool = True) -> dt.date | None:
    value = payload.get(name)
    if value is None and not required:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def build(db: DbSession) -> Refs:
    """Fold the applied reference operations, in canonical order, over the shipped tables."""
    rows = db.scalars(select(OperationRow).where(
        OperationRow.kind.in_(KINDS), OperationRow.outcome == "applied"))
    entries = sorted((journal.to_entry(r) for r in rows),
                     key=lambda e: domain_op.order_key(e.operation()))
    refs = Refs()
    programmes = dict(refs.programmes)
    rates = refs.rates
    rule_sets = dict(refs.rule_sets)
    calendars: dict[str, SessionCalendar] = {}
    reliefs: list[Relief] = []
    provinces: dict[str, str] = {}
    office_province = ""
    for e in entries:
        p = e.payload
        if e.kind == "programme.define":
            new = DomainProgramme.from_payload(p)
            old = programmes.get(p["code"])
            if old is not None and "regimes" not in p:     # keep the shipped regimes
                new = dataclasses.replace(new, regimes=old.regimes)
            programmes[p["code"]] = new
        elif e.kind == "programme.rate":
            rates = rates.with_entry(RateEntry(p["programme_code"], _date(p, "effective_from"),
                                               Decimal(p["annual_rate"]),
                                               _date(p, "until", required=False),
                                               p.get("note") or ""))
        elif e.kind == "rules.publish":
            rule_sets[p["version"]] = DomainRuleSet.from_values(
                p["version"], _date(p, "effective_from"), p.get("values") or {})
        elif e.kind == "calendar.publish":
            calendars[p["point_code"]] = SessionCalendar(
                p["point_code"], p["session_day"],
                frozenset(dt.date.fromisoformat(d) for d in p.get("cancelled") or []),
                frozenset(dt.date.fromisoformat(d) for d in p.get("extra") or []),
                tuple((dt.date.fromisoformat(m["from"]), m["session_day"])
                      for m in p.get("moves") or []),
                tuple((dt.date.fromisoformat(m["from"]), m["place"])
                      for m in p.get("moves") or [] if m.get("place")))
        elif e.kind == "rate.relief":
            reliefs.append(Relief.from_payload(e.op_id, e.business_date, p))
        elif e.kind == "office.define":
            office_province = p.get("province_code") or office_province
        if e.kind == "point.define":
            if p.get("province_code"):
                provinces[p["point_code"]] = p["province_code"]
            if p.get("session_day") and p["point_code"] not in calendars:
                calendars[p["point_code"]] = SessionCalendar(p["point_code"], p["session_day"])
    return Refs(programmes=programmes, rates=rates, rule_sets=rule_sets, calendars=calendars,
                reliefs=tuple(reliefs), point_provinces=provinces,
                office_province=office_province)

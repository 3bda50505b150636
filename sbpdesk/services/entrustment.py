"""Entrusted organisations since the 2025 reform (decision 0108): an organisation (the
commune chapter of the Women's, Farmers', Veterans' or Youth Union) belongs to a (new)
commune, may serve several points, and works under dated entrustment contracts.

`organisation.define` carries `commune_code`, `points` (the points it serves; the older
`point_code` is one of them) and `contracts` ([{number, signed_on, valid_from,
valid_until}]); a later definition of a code replaces the earlier one, as the journal says.
District-level unions were dissolved (guidance 727/HD-NHCS), so no contract is district
level; fees are issued only for days a contract covers (`contract_on`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import journal
from sbpdesk.services.context import Book


@dataclass(frozen=True)
class Contract:
    number: str
    signed_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None     # None: open-ended

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Entrusted:
    code: str
    kind: str
    name: str
    commune_code: str | None
    points: tuple[str, ...]
    contracts: tuple[Contract, ...]


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def check_payload(p: dict) -> dict:
    """The decider's part for the 2025 fields: points as a sorted list (the old `point_code`
    among them), contracts with dates that hold together."""
    if p.get("points"):
        p["points"] = sorted({*p["points"], *([p["point_code"]] if p.get("point_code")
                                              else [])})
    contracts = []
    for c in p.get("contracts") or []:
        if not isinstance(c, dict) or not c.get("number") or not c.get("valid_from"):
            raise DomainError("bad_contract", "Hợp đồng ủy thác cần số và ngày hiệu lực.",
                              "An entrustment contract needs its number and start date.",
                              field="contracts")
        start, end = _day(c["valid_from"]), _day(c.get("valid_until"))
        signed = _day(c.get("signed_on")) or start
        if (end is not None and end < start) or signed > start:
            raise DomainError("bad_contract",
                              f"Hợp đồng {c['number']}: ngày ký, ngày hiệu lực và ngày hết hạn "
                              "không hợp lý.", f"Contract {c['number']}: the signing, start "
                              "and end dates do not hold together.", field="contracts")
        contracts.append({"number": str(c["number"]), "signed_on": signed.isoformat(),
                          "valid_from": start.isoformat(),
                          **({"valid_until": end.isoformat()} if end else {})})
    if contracts:
        p["contracts"] = sorted(contracts, key=lambda c: (c["valid_from"], c["number"]))
    return p


def organisations(book: Book) -> dict[str, Entrusted]:
    """Every organisation as its latest `organisation.define` says."""
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.kind == "organisation.define", OperationRow.outcome == "applied"))
    out: dict[str, Entrusted] = {}
    for e in sorted((journal.to_entry(r) for r in rows),
                    key=lambda x: domain_op.order_key(x.operation())):
        p = e.payload
        points = tuple(p.get("points") or ([p["point_code"]] if p.get("point_code") else []))
        out[p["code"]] = Entrusted(p["code"], p["kind"], p["name"], p.get("commune_code"),
                                   points, tuple(Contract(c["number"], _day(c["signed_on"]),
                                                          _day(c["valid_from"]),
                                                          _day(c.get("valid_until")))
                                                 for c in p.get("contracts") or []))
    return out


def name_on(book: Book, code: str, day: dt.date) -> str | None:
    """The organisation's name in force on `day`: the latest definition (by its
    `effective_from`, none = from the beginning, then journal order) starting on or before it
    — "Hội Nông dân xã Phan Rí Thành" on a 2024 paper, "… xã Bắc Bình" on a 2026 one
    (decision 0159)."""
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.kind == "organisation.define", OperationRow.outcome == "applied"))
    mine = [e for e in (journal.to_entry(r) for r in rows) if e.payload.get("code") == code]
    dated = sorted((_day(e.payload.get("effective_from")) or dt.date.min,
                     domain_op.order_key(e.operation()), e.payload["name"]) for e in mine)
    live = [name for since, _, name in dated if since <= day]
    return live[-1] if live else (dated[0][2] if dated else None)


def serving(book: Book, point_code: str) -> list[Entrusted]:
    """The organisations that serve a point (one may serve several)."""
    return sorted((o for o in organisations(book).values() if point_code in o.points),
                  key=lambda o: o.code)


def contract_on(book: Book, code: str, day: dt.date) -> Contract | None:
    """The organisation's contract in force on `day` (the latest starting), or None."""
    org = organisations(book).get(code)
    live = [c for c in (org.contracts if org else ()) if c.covers(day)]
    return max(live, key=lambda c: c.valid_from) if live else None

"""The office window's review queue (issue 16), as rows for its tables.

`review_data(office)` gathers, read-only: the accounts holding suspense (with the household's
first member and why the cash went there), the held and rejected operations, the frozen
origins (forks), the verdicts the office sends back to each laptop in its next bundle
(`exchange.office_verdicts`: its rows not plainly applied) and the history of resolutions —
every `suspense.resolve` with who recorded it, when, what went where and why. Resolving goes
through the typed verb `services.loans.resolve_suspense`; the operation travels to the point
in its next bundle like every office decision.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot, Device, Person
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain.canonical import from_json
from sbpdesk.services import sync_status
from sbpdesk.services.context import Book

from . import exchange, feed


@dataclass(frozen=True)
class SuspenseLine:
    household_id: str
    member: str                  # the household's first member, for the eye
    point_code: str
    account_kind: str
    account_id: str
    suspense: int
    reasons: str                 # the suspense entries' reasons, comma-joined


@dataclass(frozen=True)
class ReviewOp:
    op_id: str
    origin: str
    seq: int | None
    kind: str
    business_date: dt.date | None
    summary: str
    point_code: str
    outcome: str
    reason: str | None


@dataclass(frozen=True)
class ForkLine:
    origin: str
    count: int
    first_seq: int | None


@dataclass(frozen=True)
class Resolution:
    op_id: str
    business_date: dt.date
    recorded_at: str
    actor: str
    account_kind: str
    account_id: str
    amount: int
    to: str
    target_id: str | None
    reason: str


@dataclass(frozen=True)
class ReviewData:
    suspense: tuple[SuspenseLine, ...]
    held: tuple[ReviewOp, ...]
    rejected: tuple[ReviewOp, ...]
    forks: tuple[ForkLine, ...]
    verdicts: tuple[ReviewOp, ...]
    resolutions: tuple[Resolution, ...]


def _member(office: Book, household_id: str | None) -> str:
    if not household_id:
        return ""
    name = office.db.scalars(select(Person.full_name).where(
        Person.household_id == household_id).order_by(Person.id).limit(1)).first()
    return name or ""


def _suspense(office: Book) -> tuple[SuspenseLine, ...]:
    snaps = office.db.scalars(select(AccountSnapshot).where(AccountSnapshot.suspense != 0)
                              .order_by(AccountSnapshot.household_id,
                                        AccountSnapshot.account_id)).all()
    out = []
    for s in snaps:
        entries = from_json(s.state).get("suspense_entries") or []
        reasons = sorted({str(e.get("reason")) for e in entries    # why cash came in
                          if e.get("reason") and not str(e["reason"]).startswith("resolved")})
        out.append(SuspenseLine(s.household_id or "", _member(office, s.household_id),
                                s.point_code or "", s.account_kind, s.account_id, s.suspense,
                                ",".join(reasons)))
    return tuple(out)


def _ops(office: Book, rows, reasons: dict[str, tuple[str, str | None]] | None = None
         ) -> tuple[ReviewOp, ...]:
    info = sync_status.describe_ops(office, [r.op_id for r in rows])
    out = []
    for r in rows:
        i = info.get(r.op_id)
        where = feed.point_of(office, r.kind, from_json(r.payload))
        outcome, reason = (reasons or {}).get(r.op_id, (r.outcome, r.reason))
        out.append(ReviewOp(r.op_id, r.origin, r.seq, r.kind, r.business_date,
                            i.summary if i else r.kind,
                            where if where and where != feed.ALL else "", outcome, reason))
    return tuple(out)


def _verdicts(office: Book) -> tuple[ReviewOp, ...]:
    lines: list[ReviewOp] = []
    for device in office.db.scalars(select(Device).where(
            Device.revoked_last_seq.is_(None)).order_by(Device.id)):
        stated = exchange.office_verdicts(office, device.id, as_of=0)["ops"]
        ids = [v["op_id"] for v in stated]
        rows = office.db.scalars(select(OperationRow).where(OperationRow.op_id.in_(ids))
                                 .order_by(OperationRow.seq)).all() if ids else []
        why = {v["op_id"]: (v["outcome"], v.get("reason")) for v in stated}
        lines.extend(_ops(office, rows, why))
    return tuple(lines)


def _resolutions(office: Book) -> tuple[Resolution, ...]:
    rows = office.db.scalars(select(OperationRow).where(
        OperationRow.kind == "suspense.resolve").order_by(OperationRow.feed_no.desc())).all()
    out = []
    for r in rows:
        p = from_json(r.payload)
        out.append(Resolution(r.op_id, r.business_date, r.recorded_at or "", r.actor,
                              str(p.get("account_kind") or ""), str(p.get("account_id") or ""),
                              int(p.get("amount") or 0), str(p.get("to") or ""), p.get("target_id"),
                              str(p.get("reason") or "")))
    return tuple(out)


def review_data(office: Book) -> ReviewData:
    held = office.db.scalars(select(OperationRow).where(exchange.HELD)
                             .order_by(OperationRow.origin, OperationRow.seq)).all()
    rejected = office.db.scalars(select(OperationRow).where(
        OperationRow.outcome == "rejected").order_by(OperationRow.origin,
                                                     OperationRow.seq)).all()
    forks = tuple(ForkLine(f["origin"], len(f["forks"]), min(
        (x["seq"] for x in f["forks"] if isinstance(x.get("seq"), int)), default=None))
        for f in exchange.frozen_origins(office))
    data = ReviewData(_suspense(office), _ops(office, held), _ops(office, rejected), forks,
                      _verdicts(office), _resolutions(office))
    office.end_read()
    return data

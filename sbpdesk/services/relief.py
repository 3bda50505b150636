"""Scoped, retroactive interest reductions decided by the government (`rate.relief`), e.g.
"−2 %/year, 01/10/2025–31/12/2025, province Lâm Đồng (68), programmes set by the Prime
Minister, Decision 2731/QĐ-TTg", and the list of what each borrower gets back.

The office records the reduction (administrator); the applier replays every loan in its
scope so the reduction of the whole window is recomputed from the journal — across rate
changes — and the excess already collected is booked by the chosen method at the loan's
next bill (domain/relief.py, decisions/0078). Points learn it through the next bundle: the
same applier runs there.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot, Person
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.operation import effective
from sbpdesk.domain.relief import METHODS, Relief
from sbpdesk.services import fold, journal, posting
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import Command, applier, decider


def _bad(field: str, vi: str, en: str) -> DomainError:
    return DomainError("bad_relief", vi, en, field=field)


def record(book: Book, payload: dict, *, business_date: dt.date) -> Written:
    """Record a reduction the government decided: `decision`, `points` (%/year), `start`,
    `until`, `programmes` ("pm_rate" or codes), `provinces`, `method` (see the decider)."""
    return written(posting.post(book, "rate.relief", payload, business_date=business_date))


@decider("rate.relief")
def _decide_relief(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    decision = (p.get("decision") or "").strip()
    if not decision:
        raise _bad("decision", "Cần ghi số quyết định giảm lãi suất.",
                   "The decision number is required.")
    try:
        points = Decimal(str(p.get("points")))
        start, until = (dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["until"]))
    except (InvalidOperation, KeyError, TypeError, ValueError):
        raise _bad("points", "Mức giảm (%/năm) và thời gian áp dụng không hợp lệ.",
                   "Invalid reduction (% a year) or period.") from None
    if not points.is_finite() or not 0 < points <= 100 or until < start:
        raise _bad("points", "Mức giảm phải dương và ngày kết thúc không trước ngày bắt đầu.",
                   "The reduction must be positive and end on or after its start.")
    method = p.get("method") or "next_interest"
    if method not in METHODS:
        raise _bad("method", "Cách hoàn tiền lãi thu thừa không hợp lệ.",
                   "Unknown way of returning the excess interest.")
    programmes = p.get("programmes") or "pm_rate"
    if programmes != "pm_rate":
        unknown = [c for c in programmes if book.refs.programme(c) is None]
        if unknown:
            raise _bad("programmes", f"Chương trình không tồn tại: {', '.join(unknown)}",
                       f"Unknown programmes: {', '.join(unknown)}")
    payload = {"decision": decision, "points": format(points.normalize(), "f"),
               "start": start.isoformat(), "until": until.isoformat(),
               "programmes": programmes, "provinces": sorted(p.get("provinces") or []),
               "method": method}
    return replace(cmd, payload=payload)


@applier("rate.relief")
def _apply_relief(book: Book, e: Entry) -> None:
    """Replay every loan the reduction covers with it in the references (this entry is
    not marked applied yet, so it is added here)."""
    new = Relief.from_payload(e.op_id, e.business_date, e.payload)
    refs = book.refs
    refs = replace(refs, reliefs=tuple(r for r in refs.reliefs if r.relief_id != new.relief_id)
                   + (new,))
    pairs = [("loan", row.account_id) for row in book.db.execute(
        select(AccountSnapshot.account_id, AccountSnapshot.programme_code,
               AccountSnapshot.point_code).where(AccountSnapshot.account_kind == "loan"))
        if new.covers(row.programme_code or "", refs.province_of(row.point_code or ""))]
    if not pairs:
        return
    kind = posting.account_kind("loan")
    snaps = posting.load_snapshots(book, pairs, lock=True)
    folded = {}
    for pair in pairs:
        entries = journal.account_entries(book.db, *pair)
        by_id = {x.op_id: x for x in entries}
        ops = effective(x.operation() for x in entries)
        state, made = kind.fold(None, ops, refs)
        folded[pair] = posting.Folded(state, by_id[ops[-1].op_id] if ops else None, made,
                                      replayed=True)
    fold._write_snapshots(book, folded, snaps)
    fold._project(book, folded)


# --- the list per point and group --------------------------------------------------------

@dataclass(frozen=True)
class ReliefLine:
    point_code: str
    group_id: str
    person_name: str
    loan_id: str
    contract_no: str
    reduction: int          # interest taken off the loan so far (đ)
    credit_left: int        # still to be taken off the next interest (next_interest)
    to_return: int          # held for cash or savings (cash, savings methods)
    programme_code: str = ""


def relief_list(book: Book, on: dt.date, point_code: str | None = None,
                group_id: str | None = None) -> list[ReliefLine]:
    """Each covered borrower's difference as billed on `on` (the next session's bill)."""
    refs = book.refs
    if not refs.reliefs:
        return []
    query = select(AccountSnapshot).where(AccountSnapshot.account_kind == "loan")
    if point_code is not None:
        query = query.where(AccountSnapshot.point_code == point_code)
    if group_id is not None:
        query = query.where(AccountSnapshot.group_id == group_id)
    out = []
    for snap in book.db.scalars(query):
        state = domain_loan.LoanState.from_dict(from_json(snap.state))
        if not refs.reliefs_for(state.programme_code, state.point_code):
            continue
        s = domain_loan.advance(state, on, refs) or state
        to_return = sum(x.amount for x in s.suspense_entries if x.reason.startswith("relief_"))
        if not (s.interest_relief or s.interest_credit or to_return):
            continue
        person = book.db.get(Person, state.person_id or "")
        out.append(ReliefLine(state.point_code, state.group_id,
                              person.full_name if person else "", state.loan_id,
                              state.contract_no, s.interest_relief, s.interest_credit,
                              to_return, state.programme_code or ""))
    out.sort(key=lambda x: (x.point_code, x.group_id, x.person_name, x.loan_id))
    return out

"""Review at the office: what import could not settle on its own.

- accounts with suspense (cash a rule refused: a repayment on a written-off loan, a
  disbursement of a cancelled approval), totalled per household; `resolve` posts
  `suspense.resolve`;
- forks: origins frozen because a second operation arrived with a known (origin, seq) and
  another hash (a laptop book copied back from an old file); the forked envelopes are kept;
- held operations (a gap, a kind/version this program cannot apply, a subject not arrived)
  and operations rejected after storing (an office-only kind from a laptop).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.operation import order_key
from sbpdesk.services import journal, loans
from sbpdesk.services.changes import Written
from sbpdesk.services.context import Book

from .exchange import HELD, frozen_origins


def suspense(book: Book) -> list[dict[str, Any]]:
    snaps = book.db.scalars(select(AccountSnapshot).where(AccountSnapshot.suspense != 0)
                            .order_by(AccountSnapshot.household_id,
                                      AccountSnapshot.account_kind,
                                      AccountSnapshot.account_id)).all()
    by_household: dict[str | None, list[AccountSnapshot]] = defaultdict(list)
    for s in snaps:
        by_household[s.household_id].append(s)
    return [{"household_id": hh, "total": sum(s.suspense for s in items),
             "accounts": [{"account_kind": s.account_kind, "account_id": s.account_id,
                           "point_code": s.point_code, "suspense": s.suspense}
                          for s in items]}
            for hh, items in by_household.items()]


def _op_line(r: OperationRow) -> dict[str, Any]:
    return {"op_id": r.op_id, "origin": r.origin, "seq": r.seq, "kind": r.kind,
            "business_date": r.business_date.isoformat(), "outcome": r.outcome,
            "reason": r.reason}


def review_list(book: Book) -> dict[str, Any]:
    held = book.db.scalars(select(OperationRow).where(HELD)
                           .order_by(OperationRow.origin, OperationRow.seq)).all()
    rejected = book.db.scalars(select(OperationRow).where(OperationRow.outcome == "rejected")
                               .order_by(OperationRow.origin, OperationRow.seq)).all()
    forks = [{"origin": f["origin"], "count": len(f["forks"]),
              "first_seq": min((x["seq"] for x in f["forks"] if isinstance(x.get("seq"), int)),
                               default=None)}
             for f in frozen_origins(book)]
    out = {"suspense": suspense(book), "forks": forks,
           "held": [_op_line(r) for r in held], "rejected": [_op_line(r) for r in rejected]}
    book.end_read()
    return out


def show(book: Book, item: str) -> dict[str, Any]:
    """An account (its suspense entries and journal), a frozen origin, or one operation."""
    for f in frozen_origins(book):
        if f["origin"] == item:
            return {"fork": f}
    snaps = book.db.scalars(select(AccountSnapshot).where(
        AccountSnapshot.account_id == item)).all()
    if snaps:
        out = []
        for s in snaps:
            state = from_json(s.state)
            ops = sorted(journal.account_entries(book.db, s.account_kind, s.account_id),
                         key=lambda e: order_key(e.operation()))
            out.append({"account_kind": s.account_kind, "account_id": s.account_id,
                        "household_id": s.household_id, "status": s.status,
                        "suspense": s.suspense,
                        "suspense_entries": state.get("suspense_entries", []),
                        "operations": [{"op_id": e.op_id, "origin": e.origin, "seq": e.seq,
                                        "kind": e.kind,
                                        "business_date": e.business_date.isoformat(),
                                        "outcome": e.outcome}
                                       for e in ops]})
        book.end_read()
        return {"accounts": out}
    entry = journal.get(book.db, item)
    book.end_read()
    if entry is not None:
        return {"operation": {**entry.envelope(), "outcome": entry.outcome,
                              "reason": entry.reason, "feed_no": entry.feed_no}}
    raise DomainError("review_not_found", f"Không tìm thấy {item} trong danh sách xem xét.",
                      f"{item} is not in review.")


def resolve(book: Book, account_id: str, amount: int, to: str, target_id: str | None = None,
            account_kind: str = "loan", reason: str = "") -> Written:
    """Settle suspense (`loans.resolve_suspense`, an accountant at the office), today."""
    return loans.resolve_suspense(book, account_id, amount, to, target_id=target_id,
                                  account_kind=account_kind, reason=reason,
                                  business_date=book.today())

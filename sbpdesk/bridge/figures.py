"""The book's loans at a date, as the core system reports them: each loan's state at the
start of `as_of` — its snapshot advanced to that day, or replayed from the journal when it
has operations after it (the portfolio report's rule, reports/portfolio.py) — with the
loans closed earlier in the year kept (the core lists them) and older closed ones left out."""
from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.loan import LoanState
from sbpdesk.reports import month_end
from sbpdesk.services.context import Book

LISTED = ("active", "frozen", "closed", "written_off")


def loan_states(book: Book, as_of: dt.date) -> dict[str, tuple[LoanState, str | None]]:
    """{loan id: (state at as_of, organisation code)} of the loans the core would list."""
    out = {}
    snaps = book.db.execute(select(AccountSnapshot.account_id, AccountSnapshot.state,
                                   AccountSnapshot.last_date, AccountSnapshot.organisation_code)
                            .where(AccountSnapshot.account_kind == "loan")).all()
    for loan_id, state_json, last, org in snaps:
        if last is not None and last <= as_of:
            state = domain_loan.advance(LoanState.from_dict(from_json(state_json)), as_of,
                                        book.refs)
        else:
            state = month_end.replayed(book, loan_id, as_of)
        if state is None or state.status not in LISTED or not state.household_id:
            continue
        if state.status == "closed" and (state.last_date is None
                                         or state.last_date.year != as_of.year):
            continue
        out[loan_id] = (state, org)
    return out


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a seed or a reconciliation builds its tens of
    thousands of long-lived objects (ORM rows, entries, states): each collection walks them
    all again, a third of a 30.000-row seed's CPU (decision 0235). Reference counting still
    frees what is dropped; the collector runs again, and collects, when the block ends."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()

"""The demo's bulk writer: operations chained, hashed and folded in memory, then written in
bulk — what journal.append + posting.apply_entry would do one at a time (see office.py)."""
from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select, update

from sbpdesk.db import bulk
from sbpdesk.db.models import (
    AccountSnapshot,
    Ack,
    Application,
    FeedHead,
    Instalment,
    Loan,
    OperationAccount,
    OriginHead,
    Receipt,
    SavingsAccount,
    SavingsMovement,
)
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.demo.world import LAPTOP, OFFICE, uuid7
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain import savings as domain_savings
from sbpdesk.domain.canonical import canonical_json, state_json
from sbpdesk.services import absent, journal, opening, posting
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.loans import instalment_rows, loan_dict, loan_row
from sbpdesk.services.receipts import laptops
from sbpdesk.services.savings import account_row, movement_rows, savings_dict


class BulkWriter:
    """Chains, hashes, folds and finally writes operations in bulk, like journal.append +
    posting.apply_entry would one at a time."""

    ACCOUNT_ONLY = {"collection.record", "loan.disburse", "loan.freeze", "loan.write_off",
                    "loan.unfreeze", "application.decide", "savings.withdraw",
                    "savings.credit_interest"}

    def __init__(self, book: Book, rng: random.Random, household_of_person: dict[str, str]):
        self.book, self.rng = book, rng
        self.household_of_person = household_of_person   # for the savings projection
        self.refs = book.refs
        self.heads = {h.origin: (h.seq, h.hash) for h in book.db.scalars(select(OriginHead))}
        self.heads.setdefault(LAPTOP, (0, journal.GENESIS))
        self.feed = book.db.get(FeedHead, 1).last_feed_no
        self.entries: list[Entry] = []
        self.states: dict[tuple[str, str], Any] = {}
        self.ops_of: dict[tuple[str, str], list[domain_op.Operation]] = {}
        # what each account's operations made (savings movements: the projection rows, since
        # a credited state keeps only the movements after its last credit)
        self.made: dict[tuple[str, str], list] = {}
        self.by_id: dict[str, Entry] = {}
        self.session_points: dict[str | None, str] = {}   # session id -> its point

    def post(self, origin: str, kind: str, payload: dict, day: dt.date, *, actor: str,
             session_id: str | None = None, approved_by: str | None = None) -> Entry:
        seq, prev = self.heads[origin]
        rules = self.refs.rules_at(day)
        env = dict(op_id=uuid7(self.rng, day), origin=origin, seq=seq + 1, kind=kind,
                   kind_version=1, payload=payload, business_date=day.isoformat(),
                   session_id=session_id, actor=actor, approved_by=approved_by,
                   rules_version=rules.version, recorded_at=f"{day.isoformat()}T02:00:00Z",
                   prev_hash=prev)
        env["hash"] = journal.compute_hash(env)
        self.heads[origin] = (seq + 1, env["hash"])
        self.feed += 1
        entry = Entry(**{**env, "business_date": day}, feed_no=self.feed)
        self.entries.append(entry)
        self.by_id[entry.op_id] = entry
        if kind == "session.open":
            self.session_points[payload["session_id"]] = payload["point_code"]
        self._fold(entry)
        return entry

    def _fold(self, entry: Entry) -> None:
        op = entry.operation()
        target = self.by_id[op.payload["target_op_id"]].operation() \
            if op.kind == domain_op.REVERSE else None
        for pair in domain_op.accounts(op, target):
            kind = posting.account_kind(pair[0])
            if kind is None:
                continue
            ops = self.ops_of.setdefault(pair, [])
            behind = bool(ops) and domain_op.order_key(op) < domain_op.order_key(ops[-1])
            ops.append(op)
            if op.kind == domain_op.REVERSE or behind:   # as posting does: replay, not fold
                ops.sort(key=domain_op.order_key)
                self.states[pair], self.made[pair] = kind.fold(
                    None, domain_op.effective(ops), self.refs)
            else:
                self.states[pair], made = kind.fold(self.states.get(pair), [op], self.refs)
                self.made.setdefault(pair, []).extend(made)

    def loan(self, loan_id: str) -> domain_loan.LoanState | None:
        return self.states.get(("loan", loan_id))

    def savings(self, account_id: str) -> domain_savings.SavingsState | None:
        return self.states.get(("savings", account_id))

    # -- writing ----------------------------------------------------------------------------
    def flush(self, org_of_group: dict[str, str], purposes: dict[str, str]) -> None:
        db = self.book.db
        rows, index, receipts = [], [], []
        numbers = {device: laptop.number for device, laptop in laptops(self.book).items()
                   if laptop.number}
        for e in self.entries:
            env = e.envelope()
            rows.append(dict(env, payload=canonical_json(e.payload), business_date=e.business_date,
                             feed_no=e.feed_no, outcome="applied", reason=None))
            target = self.by_id[e.payload["target_op_id"]].operation() \
                if e.kind == domain_op.REVERSE else None
            for kind, account_id in domain_op.accounts(e.operation(), target):
                index.append(dict(op_id=e.op_id, account_kind=kind, account_id=account_id))
            if domain_op.CASH.get(e.kind) in ("in", "out", "±"):
                # as receipts.receipt_no_of numbers it: the payload's point, else the session's;
                # the laptop's small number, else its id
                point = (e.payload.get("point_code") or self.session_points.get(e.session_id)
                         or OFFICE)
                writer = numbers.get(e.origin, e.origin)
                receipts.append(dict(receipt_no=f"{point}-{writer}-{e.seq}", op_id=e.op_id,
                                     bl_no=e.payload.get("bl_no"), kind=e.kind,
                                     amount=posting.cash_amount(e.kind, e.payload)))
        _chunked(db, OperationRow, rows)
        _chunked(db, OperationAccount, index)
        projected = [e for e in self.entries   # projections of the non-account kinds
                     if e.kind not in self.ACCOUNT_ONLY and e.kind in posting.APPLIERS
                     and e.kind != domain_op.REVERSE]
        # the rows they create are known absent: added without a lookup each (as an
        # enrolment pack's, decision 0226), and held until the end
        envs = [{"kind": e.kind, "payload": e.payload} for e in projected]
        with absent.known(self.book, opening.new_keys(self.book, envs)), \
                absent.keep(self.book):
            for e in projected:     # in order
                posting.APPLIERS[e.kind](self.book, e)
        self._decide_applications()
        db.flush()
        _chunked(db, Receipt, receipts)
        self._write_accounts(org_of_group, purposes)
        self._write_heads()

    def _decide_applications(self) -> None:
        """The application rows' status, as the application.decide applier sets it."""
        for e in self.entries:
            if e.kind == "application.decide":
                self.book.db.execute(update(Application).where(
                    Application.id == e.payload["application_id"],
                    Application.status == "submitted").values(
                    status="approved" if e.payload["approved"] else "refused",
                    decided_on=e.business_date))

    def _write_accounts(self, org_of_group: dict[str, str], purposes: dict[str, str]) -> None:
        db = self.book.db
        snaps, loans, insts, accounts, moves = [], [], [], [], []
        last = {}
        for pair, ops in self.ops_of.items():
            last[pair] = domain_op.effective(ops)[-1] if domain_op.effective(ops) else None
        for (kind, account_id), state in self.states.items():
            if state is None:
                continue
            if kind == "loan":
                d = loan_dict(state)
                org = org_of_group.get(state.group_id)
                loans.append(loan_row(state, org, purposes.get(state.application_id)))
                insts += instalment_rows(state)
            else:
                d = savings_dict(state)
                org = None
                household = self.household_of_person.get(state.person_id)
                made = self.made.get((kind, account_id), [])
                accounts.append(account_row(state, household,
                                            min((m.value_date for m in made), default=None)))
                moves += movement_rows(state, made)
            op = last[(kind, account_id)]
            snaps.append(dict(account_kind=kind, account_id=account_id,
                              state=state_json(d), last_op_id=op.op_id if op else None,
                              last_date=op.business_date if op else None,
                              point_code=d.get("point_code") or None,
                              group_id=d.get("group_id") or None,
                              household_id=d.get("household_id") or None,
                              programme_code=d.get("programme_code") or None,
                              organisation_code=org, funding_source=d.get("funding_source")
                              or None, status=d.get("status"), outstanding=d["outstanding"],
                              principal_overdue=d.get("principal_overdue", 0),
                              principal_frozen=d.get("principal_frozen", 0),
                              suspense=d.get("suspense", 0), needs_update=False))
        _chunked(db, AccountSnapshot, snaps)
        _chunked(db, Loan, [r for r in loans if r["household_id"]])
        _chunked(db, Instalment, insts)
        _chunked(db, SavingsAccount, [a for a in accounts if a["opened_on"]])
        _chunked(db, SavingsMovement, moves)

    def _write_heads(self) -> None:
        db = self.book.db
        for origin, (seq, hash_) in self.heads.items():
            row = db.get(OriginHead, origin)
            if row is None:
                db.add(OriginHead(origin=origin, seq=seq, hash=hash_))
            else:
                row.seq, row.hash = seq, hash_
        db.execute(update(FeedHead).where(FeedHead.id == 1).values(last_feed_no=self.feed))
        # The ack table holds what a peer has acknowledged of this book's rows: the earlier
        # laptop holds every feed row up to here.
        db.merge(Ack(peer=LAPTOP, highest=self.feed))


def _chunked(db, model, rows: list[dict]) -> None:
    """Around the ORM's insert (each row through its parameter handling): the same values
    through the columns' own bind processors (`db.bulk`, decision 0256)."""
    bulk.insert_rows(db, model.__table__, rows)


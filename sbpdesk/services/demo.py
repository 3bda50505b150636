"""Demo books: the Bắc Bình transaction office with its commune points, groups, households,
loans and years of monthly sessions — deterministic by seed, flagged as demo everywhere.

Everything is an operation. The set-up (users, points, organisations, groups, households,
members) goes through `posting.post` like any office posting. The years of sessions — the
laptop's sessions, collections, hand-overs, disbursements, reversals and the office's
decisions — are decided with the same domain checks (`check_application`,
`propose_collection`, `check_deposit`), chained and hashed like `journal.append`, folded with
the domain `apply` in memory and bulk-appended (`BulkWriter`), because one posting per
row would take minutes for a million operations. `sbpdesk check --replay` on the result
must (and does, in the tests) agree with every snapshot.

`--role point` builds `D/office` and a point book `D/point` for the laptop `D-DEMO01` that
holds the points' leases; until sync enrolment lands it is a copy of the office book with the
laptop's identity (the same operations, so both sides agree).
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from sbpdesk.db.models import (
    AccountSnapshot,
    Ack,
    Application,
    FeedHead,
    Instalment,
    Loan,
    OperationAccount,
    OriginHead,
    Point,
    Receipt,
    SavingsAccount,
    SavingsMovement,
)
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import application as domain_app
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain import savings as domain_savings
from sbpdesk.domain.canonical import canonical_json, state_json
from sbpdesk.domain.dates import add_months
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import demo_names as names
from sbpdesk.services import journal, posting
from sbpdesk.services.context import VIETNAM, Book, User, init_book
from sbpdesk.services.journal import Entry
from sbpdesk.services.loans import instalment_rows, loan_dict, loan_row
from sbpdesk.services.savings import account_row, movement_rows, savings_dict

OFFICE = "BB"
LAPTOP = "D-DEMO01"
PASSWORD = "demo"
USERS = [("director", "Nguyễn Văn Hùng", ["director"]),
         ("accountant", "Trần Thị Thu Hà", ["accountant"]),
         ("teller", "Lê Thị Mỹ Duyên", ["teller"]),
         ("controller", "Phạm Quốc Bảo", ["controller"])]
ORGS = [("women", "HPN", "Hội Liên hiệp Phụ nữ", 38), ("farmers", "HND", "Hội Nông dân", 30),
        ("veterans", "CCB", "Hội Cựu chiến binh", 17), ("youth", "DTN", "Đoàn Thanh niên", 15)]
CATEGORY = [("poor", 45), ("near_poor", 25), ("escaped", 15), ("other", 15)]
PROGRAMME_FOR = {"poor": "poor", "near_poor": "near_poor", "escaped": "escaped_poverty"}
GROUPS_PER_POINT = 17
DEMO_SAVINGS_RATE = "0.5"   # %/năm, illustrative only (flagged demo book)


@dataclass
class Household:
    id: str
    point: str
    group: str
    category: str
    members: list[tuple[str, str]]     # (person_id, full_name); the first is the borrower
    profile: str                       # good, late, bad, early


@dataclass
class World:
    """What the timeline needs to know about the set-up."""
    points: list[str]
    groups: dict[str, list[str]]                 # point -> group ids
    households: list[Household]
    org_of_group: dict[str, str] = field(default_factory=dict)


def build_demo(data_dir: str | Path, *, households: int | None = None,
               years: int = 3, seed: int = 1, as_of: dt.date | None = None,
               points: int | None = None) -> dict[str, Any]:
    """Build the demo office book in data_dir (`sync.demo.build_point_demo` adds a laptop
    enrolled at it)."""
    office_dir = Path(data_dir)
    as_of = as_of or dt.datetime.now(VIETNAM).date()
    n_points = points or max(2, min(len(names.COMMUNES), round((households or 1400) / 700)))
    per_point = max(10, (households or 700 * n_points) // n_points)
    rng = random.Random(seed)
    book = init_book(office_dir, "office", OFFICE, admin_password=PASSWORD, demo=True)
    try:
        start = add_months(as_of, -12 * years)
        world = _set_up(book, rng, n_points, per_point, start - dt.timedelta(days=30), as_of)
        counts = Timeline(book, rng, world, start, as_of).run()
    finally:
        book.close()
    result = {"data_dir": str(office_dir), "role": "office", "demo": True,
              "points": world.points, "households": len(world.households), **counts}
    return result


# --- set-up through the ordinary posting path ----------------------------------------------

def _as(book: Book, username: str) -> None:
    from sbpdesk.db.models import AppUser
    row = book.db.get(AppUser, username)
    book.user = User(row.username, row.full_name, frozenset(row.roles.split(",")))


def _post(book: Book, kind: str, payload: dict, day: dt.date, **kw: Any) -> posting.Posted:
    return posting.post(book, kind, payload, business_date=day, **kw)


def _set_up(book: Book, rng: random.Random, n_points: int, per_point: int,
            day: dt.date, as_of: dt.date) -> World:
    with book.transaction():
        _as(book, "admin")
        for username, full_name, roles in USERS:
            _post(book, "user.set", {"username": username, "full_name": full_name,
                                     "roles": roles, "password": PASSWORD}, day)
        _post(book, "office.define", {"office_code": OFFICE,
                                      "name": "Phòng giao dịch NHCSXH huyện Bắc Bình",
                                      "branch_name": "Chi nhánh NHCSXH tỉnh Lâm Đồng"}, day)
        # The bank's figure is not known (docs/money-rules.md §4): a demonstration rate, so
        # that the demo's savings earn interest at 30/06 and 31/12 as a real book's do.
        _post(book, "rules.publish", {"version": "demo-1", "effective_from": day.isoformat(),
                                      "values": {"savings_rate": DEMO_SAVINGS_RATE}}, day)
        world = World([], {}, [])
        for k in range(n_points):
            world.points.append(_define_point(book, k, day, as_of))
        for point in world.points:
            world.groups[point] = _form_groups(book, rng, point, day, world)
        used: set[str] = set()   # ID numbers are unique across the whole book
        for point in world.points:
            world.households += _register_households(book, rng, point, world.groups[point],
                                                     per_point, day, used)
    return world


def _define_point(book: Book, k: int, day: dt.date, as_of: dt.date) -> str:
    commune = names.COMMUNES[k % len(names.COMMUNES)]
    code = f"{OFFICE}{k + 1:02d}"
    suffix = f" {k // len(names.COMMUNES) + 1}" if k >= len(names.COMMUNES) else ""
    _post(book, "point.define", {
        "point_code": code, "office_code": OFFICE, "name": f"Điểm giao dịch xã {commune}{suffix}",
        "commune": commune, "legacy_commune": commune,
        "place": f"Hội trường UBND xã {commune}", "session_day": _session_day(k, as_of),
        "session_time": "07:30"}, day)
    for kind, short, org_name, _ in ORGS:
        _post(book, "organisation.define", {"code": f"{code}-{short}", "kind": kind,
                                            "name": f"{org_name} xã {commune}",
                                            "point_code": code}, day)
    return code


def _session_day(k: int, as_of: dt.date) -> int:
    """The first point meets on `as_of`'s day of the month — the demo's history stops the day
    before, so today's session is there to open — and the others on days after it."""
    return as_of.day if k == 0 else (as_of.day - 1 + 3 * k) % 28 + 1


def _form_groups(book: Book, rng: random.Random, point: str, day: dt.date,
                 world: World) -> list[str]:
    _as(book, "accountant")
    ids = []
    weights = [w for *_, w in ORGS]
    for n in range(GROUPS_PER_POINT):
        kind, short, org_name, _ = rng.choices(ORGS, weights=weights)[0]
        village = names.VILLAGES[n % len(names.VILLAGES)]
        sex = "F" if kind == "women" else rng.choice("MF")
        leader = names.person_name(rng, names.family_name(rng, "Kinh"), sex)
        posted = _post(book, "group.form", {
            "group_id": _uuid(rng, day), "point_code": point,
            "organisation_code": f"{point}-{short}",
            "code": f"{point}-T{n + 1:02d}", "name": f"Tổ {n + 1:02d} – {village}",
            "village": village, "leader_name": leader, "rating": rng.choice(
                ["good", "good", "good", "fair", "average"])}, day)
        group_id = journal.get(book.db, posted.op_id).payload["group_id"]
        ids.append(group_id)
        world.org_of_group[group_id] = f"{point}-{short}"
    return ids


def _cccd(rng: random.Random, birth: dt.date, sex: str, used: set[str]) -> str:
    while True:
        century = (birth.year - 1900) // 100 * 2 + (1 if sex == "F" else 0)
        number = f"060{century}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
        if number not in used:
            used.add(number)
            return number


def _register_households(book: Book, rng: random.Random, point: str, groups: list[str],
                         count: int, day: dt.date, used: set[str]) -> list[Household]:
    _as(book, "accountant")
    out = []
    for n in range(count):
        group = groups[n % len(groups)]
        category = rng.choices([c for c, _ in CATEGORY], weights=[w for _, w in CATEGORY])[0]
        ethnic = names.ethnicity(rng)
        family = names.family_name(rng, ethnic)
        village = rng.choice(names.VILLAGES)
        posted = _post(book, "household.register", {
            "household_id": _uuid(rng, day), "point_code": point, "group_id": group,
            "address": f"{village}, xã {book.db.get(Point, point).commune}",
            "village": village, "category": category,
            "category_year": day.year}, day)
        household_id = journal.get(book.db, posted.op_id).payload["household_id"]
        members = []
        for m in range(rng.choice([1, 2, 2, 3, 3, 4])):
            sex = rng.choice("MF") if m == 0 else ("F" if m == 1 else rng.choice("MF"))
            age = rng.randrange(25, 68) if m < 2 else rng.randrange(18, 24)
            birth = dt.date(day.year - age, rng.randrange(1, 13), rng.randrange(1, 29))
            full_name = names.person_name(rng, family, sex)
            posted = _post(book, "person.register", {
                "person_id": _uuid(rng, day), "household_id": household_id,
                "full_name": full_name, "sex": sex,
                "birth_date": birth.isoformat(), "id_number": _cccd(rng, birth, sex, used),
                "ethnicity": ethnic, "relation": ["chủ hộ", "vợ/chồng", "con", "con"][m],
                "phone": f"09{rng.randrange(10**8):08d}" if m == 0 else None,
                "is_representative": m == 0}, day)
            members.append((journal.get(book.db, posted.op_id).payload["person_id"],
                            full_name))
        _post(book, "household.confirm", {"household_id": household_id,
                                          "customer_code": f"{point}{n + 1:06d}"}, day)
        profile = rng.choices(["good", "late", "bad", "early"], weights=[80, 12, 5, 3])[0]
        out.append(Household(household_id, point, group, category, members, profile))
    return out


# --- the years of sessions, bulk-appended ----------------------------------------------------

def _uuid(rng: random.Random, day: dt.date) -> str:
    """A UUIDv7 whose time part is the business date and random part from the seed."""
    ms = int(dt.datetime(day.year, day.month, day.day, 2, tzinfo=dt.UTC)
             .timestamp() * 1000)
    r = rng.getrandbits(74)
    value = (ms << 80) | (0x7 << 76) | ((r >> 62) << 64) | (0b10 << 62) | (r & ((1 << 62) - 1))
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


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

    def post(self, origin: str, kind: str, payload: dict, day: dt.date, *, actor: str,
             session_id: str | None = None, approved_by: str | None = None) -> Entry:
        seq, prev = self.heads[origin]
        rules = self.refs.rules_at(day)
        env = dict(op_id=_uuid(self.rng, day), origin=origin, seq=seq + 1, kind=kind,
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
        for e in self.entries:
            env = e.envelope()
            rows.append(dict(env, payload=canonical_json(e.payload), business_date=e.business_date,
                             feed_no=e.feed_no, outcome="applied", reason=None))
            target = self.by_id[e.payload["target_op_id"]].operation() \
                if e.kind == domain_op.REVERSE else None
            for kind, account_id in domain_op.accounts(e.operation(), target):
                index.append(dict(op_id=e.op_id, account_kind=kind, account_id=account_id))
            if domain_op.CASH.get(e.kind) in ("in", "out", "±"):
                point = e.payload.get("point_code") or self._point_of(e)
                receipts.append(dict(receipt_no=f"{point}-{e.origin}-{e.seq}", op_id=e.op_id,
                                     bl_no=e.payload.get("bl_no"), kind=e.kind,
                                     amount=posting.cash_amount(e.kind, e.payload)))
        _chunked(db, OperationRow, rows)
        _chunked(db, OperationAccount, index)
        for e in self.entries:   # projections of the non-account kinds, in order
            if (e.kind not in self.ACCOUNT_ONLY and e.kind in posting.APPLIERS
                    and e.kind != domain_op.REVERSE):
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

    def _point_of(self, e: Entry) -> str:
        state = self.states.get(("loan", e.payload.get("loan_id")))
        return state.point_code if state else OFFICE

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


def _chunked(db, model, rows: list[dict], size: int = 5000) -> None:
    for k in range(0, len(rows), size):
        db.execute(insert(model), rows[k:k + size])


class Timeline:
    """Month by month: each point's session (laptop origin), then the office's decisions."""

    def __init__(self, book: Book, rng: random.Random, world: World, start: dt.date,
                 as_of: dt.date):
        self.book, self.rng, self.world, self.start, self.as_of = book, rng, world, start, as_of
        self.w = BulkWriter(book, rng, {pid: h.id for h in world.households
                                        for pid, _ in h.members})
        self.pending: list[tuple[Household, str, dict]] = []   # submitted applications
        self.approved: dict[str, list[tuple[str, int]]] = {}  # point -> (loan_id, amount)
        self.active: dict[str, list[tuple[Household, str]]] = {p: [] for p in world.points}
        self.savings_of: dict[str, str] = {}
        self.purposes: dict[str, str] = {}
        self.contracts = 0
        self.bl = 0
        self.counts = {"sessions": 0, "collections": 0, "loans": 0, "reversals": 0}

    def run(self) -> dict[str, int]:
        month = dt.date(self.start.year, self.start.month, 1)
        started: set[str] = set()
        while month <= self.as_of:
            for point in self.world.points:
                day = self.w.refs.calendar(point).session_on(month.year, month.month)
                if self.start <= day < self.as_of:   # as_of's session is left to open
                    self._session(point, day, backlog=point not in started)
                    started.add(point)
            self._office(month)
            month = add_months(month, 1)
        with self.book.transaction():
            self.w.flush(self.world.org_of_group, self.purposes)
        self.counts["operations"] = len(self.w.entries)
        return self.counts

    # -- a session --------------------------------------------------------------------------
    def _session(self, point: str, day: dt.date, backlog: bool) -> None:
        w, sid = self.w, _uuid(self.rng, day)
        kw = dict(actor="teller", session_id=sid)
        to_pay = self.approved.pop(point, [])
        # The team brings enough cash from the office for the day's disbursements.
        cash = 50_000_000 + sum(amount for _, amount in to_pay)
        w.post(LAPTOP, "session.open", {"session_id": sid, "point_code": point,
                                        "teller": "teller", "controller": "controller",
                                        "opening_cash": cash}, day, **kw)
        for loan_id, amount in to_pay:
            w.post(LAPTOP, "loan.disburse", {"loan_id": loan_id, "amount": amount, "tranche": 1,
                                             "id_checked": True}, day, approved_by="controller",
                   **kw)
            cash -= amount
        for group in self.world.groups[point]:
            cash += self._collect_group(point, group, day, sid)
        # The last session before as_of always takes an application, so the demo always has
        # an approved loan waiting for disbursement at the next session.
        last = self.w.refs.calendar(point).next_session(day) >= self.as_of
        self._applications(point, day, sid, 0.7 if backlog else 0.055, at_least_one=last)
        if self.rng.random() < 0.3:
            cash += self._reverse_one(day, sid)
        counted = _denominations(cash)
        head_seq, head_hash = w.heads[LAPTOP]
        w.post(LAPTOP, "session.close", {"session_id": sid, "counted": counted,
                                         "counted_total": cash, "expected_total": cash,
                                         "head_seq": head_seq, "head_hash": head_hash}, day,
               approved_by="controller", **kw)
        self.counts["sessions"] += 1

    def _collect_group(self, point: str, group: str, day: dt.date, sid: str) -> int:
        lines, interest_total, savings_total, cash = [], 0, 0, 0
        for household, loan_id in self.active[point]:
            if household.group != group:
                continue
            state = self.w.loan(loan_id)
            if state is None or state.status != "active":
                continue
            line = self._line(household, state, day)
            if line is None:
                continue
            entry = self.w.post(LAPTOP, "collection.record", line, day, actor="teller",
                                session_id=sid)
            lines.append(entry.op_id)
            interest_total += line["interest"]
            savings_total += line["savings"]
            cash += line["interest"] + line["principal"] + line["savings"]
        if lines:
            self.w.post(LAPTOP, "group.handover", {"group_id": group, "interest": interest_total,
                                                   "savings": savings_total,
                                                   "counted": interest_total + savings_total,
                                                   "collections": lines}, day, actor="teller",
                        session_id=sid)
            self.counts["collections"] += len(lines)
        return cash

    def _line(self, household: Household, state, day: dt.date) -> dict | None:
        rng, d = self.rng, domain_loan.dues(state, day, self.w.refs)
        interest_due = d.interest_in_term + d.interest_overdue
        principal_due = d.principal_overdue + d.principal_due_now
        profile = household.profile
        pay_interest = {"good": 0.97, "late": 0.7, "bad": 0.1, "early": 1.0}[profile]
        pay_principal = {"good": 0.95, "late": 0.5, "bad": 0.05, "early": 1.0}[profile]
        interest = interest_due if rng.random() < pay_interest else 0
        principal = principal_due if rng.random() < pay_principal else 0
        if profile == "early" and d.next_due and rng.random() < 0.2:
            principal = min(d.outstanding, principal + d.next_due[1])
        if principal and rng.random() < 0.1:
            principal = principal // 2 // 1000 * 1000     # a partial payment
        person_id = state.person_id
        account = self.savings_of.get(person_id)
        balance = self.w.savings(account).balance if account and self.w.savings(account) else 0
        savings = rng.choice([0, 0, 20_000, 50_000, 100_000, 200_000]) \
            if rng.random() < 0.45 else 0
        from_savings = 0
        if principal and balance >= principal and rng.random() < 0.15:
            principal, from_savings = 0, min(balance, principal_due)
        if not (interest or principal or savings or from_savings):
            return None
        if (savings or from_savings) and account is None:
            account = self.savings_of[person_id] = _uuid(rng, day)
        try:   # the same checks the decider runs
            domain_loan.propose_collection(state, day, self.w.refs, interest, principal,
                                           from_savings=from_savings, savings_balance=balance)
            domain_savings.check_deposit(savings, self.w.refs.rules_at(day))
        except DomainError:
            return None
        self.bl += 1
        return {"loan_id": state.loan_id, "savings_account_id": account,
                "person_id": person_id, "group_id": household.group,
                "point_code": household.point, "interest": interest, "principal": principal,
                "savings": savings, "from_savings": from_savings,
                "bl_no": f"{self.bl:06d}" if rng.random() < 0.6 else None,
                "overpay_confirmed": False}

    def _applications(self, point: str, day: dt.date, sid: str, share: float, *,
                      at_least_one: bool = False) -> None:
        """Households without a live loan apply at `share`; a few with one live loan take a
        second from another programme (clean water, jobs): ~1,5 loans per borrower."""
        live: dict[str, int] = {}
        for household, loan_id in self.active[point]:
            state = self.w.loan(loan_id)
            if state is None or state.status in ("approved", "active", "frozen"):
                live[household.id] = live.get(household.id, 0) + 1
        pending = {h.id for h, *_ in self.pending}
        submitted = len(self.pending)
        for household in self.world.households:
            if household.point != point or household.id in pending:
                continue
            second = live.get(household.id, 0) == 1
            forced = at_least_one and len(self.pending) == submitted and not second
            if live.get(household.id, 0) > 1 or (self.rng.random() >= (
                    share / 5 if second else share) and not forced):
                continue
            programme = (self.rng.choice(["clean_water", "job_creation"]) if second else
                         PROGRAMME_FOR.get(household.category) or self.rng.choice(
                             ["job_creation", "clean_water"]))
            prog = self.w.refs.programme(programme)
            amount = self.rng.choice([10, 15, 20, 25, 30, 40, 50]) * 1_000_000
            if prog.max_amount:
                amount = min(amount, prog.max_amount)
            term = self.rng.choice([24, 36, 48, 60])
            if prog.max_term_months:
                term = min(term, prog.max_term_months)
            frequency = self.rng.choice([6, 12])
            try:
                domain_app.check_application(prog, amount, term, household.category,
                                             frequency_months=frequency)
            except DomainError:
                continue
            person_id = household.members[0][0]
            purpose = self.rng.choice(names.PURPOSES.get(programme, ["Sản xuất kinh doanh"]))
            payload = {"application_id": _uuid(self.rng, day), "household_id": household.id,
                       "person_id": person_id, "group_id": household.group,
                       "point_code": point, "programme_code": programme, "amount": amount,
                       "term_months": term, "frequency_months": frequency, "purpose": purpose,
                       "funding_source": "local" if self.rng.random() < 0.15 else "central",
                       "study_end": None}
            self.w.post(LAPTOP, "application.submit", payload, day, actor="teller",
                        session_id=sid)
            self.purposes[payload["application_id"]] = purpose
            self.pending.append((household, payload["application_id"], payload))

    def _reverse_one(self, day: dt.date, sid: str) -> int:
        """Undo one of today's collections typed wrongly (a second user approves)."""
        today = [e for e in self.w.entries[-400:] if e.kind == "collection.record"
                 and e.session_id == sid]
        if not today:
            return 0
        target = self.rng.choice(today)
        self.w.post(LAPTOP, "op.reverse", {"target_op_id": target.op_id,
                                           "reason": "Nhập nhầm số tiền, thu lại"}, day,
                    actor="teller", session_id=sid, approved_by="controller")
        self.counts["reversals"] += 1
        p = target.payload
        return -(p["interest"] + p["principal"] + p["savings"])

    # -- the office, a few days after the month's sessions -----------------------------------
    def _office(self, month: dt.date) -> None:
        # The office decides after the month's sessions: its last day (or as_of).
        day = min(add_months(month, 1) - dt.timedelta(days=1), self.as_of)
        if day < self.start:
            return
        for household, app_id, p in self.pending:
            if self.rng.random() < 0.06:
                self.w.post(OFFICE, "application.decide", {
                    "application_id": app_id, "approved": False, "reason":
                    "Hộ chưa đủ điều kiện vay theo kết quả bình xét", "loan_id": None,
                    "contract_no": None, "amount": 0, "term_months": 0, "frequency_months": 0,
                    "first_due": None}, day, actor="director")
                continue
            self.contracts += 1
            loan_id = _uuid(self.rng, day)
            self.w.post(OFFICE, "application.decide", {
                "application_id": app_id, "approved": True, "reason": "",
                "loan_id": loan_id, "contract_no": f"{OFFICE}-{day.year}-{self.contracts:05d}",
                "amount": p["amount"], "term_months": p["term_months"],
                "frequency_months": p["frequency_months"], "first_due": None,
                **{k: p[k] for k in ("household_id", "person_id", "group_id", "point_code",
                                     "programme_code", "funding_source")}}, day,
                actor="director")
            self.approved.setdefault(household.point, []).append((loan_id, p["amount"]))
            self.active[household.point].append((household, loan_id))
            self.counts["loans"] += 1
        self.pending = []
        if month.month in (4, 10):
            self._risk_decisions(day)
        if month.month in (6, 12) and day == add_months(month, 1) - dt.timedelta(days=1):
            self._credit_savings(day)

    def _credit_savings(self, day: dt.date) -> None:
        """30/06 and 31/12: the office credits the half-year's interest to every account."""
        for account in self.savings_of.values():
            if self.w.savings(account) is not None:
                self.w.post(OFFICE, "savings.credit_interest", {
                    "savings_account_id": account, "period_end": day.isoformat()}, day,
                    actor="accountant")

    def _risk_decisions(self, day: dt.date) -> None:
        """Twice a year: a flood-hit borrower's loan frozen, an old frozen one written off."""
        for loans in self.active.values():
            bad = [(h, lid) for h, lid in loans if h.profile == "bad"
                   and (s := self.w.loan(lid)) is not None and s.status == "active"
                   and s.disbursed]
            if bad:
                _, loan_id = self.rng.choice(bad)
                self.w.post(OFFICE, "loan.freeze", {"loan_id": loan_id, "until": None,
                                                    "reason": "Thiệt hại do lũ lụt (khoanh nợ)"},
                            day, actor="director")
            frozen = [lid for _, lid in loans if (s := self.w.loan(lid)) is not None
                      and s.status == "frozen"]
            if len(frozen) > 1:
                self.w.post(OFFICE, "loan.write_off", {"loan_id": frozen[0],
                                                       "reason": "Xóa nợ theo Quyết định "
                                                       "50/2010/QĐ-TTg"}, day, actor="director")


DENOMINATIONS = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500,
                 200, 100)


def _denominations(amount: int) -> dict[str, int]:
    out = {}
    for note in DENOMINATIONS:
        n, amount = divmod(amount, note)
        if n:
            out[str(note)] = n
    if amount:
        out["1"] = amount   # coins and small change below the smallest note
    return out

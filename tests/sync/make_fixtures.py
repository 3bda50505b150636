"""Generate tests/sync/fixtures/ops-<kind>-v<N>.json — run ONCE per released kind version.

    /work/venv/bin/python -m tests.sync.make_fixtures

Appliers for every released payload version live forever (ARCHITECTURE.md, "Bundles"); these
files are their memory. Each holds a small self-contained sequence of envelopes recorded by
the real services on tiny books (an office PGD01 and, for point kinds, a laptop
D-0123456789ab enrolled at it), every origin's chain complete from seq 1 (valid hashes,
chained), ending with the first operation of the file's kind, plus the effect that operation
had on the book that recorded it (`effect`: its outcome, the canonical state dict of every
account it touches, the projection rows it writes, and the session's expected cash).
tests/sync/test_fixtures.py stores the envelopes as received into fresh books and asserts
that effect, so a later change that breaks an old payload fails.

The script never overwrites a file: existing fixtures are history. Files for kinds that have
one already are skipped; a new version of a kind gets its own file (bump the `-v<N>` part by
recording it with the new `kind_version`). Before writing, every new file is checked by
receiving it into a fresh office and a fresh point book.

`effect` and `receive` are used by the test too.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import sys
import tempfile
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sbpdesk.db.models import (
    AccountSnapshot,
    AdminUnit,
    Application,
    AppUser,
    Device,
    EligibilityList,
    Group,
    Household,
    Loan,
    Office,
    Organisation,
    OriginHead,
    Payable,
    Person,
    Point,
    PointCalendarChange,
    Programme,
    ProgrammeRate,
    Receipt,
    RuleSet,
    SavingsAccount,
)
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain.canonical import from_json
from sbpdesk.services import journal, posting, sessions
from sbpdesk.services.auth import Approval
from sbpdesk.services.books import init_book
from sbpdesk.services.context import GENESIS, VIETNAM, Book, User

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FORMAT = "sbpdesk-op-fixture"
PW = "demo"
OFFICE, LAPTOP = "PGD01", "D-0123456789ab"
STAFF = {"teller": ["teller"], "controller": ["controller"], "accountant": ["accountant"],
         "director": ["director"]}
D_SET, D_DECIDE, D_ENROL, D_SESSION = (dt.date(2026, 1, 5), dt.date(2026, 1, 10),
                                       dt.date(2026, 1, 12), dt.date(2026, 1, 15))


def path_for(kind: str, version: int) -> Path:
    return FIXTURES / f"ops-{kind}-v{version}.json"


# ---------------------------------------------------------------- the effect of an operation

def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row_dict(row: Any) -> dict[str, Any]:
    return {c.key: _jsonable(getattr(row, c.key)) for c in row.__mapper__.column_attrs}


def _targets(book: Book, entry: journal.Entry) -> list[tuple[str, Any]]:
    """(table, primary key) of the projection rows an operation of this kind writes."""
    p, kind = entry.payload, entry.kind
    by_kind: dict[str, list[tuple[str, Any]]] = {
        "household.register": [("household", p.get("household_id"))],
        "household.confirm": [("household", p.get("household_id"))],
        "household.alias": [("household", p.get("household_id"))],
        "person.register": [("person", p.get("person_id"))],
        "contact.update": [("person", p.get("person_id"))],
        "group.form": [("group", p.get("group_id"))],
        "group.update": [("group", p.get("group_id"))],
        "application.submit": [("application", p.get("application_id"))],
        "application.decide": [("application", p.get("application_id"))],
        "payable.issue": [("payable", p.get("payable_id"))],
        "fee.pay": [("payable", p.get("payable_id"))],
        "office.define": [("office", p.get("office_code"))],
        "point.define": [("point", p.get("point_code"))],
        "calendar.publish": [("point", p.get("point_code"))],
        "lease.grant": [("point", p.get("point_code"))],
        "organisation.define": [("organisation", p.get("code"))],
        "unit.define": [("admin_unit", p.get("code"))],
        "programme.define": [("programme", p.get("code"))],
        "programme.rate": [("programme_rate", entry.op_id)],
        "rules.publish": [("rule_set", p.get("version"))],
        "user.set": [("app_user", p.get("username"))],
        "device.enrol": [("device", p.get("device_id"))],
        "device.revoke": [("device", p.get("device_id"))],
        "eligibility.record": [("eligibility_list", str(uuid.uuid5(
            uuid.NAMESPACE_URL, f"{entry.op_id}/{h}"))) for h in p.get("household_ids", [])],
    }
    out = list(by_kind.get(kind, []))
    for account_kind, account_id in posting.accounts_of(book, entry):
        if account_kind == "loan":
            out.append(("loan", account_id))
        elif account_kind == "savings":
            out.append(("savings_account", account_id))
    session_id = p.get("session_id") or entry.session_id
    if session_id:
        out.append(("session", session_id))
    return list(dict.fromkeys(out))


MODELS: dict[str, Any] = {
    "household": Household, "person": Person, "group": Group, "application": Application,
    "payable": Payable, "office": Office, "point": Point, "organisation": Organisation,
    "programme": Programme, "programme_rate": ProgrammeRate, "rule_set": RuleSet,
    "app_user": AppUser, "device": Device, "loan": Loan, "savings_account": SavingsAccount,
    "session": SessionRow, "admin_unit": AdminUnit, "eligibility_list": EligibilityList,
}


def effect(book: Book, entry: journal.Entry) -> dict[str, Any]:
    """What `entry` left in `book`: outcome, accounts, projection rows, receipt, cash."""
    row = book.db.get(OperationRow, entry.op_id)
    out: dict[str, Any] = {"outcome": row.outcome, "accounts": {}, "rows": {}}
    for account_kind, account_id in posting.accounts_of(book, entry):
        snap = book.db.get(AccountSnapshot, (account_kind, account_id))
        if account_kind in ("loan", "savings"):
            out["accounts"][f"{account_kind}:{account_id}"] = (
                from_json(snap.state) if snap is not None else None)
    for table, key in _targets(book, entry):
        found = book.db.get(MODELS[table], key) if key is not None else None
        out["rows"][f"{table}:{key}"] = _row_dict(found) if found is not None else None
    if entry.kind == "calendar.publish":
        changes = book.db.scalars(select(PointCalendarChange).where(
            PointCalendarChange.point_code == entry.payload["point_code"])
            .order_by(PointCalendarChange.day)).all()
        out["calendar_changes"] = [_row_dict(c) for c in changes]
    receipt = book.db.scalars(select(Receipt).where(Receipt.op_id == entry.op_id)).first()
    if receipt is not None:
        out["receipt"] = _row_dict(receipt)
    session_id = entry.payload.get("session_id") or entry.session_id
    if session_id and book.db.get(SessionRow, session_id) is not None:
        out["expected_cash"] = sessions.expected_cash(book, session_id)
    book.end_read()
    return out


# ---------------------------------------------------------------- receiving, as sync does

def fresh_book(role: str, data_dir: Path) -> Book:
    return init_book(data_dir, role, "FX00" if role == "office" else None, admin_password=PW,
                     clock=_clock_at(dt.date(2027, 1, 1)))


def receive(envelopes: list[dict], role: str, data_dir: Path,
            book: Book | None = None) -> tuple[Book, journal.Entry]:
    """A fresh book (`office` of origin FX00, or a `point` laptop) that stores the
    envelopes as received — chained at the office (feed numbers assigned), as a filtered
    feed on the point — and applies each; returns it with the last entry."""
    book = book or fresh_book(role, data_dir)
    last = None
    with book.transaction():
        # Books of one office share its code (receipt numbers of office cash use it); the
        # office receiver keeps its own origin so the fixture's PGD01 chain is received.
        book.set_setting("office_code", envelopes[0]["origin"])
        for env in envelopes:
            got = journal.store_received(book.db, env, feed=role == "office",
                                         partial=role == "point")
            if got.status != "stored":
                raise AssertionError(f"{env['kind']} {env['op_id']}: {got.status} {got.reason}")
            posting.apply_entry(book, got.entry)
            last = got.entry
    return book, journal.get(book.db, last.op_id)


# ---------------------------------------------------------------- recording

def _clock_at(day: dt.date) -> Callable[[], dt.datetime]:
    moment = dt.datetime.combine(day, dt.time(10), VIETNAM)
    return lambda: moment


class Scenario:
    """Books recorded in one global order; the first operation of each kind is captured."""

    def __init__(self, root: Path, name: str, captured: dict[str, dict]):
        self.root, self.name, self.captured = root / name, name, captured
        self.envelopes: list[dict] = []
        self.seen: dict[str, int] = {}
        self.books: list[Book] = []

    def book(self, role: str, sub: str, day: dt.date, code: str | None = None) -> Book:
        b = init_book(self.root / sub, role, code, admin_password=PW, clock=_clock_at(day))
        self.books.append(b)
        self.sync(b)
        return b

    def close(self) -> None:
        for b in self.books:
            b.close()

    def sync(self, book: Book) -> list[journal.Entry]:
        """Record the book's own new rows (in seq order)."""
        if not book.origin:
            return []
        rows = book.db.scalars(select(OperationRow).where(
            OperationRow.origin == book.origin,
            OperationRow.seq > self.seen.get(book.origin, 0)).order_by(OperationRow.seq)).all()
        entries = [journal.to_entry(r) for r in rows]
        book.end_read()
        for e in entries:
            self.envelopes.append(e.envelope())
            self.seen[e.origin] = e.seq
        return entries

    def capture(self, book: Book, op_id: str) -> None:
        entry = journal.get(book.db, op_id)
        if entry.kind in self.captured:
            return
        assert self.envelopes[-1]["op_id"] == op_id
        self.captured[entry.kind] = {"scenario": self.name,
                                     "envelopes": list(self.envelopes),
                                     "expect": effect(book, entry)}

    def post(self, book: Book, kind: str, payload: dict, day: dt.date, *, user: str,
             **kw: Any) -> posting.Posted:
        as_user(book, user)
        book._clock = _clock_at(max(day, book.today()))
        if isinstance(kw.get("approved_by"), str):   # the approver's credential, as in the GUI
            kw["approved_by"] = Approval(kw["approved_by"], PW)
        posted = posting.post(book, kind, payload, business_date=day, **kw)
        self.sync(book)
        self.capture(book, posted.op_id)
        return posted

    def payload(self, book: Book, posted: posting.Posted) -> dict:
        p = journal.get(book.db, posted.op_id).payload
        book.end_read()
        return p


def as_user(book: Book, name: str) -> None:
    row = book.db.get(AppUser, name)
    book.user = User(row.username, row.full_name, frozenset(row.roles.split(",")))
    book.end_read()


def deliver(src: Book, dst: Book) -> None:
    """Store `src`'s own rows that `dst` lacks as received and apply them (what a bundle
    does): a laptop takes the office's rows as a filtered feed, the office chains a
    laptop's rows and gives them feed numbers."""
    rows = src.db.scalars(select(OperationRow).where(OperationRow.origin == src.origin)
                          .order_by(OperationRow.seq)).all()
    src.end_read()
    with dst.transaction():
        for row in rows:
            if dst.db.get(OperationRow, row.op_id) is not None:
                continue
            got = journal.store_received(dst.db, journal.to_entry(row).envelope(),
                                         feed=dst.is_office, partial=not dst.is_office)
            assert got.status == "stored", got
            posting.apply_entry(dst, got.entry)


def base(sc: Scenario, with_points: bool = True) -> Book:
    """An office PGD01: its admin (init), the staff, the office, point P01 (15th), the
    Women's Union of P01."""
    office = sc.book("office", "office", D_SET, OFFICE)
    sc.capture(office, sc.envelopes[0]["op_id"])            # the admin's user.set
    for name, roles in STAFF.items():
        sc.post(office, "user.set", {"username": name, "full_name": name.title(),
                                     "roles": roles, "password": PW, "active": True},
                D_SET, user="admin")
    if with_points:
        sc.post(office, "office.define", {"office_code": OFFICE, "name": "PGD Bắc Bình",
                                          "branch_name": "NHCSXH Lâm Đồng"}, D_SET,
                user="admin")
        sc.post(office, "point.define", {"point_code": "P01", "office_code": OFFICE,
                                         "name": "Xã Hải Ninh", "commune": "Hải Ninh",
                                         "legacy_commune": "Hải Ninh", "place": "UBND xã",
                                         "session_day": 15, "session_time": "07:30"},
                D_SET, user="admin")
        sc.post(office, "organisation.define", {"code": "HPN-P01", "kind": "women",
                                                "name": "Hội LHPN xã Hải Ninh",
                                                "point_code": "P01"}, D_SET, user="admin")
    return office


def borrower(sc: Scenario, office: Book, amount: int = 12_000_000) -> dict[str, str]:
    """A group, a poor household with its representative, an approved 12-month loan."""
    g = sc.payload(office, sc.post(office, "group.form", {
        "point_code": "P01", "organisation_code": "HPN-P01", "code": "T01",
        "name": "Tổ 1 thôn 2", "village": "Thôn 2", "leader_name": "Lê Thị Hoa",
        "rating": "good"}, D_SET, user="accountant"))
    h = sc.payload(office, sc.post(office, "household.register", {
        "point_code": "P01", "group_id": g["group_id"], "address": "Thôn 2, xã Hải Ninh",
        "village": "Thôn 2", "category": "poor", "category_year": 2026}, D_SET,
        user="accountant"))
    p = sc.payload(office, sc.post(office, "person.register", {
        "household_id": h["household_id"], "full_name": "Nguyễn Thị Hằng", "sex": "F",
        "birth_date": "1985-04-02", "id_number": "068185001234", "ethnicity": "Kinh",
        "relation": "chủ hộ", "phone": "0912000111", "is_representative": True}, D_SET,
        user="accountant"))
    a = sc.payload(office, sc.post(office, "application.submit", {
        "household_id": h["household_id"], "person_id": p["person_id"],
        "programme_code": "poor", "amount": amount, "term_months": 12,
        "frequency_months": 6, "purpose": "Mua bò sinh sản"}, D_SET, user="accountant"))
    d = sc.payload(office, sc.post(office, "application.decide", {
        "application_id": a["application_id"], "approved": True}, D_DECIDE, user="director"))
    return {"group": g["group_id"], "household": h["household_id"],
            "person": p["person_id"], "application": a["application_id"],
            "loan": d["loan_id"]}


# ---------------------------------------------------------------- the scenarios

def reference(sc: Scenario) -> None:
    office = base(sc)
    day = D_SET
    sc.post(office, "rules.publish", {"version": "2026-1", "effective_from": "2026-01-01",
                                      "values": {"savings_rate": "0.5"}}, day, user="admin")
    sc.post(office, "programme.define", {"code": "xyz", "name_vi": "Cho vay thử",
                                         "name_en": "Test loans", "max_amount": 10_000_000,
                                         "max_term_months": 36, "category": "any"}, day,
            user="admin")
    sc.post(office, "programme.rate", {"programme_code": "poor", "effective_from": "2026-01-01",
                                       "annual_rate": "6.600", "note": "Thử"}, day,
            user="admin")
    sc.post(office, "rate.relief", {"decision": "2731/QĐ-TTg", "points": "2",
                                    "start": "2025-10-01", "until": "2025-12-31",
                                    "programmes": "pm_rate", "provinces": ["68"]}, day,
            user="admin")
    sc.post(office, "unit.define", {"code": "BT03", "level": "commune", "name": "Hòa Thắng",
                                    "parent_code": "BT00", "valid_until": "2025-06-30",
                                    "successors": [{"code": "LD02", "villages": ["Thôn 3"]},
                                                   {"code": "LD03"}]}, day, user="admin")
    sc.post(office, "calendar.publish", {"point_code": "P01", "session_day": 15,
                                         "session_time": "07:30", "cancelled": ["2026-04-15"],
                                         "extra": ["2026-04-22"]}, day, user="admin")


def customers(sc: Scenario) -> None:
    office = base(sc)
    ids = borrower(sc, office)
    day = D_SET
    sc.post(office, "contact.update", {"person_id": ids["person"],
                                       "fields": {"phone": "0987654321",
                                                  "address": "Thôn 3, xã Hải Ninh"}},
            day, user="accountant")
    sc.post(office, "household.confirm", {"household_id": ids["household"],
                                          "customer_code": "P01000001"}, day, user="accountant")
    h2 = sc.payload(office, sc.post(office, "household.register", {
        "point_code": "P01", "group_id": ids["group"], "address": "Thôn 2, xã Hải Ninh",
        "village": "Thôn 2", "category": "near_poor"}, day, user="accountant"))
    sc.post(office, "household.alias", {"household_id": h2["household_id"],
                                        "alias_of": ids["household"]}, day, user="accountant")
    sc.post(office, "group.update", {"group_id": ids["group"],
                                     "fields": {"rating": "fair", "deputy_name": "Trần Văn Ba"}},
            day, user="accountant")
    sc.post(office, "eligibility.record", {"point_code": "P01", "year": 2026,
                                           "category": "poor",
                                           "household_ids": [ids["household"]],
                                           "reference": "QĐ 12/QĐ-UBND xã Hải Ninh"},
            day, user="accountant")
    sc.post(office, "plan.set", {"year": 2026, "programme_code": "poor",
                                 "funding_source": "central", "amount": 2_000_000_000,
                                 "reference": "QĐ giao chỉ tiêu 35/QĐ-NHCS"}, day,
            user="director")


def point(sc: Scenario) -> None:
    """The laptop's kinds: a session with a disbursement, a group's collections and hand-over
    with a difference, a reversal and its re-entry, requests, the close; then the office
    takes the laptop's rows and revokes it."""
    office = base(sc)
    ids = borrower(sc, office)
    key = base64.b64encode(bytes(range(32))).decode()
    seal = base64.b64encode(bytes(range(32, 64))).decode()
    sc.post(office, "device.enrol", {"device_id": LAPTOP, "points": ["P01"], "sign_key": key,
                                     "seal_key": seal, "fingerprint": "FIX-TURE-0001",
                                     "demo": False}, D_ENROL, user="admin")
    sc.post(office, "lease.grant", {"point_code": "P01", "device_id": LAPTOP}, D_ENROL,
            user="admin")
    head = office.db.get(OriginHead, OFFICE)
    sc.post(office, "state.pack", {"device_id": LAPTOP, "points": ["P01"], "feed_no": head.seq,
                                   "op_count": head.seq, "sha256": "0" * 64}, D_ENROL,
            user="admin")
    laptop = init_book(sc.root / "laptop", "point", admin_password=PW,
                       clock=_clock_at(D_SESSION))
    sc.books.append(laptop)
    with laptop.transaction():
        laptop.set_setting("origin", LAPTOP)
        laptop.set_setting("device_id", LAPTOP)
        laptop.set_setting("office_code", OFFICE)
        laptop.db.add(OriginHead(origin=LAPTOP, seq=0, hash=GENESIS))
    deliver(office, laptop)
    day = D_SESSION
    opened = sc.payload(laptop, sc.post(laptop, "session.open", {
        "point_code": "P01", "controller": "controller", "opening_cash": 20_000_000}, day,
        user="teller"))
    sid = opened["session_id"]
    sc.post(laptop, "loan.disburse", {"loan_id": ids["loan"], "amount": 12_000_000,
                                      "id_checked": True}, day, user="teller",
            approved_by="controller")
    paid = sc.post(laptop, "collection.record", {
        "person_id": ids["person"], "loan_id": ids["loan"], "group_id": ids["group"],
        "interest": 0, "principal": 0, "savings": 100_000, "bl_no": "000123"}, day,
        user="teller")
    sc.post(laptop, "group.handover", {"group_id": ids["group"], "interest": 0,
                                       "savings": 100_000, "counted": 98_000,
                                       "collections": [paid.op_id]}, day, user="teller")
    sc.post(laptop, "session.cash_difference", {"session_id": sid, "amount": -2_000,
                                                "reason": "Tổ trưởng nộp thiếu",
                                                "group_id": ids["group"]}, day,
            user="teller", approved_by="controller")
    wrong = sc.post(laptop, "collection.record", {
        "person_id": ids["person"], "loan_id": ids["loan"], "interest": 0, "principal": 0,
        "savings": 500_000}, day, user="teller")
    sc.post(laptop, "op.reverse", {"target_op_id": wrong.op_id,
                                   "reason": "Nhập nhầm 500.000 thay vì 50.000"}, day,
            user="teller", approved_by="controller")
    sc.post(laptop, "collection.record", {
        "person_id": ids["person"], "loan_id": ids["loan"], "interest": 0, "principal": 0,
        "savings": 50_000}, day, user="teller")
    sc.post(laptop, "loan.change_request", {"loan_id": ids["loan"], "type": "extension",
                                            "reason": "Mất mùa do hạn hán",
                                            "new_final_date": "2027-07-15"}, day,
            user="teller")
    sc.post(laptop, "reversal.request", {"target_op_id": paid.op_id,
                                         "reason": "Đề nghị điều chỉnh số biên lai"}, day,
            user="teller")
    expected = sessions.expected_cash(laptop, sid)
    laptop.end_read()
    counted = {"500000": expected // 500_000}
    rest = expected % 500_000
    for note in (100_000, 50_000, 10_000, 2_000, 1_000):
        if rest // note:
            counted[str(note)] = rest // note
        rest %= note
    assert rest == 0
    sc.post(laptop, "session.close", {"session_id": sid, "counted": counted}, day,
            user="teller", approved_by="controller", session_id=sid)
    deliver(laptop, office)
    sc.post(office, "device.revoke", {"device_id": LAPTOP}, dt.date(2026, 2, 1), user="admin")


def loans(sc: Scenario) -> None:
    """The office's side of a loan: counter collection and withdrawal, interest credit,
    a refund payable paid out, the loan decisions, cash after a write-off and its suspense
    resolved."""
    office = base(sc)
    ids = borrower(sc, office)
    sc.post(office, "loan.disburse", {"loan_id": ids["loan"], "amount": 12_000_000,
                                      "id_checked": True}, dt.date(2026, 1, 15),
            user="teller", approved_by="controller")
    col = sc.payload(office, sc.post(office, "collection.record", {
        "person_id": ids["person"], "loan_id": ids["loan"], "interest": 0, "principal": 0,
        "savings": 300_000}, dt.date(2026, 2, 15), user="teller"))
    account = col["savings_account_id"]
    sc.post(office, "savings.withdraw", {"savings_account_id": account, "amount": 50_000},
            dt.date(2026, 2, 16), user="teller", approved_by="controller")
    sc.post(office, "rules.publish", {"version": "2026-1", "effective_from": "2026-01-01",
                                      "values": {"savings_rate": "0.5"}}, dt.date(2026, 1, 1),
            user="admin")
    sc.post(office, "savings.credit_interest", {"savings_account_id": account,
                                                "period_end": "2026-06-30"},
            dt.date(2026, 6, 30), user="accountant")
    pay = sc.payload(office, sc.post(office, "payable.issue", {
        "kind": "refund", "payee_kind": "person", "payee_id": ids["person"],
        "point_code": "P01", "amount": 120_000, "period": "2026-06",
        "basis": {"overpaid": 120_000}}, dt.date(2026, 7, 1), user="accountant"))
    sc.post(office, "fee.pay", {"payable_id": pay["payable_id"], "amount": 120_000,
                                "receiver_name": "Nguyễn Thị Hằng"}, dt.date(2026, 7, 2),
            user="teller")
    sc.post(office, "loan.transfer_overdue", {"loan_id": ids["loan"],
                                              "classification": "in_term"},
            dt.date(2026, 7, 3), user="accountant")
    state = _loan(office, ids["loan"])
    unpaid = state.principal_in_term
    sc.post(office, "loan.extend", {"loan_id": ids["loan"], "request_id": None,
                                    "new_final_date": "2027-07-15",
                                    "instalments": [{"due_date": "2027-01-15",
                                                     "amount": unpaid // 2},
                                                    {"due_date": "2027-07-15",
                                                     "amount": unpaid - unpaid // 2}]},
            dt.date(2026, 7, 4), user="director")
    third = unpaid // 3
    sc.post(office, "loan.adjust", {"loan_id": ids["loan"], "request_id": None,
                                    "instalments": [{"due_date": "2026-10-15", "amount": third},
                                                    {"due_date": "2027-01-15", "amount": third},
                                                    {"due_date": "2027-07-15",
                                                     "amount": unpaid - 2 * third}]},
            dt.date(2026, 7, 5), user="director")
    sc.post(office, "loan.freeze", {"loan_id": ids["loan"], "until": "2026-12-31",
                                    "reason": "Thiệt hại do lũ lụt"}, dt.date(2026, 7, 6),
            user="director")
    sc.post(office, "loan.unfreeze", {"loan_id": ids["loan"]}, dt.date(2026, 7, 7),
            user="director")
    # Cash taken at the counter the day after a write-off the office records late
    # (back-dated): the replay puts it in the loan's suspense.
    sc.post(office, "collection.record", {
        "person_id": ids["person"], "loan_id": ids["loan"], "interest": 0,
        "principal": 1_000_000, "savings": 0}, dt.date(2026, 7, 9), user="teller")
    sc.post(office, "loan.write_off", {"loan_id": ids["loan"],
                                       "reason": "Xóa nợ theo Quyết định 50/2010/QĐ-TTg"},
            dt.date(2026, 7, 8), user="director")
    assert office.db.get(AccountSnapshot, ("loan", ids["loan"])).suspense == 1_000_000
    office.end_read()
    sc.post(office, "suspense.resolve", {"account_id": ids["loan"], "account_kind": "loan",
                                         "amount": 1_000_000, "to": "recovery",
                                         "target_id": None}, dt.date(2026, 7, 10),
            user="accountant")


def _loan(book: Book, loan_id: str):
    from sbpdesk.services.loans import load_state
    state = load_state(book, loan_id)
    book.end_read()
    return state


def opening(sc: Scenario) -> None:
    """Opening balances from the core system (issue 17): a loan with in-term and overdue
    principal and interest arrears, and a savings book; then the core's figures accepted
    for the loan, a savings difference explained, a payment made at the bank."""
    office = base(sc)
    g = sc.payload(office, sc.post(office, "group.form", {
        "point_code": "P01", "organisation_code": "HPN-P01", "code": "0000001",
        "name": "Tổ 1 thôn 2", "village": "Thôn 2", "leader_name": "Lê Thị Hoa"}, D_SET,
        user="accountant"))
    h = sc.payload(office, sc.post(office, "household.register", {
        "point_code": "P01", "group_id": g["group_id"], "address": "Thôn 2, xã Hải Ninh",
        "village": "Thôn 2", "commune_code": "680001"}, D_SET, user="accountant"))
    p = sc.payload(office, sc.post(office, "person.register", {
        "household_id": h["household_id"], "full_name": "Nguyễn Thị Hằng", "sex": "F",
        "is_representative": True}, D_SET, user="accountant"))
    sc.post(office, "loan.open", {
        "loan_id": "0190aaaa-0000-7000-8000-000000000001", "contract_no": "6600000000000001",
        "household_id": h["household_id"], "person_id": p["person_id"],
        "group_id": g["group_id"], "point_code": "P01", "programme_code": "poor",
        "funding_source": "central", "status": "active", "amount": 30_000_000,
        "disbursed_on": "2024-07-15", "term_months": 36, "frequency_months": 6,
        "principal_in_term": 20_000_000, "principal_overdue": 5_000_000,
        "principal_frozen": 0, "interest_in_term": 150_000, "interest_overdue": 20_000,
        "overdue_since": "2025-07-15",
        "instalments": [["2026-01-15", 10_000_000], ["2026-07-15", 10_000_000]]}, D_SET,
        user="accountant")
    sc.post(office, "savings.open", {
        "savings_account_id": "0190aaaa-0000-7000-8000-000000000002",
        "person_id": p["person_id"], "group_id": g["group_id"], "point_code": "P01",
        "book_no": "105000000001", "balance": 1_200_000}, D_SET, user="accountant")
    sc.post(office, "loan.core_adjust", {        # the core's figures accepted (issue 17)
        "loan_id": "0190aaaa-0000-7000-8000-000000000001",
        "figures": {"principal_in_term": 18_000_000, "principal_overdue": 7_000_000,
                    "interest_overdue": 25_000},
        "book": {"principal_in_term": 20_000_000, "principal_overdue": 5_000_000,
                 "interest_overdue": 20_000},
        "reason": "Theo Mẫu 31 ngày 30/09", "source": "Mau31.xlsx dòng 6"}, D_SET,
        user="accountant", approved_by="director")
    sc.post(office, "core.explain", {
        "source_kind": "mau31", "level": "customer", "key": "6800000001",
        "figure": "savings", "core": 1_300_000, "book": 1_200_000,
        "reason": "Gửi qua ứng dụng ngày 30/09"}, D_SET, user="accountant")
    sc.post(office, "loan.paid_elsewhere", {    # paid through the bank's app (Mẫu 10)
        "loan_id": "0190aaaa-0000-7000-8000-000000000001", "interest": 0,
        "principal": 1_000_000, "channel": "App", "reference": "FT26283001"}, D_SET,
        user="accountant")
    sc.post(office, "savings.paid_elsewhere", {   # deposited through the bank's app (0260)
        "savings_account_id": "0190aaaa-0000-7000-8000-000000000002", "amount": 150_000,
        "channel": "App", "reference": "FT26283002"}, D_SET, user="accountant")


SCENARIOS = (reference, customers, point, loans, opening)


def record_all(root: Path) -> dict[str, dict]:
    captured: dict[str, dict] = {}
    for scenario in SCENARIOS:
        sc = Scenario(root, scenario.__name__, captured)
        try:
            scenario(sc)
        finally:
            sc.close()
    return captured


def check(kind: str, fixture: dict, root: Path) -> None:
    """Receive into a fresh office and a fresh point book; the effect must match."""
    for role in ("office", "point"):
        book, last = receive(fixture["envelopes"], role, root / f"check-{kind}-{role}")
        try:
            assert last.kind == kind
            got = effect(book, last)
            problems = compare(fixture["expect"], got)
            assert not problems, (kind, role, problems)
        finally:
            book.close()


def compare(expected: Any, got: Any, where: str = "") -> list[str]:
    """Differences of `got` from `expected`, looking only at keys `expected` has: what an
    old payload did must still happen; new fields may appear."""
    if isinstance(expected, dict) and isinstance(got, dict):
        out = []
        for key, value in expected.items():
            if key not in got:
                out.append(f"{where}/{key}: missing")
            else:
                out += compare(value, got[key], f"{where}/{key}")
        return out
    return [] if expected == got else [f"{where}: expected {expected!r}, got {got!r}"]


def main() -> int:
    from argon2 import PasswordHasher

    from sbpdesk.services import auth
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    auth.password_problem = lambda password, username="": None   # PW, as tests/conftest.py
    posting.load_subjects()
    released = sorted(posting.KINDS)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        captured = record_all(Path(tmp))
        missing = [k for k in released if k not in captured]
        if missing:
            print("no scenario records:", ", ".join(missing), file=sys.stderr)
            return 1
        written, kept, bodies = [], [], {}
        for kind in released:
            fixture = captured[kind]
            version = fixture["envelopes"][-1]["kind_version"]
            target = path_for(kind, version)
            if target.exists():
                kept.append(target.name)     # history: never overwritten
                continue
            check(kind, fixture, Path(tmp))  # every new file is checked before any is written
            bodies[target] = {"format": FORMAT, "kind": kind, "kind_version": version,
                              "generated_by": "tests/sync/make_fixtures.py",
                              "scenario": fixture["scenario"],
                              "envelopes": fixture["envelopes"], "expect": fixture["expect"]}
        for target, body in bodies.items():
            text = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            with open(target, "x", encoding="utf-8") as fh:   # "x": refuse to overwrite
                fh.write(text)
            written.append(target.name)
    print(f"written {len(written)}: {' '.join(written)}")
    if kept:
        print(f"kept (exist already) {len(kept)}: {' '.join(kept)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

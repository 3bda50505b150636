"""Start an office book from the core's exports (`sbpdesk core seed`): Mẫu 31 (required: one
row per loan, plus savings-only customers), Dư nợ chi tiết (points and their session days)
and DSTO (group names, leaders, grades) when given. Everything enters the journal as
operations dated on Mẫu 31's data date, in one transaction — points, organisations, groups,
households and their representatives (with the core's customer code), then `loan.open` and
`savings.open` — so the book replays and syncs like any other; a problem anywhere loses
nothing (nothing is written). The core's identifiers stay on the records: the loan number as
the contract number, the customer code, the group code, the point code, the commune and
village codes on the household, the TK 105 number on the savings account.

Quirks: a loan listed on two rows (its customer holds two savings books) is one loan with two
books; rows without a loan number are savings-only customers (group 0000000: no group); a
loan with no group (union 99, "Hình thức vay" 1) is a direct loan, its point the one its
commune's other loans are served at; CLOSE rows open closed loans (for the record).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sbpdesk.bridge import figures, reader
from sbpdesk.bridge.mapping import Mapping, fold
from sbpdesk.bridge.mapping import load as load_mapping
from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import Organisation, Point
from sbpdesk.domain.dates import add_months
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import absent, groups, opening, places, posting, reference
from sbpdesk.services.context import Book

NO_GROUP = "0000000"
SHORT = {"women": "HPN", "farmers": "HND", "veterans": "CCB", "youth": "DTN"}
ORG_NAME = {"women": "Hội Liên hiệp Phụ nữ", "farmers": "Hội Nông dân",
            "veterans": "Hội Cựu chiến binh", "youth": "Đoàn Thanh niên"}
SEX = {"nu": "F", "f": "F", "nam": "M", "m": "M"}
RATINGS = {"good", "fair", "average", "weak"}


@dataclass
class Customer:
    code: str
    row: dict[str, Any]
    group_code: str | None = None
    point: str = ""
    books: dict[str, int] = field(default_factory=dict)     # TK 105 number -> balance
    household_id: str = ""
    person_id: str = ""


def seed(book: Book, files: list[str | Path], *, mapping: Mapping | None = None,
         progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Seed `book` (an office book, signed in as a user who may post reference data and
    opening balances) from the files; returns what was opened and what was left aside."""
    mapping = mapping or load_mapping()
    step = _steps(progress)
    cores = _read(files, mapping)
    step()
    m31 = cores["mau31"]
    if m31.data_date is None:
        raise DomainError("core_no_date", f"{m31.path.name}: không xác định được ngày số liệu.",
                          f"{m31.path.name}: the data date cannot be found.")
    day = m31.data_date
    loans, customers = _merge(m31)
    points = _points(cores.get("du_no_chi_tiet"), loans, customers)
    groups = {v["group_code"]: v for _, v in cores["dsto"].rows} if "dsto" in cores else {}
    counts = {"units": 0, "points": 0, "organisations": 0, "groups": 0, "households": 0,
              "loans": 0, "closed_loans": 0, "savings": 0}
    with figures.no_cycle_collection(), book.transaction():
        ctx = _Ctx(book, mapping, day, counts)
        ctx.units(list(customers.values()), points)
        ctx.points(points)
        ctx.groups(customers, groups)
        step()
        # Each account folded once, at the end; the households and persons made are held
        # for the loans and savings that name them (not loaded again).
        with posting.batch(book), absent.keep(book):
            ctx.households(list(customers.values()))
            step()
            ctx.loans(list(loans.values()), customers)
            step()
            ctx.savings(list(customers.values()))
        step()
    book.end_read()
    return {"data_date": day.isoformat(), "opened": counts,
            "files": [c.summary() for c in cores.values()]}


STEPS = 5    # files read; places, points and groups; households; loans; savings (committed)


def _steps(progress: Callable[[int, int], None] | None) -> Callable[[], None]:
    """`step()` reports the next of the seed's STEPS stages done (`progress(k, STEPS)`)."""
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress:
            progress(done[0], STEPS)
    return step


def _read(files: list[str | Path], mapping: Mapping) -> dict[str, reader.CoreFile]:
    cores: dict[str, reader.CoreFile] = {}
    with reader.reading(files, mapping) as pending:      # Mẫu 31 and Dư nợ side by side
        read = [future.result() for future in pending]
    for core in read:
        if core.kind in cores:
            raise DomainError("core_two_files", f"Hai tệp cùng loại {core.kind_name}: "
                              f"{cores[core.kind].path.name}, {core.path.name}.",
                              f"Two files of the kind {core.kind}: "
                              f"{cores[core.kind].path.name}, {core.path.name}.")
        cores[core.kind] = core
    if "mau31" not in cores:
        raise DomainError("core_no_mau31", "Cần tệp Mẫu 31 (hồ sơ tín dụng chi tiết).",
                          "A Mẫu 31 workbook (loan details) is needed.")
    problems = [(c.path.name, p) for c in cores.values() for p in c.problems]
    if problems:
        lines = "; ".join(f"{name}: {p.vi}" for name, p in problems[:10])
        lines_en = "; ".join(f"{name}: {p.en}" for name, p in problems[:10])
        more = f" (+{len(problems) - 10})" if len(problems) > 10 else ""
        raise DomainError("core_bad_cells", f"Tệp có ô không đọc được: {lines}{more}",
                          f"Cells that cannot be read: {lines_en}{more}")
    return cores


def _merge(m31: reader.CoreFile):
    """Loans by number (the first row of a loan listed twice) and customers by code, with
    every savings book the rows name."""
    loans: dict[str, tuple[int, dict]] = {}
    customers: dict[str, Customer] = {}
    for row_no, r in m31.rows:
        code = r.get("customer_code")
        if not code:
            raise DomainError("core_no_customer", f"{m31.path.name}, dòng {row_no}: thiếu mã "
                              "khách hàng.", f"{m31.path.name}, row {row_no}: no customer code.")
        c = customers.setdefault(code, Customer(code, r))
        group = r.get("group_code")
        if group and group != NO_GROUP and c.group_code is None:
            c.group_code = group
        if r.get("savings_book"):
            c.books[r["savings_book"]] = r.get("savings_balance") or 0
        if r.get("loan_no") and r["loan_no"] not in loans:
            loans[r["loan_no"]] = (row_no, r)
    return loans, customers


def _points(du_no: reader.CoreFile | None, loans, customers) -> dict[str, dict[str, Any]]:
    """Point code of each customer: Dư nợ chi tiết's (by loan, then by customer), else the
    point of the commune's other customers, else TXN + the commune code."""
    by_loan, by_customer, by_commune, defs = {}, {}, {}, {}
    for _, r in du_no.rows if du_no else ():
        if r.get("point_code"):
            by_loan[r.get("loan_no")] = r["point_code"]
            by_customer.setdefault(r.get("customer_code"), r["point_code"])
            by_commune.setdefault(r.get("commune_code"), r["point_code"])
            defs.setdefault(r["point_code"], r)
    for _, r in loans.values():
        c = customers[r["customer_code"]]
        c.point = c.point or by_loan.get(r["loan_no"]) or ""
    for c in customers.values():
        commune = c.row.get("commune_code") or ""
        c.point = (c.point or by_customer.get(c.code) or by_commune.get(commune)
                   or f"TXN{commune}")
        defs.setdefault(c.point, {"point_code": c.point, **c.row})
    return defs


class _Ctx:
    def __init__(self, book: Book, mapping: Mapping, day: dt.date, counts: dict[str, int]
                 ) -> None:
        self.book, self.mapping, self.day, self.counts = book, mapping, day, counts
        self.group_ids: dict[str, str] = {}

    def post(self, verb: Callable[..., Any], *args: Any, where: str = "", **kw: Any) -> Any:
        """`verb(book, *args, business_date=the data date, **kw)`, a refusal naming `where`."""
        try:
            return verb(self.book, *args, business_date=self.day, **kw)
        except DomainError as exc:
            raise DomainError(exc.code, f"{where}: {exc.message('vi')}" if where else str(exc),
                              f"{where}: {exc.message('en')}" if where else exc.message("en"),
                              field=exc.field) from None

    def many(self, kind: str, payloads: list[dict], labels: list[str]) -> None:
        opening.post_many(self.book, kind, payloads, business_date=self.day, labels=labels)

    def units(self, customers: list[Customer], points: dict[str, dict]) -> None:
        """The communes and villages the files name (the core's 6- and 8-digit codes), as
        administrative units (decision 0106), each defined once: addresses resolve through
        them and the points name their commune's unit."""
        communes: dict[str, str] = {}
        villages: dict[str, tuple[str, str | None]] = {}
        for r in [c.row for c in customers] + list(points.values()):
            commune = r.get("commune_code")
            if commune:
                communes.setdefault(commune, r.get("commune_name") or commune)
            if r.get("village_code"):
                villages.setdefault(r["village_code"],
                                    (r.get("village_name") or r["village_code"], commune))
        known = set(places.places(self.book).units)
        units = [{"code": code, "level": "commune", "name": name}
                 for code, name in sorted(communes.items())]
        units += [{"code": code, "level": "village", "name": name, "parent_code": parent}
                  for code, (name, parent) in sorted(villages.items())]
        units = [u for u in units if u["code"] not in known]
        self.many("unit.define", units, [f"Mã {u['code']}" for u in units])
        self.counts["units"] += len(units)

    def points(self, points: dict[str, dict]) -> None:
        for code, r in points.items():
            if self.book.db.get(Point, code) is None:
                commune = r.get("commune_name") or r.get("commune_code") or ""
                self.post(reference.define_point, code,
                          r.get("point_name") or f"Điểm giao dịch xã {commune}",
                          commune=commune, session_day=r.get("session_day"),
                          commune_code=r.get("commune_code"))
                self.counts["points"] += 1

    def organisation(self, point: str, kind: str) -> str:
        """The union's chapter at the point, defined the first time a group needs it."""
        code = f"{point}-{SHORT[kind]}"
        if self.book.db.get(Organisation, code) is None:
            commune = self.book.db.get(Point, point).commune
            self.post(reference.define_organisation, code, kind,
                      f"{ORG_NAME[kind]} xã {commune}", point_code=point)
            self.counts["organisations"] += 1
        return code

    def groups(self, customers: dict[str, Customer], dsto: dict[str, dict]) -> None:
        first: dict[str, tuple[Customer, dict]] = {}
        for c in customers.values():
            if c.group_code:
                first.setdefault(c.group_code, (c, c.row))
        payloads, labels = [], []
        for code, (c, r) in sorted(first.items()):
            d = dsto.get(code, {})
            kind = self.mapping.code("union", d.get("union_code") or r.get("union_code") or "")
            if kind not in SHORT:
                continue       # a group's union must be known: reported by the loan below
            payloads.append(groups.form_payload(groups.NewGroup(
                point_code=c.point, organisation_code=self.organisation(c.point, kind),
                code=code, name=d.get("group_name") or r.get("group_name") or f"Tổ {code}",
                village=d.get("village_name") or r.get("village_name"),
                leader_name=d.get("leader_name") or r.get("leader_name"),
                deputy_name=d.get("deputy_name"),
                rating=d.get("grade") if d.get("grade") in RATINGS else None)))
            labels.append(f"Tổ {code}")
            self.group_ids[code] = payloads[-1]["group_id"]
        self.many("group.form", payloads, labels)
        self.counts["groups"] += len(payloads)

    def households(self, customers: list[Customer]) -> None:
        registers, persons, confirms, labels = [], [], [], []
        communes: dict[str, str] = {}
        for c in customers:
            r = c.row
            where = f"Khách hàng {c.code}"
            c.household_id, c.person_id = uuid7(), uuid7()
            commune = communes.get(c.point)
            if commune is None:
                commune = communes[c.point] = self.book.db.get(Point, c.point).commune
            village = r.get("village_name") or ""
            registers.append({
                "household_id": c.household_id, "point_code": c.point,
                "group_id": self.group_ids.get(c.group_code or ""), "provisional_no": c.code,
                "address": ", ".join(x for x in (village, f"xã {commune}") if x),
                "village": village or None, "village_code": r.get("village_code"),
                "commune_code": r.get("commune_code")})
            sex = SEX.get(fold(r.get("sex") or ""))
            if sex is None:
                raise DomainError("bad_sex", f"{where}: giới tính “{r.get('sex')}” không rõ.",
                                  f"{where}: sex “{r.get('sex')}” is not Nam or Nữ.")
            birth = r.get("birth_date")
            persons.append({
                "person_id": c.person_id, "household_id": c.household_id,
                "full_name": r.get("customer_name"), "sex": sex,
                "birth_date": birth.isoformat() if birth else None,
                "id_number": r.get("id_number"), "ethnicity": r.get("ethnicity"),
                "phone": r.get("phone"), "relation": "chủ hộ", "is_representative": True})
            confirms.append({"household_id": c.household_id, "customer_code": c.code})
            labels.append(where)
        self.many("household.register", registers, labels)   # post_many holds the rows
        self.many("person.register", persons, labels)        # its deciders look up
        self.many("household.confirm", confirms, labels)
        self.counts["households"] += len(customers)

    def loans(self, loans: list[tuple[int, dict]], customers: dict[str, Customer]) -> None:
        payloads, labels = [], []
        for row_no, r in loans:
            c = customers[r["customer_code"]]
            closed = (r.get("status") or "").upper() == "CLOSE"
            in_term, overdue, frozen = ((0, 0, 0) if closed else (
                r.get("in_term") or 0, r.get("overdue") or 0, r.get("frozen") or 0))
            status = "closed" if closed else ("frozen" if frozen and not in_term + overdue
                                              else "active")
            payloads.append({
                "loan_id": uuid7(), "contract_no": r["loan_no"],
                "household_id": c.household_id, "person_id": c.person_id,
                "group_id": self.group_ids.get(r.get("group_code") or ""),
                "point_code": c.point,
                "programme_code": self.mapping.code("programme", r.get("programme_code") or ""),
                "funding_source": self.mapping.code("funding_source",
                                                    r.get("funding_source") or ""),
                **({"investor_code": str(r["investor_code"])} if r.get("investor_code")
                   else {}),
                "status": status, "amount": r.get("amount") or 0,
                "disbursed_on": _iso(r.get("disbursed_on")),
                "term_months": r.get("term_months"),
                "frequency_months": r.get("frequency_months"),
                "principal_in_term": in_term, "principal_overdue": overdue,
                "principal_frozen": frozen,
                "interest_in_term": 0 if closed else r.get("interest_in_term") or 0,
                "interest_overdue": 0 if closed else r.get("interest_overdue") or 0,
                "overdue_since": _iso(r.get("due_session") or r.get("due_extended")
                                      or r.get("due_contract") or self.day)
                if overdue else None,
                "instalments": schedule(r, in_term, self.day)})
            labels.append(f"Mẫu 31 dòng {row_no} (khế ước {r['loan_no']})")
            self.counts["closed_loans" if closed else "loans"] += 1
        self.many("loan.open", payloads, labels)

    def savings(self, customers: list[Customer]) -> None:
        payloads, labels = [], []
        for c in customers:
            for book_no, balance in c.books.items():
                payloads.append({
                    "savings_account_id": uuid7(), "person_id": c.person_id,
                    "group_id": self.group_ids.get(c.group_code or ""), "point_code": c.point,
                    "book_no": book_no, "balance": balance})
                labels.append(f"Sổ TK 105 {book_no}")
        self.many("savings.open", payloads, labels)
        self.counts["savings"] += len(payloads)


def schedule(r: dict[str, Any], in_term: int, day: dt.date) -> list[list]:
    """The in-term principal over the instalments still to fall due after `day`: every
    `frequency_months` from "Ngày bắt đầu trả gốc" to the final due date, each the even share
    rounded down to 100.000 đ (as the core's schedules were seen to be), the rest on the last.
    Without those dates: one instalment on the final due date (or the day after `day`)."""
    if not in_term:
        return []
    final = r.get("due_extended") or r.get("due_contract")
    first, every = r.get("first_principal_on"), r.get("frequency_months") or 0
    dates: list[dt.date] = []
    if first and final and every > 0:
        k, d = 0, first
        while d <= final:
            if d > day:
                dates.append(d)
            k += 1
            d = add_months(first, k * every)
    if not dates:
        dates = [final if final and final > day else day + dt.timedelta(days=1)]
    share = in_term // len(dates) // 100_000 * 100_000
    amounts = [share] * (len(dates) - 1) + [in_term - share * (len(dates) - 1)]
    return [[d.isoformat(), a] for d, a in zip(dates, amounts, strict=True)]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None

"""Workbooks in the core system's layout, written from a book (a demo book: `sbpdesk demo
--core-exports DIR`), so that seeding and reconciliation can be tried without real files.

The layout is the core's (sheet BCQUERY, report name in row 2, its date in row 3, header in
row 5, data from row 6, column A empty) with the column names of the mapping. The core's
identifiers are made up, deterministic from the book: commune 6 digits, village 8, group 7,
customer 10, loan 16 (6600…), savings book (TK 105) numbers. The quirks are there: a loan row
repeated for a borrower whose household holds two savings books, savings-only customers with
group 0000000, loans closed this year (CLOSE), and Dư nợ chi tiết with US-ordered text
dates. With `plant=True` a few differences are planted in the files that are not the seed's
source (Dư nợ chi tiết, BCDHTD 01.1, LEN_31) and listed in `planted.json` (with the point
totals of Dư nợ chi tiết they change), so a test knows exactly what reconciliation must
find. Mẫu 31 itself is always the book's exact figures. A Mẫu 10 (daily statement) of a day
after `as_of` holds one deposit made elsewhere — the first group member's TK 105, through the
bank's app, a deposit the book does not have (`core paid-elsewhere` records it, decision 0260);
`elsewhere` in the result says which.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import func, select

from sbpdesk.bridge.figures import loan_states
from sbpdesk.bridge.mapping import Mapping
from sbpdesk.bridge.mapping import load as load_mapping
from sbpdesk.db.models import (
    Group,
    Household,
    Organisation,
    Person,
    Point,
    SavingsAccount,
    SavingsMovement,
)
from sbpdesk.db.models import Loan as LoanModel
from sbpdesk.domain.loan import LoanState
from sbpdesk.services.context import Book

FILES = {"mau31": "Mau31_{d:%Y%m}.xlsx", "du_no_chi_tiet": "DuNoChiTiet_{d:%d%m%Y}.xlsx",
         "dsto": "DSTO.xlsx", "bcdhtd_01_1": "BCDHTD_01_1.xlsx", "len31": "LEN_31.xlsx",
         "mau10": "Mau10_{d:%d%m%Y}.xlsx"}
ELSEWHERE_DAYS, ELSEWHERE_AMOUNT = 5, 100_000   # the demo's deposit made at the bank
NO_GROUP = "0000000"
# Movement columns the core carries and sbpdesk does not use (the mapping ignores "DS …").
MOVEMENTS = [f"DS {what} {period}" for period in ("tháng", "quý", "năm")
             for what in ("cho vay", "thu nợ", "thu lãi")]


@dataclass
class Codes:
    """The made-up core identifiers of the book's records."""
    commune: dict[str, str]          # point code -> 6 digits
    village: dict[tuple[str, str], str]
    group: dict[str, str]            # group id -> 7 digits
    customer: dict[str, str]         # household id -> 10 digits
    loan: dict[str, str]             # loan id -> 16 digits
    book: dict[str, str]             # savings account id -> TK 105 number


def write_exports(book: Book, out_dir: str | Path, as_of: dt.date, *, plant: bool = True,
                  mapping: Mapping | None = None) -> dict[str, Any]:
    """Write the workbooks of the book at `as_of` (a month end) into out_dir."""
    mapping = mapping or load_mapping()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = _gather(book, as_of)
    codes = _codes(data)
    rows31 = _mau31(data, codes, mapping, as_of)
    planted: list[dict[str, Any]] = []
    files = {}
    write = lambda kind, rows, **kw: files.__setitem__(kind, _write(
        out / FILES[kind].format(d=as_of), mapping, kind, rows, as_of, **kw))
    write("mau31", rows31, extra=MOVEMENTS)
    write("du_no_chi_tiet", _du_no(rows31, data, codes, planted if plant else None),
          us_dates=True)
    write("dsto", _dsto(data, codes, mapping, as_of))
    write("bcdhtd_01_1", _by_commune(rows31, planted if plant else None))
    write("len31", _len31(rows31, planted if plant else None))
    (out / "planted.json").write_text(json.dumps(planted, ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    elsewhere = _elsewhere(data, codes, as_of)
    if elsewhere:
        day = as_of + dt.timedelta(days=ELSEWHERE_DAYS)
        files["mau10"] = _write(out / FILES["mau10"].format(d=day), mapping, "mau10",
                                elsewhere, day)
    book.end_read()
    return {"as_of": as_of.isoformat(), "files": {k: str(v) for k, v in files.items()},
            "rows": {"mau31": len(rows31)}, "planted": planted,
            "elsewhere": [{k: v.isoformat() if isinstance(v, dt.date) else v
                           for k, v in r.items()} for r in elsewhere]}


# --- what the book holds at as_of -----------------------------------------------------------

def _gather(book: Book, as_of: dt.date) -> dict[str, Any]:
    db = book.db
    loans = loan_states(book, as_of)
    balances = dict(db.execute(select(SavingsMovement.account_id, func.sum(
        SavingsMovement.amount)).where(SavingsMovement.business_date <= as_of)
        .group_by(SavingsMovement.account_id)).all())
    return {"points": {p.code: p for p in db.scalars(select(Point).order_by(Point.code))},
            "orgs": {o.code: o for o in db.scalars(select(Organisation))},
            "groups": {g.id: g for g in db.scalars(select(Group).order_by(Group.code))},
            "households": {h.id: h for h in db.scalars(
                select(Household).order_by(Household.customer_code, Household.id))},
            "persons": {p.id: p for p in db.scalars(select(Person))},
            "contracts": dict(db.execute(select(LoanModel.id, LoanModel.contract_no)).all()),
            "savings": [(a, int(balances.get(a.id, 0))) for a in db.scalars(
                select(SavingsAccount).where(SavingsAccount.opened_on <= as_of)
                .order_by(SavingsAccount.id))],
            "loans": loans, "rates": book.refs.rates}


def _codes(data: dict[str, Any]) -> Codes:
    commune = {code: f"{680001 + 3 * k:06d}" for k, code in enumerate(data["points"])}
    village: dict[tuple[str, str], str] = {}
    for h in data["households"].values():
        key = (h.point_code, h.village or "")
        if key not in village:
            n = sum(1 for p, _ in village if p == h.point_code) + 1
            village[key] = f"{commune.get(h.point_code, '000000')}{n:02d}"
    group = {gid: f"{k:07d}" for k, gid in enumerate(data["groups"], start=1)}
    customer = {hid: f"{6800000001 + k}" for k, hid in enumerate(data["households"])}
    ordered = sorted(data["loans"], key=lambda i: (data["contracts"].get(i) or "", i))
    loan = {lid: f"6600{k:012d}" for k, lid in enumerate(ordered, start=1)}
    books = {a.id: f"105{k:09d}" for k, (a, _) in enumerate(data["savings"], start=1)}
    return Codes(commune, village, group, customer, loan, books)


# --- the reports ----------------------------------------------------------------------------

def _mau31(data: dict[str, Any], codes: Codes, mapping: Mapping, as_of: dt.date) -> list[dict]:
    books_of: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    for account, balance in data["savings"]:
        books_of[account.household_id or ""].append((account, balance))
    rows = []
    borrowers = set()
    for loan_id in sorted(codes.loan, key=codes.loan.get):
        state, org_code = data["loans"][loan_id]
        borrowers.add(state.household_id)
        base = _loan_row(data, codes, mapping, state, org_code, as_of)
        books = books_of.get(state.household_id) or [(None, 0)]
        for account, balance in books:           # two books: the loan row twice (the quirk)
            rows.append({**base, "savings_book": codes.book.get(account.id) if account else None,
                         "savings_balance": balance if account else None})
    for hid, books in books_of.items():          # savings-only customers: group 0000000
        if hid in borrowers:
            continue
        h = data["households"].get(hid)
        if h is None:
            continue
        for account, balance in books:
            rows.append({**_customer(data, codes, h), "group_code": NO_GROUP,
                         "data_date": as_of, "savings_book": codes.book[account.id],
                         "savings_balance": balance})
    return rows


def _customer(data: dict[str, Any], codes: Codes, h: Household) -> dict[str, Any]:
    rep = next((p for p in data["persons"].values()
                if p.household_id == h.id and p.is_representative), None)
    return {"customer_code": codes.customer[h.id],
            "customer_name": rep.full_name if rep else "",
            "id_number": rep.id_number if rep else None,
            "birth_date": rep.birth_date if rep else None,
            "phone": rep.phone if rep else None,
            "sex": {"F": "Nữ", "M": "Nam"}.get(rep.sex or "") if rep else None,
            "ethnicity": rep.ethnicity if rep else None,
            "village_code": codes.village.get((h.point_code, h.village or "")),
            "village_name": h.village, "commune_code": codes.commune.get(h.point_code),
            "commune_name": data["points"][h.point_code].commune,
            "point_code": h.point_code}


def _loan_row(data: dict[str, Any], codes: Codes, mapping: Mapping, state: LoanState,
              org_code: str | None, as_of: dt.date) -> dict[str, Any]:
    h = data["households"][state.household_id]
    g = data["groups"].get(state.group_id)
    org = data["orgs"].get(org_code or "")
    rate = data["rates"].rate_on(state.programme_code, as_of)
    closed = state.status == "closed"
    return {**_customer(data, codes, h), "data_date": as_of,
            "loan_no": codes.loan[state.loan_id], "status": "CLOSE" if closed else "OPEN",
            "group_code": codes.group.get(state.group_id) if g else None,
            "group_name": g.name if g else None, "leader_name": g.leader_name if g else None,
            "union_code": mapping.core_code("union", org.kind) if org else "99",
            "loan_form": "2" if g else "1",
            "programme_code": mapping.core_code("programme", state.programme_code),
            "funding_source": mapping.core_code("funding_source", state.funding_source),
            "amount": state.disbursed, "disbursed_on": state.first_disbursed_on,
            "rate": str(rate) if rate is not None else None,
            "term_months": state.term_months, "frequency_months": state.frequency_months,
            "first_principal_on": state.instalments[0].due_date if state.instalments else None,
            "due_contract": state.final_date, "closed_on": state.last_date if closed else None,
            "in_term": state.principal_in_term, "overdue": state.principal_overdue,
            "frozen": state.principal_frozen, "outstanding": state.outstanding,
            "interest_in_term": state.interest_in_term + state.interest_grace,
            "interest_overdue": state.interest_overdue}


def _du_no(rows31: list[dict], data: dict[str, Any], codes: Codes,
           planted: list | None) -> list[dict]:
    seen, rows = set(), []
    for r in rows31:
        if not r.get("loan_no") or r["loan_no"] in seen or r["status"] == "CLOSE":
            continue
        seen.add(r["loan_no"])
        point = data["points"][r["point_code"]]
        rows.append({**r, "point_name": point.name, "session_day": point.session_day})
    if planted is not None and len(rows) > 2:
        before = _point_sums(rows)
        moved = next(r for r in rows if r["in_term"] >= 1_000_000)
        moved["in_term"] -= 1_000_000
        moved["overdue"] += 1_000_000
        for figure, change in (("in_term", -1_000_000), ("overdue", 1_000_000)):
            planted.append({"kind": "du_no_chi_tiet", "level": "loan",
                            "key": moved["loan_no"], "figure": figure,
                            "core": moved[figure], "book": moved[figure] - change})
        dropped = rows.pop()
        planted.append({"kind": "du_no_chi_tiet", "level": "loan", "key": dropped["loan_no"],
                        "figure": "missing_in_core", "core": None,
                        "book": dropped["outstanding"]})
        after = _point_sums(rows)       # the same differences, seen at the loans' points
        for point in sorted(before.keys() | after.keys()):
            for figure, was in before.get(point, {}).items():
                now = after.get(point, {}).get(figure, 0)
                if now != was:
                    planted.append({"kind": "du_no_chi_tiet", "level": "point", "key": point,
                                    "figure": figure, "core": now, "book": was})
    return rows


def _point_sums(rows: list[dict]) -> dict[str, dict[str, int]]:
    """Per point: principal by bucket, outstanding and customers of the loans with a balance
    (what reconciliation compares per point)."""
    sums: dict[str, dict[str, int]] = {}
    customers: dict[str, set] = defaultdict(set)
    for r in rows:
        money = {f: r.get(f) or 0 for f in ("in_term", "overdue", "frozen")}
        if any(money.values()):
            s = sums.setdefault(r["point_code"], dict.fromkeys(
                ("in_term", "overdue", "frozen", "outstanding", "households"), 0))
            for f, v in money.items():
                s[f] += v
            s["outstanding"] += sum(money.values())
            customers[r["point_code"]].add(r["customer_code"])
            s["households"] = len(customers[r["point_code"]])
    return sums


def _dsto(data: dict[str, Any], codes: Codes, mapping: Mapping, as_of: dt.date) -> list[dict]:
    members: dict[str, int] = defaultdict(int)
    for h in data["households"].values():
        members[h.group_id or ""] += 1
    out = []
    for gid, g in data["groups"].items():
        org = data["orgs"].get(g.organisation_code)
        out.append({"data_date": as_of, "group_code": codes.group[gid], "group_name": g.name,
                    "leader_name": g.leader_name, "deputy_name": g.deputy_name,
                    "union_code": mapping.core_code("union", org.kind) if org else None,
                    "village_name": g.village, "commune_code": codes.commune.get(g.point_code),
                    "point_code": g.point_code, "members": members.get(gid, 0),
                    "grade": g.rating})
    return out


def _live(rows31: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in rows31:
        if r.get("loan_no") and r["loan_no"] not in seen and r["outstanding"]:
            seen.add(r["loan_no"])
            out.append(r)
    return out


def _by_commune(rows31: list[dict], planted: list | None) -> list[dict]:
    sums: dict[str, dict[str, Any]] = {}
    for r in _live(rows31):
        s = sums.setdefault(r["commune_code"], {"commune_code": r["commune_code"],
                                                "commune_name": r["commune_name"],
                                                "outstanding": 0, "overdue": 0, "frozen": 0,
                                                "households": set()})
        for f in ("outstanding", "overdue", "frozen"):
            s[f] += r[f]
        s["households"].add(r["customer_code"])
    out = [{**s, "households": len(s["households"])} for _, s in sorted(sums.items())]
    if planted is not None and out:
        out[0]["outstanding"] += 1_000_000
        planted.append({"kind": "bcdhtd_01_1", "level": "commune",
                        "key": out[0]["commune_code"], "figure": "outstanding",
                        "core": out[0]["outstanding"], "book": out[0]["outstanding"] - 1_000_000})
    for s in out:                                   # million đồng, as the official report
        for f in ("outstanding", "overdue", "frozen"):
            s[f] = Decimal(s[f]) / 1_000_000        # exact: six decimals at most
    return out


def _len31(rows31: list[dict], planted: list | None) -> list[dict]:
    sums: dict[tuple, dict[str, Any]] = {}
    for r in _live(rows31):
        key = (r["commune_code"], r["union_code"], r["programme_code"], r["group_code"] or "")
        s = sums.setdefault(key, {"commune_code": key[0], "union_code": key[1],
                                  "programme_code": key[2], "group_code": key[3] or None,
                                  "leader_name": r["leader_name"], "outstanding": 0,
                                  "overdue": 0, "frozen": 0})
        for f in ("outstanding", "overdue", "frozen"):
            s[f] += r[f]
    out = [s for _, s in sorted(sums.items())]
    if planted is not None and out:
        out[-1]["outstanding"] += 200_000
        planted.append({"kind": "len31", "level": "commune/union/programme/group",
                        "key": "/".join(k or "" for k in sorted(sums)[-1]),
                        "figure": "outstanding", "core": out[-1]["outstanding"],
                        "book": out[-1]["outstanding"] - 200_000})
    return out


def _elsewhere(data: dict[str, Any], codes: Codes, as_of: dt.date) -> list[dict]:
    """Mẫu 10's one row: a deposit to the first group member's TK 105 at the bank."""
    account = next((a for a, _ in data["savings"] if a.group_id and a.household_id
                    in codes.customer), None)
    if account is None:
        return []
    day = as_of + dt.timedelta(days=ELSEWHERE_DAYS)
    person = data["persons"].get(account.person_id)
    return [{"transaction_date": day, "loan_no": None,
             "customer_code": codes.customer[account.household_id],
             "customer_name": person.full_name if person else "", "channel": "App",
             "principal_paid": None, "interest_paid": None, "savings_paid": ELSEWHERE_AMOUNT,
             "savings_book": codes.book[account.id], "reference": f"FT{day:%y%m%d}0001"}]


# --- the file --------------------------------------------------------------------------------

def _write(path: Path, mapping: Mapping, kind: str, rows: list[dict], as_of: dt.date, *,
           extra: list[str] = (), us_dates: bool = False) -> Path:
    fields = [f for f in mapping.columns[kind] if any(f in r for r in rows[:50])] or list(
        mapping.columns[kind])
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("BCQUERY")
    ws.append([])
    ws.append([None, mapping.kinds[kind].name])
    ws.append([None, f"Ngày số liệu: {as_of:%d/%m/%Y}" if not us_dates else
               f"Đến ngày {as_of:%m/%d/%Y}"])
    ws.append([])
    ws.append([None, *(mapping.column_name(kind, f) for f in fields), *extra])
    zeros = [0] * len(extra)
    for r in rows:
        ws.append([None, *(_cell(r.get(f), us_dates) for f in fields), *zeros])
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def _cell(v: Any, us_dates: bool) -> Any:
    if us_dates and isinstance(v, dt.date):
        return f"{v:%m/%d/%Y}"
    return v

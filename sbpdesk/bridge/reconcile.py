"""Reconcile the book against the core's exports at a date (`sbpdesk core reconcile`): per
loan (Mẫu 31, Dư nợ chi tiết: principal in term / overdue / frozen, interest arrears), savings
per customer and group (Mẫu 31) and point (Mẫu 31 with Dư nợ chi tiết's points), per point
(Dư nợ chi tiết), and per commune, programme, union and
group, funding source (the official summaries BCDHTD 01.1/01.2, LEN_31, B32). Each
difference is listed with the file's rows behind it and the book's loans behind it, ordered
by the trust order of the sources (BCDHTD > LEN_31, B32 > Mẫu 31 > the daily files).
Nothing is changed: what to do about a difference is the office's decision."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from sbpdesk.bridge import reader
from sbpdesk.bridge.figures import loan_states, no_cycle_collection
from sbpdesk.bridge.mapping import Mapping
from sbpdesk.bridge.mapping import load as load_mapping
from sbpdesk.db.models import Group, Household, Organisation, SavingsAccount, SavingsMovement
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import reconciliation
from sbpdesk.services.auth import Approval
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book

TRUST = {"bcdhtd_01_1": 1, "bcdhtd_01_2": 1, "len31": 2, "b32": 2, "mau31": 3,
         "du_no_chi_tiet": 4, "mau10": 4}
LOAN_FIGURES = ("in_term", "overdue", "frozen", "interest_in_term", "interest_overdue")
SUM_FIGURES = ("outstanding", "overdue", "frozen", "households")
SHOWN = 50          # book loans listed behind an aggregate difference (the count is complete)
NO_GROUP = "0000000"    # savings-only customers


@dataclass(frozen=True)
class BookLoan:
    contract_no: str
    customer_code: str
    group_code: str
    commune_code: str
    union: str
    programme: str
    funding: str
    figures: dict[str, int]
    point: str = ""


def reconcile(book: Book, as_of: dt.date, files: list[str | Path], *,
              mapping: Mapping | None = None) -> dict[str, Any]:
    with no_cycle_collection():
        return _reconcile(book, as_of, files, mapping or load_mapping())


def _reconcile(book: Book, as_of: dt.date, files: list[str | Path], mapping: Mapping
               ) -> dict[str, Any]:
    with reader.reading(files, mapping) as pending:     # parsed while the book is read
        loans = _book_loans(book, as_of, mapping)
        savings = _book_savings(book, as_of)
        explained = reconciliation.explanations(book, as_of)
        book.end_read()
        cores = [future.result() for future in pending]
    summaries, differences, compared = [], [], {}
    for core in cores:
        summary = core.summary()
        summaries.append(summary)
        if core.data_date is not None and core.data_date != as_of:
            summary["skipped"] = f"data date {core.data_date.isoformat()} is not the as-of date"
            continue
        compare = COMPARE.get(core.kind)
        if compare is None:
            summary["skipped"] = "no figures to compare"
            continue
        compared[core.kind] = core
        found = compare(core, loans, savings)
        for d in found:
            d.update(kind=core.kind, file=core.path.name, trust=TRUST.get(core.kind, 9))
        differences += found
    m31, du_no = compared.get("mau31"), compared.get("du_no_chi_tiet")
    if m31 is not None and du_no is not None and "savings_balance" in m31.columns:
        for d in _savings_by_point(m31, du_no, savings):
            d.update(kind="mau31", file=f"{m31.path.name} + {du_no.path.name}",
                     trust=TRUST["mau31"])
            differences.append(d)
    for d in differences:
        d["explained"] = explained.get(difference(d).ident())
    differences.sort(key=lambda d: (d["trust"], d["kind"], d["key"], d["figure"]))
    counts: dict[str, int] = defaultdict(int)
    for d in differences:
        counts[d["kind"]] += 1
    return {"as_of": as_of.isoformat(), "files": summaries, "counts": dict(counts),
            "differences": differences}


def difference(d: dict[str, Any]) -> reconciliation.Difference:
    return reconciliation.Difference(d["kind"], d["level"], d["key"], d["figure"], d["core"],
                                     d["book"])


# The loan figures of a reconciliation and the loan's fields they are.
ACCEPTED = {"in_term": "principal_in_term", "overdue": "principal_overdue",
            "frozen": "principal_frozen", "interest_in_term": "interest_in_term",
            "interest_overdue": "interest_overdue"}


def accept(book: Book, as_of: dt.date, found: list[dict[str, Any]], *, reason: str,
           approved_by: Approval | None) -> Written:
    """Accept the core's figures of one loan's differences (`found`, from `reconcile` at
    `as_of`): one `loan.core_adjust` dated `as_of`, the file's rows named as its source. A
    loan missing on one side cannot be adjusted: it is explained, or seeded, or closed."""
    keys = {d["key"] for d in found}
    refused = [d["figure"] for d in found if d["level"] != "loan" or d["figure"] not in ACCEPTED]
    if len(keys) != 1 or refused or not found:
        raise DomainError("not_acceptable", "Chỉ nhận được số liệu ngân hàng cho các chỉ tiêu "
                          "dư nợ, lãi tồn của một khế ước có trong sổ.", "Only the balances "
                          "and interest arrears of one loan in the book can be accepted.")
    no = keys.pop()
    rows = sorted({r for d in found for r in d["rows"]})
    files = ", ".join(sorted({d["file"] for d in found}))
    return reconciliation.accept_core_figures(
        book, reconciliation.loan_id_of(book, no),
        {ACCEPTED[d["figure"]]: d["core"] for d in found}, reason=reason,
        business_date=as_of, approved_by=approved_by,
        seen={ACCEPTED[d["figure"]]: d["book"] for d in found},
        source=f"{files} dòng {', '.join(map(str, rows))}")


def explain(book: Book, as_of: dt.date, found: list[dict[str, Any]], *, reason: str
            ) -> Written:
    """Mark each of `found` (from `reconcile` at `as_of`) explained, with `reason`."""
    done = [reconciliation.explain_difference(book, difference(d), reason=reason,
                                              business_date=as_of) for d in found]
    return written(*(p for w in done for p in w.posted))


# --- the book's side -------------------------------------------------------------------------

def _book_loans(book: Book, as_of: dt.date, mapping: Mapping) -> list[BookLoan]:
    db = book.db
    states = loan_states(book, as_of)
    # Columns, not ORM rows: a large office has 30.000 households.
    households = {h: (code or "", commune or "") for h, code, commune in db.execute(
        select(Household.id, Household.customer_code, Household.commune_code))}
    groups = dict(db.execute(select(Group.id, Group.code)).all())
    kinds = dict(db.execute(select(Organisation.code, Organisation.kind)).all())
    out = []
    for state, org in states.values():
        customer, commune = households.get(state.household_id, ("", ""))
        kind = kinds.get(org or "")
        out.append(BookLoan(
            state.contract_no, customer, groups.get(state.group_id, ""), commune,
            mapping.core_code("union", kind) if kind else "99",
            mapping.core_code("programme", state.programme_code),
            mapping.core_code("funding_source", state.funding_source),
            {"in_term": state.principal_in_term, "overdue": state.principal_overdue,
             "frozen": state.principal_frozen, "outstanding": state.outstanding,
             "interest_in_term": state.interest_in_term + state.interest_grace,
             "interest_overdue": state.interest_overdue}, state.point_code or ""))
    return out


@dataclass(frozen=True)
class BookSavings:
    """Savings balances at as_of per customer code, group code and point code."""
    customer: dict[str, int]
    group: dict[str, int]
    point: dict[str, int]


def _book_savings(book: Book, as_of: dt.date) -> BookSavings:
    rows = book.db.execute(
        select(Household.customer_code, Group.code, SavingsAccount.point_code,
               func.sum(SavingsMovement.amount))
        .join(SavingsAccount, SavingsAccount.id == SavingsMovement.account_id)
        .join(Household, Household.id == SavingsAccount.household_id)
        .outerjoin(Group, Group.id == SavingsAccount.group_id)
        .where(SavingsMovement.business_date <= as_of)
        .group_by(Household.customer_code, Group.code, SavingsAccount.point_code))
    out = BookSavings(defaultdict(int), defaultdict(int), defaultdict(int))
    for code, group, point, total in rows:
        out.customer[code or ""] += int(total or 0)
        out.group[group or ""] += int(total or 0)
        out.point[point or ""] += int(total or 0)
    return out


# --- comparisons ---------------------------------------------------------------------------

def _diff(level: str, key: str, figure: str, core: int | None, book: int | None,
          rows: list[int], loans: list[str]) -> dict[str, Any]:
    return {"level": level, "key": key, "figure": figure, "core": core, "book": book,
            "difference": (core or 0) - (book or 0), "rows": rows,
            "loans": loans[:SHOWN], "loan_count": len(loans)}


def _per_loan(core: reader.CoreFile, loans: list[BookLoan], savings: BookSavings
              ) -> list[dict[str, Any]]:
    rows: dict[str, list[int]] = defaultdict(list)
    first: dict[str, dict[str, Any]] = {}
    for n, r in core.rows:
        if r.get("loan_no"):
            rows[r["loan_no"]].append(n)
            first.setdefault(r["loan_no"], r)
    figures = [f for f in LOAN_FIGURES if f in core.columns]
    book = {b.contract_no: b for b in loans}
    out = []
    for no in sorted(first.keys() | book.keys()):
        r, b = first.get(no), book.get(no)
        if b is None:
            if any(r.get(f) for f in figures):
                out.append(_diff("loan", no, "missing_in_book",
                                 sum(r.get(f) or 0 for f in ("in_term", "overdue", "frozen")),
                                 None, rows[no], []))
            continue
        if r is None:
            if b.figures["outstanding"]:
                out.append(_diff("loan", no, "missing_in_core", None,
                                 b.figures["outstanding"], [], [no]))
            continue
        closed = (r.get("status") or "").upper() == "CLOSE"
        for f in figures:
            c = 0 if closed else r.get(f) or 0
            if c != b.figures[f]:
                out.append(_diff("loan", no, f, c, b.figures[f], rows[no], [no]))
    if core.kind == "mau31" and "savings_balance" in core.columns:
        out += _savings(core, savings)
    return out


def _savings(core: reader.CoreFile, savings: BookSavings) -> list[dict[str, Any]]:
    """Savings per customer and per group (the group of the customer's rows; none for a
    savings-only customer, group 0000000): each book counted once (a loan row repeats for
    two books)."""
    return (_savings_by(core, savings.customer, "customer", lambda r: r.get("customer_code"))
            + _savings_by(core, savings.group, "group", _group_of))


def _group_of(r: dict[str, Any]) -> str:
    group = r.get("group_code") or ""
    return "" if group == NO_GROUP else group


def _savings_by(core: reader.CoreFile, book: dict[str, int], level: str,
                key_of: Callable[[dict[str, Any]], str | None]) -> list[dict[str, Any]]:
    books: dict[str, dict[str, int]] = defaultdict(dict)
    rows: dict[str, list[int]] = defaultdict(list)
    for n, r in core.rows:
        k = key_of(r) or ""
        if r.get("savings_book"):
            books[k][r["savings_book"]] = r.get("savings_balance") or 0
            rows[k].append(n)
    keys = books.keys() | {c for c, v in book.items() if v}
    if level != "customer":
        keys -= {""}        # books of no group: compared per customer only
    out = []
    for k in sorted(keys):
        c, b = sum(books.get(k, {}).values()), book.get(k, 0)
        if c != b:
            out.append(_diff(level, k, "savings", c, b, rows.get(k, []), []))
    return out


def _savings_by_point(m31: reader.CoreFile, du_no: reader.CoreFile, savings: BookSavings
                      ) -> list[dict[str, Any]]:
    """Savings per point, the only figure two files give together: Mẫu 31's books at the
    point Dư nợ chi tiết serves their customer at, else the point of the customer's commune
    (a savings-only customer has no loan there), else TXN + the commune code — as the seed
    placed them."""
    by_customer: dict[str, str] = {}
    by_commune: dict[str, str] = {}
    for _, r in du_no.rows:
        if r.get("point_code"):
            by_customer.setdefault(r.get("customer_code") or "", r["point_code"])
            by_commune.setdefault(r.get("commune_code") or "", r["point_code"])

    def point_of(r: dict[str, Any]) -> str:
        commune = r.get("commune_code") or ""
        return (by_customer.get(r.get("customer_code") or "") or by_commune.get(commune)
                or f"TXN{commune}")
    return _savings_by(m31, savings.point, "point", point_of)


POINT_FIGURES = ("in_term", "overdue", "frozen", "outstanding", "households")


def _by_point(core: reader.CoreFile, loans: list[BookLoan], _savings: BookSavings
              ) -> list[dict[str, Any]]:
    """Per point (Dư nợ chi tiết names each loan's point): the principal of its loans by bucket
    and their customers, each loan counted once. A loan the core serves at another point than
    the book shows at both points; a loan's own differences show at its point too."""
    file_sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(POINT_FIGURES, 0))
    rows: dict[str, list[int]] = defaultdict(list)
    customers: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    for n, r in core.rows:
        no, k = r.get("loan_no"), r.get("point_code") or ""
        if not no or no in seen or (r.get("status") or "").upper() == "CLOSE":
            continue
        seen.add(no)
        money = {f: r.get(f) or 0 for f in ("in_term", "overdue", "frozen")}
        if not any(money.values()):
            continue
        rows[k].append(n)
        customers[k].add(r.get("customer_code") or "")
        for f, v in money.items():
            file_sums[k][f] += v
        file_sums[k]["outstanding"] += sum(money.values())
    behind: dict[str, list[BookLoan]] = defaultdict(list)
    for b in loans:
        if b.figures["outstanding"]:
            behind[b.point].append(b)
    out = []
    for k in sorted(file_sums.keys() | behind.keys()):
        items = behind.get(k, [])
        book_sums = {f: sum(b.figures[f] for b in items) for f in POINT_FIGURES[:4]}
        book_sums["households"] = len({b.customer_code for b in items})
        core_sums = dict(file_sums[k]) if k in file_sums else dict.fromkeys(POINT_FIGURES, 0)
        core_sums["households"] = len(customers.get(k, ()))
        for f in POINT_FIGURES:
            if core_sums[f] != book_sums[f]:
                out.append(_diff("point", k, f, core_sums[f], book_sums[f], rows.get(k, []),
                                 sorted(b.contract_no for b in items)))
    return out


def _du_no(core: reader.CoreFile, loans: list[BookLoan], savings: BookSavings
           ) -> list[dict[str, Any]]:
    return _per_loan(core, loans, savings) + _by_point(core, loans, savings)


def _aggregate(key_of_row: Callable[[dict], str], key_of_loan: Callable[[BookLoan], str],
               level: str) -> Callable:
    def compare(core: reader.CoreFile, loans: list[BookLoan], _savings: BookSavings
                ) -> list[dict[str, Any]]:
        figures = [f for f in SUM_FIGURES if f in core.columns]
        file_sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(figures, 0))
        rows: dict[str, list[int]] = defaultdict(list)
        for n, r in core.rows:
            k = key_of_row(r)
            rows[k].append(n)
            for f in figures:
                file_sums[k][f] += r.get(f) or 0
        behind: dict[str, list[BookLoan]] = defaultdict(list)
        for b in loans:
            if b.figures["outstanding"]:
                behind[key_of_loan(b)].append(b)
        out = []
        for k in sorted(file_sums.keys() | behind.keys()):
            items = behind.get(k, [])
            book_sums = {f: sum(b.figures[f] for b in items) for f in figures
                         if f != "households"}
            book_sums["households"] = len({b.customer_code for b in items})
            for f in figures:
                c = file_sums[k][f] if k in file_sums else 0
                if c != book_sums[f]:
                    out.append(_diff(level, k, f, c, book_sums[f], rows.get(k, []),
                                     sorted(b.contract_no for b in items)))
        return out
    return compare


COMPARE: dict[str, Callable] = {
    "mau31": _per_loan, "du_no_chi_tiet": _du_no,
    "bcdhtd_01_1": _aggregate(lambda r: r.get("commune_code") or r.get("commune_name") or "",
                              lambda b: b.commune_code, "commune"),
    "bcdhtd_01_2": _aggregate(lambda r: r.get("programme_code") or "",
                              lambda b: b.programme, "programme"),
    "len31": _aggregate(
        lambda r: "/".join(r.get(k) or "" for k in ("commune_code", "union_code",
                                                     "programme_code", "group_code")),
        lambda b: "/".join((b.commune_code, b.union, b.programme, b.group_code)),
        "commune/union/programme/group"),
    "b32": _aggregate(lambda r: f"{r.get('funding_source') or ''}/{r.get('programme_code') or ''}",
                      lambda b: f"{b.funding}/{b.programme}", "funding source/programme"),
}

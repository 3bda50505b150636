"""Payments made outside the session, found in the core's daily statement (Mẫu 10: the bank's
app for group leaders, transfers, the member's TK 105): each loan payment is recorded as
`loan.paid_elsewhere` and each savings deposit as `savings.paid_elsewhere` on its transaction
day, so the next session's sheet no longer asks for them (`sbpdesk core paid-elsewhere`,
docs/core-bridge.md, decision 0260). A file read twice records nothing twice: a row's voucher
number (else the file's date and row) is recorded once per loan and once per savings account.
A deposit's account is found by the TK 105 number, else as the customer's only account.
Everything is posted in one transaction: a row the book cannot take stops the import with the
file, row and reason, and nothing is written."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sbpdesk.bridge import reader
from sbpdesk.bridge.mapping import Mapping
from sbpdesk.bridge.mapping import load as load_mapping
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import reconciliation
from sbpdesk.services.context import Book


def record(book: Book, files: list[str | Path], *, mapping: Mapping | None = None
           ) -> dict[str, Any]:
    """Record the loan payments and savings deposits of the Mẫu 10 `files`; returns what was
    recorded and what was left aside (already recorded, loans or accounts not in the book)."""
    mapping = mapping or load_mapping()
    cores = [reader.read(f, mapping) for f in files]
    for core in cores:
        _check(core)
    out: dict[str, Any] = {"recorded": 0, "principal": 0, "interest": 0, "already": 0,
                           "unknown_loans": [], "deposits": 0, "deposited": 0,
                           "deposits_already": 0, "unknown_savings": []}
    with book.transaction():
        for core in cores:
            for row_no, r in core.rows:
                _row(book, core, row_no, r, out)
    book.end_read()
    return out


def _check(core: reader.CoreFile) -> None:
    if core.kind != "mau10":
        raise DomainError("core_not_mau10", f"{core.path.name} không phải Mẫu 10 (sao kê "
                          "ngày).", f"{core.path.name} is not a Mẫu 10 (daily statement).")
    if core.problems:
        p = core.problems[0]
        raise DomainError("core_bad_cells", f"{core.path.name}: {p.vi}",
                          f"{core.path.name}: {p.en}")


def _row(book: Book, core: reader.CoreFile, row_no: int, r: dict[str, Any],
         out: dict[str, Any]) -> None:
    if r.get("savings_paid"):
        _deposit(book, core, row_no, r, out)
    interest, principal = r.get("interest_paid") or 0, r.get("principal_paid") or 0
    if not (r.get("loan_no") and interest + principal):
        return
    day = _day(core, row_no, r)
    try:
        loan_id = reconciliation.loan_id_of(book, r["loan_no"])
    except DomainError:
        out["unknown_loans"].append({"row": row_no, "loan_no": r["loan_no"]})
        return
    reference = _reference(core, row_no, r, day)
    if reference in reconciliation.paid_elsewhere_references(book, loan_id):
        out["already"] += 1
        return
    with _at(core, row_no):
        reconciliation.record_paid_elsewhere(
            book, loan_id, interest=interest, principal=principal, reference=reference,
            channel=str(r.get("channel") or ""), business_date=day)
    out["recorded"] += 1
    out["principal"] += principal
    out["interest"] += interest


def _deposit(book: Book, core: reader.CoreFile, row_no: int, r: dict[str, Any],
             out: dict[str, Any]) -> None:
    """A deposit to the member's TK 105: recorded once per voucher and account."""
    account = reconciliation.savings_account_id_of(book, r.get("savings_book"),
                                                   r.get("customer_code"))
    if account is None:
        out["unknown_savings"].append({"row": row_no, "savings_book": r.get("savings_book"),
                                       "customer_code": r.get("customer_code")})
        return
    day = _day(core, row_no, r)
    reference = _reference(core, row_no, r, day)
    if reference in reconciliation.deposit_elsewhere_references(book, account):
        out["deposits_already"] += 1
        return
    with _at(core, row_no):
        reconciliation.record_deposit_elsewhere(
            book, account, amount=r["savings_paid"], reference=reference,
            channel=str(r.get("channel") or ""), business_date=day)
    out["deposits"] += 1
    out["deposited"] += r["savings_paid"]


def _day(core: reader.CoreFile, row_no: int, r: dict[str, Any]) -> dt.date:
    day = r.get("transaction_date") or core.data_date
    if day is None:
        where = f"{core.path.name} dòng {row_no}"
        raise DomainError("core_no_date", f"{where}: không có ngày giao dịch.",
                          f"{where}: no transaction date.")
    return day


def _reference(core: reader.CoreFile, row_no: int, r: dict[str, Any], day: dt.date) -> str:
    return str(r.get("reference") or f"{day.isoformat()}/{core.path.name}/{row_no}")


@contextmanager
def _at(core: reader.CoreFile, row_no: int) -> Iterator[None]:
    """A refusal names the file and row it came from."""
    where = f"{core.path.name} dòng {row_no}"
    try:
        yield
    except DomainError as exc:
        raise DomainError(exc.code, f"{where}: {exc.message('vi')}",
                          f"{where}: {exc.message('en')}", field=exc.field) from None

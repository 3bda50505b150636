"""Payments made outside the session, found in the core's daily statement (Mẫu 10: the bank's
app for group leaders, transfers, the member's TK 105): each loan payment is recorded as
`loan.paid_elsewhere` on its transaction day, so the next session's sheet no longer asks for
it (`sbpdesk core paid-elsewhere`, docs/core-bridge.md). A file read twice records nothing
twice: a row's voucher number (else the file's date and row) is recorded once per loan.
Everything is posted in one transaction: a row the book cannot take stops the import with the
file, row and reason, and nothing is written."""
from __future__ import annotations

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
    """Record the loan payments of the Mẫu 10 `files`; returns what was recorded and what was
    left aside (already recorded, savings deposits, loans not in the book)."""
    mapping = mapping or load_mapping()
    cores = [reader.read(f, mapping) for f in files]
    for core in cores:
        _check(core)
    out: dict[str, Any] = {"recorded": 0, "principal": 0, "interest": 0, "already": 0,
                           "savings_rows": 0, "unknown_loans": []}
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
    where = f"{core.path.name} dòng {row_no}"
    if r.get("savings_paid"):
        out["savings_rows"] += 1          # a savings deposit: not a loan payment
    interest, principal = r.get("interest_paid") or 0, r.get("principal_paid") or 0
    if not (r.get("loan_no") and interest + principal):
        return
    day = r.get("transaction_date") or core.data_date
    if day is None:
        raise DomainError("core_no_date", f"{where}: không có ngày giao dịch.",
                          f"{where}: no transaction date.")
    try:
        loan_id = reconciliation.loan_id_of(book, r["loan_no"])
    except DomainError:
        out["unknown_loans"].append({"row": row_no, "loan_no": r["loan_no"]})
        return
    reference = str(r.get("reference") or f"{day.isoformat()}/{core.path.name}/{row_no}")
    if reference in reconciliation.paid_elsewhere_references(book, loan_id):
        out["already"] += 1
        return
    try:
        reconciliation.record_paid_elsewhere(
            book, loan_id, interest=interest, principal=principal, reference=reference,
            channel=str(r.get("channel") or ""), business_date=day)
    except DomainError as exc:
        raise DomainError(exc.code, f"{where}: {exc.message('vi')}",
                          f"{where}: {exc.message('en')}", field=exc.field) from None
    out["recorded"] += 1
    out["principal"] += principal
    out["interest"] += interest

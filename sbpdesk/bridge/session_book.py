"""Back to the core: one session's workbook of what was collected, disbursed, deposited and
withdrawn, by group and loan, with the core's identifiers (group code, customer code, loan
number) and our receipt numbers (sbpdesk's voucher and the 01/BL number) — what the office
enters into, or checks against, the core system. Reversed operations are left out (and
counted); a total row ends the sheet."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select

from sbpdesk.db.models import Group, Household, Loan, Operation, Person, Receipt, SavingsAccount
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.operation import REVERSE
from sbpdesk.services.context import Book

CASH_KINDS = ("collection.record", "loan.disburse", "savings.withdraw")
AMOUNTS = ("interest", "principal", "savings", "from_savings", "disbursed", "withdrawn")
HEADER = ["Mã tổ", "Tên tổ", "Mã KH", "Tên khách hàng", "Số khế ước", "Nghiệp vụ",
          "Thu lãi", "Thu gốc", "Gửi tiết kiệm", "Trả nợ từ tiết kiệm", "Giải ngân",
          "Rút tiết kiệm", "Số chứng từ sbpdesk", "Số biên lai 01/BL"]
KIND_NAMES = {"collection.record": "Thu", "loan.disburse": "Giải ngân",
              "savings.withdraw": "Rút tiết kiệm"}


def session_rows(book: Book, session_id: str) -> tuple[SessionRow, list[dict[str, Any]], int]:
    db = book.db
    session = db.get(SessionRow, session_id)
    if session is None:
        raise DomainError("unknown_session", "Không có phiên giao dịch này.",
                          "There is no such session.")
    ops = db.scalars(select(Operation).where(Operation.session_id == session_id)
                     .order_by(Operation.seq)).all()
    reversed_ids = {from_json(o.payload)["target_op_id"] for o in ops if o.kind == REVERSE}
    receipts = {r.op_id: r for r in db.scalars(select(Receipt).where(
        Receipt.op_id.in_([o.op_id for o in ops])))}
    rows, skipped = [], 0
    for op in ops:
        if op.kind not in CASH_KINDS:
            continue
        if op.op_id in reversed_ids:
            skipped += 1
            continue
        p = from_json(op.payload)
        rows.append(_row(book, op.kind, p, receipts.get(op.op_id)))
    rows.sort(key=lambda r: (r["group_code"], r["customer_code"], r["loan_no"]))
    return session, rows, skipped


def _row(book: Book, kind: str, p: dict[str, Any], receipt: Receipt | None) -> dict[str, Any]:
    db = book.db
    loan = db.get(Loan, p["loan_id"]) if p.get("loan_id") else None
    account = db.get(SavingsAccount, p["savings_account_id"]) \
        if p.get("savings_account_id") else None
    household_id = (loan.household_id if loan else account.household_id if account else None)
    household = db.get(Household, household_id) if household_id else None
    group_id = p.get("group_id") or (loan.group_id if loan else None) \
        or (account.group_id if account else None)
    group = db.get(Group, group_id) if group_id else None
    person = db.get(Person, p.get("person_id") or (loan.person_id if loan else "") or "")
    return {"group_code": group.code if group else "", "group_name": group.name if group else "",
            "customer_code": (household.customer_code or "") if household else "",
            "customer_name": person.full_name if person else "",
            "loan_no": (loan.contract_no or "") if loan else "", "kind": KIND_NAMES[kind],
            "interest": p.get("interest", 0), "principal": p.get("principal", 0),
            "savings": p.get("savings", 0), "from_savings": p.get("from_savings", 0),
            "disbursed": p["amount"] if kind == "loan.disburse" else 0,
            "withdrawn": p["amount"] if kind == "savings.withdraw" else 0,
            "receipt_no": receipt.receipt_no if receipt else "",
            "bl_no": (receipt.bl_no if receipt else None) or p.get("bl_no") or ""}


def write_session_workbook(book: Book, session_id: str, out: str | Path) -> dict[str, Any]:
    session, rows, skipped = session_rows(book, session_id)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PHIEN"
    ws.append([])
    ws.append([None, f"Phiên giao dịch {session.point_code} ngày "
                     f"{session.business_date:%d/%m/%Y}"])
    ws.append([None, f"Mã phiên: {session.id}"])
    ws.append([])
    ws.append([None, *HEADER])
    keys = ["group_code", "group_name", "customer_code", "customer_name", "loan_no", "kind",
            *AMOUNTS, "receipt_no", "bl_no"]
    for r in rows:
        ws.append([None, *(r[k] for k in keys)])
    totals = {k: sum(r[k] for r in rows) for k in AMOUNTS}
    ws.append([None, "Tổng cộng", None, None, None, None, None, *(totals[k] for k in AMOUNTS)])
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    wb.save(tmp)
    tmp.replace(out)
    book.end_read()
    return {"file": str(out), "session": session.id, "point": session.point_code,
            "date": session.business_date.isoformat(), "rows": len(rows),
            "reversed_left_out": skipped, "totals": totals}

"""A point's session papers (issue 16's session pack): before a session, the office prints
the 13/TD statement "before the session" of every group of the point and the point's due
lists (overdue, and due next month), each a recorded print (decision 0045: the register
counts them, a second pack says "BẢN SAO"), kept as files in one folder. The bundle of the
pack — what is due, approvals to disburse, rates and reference data — is the laptop's next
bundle (`sync.exchange.export_bundle`); the window and `sbpdesk pack` put both together.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sbpdesk.domain.errors import DomainError
from sbpdesk.services.groups import list_groups

from . import record

DUE_LISTS = (("overdue", "danh-sach-no-qua-han"), ("due_next_month", "danh-sach-den-han"))


def session_papers(book, point_code: str, day: dt.date, out: str | Path, *,
                   user: str | None = None) -> tuple[record.Printed, ...]:
    """Record and write into `out` (made if missing) the 13/TD of every group of the point
    before its session on `day`, then its overdue and due-next-month lists."""
    groups = sorted(list_groups(book, point_code), key=lambda g: g.code)
    if not groups:
        raise DomainError("pack_no_groups", f"Điểm giao dịch {point_code} chưa có tổ TK&VV "
                          "nào: không có bảng kê để in.", f"Point {point_code} has no "
                          "groups: there is no statement to print.", field="point")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    previews = [record.preview(book, "statement", group=g.id, date=day, after=False)
                for g in groups]
    previews += [record.preview(book, "overdue", point=point_code, as_of=day, kind=kind)
                 for kind, _ in DUE_LISTS]
    stems = {g.id: f"13TD-{g.code}-{day.isoformat()}" for g in groups}
    lists = dict(DUE_LISTS)

    def name(p: record.Printed) -> Path:
        stem = (stems[p.key.split(":")[0]] if p.document == "statement"
                else f"{lists[p.document]}-{point_code}-{day.isoformat()}")
        return folder / record.kept_name(stem, p.copy_no, p.cancelled)
    return record.record(book, previews, user=user, out=name)

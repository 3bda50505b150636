"""The list of what each borrower of a point gets back from the retroactive reductions the
office recorded (`rate.relief`, decisions/0078): per group, each loan's reduction so far,
what is still to come off the next interest and what is to be paid back (cash or savings),
as billed at the next session. Printed per point, or for one group (decision 0156)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sbpdesk.db.models import Group
from sbpdesk.domain.relief import Relief
from sbpdesk.domain.text import name_sort_key
from sbpdesk.services import relief
from sbpdesk.services.context import Book

from .common import contract_ref, decimal_text, find_point, issuer, mark, programme_short
from .data_tables import ReliefGroup, ReliefList, ReliefRow

METHOD_TEXT = {"next_interest": "số lãi đã thu thừa được trừ vào lãi các kỳ tới",
               "cash": "số lãi đã thu thừa được trả lại bằng tiền mặt tại phiên tới",
               "savings": "số lãi đã thu thừa được chuyển vào tiền gửi tiết kiệm"}


def relief_list(book: Book, point_code: str, as_of: dt.date,
                group_id: str | None = None) -> ReliefList:
    point = find_point(book, point_code)
    # billed at the point's session on or after the list's date (a point meets on its day)
    cal = book.refs.calendar(point.code)
    session = as_of if cal.is_held(as_of) else cal.next_session(as_of)
    by_group: dict[str, list[ReliefRow]] = defaultdict(list)
    for line in relief.relief_list(book, session, point.code, group_id):
        by_group[line.group_id or ""].append(ReliefRow(
            line.person_name, programme_short(book, line.programme_code),
            contract_ref(line.loan_id, line.contract_no), line.reduction, line.credit_left,
            line.to_return))
    groups = []
    for gid, rows in by_group.items():
        g = book.db.get(Group, gid)
        groups.append((g.code if g else "", ReliefGroup(
            g.name if g else "", (g.leader_name or "") if g else "",
            tuple(sorted(rows, key=lambda r: name_sort_key(r.name))))))
    groups.sort(key=lambda x: x[0])
    province = book.refs.province_of(point.code)
    decisions = tuple(_decision_text(r) for r in book.refs.reliefs
                      if not r.provinces or province in r.provinces)
    return ReliefList(issuer(book, point.code, as_of), as_of, decisions,
                      tuple(g for _, g in groups), mark=mark(book), session=session)


def _decision_text(r: Relief) -> str:
    return (f"Quyết định {r.decision}: giảm {decimal_text(r.points)} %/năm lãi suất từ "
            f"{r.start:%d/%m/%Y} đến {r.until:%d/%m/%Y}; {METHOD_TEXT[r.method]}.")

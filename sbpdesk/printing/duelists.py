"""Overdue list and due-next-month list, per group (A4 landscape, sbpdesk's own layout,
"mẫu tham khảo")."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from sbpdesk.services.documents.data_tables import DueList

from . import layout as L
from .notice import households

EMPTY = {"overdue": "Không có khoản vay nào quá hạn đến ngày {day}.",
         "due_next_month": "Không có khoản vay nào đến hạn trả nợ gốc trong {period}."}

TITLES = {
    "overdue": "DANH SÁCH HỘ VAY CÓ NỢ QUÁ HẠN",
    "due_next_month": "DANH SÁCH HỘ VAY ĐẾN HẠN TRẢ NỢ THÁNG TỚI",
}


def render_due_list(data: DueList) -> bytes:
    if data.kind not in TITLES:
        raise ValueError(f"kind must be one of {tuple(TITLES)}, got {data.kind!r}")
    overdue = data.kind == "overdue"
    page = L.Page(size=L.A4_LANDSCAPE, margins=(12 * mm, 12 * mm, 14 * mm, 12 * mm),
                  mark=data.mark, reference=True, doc_title=TITLES[data.kind].capitalize())
    st = L.styles(11, 9.5)
    width = L.frame_width(page)
    story: list[Flowable] = [L.national_header(width, st, left=[
        data.issuer.branch_name.upper(), data.issuer.office_name, data.issuer.point_name],
        left_ratio=0.45, reference=True)]
    sub = f"Đến ngày {L.esc(L.day(data.as_of))}"
    if data.period_label:
        sub = f"{L.esc(data.period_label)} — lập ngày {L.esc(L.day(data.as_of))}"
    story += L.title(TITLES[data.kind], st, subtitle=sub)
    story.append(L.para("<i>Đơn vị: Đồng</i>", st.right))
    H = (lambda t: L.para(f"<b>{L.esc(t)}</b>", st.head))
    head = ["STT", "Họ và tên", "Chương trình / Số món vay",
            "Ngày đến hạn" if not overdue else "Ngày quá hạn",
            "Gốc quá hạn" if overdue else "Gốc đến hạn",
            "Lãi chưa trả" if overdue else "Lãi phải trả", "Dư nợ",
            "Số ngày quá hạn" if overdue else "Ghi chú"]
    cw = [width * f for f in (0.05, 0.2, 0.2, 0.1, 0.12, 0.11, 0.12, 0.1)]
    grand = [0, 0, 0]
    if not data.groups:   # an empty list still says what was looked at, and that it is empty
        story.append(Spacer(1, 3 * mm))
        message = EMPTY[data.kind].format(day=L.day(data.as_of),
                                          period=L.nfc(data.period_label).lower())
        story.append(L.para(f"<b>{L.esc(message)}</b>", st.center))
    for g in data.groups:
        group = L.para(f"<b>{L.group_markup(g.group_name)}</b> — Tổ trưởng: "
                       f"{L.esc(g.leader_name)}", st.cell)
        # the group's name is a header row: a table that continues on the next page says whose
        rows: list[list] = [[group] + [""] * (len(head) - 1), [H(c) for c in head]]
        for i, r in enumerate(g.rows, 1):
            prog = f"{L.nfc(r.programme)} / {L.contract_text(r.contract)}"
            rows.append([str(i), L.fit(r.name, st.cell, cw[1]), L.fit(prog, st.cell, cw[2]),
                         L.day(r.due_date), L.num(r.principal), L.num(r.interest),
                         L.num(r.outstanding),
                         str(r.days_overdue) if overdue and r.days_overdue is not None else ""])
        sums = [sum(r.principal for r in g.rows), sum(r.interest for r in g.rows),
                sum(r.outstanding for r in g.rows)]
        grand = [a + b for a, b in zip(grand, sums, strict=True)]
        rows.append(["", "Cộng tổ", households(g.rows), "", *[L.num(x) for x in sums], ""])
        story.append(Spacer(1, 2 * mm))
        story.append(L.grid_table(rows, cw, header_rows=2, font_size=9.5, total_rows=1, extra=[
            ("SPAN", (0, 0), (-1, 0)), ("ALIGN", (0, 0), (-1, 0), "LEFT"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.white),
            ("ALIGN", (0, 2), (0, -1), "CENTER"), ("ALIGN", (3, 2), (3, -1), "CENTER"),
            ("ALIGN", (4, 2), (7, -1), "RIGHT")]))
    every = [r for g in data.groups for r in g.rows]
    story.append(Spacer(1, 2 * mm))
    story.append(L.para(f"<b>Tổng cộng: {households(every)}; gốc: {L.esc(L.money(grand[0]))}; "
                        f"lãi: {L.esc(L.money(grand[1]))}; dư nợ: {L.esc(L.money(grand[2]))}"
                        "</b>", st.body))
    story.append(L.signature_block(width, st, [("Người lập", L.SIGN, ""),
                                               ("Kiểm soát", L.SIGN, "")],
                                   date_text=L.date_line(data.issuer.place, data.as_of)))
    return L.build(story, page)

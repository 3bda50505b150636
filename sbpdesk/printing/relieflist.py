"""The list of borrowers whose interest a retroactive reduction lowered (A4 landscape,
sbpdesk's own layout, "mẫu tham khảo"; decisions/0078, 0156)."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from sbpdesk.services.documents.data_tables import ReliefList

from . import layout as L

TITLE = "DANH SÁCH KHÁCH HÀNG ĐƯỢC GIẢM LÃI SUẤT"


def render_relief_list(data: ReliefList) -> bytes:
    page = L.Page(size=L.A4_LANDSCAPE, margins=(12 * mm, 12 * mm, 14 * mm, 12 * mm),
                  mark=data.mark, reference=True, doc_title=TITLE.capitalize())
    st = L.styles(11, 9.5)
    width = L.frame_width(page)
    story: list[Flowable] = [L.national_header(width, st, left=[
        data.issuer.branch_name.upper(), data.issuer.office_name, data.issuer.point_name],
        left_ratio=0.45, reference=True)]
    story += L.title(TITLE, st, subtitle=f"Tính đến phiên ngày "
                                        f"{L.esc(L.day(data.session or data.as_of))}")
    for line in data.decisions:
        story.append(L.para(L.esc(line), st.body))
    story.append(L.para("<i>Đơn vị: Đồng</i>", st.right))
    H = (lambda t: L.para(f"<b>{L.esc(t)}</b>", st.head))
    head = ["STT", "Họ và tên", "Chương trình / Số món vay", "Lãi được giảm",
            "Còn trừ vào lãi kỳ tới", "Trả lại (tiền mặt / tiết kiệm)"]
    cw = [width * f for f in (0.06, 0.26, 0.26, 0.13, 0.14, 0.15)]
    grand = [0, 0, 0]
    if not data.groups:
        story.append(Spacer(1, 3 * mm))
        story.append(L.para("<b>Không có khoản vay nào được giảm lãi suất.</b>", st.center))
    for g in data.groups:
        group = L.para(f"<b>{L.group_markup(g.group_name)}</b> — Tổ trưởng: "
                       f"{L.esc(g.leader_name)}", st.cell)
        rows: list[list] = [[group] + [""] * (len(head) - 1), [H(c) for c in head]]
        for i, r in enumerate(g.rows, 1):
            prog = f"{L.nfc(r.programme)} / {L.contract_text(r.contract)}"
            rows.append([str(i), L.fit(r.name, st.cell, cw[1]), L.fit(prog, st.cell, cw[2]),
                         L.num(r.reduction), L.num(r.credit_left), L.num(r.to_return)])
        sums = [sum(r.reduction for r in g.rows), sum(r.credit_left for r in g.rows),
                sum(r.to_return for r in g.rows)]
        grand = [a + b for a, b in zip(grand, sums, strict=True)]
        rows.append(["", "Cộng tổ", f"{len(g.rows)} món vay", *[L.num(x) for x in sums]])
        story.append(Spacer(1, 2 * mm))
        story.append(L.grid_table(rows, cw, header_rows=2, font_size=9.5, total_rows=1, extra=[
            ("SPAN", (0, 0), (-1, 0)), ("ALIGN", (0, 0), (-1, 0), "LEFT"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.white),
            ("ALIGN", (0, 2), (0, -1), "CENTER"), ("ALIGN", (3, 2), (5, -1), "RIGHT")]))
    story.append(Spacer(1, 2 * mm))
    story.append(L.para(f"<b>Tổng cộng: lãi được giảm {L.esc(L.money(grand[0]))}; còn trừ "
                        f"vào lãi kỳ tới {L.esc(L.money(grand[1]))}; trả lại "
                        f"{L.esc(L.money(grand[2]))}</b>", st.body))
    # the reduction is the office's decision: its head signs and stamps it
    story.append(L.signature_block(width, st, [("Người lập", L.SIGN, ""),
                                               ("Kiểm soát", L.SIGN, ""),
                                               ("Giám đốc", L.SIGN_AND_STAMP, "")],
                                   date_text=L.date_line(data.issuer.place, data.as_of)))
    return L.build(story, page)

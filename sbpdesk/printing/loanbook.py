"""Loan book page (sổ vay vốn) of a household: its loans and their movements (A4 landscape).

Printed as a plain page, not a position-exact overlay on the bound bank book. Columns 6–11
follow the book ("Tổng dư nợ; trong đó: trong hạn / quá hạn / khoanh; chữ ký Kế toán / Người
vay", forms.md §9.2); columns 1–5 were not seen and are reconstructed: "mẫu tham khảo".
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from sbpdesk.services.documents.data_tables import LoanBookPage

from . import layout as L


def _rate(ln) -> str:
    """"6,24 %/năm (từ 01/12/2025; khi giải ngân 6,6 %/năm)": the rate in force on the
    page's date, and the disbursement's when it has changed since."""
    text = f"{L.esc(ln.annual_rate)} %/năm"
    if ln.disbursed_rate:
        since = f"từ {L.esc(L.day(ln.rate_since))}; " if ln.rate_since else ""
        text += f" ({since}khi giải ngân {L.esc(ln.disbursed_rate)} %/năm)"
    return text


def render_loanbook(data: LoanBookPage) -> bytes:
    page = L.Page(size=L.A4_LANDSCAPE, margins=(14 * mm, 12 * mm, 14 * mm, 12 * mm),
                  mark=data.mark, reference=True,
                  doc_title=f"Sổ vay vốn {L.nfc(data.customer_code)}")
    st = L.styles(11, 9)
    width = L.frame_width(page)
    story: list[Flowable] = []
    left = (f"<b>{L.esc(L.BANK)}</b><br/>{L.esc(data.issuer.office_name)}")
    right = (f"{L.form_label('', True)}<br/>Mã KH: <b>{L.esc(data.customer_code)}</b><br/>"
             f"<i>Lập ngày {L.esc(L.day(data.as_of))}</i>")
    head = L.box([[L.para(left, st.body), L.para("<b>SỔ VAY VỐN</b><br/>THU NỢ - DƯ NỢ",
                                                 st.title), L.para(right, st.right)]],
        [width * 0.33, width * 0.34, width * 0.33])
    story.append(head)
    story.append(Spacer(1, 2 * mm))
    story.append(L.para(f"Họ và tên người vay: <b>{L.esc(data.borrower_name)}</b>; Nơi cư trú: "
                        f"{L.esc(data.address)}", st.body))
    extra = []
    if data.group_name:
        extra.append(L.group_markup(data.group_name))
    if data.authorisation_date:
        extra.append(f"Theo Giấy ủy quyền lập: {L.esc(L.day(data.authorisation_date))}")
    if extra:
        story.append(L.para("; ".join(extra), st.body))
    H = (lambda t: L.para(f"<b>{L.esc(t)}</b>", st.head))
    cw = [width * f for f in (0.08, 0.22, 0.1, 0.1, 0.1, 0.1, 0.09, 0.08, 0.065, 0.065)]
    for ln in data.loans:
        story.append(KeepTogether([
            Spacer(1, 3 * mm),
            L.para(f"<b>{L.esc(ln.programme_name)}</b> — Số HĐ/món vay: "
                   f"<b>{L.esc(L.contract_text(ln.contract))}</b>; Số tiền cho vay: "
                   f"<b>{L.esc(L.money(ln.amount))}</b>; Lãi suất: {_rate(ln)}; "
                   f"Thời hạn: {ln.term_months} tháng; Ngày giải ngân: "
                   f"{L.esc(L.day(ln.disbursed_on))}; Hạn trả cuối cùng: "
                   f"{L.esc(L.day(ln.final_date))}", st.body)]))
        rows: list[list] = [
            [H("Ngày"), H("Diễn giải"), H("Cho vay"), H("Thu nợ"), H("Tổng dư nợ"),
             H("Trong đó:"), "", "", H("Chữ ký"), ""],
            ["", "", "", "", "", H("Dư nợ trong hạn"), H("Dư nợ quá hạn"), H("Dư nợ khoanh"),
             H("Kế toán"), H("Người vay")],
            # the book numbers columns 6–11 (forms.md §9.2); its 1–5 were not seen
            ["", "", "", "", *[str(i) for i in range(6, 12)]],
        ]
        for m in ln.movements:
            rows.append([L.day(m.date), L.fit(m.description, st.cell, cw[1]),
                         L.num(m.disbursed) if m.disbursed else "",
                         L.num(m.repaid) if m.repaid else "", L.num(m.outstanding),
                         L.num(m.in_term), L.num(m.overdue) if m.overdue else "",
                         L.num(m.frozen) if m.frozen else "", "", ""])
        rows.append(["", "Cộng", L.num(sum(m.disbursed for m in ln.movements)),
                     L.num(sum(m.repaid for m in ln.movements)),
                     L.num(ln.movements[-1].outstanding) if ln.movements else "", "", "", "",
                     "", ""])
        table = L.grid_table(rows, cw, header_rows=3, font_size=9, total_rows=1, extra=[
            ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (2, 1)),
            ("SPAN", (3, 0), (3, 1)), ("SPAN", (4, 0), (4, 1)), ("SPAN", (5, 0), (7, 0)),
            ("SPAN", (8, 0), (9, 0)),
            ("FONTNAME", (0, 2), (-1, 2), L.fonts.ITALIC), ("FONTSIZE", (0, 2), (-1, 2), 7),
            ("ALIGN", (0, 3), (0, -1), "CENTER"), ("ALIGN", (2, 3), (7, -1), "RIGHT"),
            ("TOPPADDING", (0, 3), (-1, -1), 4), ("BOTTOMPADDING", (0, 3), (-1, -1), 4),
        ])
        story.append(table)
    return L.build(story, page)

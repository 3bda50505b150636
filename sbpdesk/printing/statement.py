"""13/TD data: the group statement of interest due/paid, savings and principal paid from
savings, one row per member with a signature column and totals (A4 landscape).

The real 13/TD column list was not found; the columns follow the proposal in forms.md §6, so the
layout is "mẫu tham khảo". Before the session it is printed from the dues (the paid columns are
blank, for the leader to fill in and the member to sign); after the session from what was
collected. The header rows repeat on every page.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from sbpdesk.services.documents.data_tables import GroupStatement, StatementRow

from . import layout as L

TITLE = "BẢNG KÊ LÃI PHẢI THU, LÃI THỰC THU, TIỀN GỬI, THU NỢ GỐC TỪ TIỀN GỬI"
COLUMNS = ("STT", "Họ và tên tổ viên", "Chương trình / Số món vay", "Dư nợ", "Lãi phải thu",
           "Lãi thực thu", "Tiền gửi", "Thu nợ gốc từ tiền gửi", "Số dư tiền gửi",
           "Tổ viên ký nộp")
_WIDTHS = (0.04, 0.2, 0.14, 0.09, 0.08, 0.08, 0.08, 0.09, 0.09, 0.11)


def totals(rows: tuple[StatementRow, ...]) -> dict[str, int | None]:
    """Column totals (None for a column that is blank in every row)."""
    out: dict[str, int | None] = {}
    for name in ("outstanding", "interest_due", "interest_paid", "savings_deposited",
                 "from_savings", "savings_balance"):
        values = [getattr(r, name) for r in rows if getattr(r, name) is not None]
        out[name] = sum(values) if values else None
    return out


def render_statement(data: GroupStatement) -> bytes:
    page = L.Page(size=L.A4_LANDSCAPE, margins=(12 * mm, 12 * mm, 14 * mm, 12 * mm),
                  mark=data.mark, reference=True,
                  doc_title=f"13/TD {L.nfc(data.group_name)} {L.day(data.session_date)}")
    st = L.styles(11, 9)
    width = L.frame_width(page)
    story: list[Flowable] = []
    story.append(L.national_header(width, st, left=[
        data.issuer.branch_name.upper(), data.issuer.office_name, data.issuer.point_name],
        form_no="13/TD", left_ratio=0.45, reference=True))
    mode = "Sau phiên giao dịch" if data.after_session else "Lập trước phiên giao dịch"
    story += L.title(TITLE, st, subtitle=f"Phiên giao dịch ngày {L.esc(L.day(data.session_date))}"
                                         f" — {mode}")
    info = L.box([[L.para(f"Tổ TK&amp;VV: <b>{L.esc(data.group_name)}</b> — Tổ trưởng: "
                          f"<b>{L.esc(data.leader_name)}</b>", st.body),
                   L.para(f"Thuộc tổ chức: {L.esc(data.organisation_name)}", st.body),
                   L.para("<i>Đơn vị: Đồng</i>", st.right)]],
        [width * 0.5, width * 0.35, width * 0.15])
    story.append(info)
    story.append(Spacer(1, 1.5 * mm))
    cw = [width * f for f in _WIDTHS]
    head = [[L.para(f"<b>{L.esc(c)}</b>", st.head) for c in COLUMNS],
            [str(i) for i in range(1, len(COLUMNS) + 1)]]
    rows: list[list] = []
    cell = st.cell
    for i, r in enumerate(data.rows, 1):
        prog = f"{L.nfc(r.programme)} / {L.contract_text(r.contract)}" if r.contract.number \
            else L.nfc(r.programme)
        name = f"{L.nfc(r.name)}" + (f" ({L.nfc(r.customer_code)})" if r.customer_code else "")
        paid = data.after_session
        rows.append([str(i), L.fit(name, cell, cw[1]), L.fit(prog, cell, cw[2]),
                     L.num(r.outstanding), L.num(r.interest_due),
                     L.num(r.interest_paid) if paid else "",
                     L.num(r.savings_deposited) if paid else "",
                     L.num(r.from_savings) if paid else "",
                     L.num(r.savings_balance), ""])
    t = totals(data.rows)
    paid = data.after_session
    rows.append(["", "Cộng", f"{len(data.rows)} tổ viên", L.num(t["outstanding"]),
                 L.num(t["interest_due"]), L.num(t["interest_paid"]) if paid else "",
                 L.num(t["savings_deposited"]) if paid else "",
                 L.num(t["from_savings"]) if paid else "", L.num(t["savings_balance"]), ""])
    table = L.grid_table(head + rows, cw, header_rows=2, font_size=9, total_rows=1, extra=[
        ("FONTNAME", (0, 1), (-1, 1), L.fonts.ITALIC), ("FONTSIZE", (0, 1), (-1, 1), 7),
        ("ALIGN", (0, 2), (0, -1), "CENTER"), ("ALIGN", (3, 2), (8, -1), "RIGHT"),
        ("TOPPADDING", (0, 2), (-1, -1), 4), ("BOTTOMPADDING", (0, 2), (-1, -1), 4),
    ])
    story.append(table)
    story.append(L.signature_block(width, st, [
        ("Tổ trưởng Tổ TK&VV", L.SIGN, data.leader_name),
        ("Giao dịch viên", L.SIGN, ""),
        ("Kiểm soát", L.SIGN, "")],
        date_text=L.date_line(data.issuer.place, data.session_date), date_col=0,
        space=16 * mm))
    return L.build(story, page)

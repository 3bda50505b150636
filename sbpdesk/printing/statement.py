"""13/TD data: the group statement of interest due/paid, savings and principal paid from
savings, one row per member with a signature column and totals (A4 landscape).

The real 13/TD column list was not found; the columns follow the proposal in forms.md §6, so the
layout is "mẫu tham khảo". Before the session it is printed from the dues (the paid columns are
blank, for the leader to fill in and the member to sign); after the session from what was
collected. The header rows repeat on every page.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from sbpdesk.services.documents.data_tables import GroupStatement, StatementRow

from . import layout as L

TITLE = "BẢNG KÊ LÃI PHẢI THU, LÃI THỰC THU, TIỀN GỬI, THU NỢ GỐC TỪ TIỀN GỬI"
COLUMNS = ("STT", "Họ và tên tổ viên", "Chương trình / Số món vay", "Dư nợ", "Lãi kỳ này",
           "Lãi kỳ trước còn nợ", "Lãi thực thu", "Tiền gửi", "Thu nợ gốc từ tiền gửi",
           "Số dư tiền gửi", "Tổ viên ký nộp")
_WIDTHS = (0.035, 0.18, 0.13, 0.085, 0.08, 0.075, 0.075, 0.07, 0.08, 0.085, 0.105)
DUE = 4        # the two interest-due columns (this period, earlier arrears) start here


def members(rows: tuple[StatementRow, ...]) -> str:
    """"32 tổ viên (40 món vay)": members counted as people, loans as loans."""
    people = len({(r.customer_code, r.name) for r in rows})
    loans = sum(1 for r in rows if r.contract.number)
    return f"{people} tổ viên" + (f" ({loans} món vay)" if loans != people else "")


def totals(rows: tuple[StatementRow, ...]) -> dict[str, int | None]:
    """Column totals (None for a column that is blank in every row)."""
    out: dict[str, int | None] = {}
    for name in ("outstanding", "interest_due", "interest_period", "interest_arrears",
                 "interest_paid", "savings_deposited", "from_savings", "savings_balance"):
        values = [getattr(r, name) for r in rows if getattr(r, name) is not None]
        out[name] = sum(values) if values else None
    return out


def _this_period(r: StatementRow, start: dt.date | None, st: L.Styles):
    """The row's "Lãi kỳ này", with what makes it differ from the group's period: a later
    start, a reduction (giảm lãi) taken off, a frozen loan (khoanh nợ)."""
    if not r.contract.number:
        return ""
    notes = []
    if r.period_from and start and r.period_from != start and r.interest_period:
        notes.append(f"từ {L.day(r.period_from)}")
    if r.relief:
        notes.append(f"giảm lãi {L.num(r.relief)}")
    if r.frozen:
        notes.append("khoanh nợ")
    if not notes:
        return L.num(r.interest_period)
    lines = "".join(f"<br/><i>({L.esc(n)})</i>" for n in notes)
    return L.para(f"{L.esc(L.num(r.interest_period))}{lines}", st.cell_right)


def _deposited_at_bank(r: StatementRow, st: L.Styles):
    """Before the session, a deposit the member already made at the bank this month (the
    core's Mẫu 10), so the leader does not collect it again."""
    if not r.savings_elsewhere:
        return ""
    return L.para(f"<i>đã gửi tại NH {L.esc(L.num(r.savings_elsewhere))}</i>", st.cell_right)


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
    info = L.box([[L.para(f"{L.group_markup(data.group_name, bold_name=True)} — Tổ trưởng: "
                          f"<b>{L.esc(data.leader_name)}</b>", st.body),
                   L.para(f"Thuộc tổ chức: {L.esc(data.organisation_name)}", st.body),
                   L.para("<i>Đơn vị: Đồng</i>", st.right)]],
        [width * 0.5, width * 0.35, width * 0.15])
    story.append(info)
    story.append(Spacer(1, 1.5 * mm))
    cw = [width * f for f in _WIDTHS]
    cell = st.cell
    eve = data.session_date - dt.timedelta(days=1)
    since = Counter(r.period_from for r in data.rows if r.period_from).most_common(1)
    start = since[0][0] if since else None
    period = f"Lãi phải thu (kỳ từ {L.day(start)} đến {L.day(eve)})" if start else \
        f"Lãi phải thu (tính đến hết {L.day(eve)})"
    H = (lambda c: L.para(f"<b>{L.esc(c)}</b>", st.head))
    group = L.para(f"<b>{L.group_markup(data.group_name)}</b> — phiên giao dịch ngày "
                   f"{L.esc(L.day(data.session_date))}", cell)
    head = [[group] + [""] * (len(COLUMNS) - 1),   # names the group on every page
            [H(c) for c in COLUMNS[:DUE]] + [H(period), ""] + [H(c) for c in COLUMNS[DUE + 2:]],
            [""] * DUE + [H(COLUMNS[DUE]), H(COLUMNS[DUE + 1])] + [""] * (len(COLUMNS) - DUE - 2),
            [str(i) for i in range(1, len(COLUMNS) + 1)]]
    rows: list[list] = []
    paid = data.after_session
    for i, r in enumerate(data.rows, 1):
        prog = f"{L.nfc(r.programme)} / {L.contract_text(r.contract)}" if r.contract.number \
            else L.nfc(r.programme)
        name = f"{L.nfc(r.name)}" + (f" ({L.nfc(r.customer_code)})" if r.customer_code else "")
        this = _this_period(r, start, st)
        rows.append([str(i), L.fit(name, cell, cw[1]), L.fit(prog, cell, cw[2]),
                     L.num(r.outstanding), this,
                     L.num(r.interest_arrears) if r.interest_arrears else "",
                     L.num(r.interest_paid) if paid else "",
                     L.num(r.savings_deposited) if paid else _deposited_at_bank(r, st),
                     L.num(r.from_savings) if paid else "",
                     L.num(r.savings_balance), ""])
    t = totals(data.rows)
    rows.append(["", "Cộng", members(data.rows), L.num(t["outstanding"]),
                 L.num(t["interest_period"]), L.num(t["interest_arrears"]),
                 L.num(t["interest_paid"]) if paid else "",
                 L.num(t["savings_deposited"]) if paid else "",
                 L.num(t["from_savings"]) if paid else "", L.num(t["savings_balance"]), ""])
    spans = [("SPAN", (c, 1), (c, 2)) for c in range(len(COLUMNS)) if c not in (DUE, DUE + 1)]
    table = L.grid_table(head + rows, cw, header_rows=4, font_size=9, total_rows=1, extra=[
        ("SPAN", (0, 0), (-1, 0)), ("ALIGN", (0, 0), (-1, 0), "LEFT"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.white),
        *spans, ("SPAN", (DUE, 1), (DUE + 1, 1)),
        ("FONTNAME", (0, 3), (-1, 3), L.fonts.ITALIC), ("FONTSIZE", (0, 3), (-1, 3), 7),
        ("ALIGN", (0, 4), (0, -1), "CENTER"), ("ALIGN", (3, 4), (9, -1), "RIGHT"),
        ("TOPPADDING", (0, 4), (-1, -1), 4), ("BOTTOMPADDING", (0, 4), (-1, -1), 4),
    ])
    story.append(table)
    story.append(L.signature_block(width, st, [
        ("Tổ trưởng Tổ TK&VV", L.SIGN, data.leader_name),
        ("Giao dịch viên", L.SIGN, ""),
        ("Kiểm soát", L.SIGN, "")],
        date_text=L.date_line(data.issuer.place, data.session_date), date_col=0,
        space=16 * mm))
    return L.build(story, page)

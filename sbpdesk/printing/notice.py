"""Public notice of the point (niêm yết công khai): programme rates in force, the session
calendar (day, time, place) and rules, and the active borrowers with balance and next due date.
The wording of real notice boards was not found (forms.md §10): "mẫu tham khảo". A4 portrait;
the borrower list continues on further pages with its header repeated."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from sbpdesk.services.documents.data_tables import PublicNotice

from . import layout as L

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def households(lines) -> str:
    """"32 hộ (40 món vay)": households counted as households, loans as loans."""
    homes = len({x.household or x.name for x in lines})
    return f"{homes} hộ" + (f" ({len(lines)} món vay)" if len(lines) != homes else "")


def _rate_table(rates, st: L.Styles, width: float):
    H = (lambda t: L.para(f"<b>{L.esc(t)}</b>", st.head))
    rows: list[list] = [[H("STT"), H("Chương trình cho vay"), H("Lãi suất (%/năm)"),
                         H("Lãi suất (%/tháng)"), H("Áp dụng từ"), H("Căn cứ")]]
    cw = [width * f for f in (0.06, 0.38, 0.13, 0.13, 0.12, 0.18)]
    for i, r in enumerate(rates, 1):
        rows.append([str(i), L.fit(r.programme_name, st.cell, cw[1]), L.nfc(r.annual_rate),
                     L.nfc(r.monthly_rate), L.day(r.effective_from) if r.effective_from else "",
                     L.fit(r.note if r.sourced else "chưa có văn bản", st.cell, cw[5])])
    return L.grid_table(rows, cw, font_size=9.5, extra=[
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (2, 1), (4, -1), "CENTER")])


def render_notice(data: PublicNotice) -> bytes:
    page = L.Page(size=L.A4_PORTRAIT, margins=(15 * mm, 15 * mm, 15 * mm, 14 * mm),
                  mark=data.mark, reference=True,
                  doc_title=f"Niêm yết công khai {L.nfc(data.issuer.point_name)}")
    st = L.styles(11, 9.5)
    width = L.frame_width(page)
    H = (lambda t: L.para(f"<b>{L.esc(t)}</b>", st.head))
    story: list[Flowable] = [L.national_header(width, st, left=[
        L.BANK, data.issuer.office_name.upper(), data.issuer.point_name], reference=True)]
    story += L.title("THÔNG BÁO CÔNG KHAI", st,
                     subtitle=f"{L.esc(data.issuer.point_name)} — cập nhật ngày "
                              f"{L.esc(L.day(data.as_of))}")
    story.append(L.para("<b>I. LÃI SUẤT CHO VAY ĐANG ÁP DỤNG</b>", st.body))
    story.append(_rate_table([r for r in data.rates if r.sourced], st, width))
    unsourced = [r for r in data.rates if not r.sourced]
    if unsourced:   # a rate with no current legal source is not published as "in force"
        story.append(Spacer(1, 1.5 * mm))
        story.append(L.para("<i>Lãi suất ghi trong sổ nhưng chưa có văn bản hiện hành để niêm "
                            "yết (xin hỏi Phòng giao dịch trước khi vay):</i>", st.body))
        story.append(_rate_table(unsourced, st, width))
    story.append(Spacer(1, 3 * mm))
    story.append(L.para("<b>II. LỊCH GIAO DỊCH</b>", st.body))
    rows = [[H("Ngày"), H("Thứ"), H("Giờ"), H("Địa điểm")]]
    cw = [width * f for f in (0.16, 0.14, 0.12, 0.58)]
    for s in data.sessions:
        rows.append([L.day(s.date), WEEKDAYS[s.date.weekday()], L.nfc(s.time),
                     L.fit(s.place, st.cell, cw[3])])
    story.append(L.grid_table(rows, cw, font_size=9.5, extra=[
        ("ALIGN", (0, 1), (2, -1), "CENTER")]))
    story.append(L.para("<i>Phiên giao dịch được tổ chức cố định hằng tháng, kể cả khi trùng "
                        "ngày nghỉ, ngày lễ.</i>" , st.small))
    if data.hotline:
        story.append(L.para(f"Điện thoại hỗ trợ: <b>{L.esc(data.hotline)}</b>", st.body))
    story.append(Spacer(1, 3 * mm))
    story.append(L.para("<b>III. NỘI QUY GIAO DỊCH</b>", st.body))
    for i, rule in enumerate(data.rules, 1):
        story.append(L.para(f"{i}. {L.esc(rule)}", st.justify))
    story.append(Spacer(1, 3 * mm))
    story.append(L.para("<b>IV. DANH SÁCH HỘ VAY VỐN</b> <i>(Đơn vị: Đồng)</i>", st.body))
    rows = [[H("STT"), H("Họ và tên"), H("Tổ TK&VV"), H("Chương trình"), H("Dư nợ"),
             H("Hạn trả nợ kế tiếp"), H("Số tiền đến hạn")]]
    cw = [width * f for f in (0.06, 0.2, 0.2, 0.16, 0.13, 0.12, 0.13)]
    for i, b in enumerate(data.borrowers, 1):
        rows.append([str(i), L.fit(b.name, st.cell, cw[1]), L.fit(b.group_name, st.cell, cw[2]),
                     L.fit(b.programme, st.cell, cw[3]), L.num(b.outstanding),
                     L.day(b.next_due_date) if b.next_due_date else "",
                     L.num(b.next_due_amount)])
    rows.append(["", "Cộng", households(data.borrowers), "",
                 L.num(sum(b.outstanding for b in data.borrowers)), "", ""])
    story.append(L.grid_table(rows, cw, font_size=9.5, total_rows=1, extra=[
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (5, 1), (5, -1), "CENTER"),
        ("ALIGN", (4, 1), (4, -1), "RIGHT"), ("ALIGN", (6, 1), (6, -1), "RIGHT")]))
    story.append(L.signature_block(width, st, [("", "", ""),
                                               ("TRƯỞNG BAN GIAO DỊCH", L.SIGN, "")],
                                   date_text=L.date_line(data.issuer.place, data.as_of)))
    return L.build(story, page)

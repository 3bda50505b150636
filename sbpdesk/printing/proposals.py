"""03/TD: list of group members proposed for loans (A4 landscape, from the office template,
forms.md §3) and 04/TD: approval notice (reconstructed, forms.md §4, "mẫu tham khảo")."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from sbpdesk.services.documents.data_tables import ApprovalNotice, ProposalList

from . import layout as L

_LANDSCAPE_MARGINS = (14 * mm, 12 * mm, 14 * mm, 12 * mm)


def render_proposal(data: ProposalList) -> bytes:
    """Mẫu 03/TD: Danh sách tổ viên đề nghị vay vốn NHCSXH."""
    page = L.Page(size=L.A4_LANDSCAPE, margins=_LANDSCAPE_MARGINS, mark=data.mark,
                  reference=False, doc_title=f"03/TD {L.nfc(data.group_name)}")
    st = L.styles(11, 10)
    width = L.frame_width(page)
    story: list[Flowable] = []
    left = (f"<b>Tên tổ TK&amp;VV: {L.esc(data.group_name)}</b><br/>"
            f"Thôn: {L.esc(data.village)}<br/>Xã: {L.esc(data.commune)}<br/>"
            f"Tỉnh: {L.esc(data.province)}")
    centre = ("<b>DANH SÁCH TỔ VIÊN<br/>ĐỀ NGHỊ VAY VỐN NGÂN HÀNG CHÍNH SÁCH XÃ HỘI</b><br/>"
              f"Chương trình cho vay: <b>{L.esc(data.programme_name)}</b>")
    right = ("<b><i>Mẫu số: 03/TD</i></b><br/><font size=7><i>Lập 02 liên chính (01 liên lưu "
             "hồ sơ Tổ tại NH, 01 liên lưu tại Tổ) 02 liên phôtô: 01 liên đóng C.từ tại NH; "
             "01 liên lưu Hội đoàn thể</i></font>")
    head = L.box([[L.para(left, st.body), L.para(centre, st.center), L.para(right, st.right)]],
        [width * 0.28, width * 0.44, width * 0.28])
    story.append(head)
    story.append(Spacer(1, 3 * mm))
    md = data.meeting_date
    story.append(L.para(
        f"Tại cuộc họp Tổ Tiết kiệm và vay vốn ngày {md.day:02d}/{md.month:02d}/{md.year} đã "
        "bình xét các tổ viên đề nghị vay vốn Ngân hàng Chính sách xã hội. Toàn tổ nhất trí đề "
        "xuất những tổ viên có tên dưới đây đang cư trú tại địa phương, đủ điều kiện và thuộc "
        "đối tượng vay vốn đợt này:", st.justify))
    story.append(L.para("<i>Đơn vị: Đồng</i>", st.right))
    H = (lambda t: L.para(f"<b>{L.esc(t)}</b>", st.head))
    rows: list[list] = [
        [H("STT"), H("Họ và tên"), H("Đối tượng thụ hưởng"), H("Đề nghị của Tổ TK&VV"), "", "",
         H("Phê duyệt của Ngân hàng"), ""],
        ["", "", "", H("Số tiền"), H("Mục đích sử dụng vốn"), H("Thời hạn"), H("Số tiền"),
         H("Thời hạn")],
        [str(i) for i in range(1, 9)],
    ]
    for i, r in enumerate(data.rows, 1):
        rows.append([str(i), L.text(r.name, st.cell), L.text(r.category, st.cell),
                     L.num(r.amount), L.text(r.purpose, st.cell), f"{r.term_months} tháng",
                     L.num(r.approved_amount),
                     f"{r.approved_term_months} tháng" if r.approved_term_months else ""])
    approved = [r.approved_amount for r in data.rows if r.approved_amount is not None]
    rows.append(["", L.para("<b>Cộng</b>", st.cell), "", L.num(sum(r.amount for r in data.rows)),
                 "", "", L.num(sum(approved)) if approved else "", ""])
    cw = [0.05, 0.2, 0.13, 0.12, 0.22, 0.08, 0.12, 0.08]
    story.append(L.grid_table(rows, [width * f for f in cw], header_rows=3, font_size=10,
                              total_rows=1, extra=[
                                  ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
                                  ("SPAN", (2, 0), (2, 1)), ("SPAN", (3, 0), (5, 0)),
                                  ("SPAN", (6, 0), (7, 0)),
                                  ("FONTNAME", (0, 2), (-1, 2), L.fonts.ITALIC),
                                  ("ALIGN", (0, 3), (0, -1), "CENTER"),
                                  ("ALIGN", (3, 3), (3, -1), "RIGHT"),
                                  ("ALIGN", (6, 3), (6, -1), "RIGHT"),
                                  ("ALIGN", (5, 3), (5, -1), "CENTER"),
                                  ("ALIGN", (7, 3), (7, -1), "CENTER")]))
    n_ok = sum(1 for r in data.rows if r.approved_amount)
    not_ok = [str(i) for i, r in enumerate(data.rows, 1) if r.approved_amount is not None
              and not r.approved_amount]
    decided = bool(approved)
    dots = L.DOTS
    blank = "Ngày …… tháng …… năm 20……"
    ubnd = L.para(f"<i>{blank}</i><br/><b>Xác nhận của UBND cấp xã</b><br/>"
                  + "<br/>".join([dots * 3] * 4)
                  + f"<br/><b>UBND xã</b><br/><i>{L.SIGN_AND_STAMP}</i>",
                  st.center)
    bank = L.para(
        f"<i>{blank}</i><br/><b>Phê duyệt của Ngân hàng</b><br/>"
        f"Số người được vay vốn đợt này: {n_ok if decided else dots} người<br/>"
        f"Tổng số tiền cho vay: {L.esc(L.num(sum(approved))) if decided else dots} đồng<br/>"
        f"Số người chưa được vay đợt này: {len(not_ok) if decided else dots} người, có số thứ "
        f"tự trong danh sách là: {', '.join(not_ok) if not_ok else dots}", st.center)
    story.append(L.signature_block(width, st, [
        ("Tổ trưởng", L.SIGN, data.leader_name), ubnd, bank], space=12 * mm))
    story.append(L.signature_block(width, st, [
        ("Cán bộ tín dụng", L.SIGN, ""), ("Trưởng phòng (Tổ trưởng) TD", L.SIGN, ""),
        ("Giám đốc", L.SIGN_AND_STAMP, "")], space=18 * mm))
    return L.build(story, page)


def render_approval(data: ApprovalNotice) -> bytes:
    """Mẫu 04/TD: Thông báo kết quả phê duyệt cho vay (A4 portrait, mẫu tham khảo)."""
    page = L.Page(size=L.A4_PORTRAIT, margins=(20 * mm, 15 * mm, 15 * mm, 15 * mm),
                  mark=data.mark, reference=True,
                  doc_title=f"04/TD Thông báo phê duyệt số {data.number}")
    st = L.styles(12, 10)
    width = L.frame_width(page)
    story: list[Flowable] = []
    story.append(L.national_header(width, st, left=[
        L.BANK, data.issuer.office_name.upper(), f"Số: {data.number}"], form_no="04/TD",
        reference=True))
    story.append(L.para(f"<i>{L.esc(L.date_line(data.issuer.place, data.date))}</i>",
                        st.right))
    story += L.title("THÔNG BÁO KẾT QUẢ PHÊ DUYỆT CHO VAY", st)
    story.append(L.para(f"<b>Kính gửi: UBND xã {L.esc(data.commune)}</b>", st.center))
    story.append(Spacer(1, 2 * mm))
    ld = data.list_date
    story.append(L.para(
        f"Căn cứ Danh sách tổ viên đề nghị vay vốn (mẫu 03/TD) ngày "
        f"{ld.day:02d}/{ld.month:02d}/{ld.year} của {L.esc(data.group_name)}, chương trình "
        f"{L.esc(data.programme_name)}, {L.esc(data.issuer.office_name)} thông báo kết quả phê "
        "duyệt cho vay như sau:", st.justify))
    rows = [["STT", "Họ và tên người vay", "Tổ TK&VV (tổ trưởng)", "Chương trình",
             "Số tiền được duyệt", "Thời hạn", "Ghi chú"]]
    for i, r in enumerate(data.rows, 1):
        rows.append([str(i), L.text(r.name, st.cell), L.text(r.group_name, st.cell),
                     L.text(r.programme_name, st.cell), L.num(r.amount),
                     f"{r.term_months} tháng", L.text(r.note, st.cell)])
    rows.append(["", L.para("<b>Cộng</b>", st.cell), "", "",
                 L.num(sum(r.amount for r in data.rows)), "", ""])
    H = [[L.para(f"<b>{L.esc(c)}</b>", st.head) for c in rows[0]]]
    cw = [0.06, 0.22, 0.2, 0.15, 0.15, 0.1, 0.12]
    story.append(L.grid_table(H + rows[1:], [width * f for f in cw], font_size=10,
                              total_rows=1, extra=[("ALIGN", (0, 1), (0, -1), "CENTER"),
                                                   ("ALIGN", (4, 1), (4, -1), "RIGHT"),
                                                   ("ALIGN", (5, 1), (5, -1), "CENTER")]))
    story.append(Spacer(1, 3 * mm))
    dd = data.disbursement_date
    story.append(L.para(f"- Thời gian giải ngân: <b>{L.esc(data.disbursement_time)} ngày "
                        f"{dd.day:02d}/{dd.month:02d}/{dd.year}</b>", st.body))
    story.append(L.para(f"- Địa điểm giải ngân: <b>{L.esc(data.disbursement_place)}</b>",
                        st.body))
    story.append(L.para("Đề nghị UBND xã thông báo cho tổ chức Hội, Tổ TK&amp;VV và người vay có "
                        "tên trên đến nhận tiền vay đúng thời gian, địa điểm; khi đến mang theo "
                        "thẻ Căn cước/CCCD, Sổ vay vốn và Giấy ủy quyền (nếu có).", st.justify))
    story.append(L.signature_block(width, st, [("", "", ""),
                                               ("GIÁM ĐỐC", L.SIGN_AND_STAMP,
                                                data.director_name)]))
    return L.build(story, page)

"""The loan dossier: 01/TD application cum use plan, 01/UQ household authorisation, and the
credit contract of programmes that have their own (job creation 07b/GQVL, social housing).

01/TD and 01/UQ follow the labels, order and signature blocks of the office templates described
in ../shared/domain/forms.md §1–2 (sure). The credit contract prints only the parts whose text
is known (forms.md §11) and is marked "mẫu tham khảo".
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from sbpdesk.services.documents.data import Authorisation, CreditContract, LoanApplication

from . import layout as L

_MARGINS = (20 * mm, 15 * mm, 12 * mm, 13 * mm)


def _v(value: object) -> str:
    return L.or_dots(value)


def _amount(value: int | None) -> str:
    return L.esc(L.money(value, symbol=False)) if value is not None else L.DOTS


# --- 01/TD ----------------------------------------------------------------------------------

def render_application(data: LoanApplication) -> bytes:
    """Mẫu 01/TD: Giấy đề nghị vay vốn kiêm phương án sử dụng vốn vay (A4 portrait)."""
    page = L.Page(size=L.A4_PORTRAIT, margins=_MARGINS, mark=data.mark, reference=False,
                  doc_title=f"01/TD {L.nfc(data.borrower_name)}")
    st = L.styles(11.5, 10)
    width = L.frame_width(page)
    P, B = (lambda m: L.para(m, st.body)), (lambda m: L.para(m, st.justify))
    story: list[Flowable] = []
    story += L.centred_header(st, form_no="01/TD")
    story += L.title("GIẤY ĐỀ NGHỊ VAY VỐN KIÊM PHƯƠNG ÁN SỬ DỤNG VỐN VAY", st)
    story.append(L.para(f"Chương trình cho vay: <b>{_v(data.programme_name)}</b>", st.center))
    story.append(L.para(f"<b>Kính gửi: {L.esc(_addressee(data.issuer.office_name))}</b>",
                        st.center))
    story.append(Spacer(1, 3 * mm))
    if data.birth_date is not None or data.birth_year is None:
        born = f"; Sinh ngày: {L.esc(L.day(data.birth_date))}"
    else:
        born = f"; Năm sinh: {data.birth_year}"
    story.append(P(f"1. Họ tên người vay: <b>{_v(data.borrower_name)}</b>{born}"))
    story.append(P(f"- Số CCCD/thẻ Căn cước: {_v(data.id_number)}; Ngày cấp: "
                   f"{L.esc(L.day(data.id_issue_date))}; Nơi cấp: {_v(data.id_issuer)}"))
    story.append(P(f"- Địa chỉ cư trú: {_v(data.address)}"))
    story.append(P(f"- Là thành viên Tổ TK &amp; VV do Ông (bà): {_v(data.leader_name)} "
                   "làm tổ trưởng"))
    story.append(P(f"- Thuộc tổ chức: {_v(data.organisation_name)} quản lý"))
    story.append(P(f"2. Đề nghị NHCSXH cho vay số tiền: <b>{_amount(data.amount)}</b> đồng."))
    story.append(P(f"<i>(Bằng chữ: {L.esc(L.words(data.amount))})</i>"))
    story.append(P(f"Để thực hiện phương án: {_v(data.purpose)}"))
    story.append(P(f"Tổng nhu cầu vốn: {_amount(data.total_need)} đồng. Trong đó:"))
    story.append(P(f"+ Vốn tự có tham gia: {_amount(data.own_capital)} đồng."))
    story.append(P(f"+ Vốn vay NHCSXH: {_amount(data.amount)} đồng, để dùng vào việc:"))
    rows = [["Đối tượng", "Số lượng", "Thành tiền"]]
    lines = list(data.lines) or []
    for ln in lines:
        rows.append([L.text(ln.item, st.cell), L.text(ln.quantity, st.cell_center),
                     L.num(ln.amount)])
    for _ in range(max(0, 3 - len(lines))):
        rows.append(["", "", ""])
    if lines:
        rows.append([L.para("<b>Cộng</b>", st.cell), "", L.num(sum(x.amount for x in lines))])
    story.append(Spacer(1, 1.5 * mm))
    story.append(L.grid_table(rows, [width * 0.5, width * 0.2, width * 0.3], font_size=10,
                              extra=[("ALIGN", (2, 1), (2, -1), "RIGHT")],
                              total_rows=1 if lines else 0))
    story.append(Spacer(1, 1.5 * mm))
    term = data.term_months if data.term_months is not None else L.DOTS
    freq = data.frequency_months if data.frequency_months is not None else L.DOTS
    story.append(P(f"- Thời hạn xin vay: {term} tháng; Kỳ hạn trả nợ: {freq} tháng/lần."))
    story.append(P(f"- Hạn trả nợ cuối cùng: Ngày {L.esc(L.day(data.final_date))}"))
    story.append(B("Chúng tôi cam kết: Sử dụng vốn vay đúng mục đích, trả nợ gốc và lãi đầy "
                   "đủ, đúng hạn. Nếu sai trái, tôi xin hoàn toàn chịu trách nhiệm trước Pháp "
                   "luật."))
    date_text = L.date_line(data.issuer.place, data.date)
    borrower = ("Người vay", L.SIGN_OR_THUMB, data.borrower_name)
    if data.commune_certification:
        left = L.para("<b>Xác nhận của UBND cấp xã</b><br/>"
                      f"Ông(bà) {_v(data.borrower_name)} có phương án sản xuất kinh doanh được "
                      "thực hiện tại địa phương./.<br/><b>Chủ tịch</b><br/>"
                      f"<i>{L.SIGN_AND_STAMP}</i>", st.center)
    else:
        left = ("", "", "")
    story.append(L.signature_block(width, st, [left, borrower], date_text=date_text,
                                   space=16 * mm))
    story.append(KeepTogether(_bank_approval(data, st, width)))
    return L.build(story, page)


def _addressee(office_name: str) -> str:
    name = L.nfc(office_name)
    if "ngân hàng" in name.lower() or "nhcsxh" in name.lower():
        return name
    return f"Phòng giao dịch Ngân hàng Chính sách xã hội {name}"


def _bank_approval(data: LoanApplication, st: L.Styles, width: float) -> list[Flowable]:
    a = data.approval
    P = (lambda m: L.para(m, st.body))
    out: list[Flowable] = [Spacer(1, 2 * mm), L.para("<b>PHÊ DUYỆT CỦA NGÂN HÀNG</b>",
                                                     st.center)]
    if a is None:
        out.append(P(f"1/ Số tiền cho vay: {L.DOTS} đồng (Bằng chữ: {L.DOTS * 2})"))
        out.append(P(f"2/ Lãi suất: {L.DOTS} %/năm. Lãi suất nợ quá hạn: 130% lãi suất khi "
                     "cho vay."))
        out.append(P(f"3/ Thời hạn cho vay: {L.DOTS} tháng. Kỳ hạn trả nợ: {L.DOTS} "
                     "tháng/lần."))
        out.append(P(f"4/ Số tiền trả nợ: {L.DOTS} đồng/lần. Hạn trả nợ cuối cùng: Ngày "
                     f"{L.day(None)}"))
        out.append(P(f"5/ Lãi tiền vay được trả định kỳ hàng tháng, vào ngày {L.DOTS}"))
        when = None
    else:
        out.append(P(f"1/ Số tiền cho vay: <b>{_amount(a.amount)}</b> đồng "
                     f"<i>(Bằng chữ: {L.esc(L.words(a.amount))})</i>"))
        out.append(P(f"2/ Lãi suất: {L.esc(a.annual_rate)} %/năm. Lãi suất nợ quá hạn: "
                     f"{a.overdue_rate_pct}% lãi suất khi cho vay."))
        out.append(P(f"3/ Thời hạn cho vay: {a.term_months} tháng. Kỳ hạn trả nợ: "
                     f"{a.frequency_months} tháng/lần."))
        last = ""
        if a.last_instalment_amount is not None and a.last_instalment_amount != a.instalment_amount:
            last = f" Số tiền trả kỳ cuối: {_amount(a.last_instalment_amount)} đồng."
        out.append(P(f"4/ Số tiền trả nợ: {_amount(a.instalment_amount)} đồng/lần.{last} "
                     f"Hạn trả nợ cuối cùng: Ngày {L.esc(L.day(a.final_date))}"))
        d = a.interest_day if a.interest_day is not None else L.DOTS
        out.append(P(f"5/ Lãi tiền vay được trả định kỳ hàng tháng, vào ngày {d}"))
        when = a.date
    date_text = (f"Ngày {when.day:02d} tháng {when.month:02d} năm {when.year}" if when
                 else "Ngày …… tháng …… năm 20……")
    out.append(L.signature_block(width, st, [
        ("Cán bộ tín dụng", L.SIGN, ""),
        ("Trưởng phòng (Tổ trưởng) TD", L.SIGN, ""),
        ("Giám đốc", L.SIGN_AND_STAMP, "")], date_text=date_text, date_col=2))
    return out


# --- 01/UQ ----------------------------------------------------------------------------------

def render_authorisation(data: Authorisation) -> bytes:
    """Mẫu 01/UQ: Giấy ủy quyền of a household (A4 portrait)."""
    page = L.Page(size=L.A4_PORTRAIT, margins=_MARGINS, mark=data.mark, reference=False,
                  doc_title="01/UQ Giấy ủy quyền")
    st = L.styles(12, 10)
    width = L.frame_width(page)
    P, B = (lambda m: L.para(m, st.body)), (lambda m: L.para(m, st.justify))
    story: list[Flowable] = []
    story += L.centred_header(st, form_no="01/UQ",
                              copy_note="Lập 02 bản: 01 bản lưu NH / 01 bản lưu hộ gia đình")
    story += L.title("GIẤY ỦY QUYỀN", st)
    story.append(B("<i>Căn cứ Bộ Luật dân sự số 91/2015/QH13 và các văn bản pháp lý có liên "
                   "quan.</i>"))
    story.append(B(f"{L.esc(L.date_line(data.issuer.place, data.date))}, hộ gia đình chúng "
                   f"tôi gồm <b>{data.household_size}</b> người, trong đó các thành viên từ đủ "
                   "18 tuổi trở lên, có năng lực hành vi dân sự đầy đủ theo quy định của Pháp "
                   "luật gồm:"))
    story.append(P("<b>I.</b>"))
    rows = [["STT", "Họ và tên", "Ngày, tháng, Năm sinh", "Số Thẻ căn cước/CCCD",
             "Nơi cư trú"]]
    for i, m in enumerate(data.members, 1):
        rows.append([str(i), L.text(m.name, st.cell), L.day(m.birth_date) if m.birth_date
                     else "", L.nfc(m.id_number), L.text(m.residence, st.cell)])
    for i in range(len(data.members) + 1, 6):
        rows.append([str(i), "", "", "", ""])
    story.append(L.grid_table(
        [[L.para(f"<b>{L.esc(c)}</b>", st.head) for c in rows[0]]] + rows[1:],
        [width * f for f in (0.07, 0.28, 0.17, 0.2, 0.28)], font_size=10,
        extra=[("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (2, 1), (3, -1), "CENTER")]))
    rep_i = data.representative
    rep = data.members[rep_i] if data.members else None
    story.append(Spacer(1, 2 * mm))
    story.append(B(
        "<b>II.</b> Các thành viên trong hộ gia đình có tên tại mục I nêu trên (gọi là Bên ủy "
        f"quyền) thỏa thuận cử ông (bà): <b>{_v(rep.name if rep else '')}</b>, STT: "
        f"{rep_i + 1 if rep else L.DOTS}, Ngày, tháng, năm sinh: "
        f"{L.esc(L.day(rep.birth_date if rep else None))}, số Thẻ căn cước/CCCD: "
        f"{_v(rep.id_number if rep else '')}, ngày cấp: "
        f"{L.esc(L.day(rep.id_issue_date if rep else None))}, nơi cấp: "
        f"{_v(rep.id_issuer if rep else '')}; (Gọi là Bên được ủy quyền) đại diện theo ủy "
        "quyền cho chúng tôi thực hiện đứng tên người vay và thực hiện các giao dịch với Ngân "
        "hàng Chính sách xã hội theo quy định trước sự chứng kiến của Trưởng thôn."))
    story.append(P("<b>III. Cam kết</b>"))
    for line in _UQ_UNDERTAKINGS:
        story.append(B(f"- {line}"))
    story.append(Spacer(1, 3 * mm))
    srows = [["STT", "Họ và tên", "Quan hệ với Bên được uỷ quyền", "Ký tên"]]
    for i, m in enumerate(data.members, 1):
        srows.append([str(i), L.text(m.name, st.cell), L.text(m.relation, st.cell_center), ""])
    sig = L.grid_table([[L.para(f"<b>{L.esc(c)}</b>", st.head) for c in srows[0]]]
                       + srows[1:], [width * f for f in (0.08, 0.37, 0.28, 0.27)],
                       font_size=10, extra=[("ALIGN", (0, 1), (0, -1), "CENTER"),
                                            ("TOPPADDING", (0, 1), (-1, -1), 7),
                                            ("BOTTOMPADDING", (0, 1), (-1, -1), 7)])
    story += L.captioned("<b>BÊN ỦY QUYỀN</b>", st.center, sig, width)
    story.append(L.signature_block(width, st, [
        ("BÊN ĐƯỢC ỦY QUYỀN", L.SIGN, rep.name if rep else ""),
        ("CHỨNG KIẾN CỦA TRƯỞNG THÔN", L.SIGN, data.village_head_name)]))
    story.append(L.signature_block(width, st, [("XÁC NHẬN CỦA UBND CẤP XÃ", L.SIGN_AND_STAMP,
                                                "")]))
    return L.build(story, page)


# Fixed text of section III, as summarised in forms.md §2.1 (the master's wording governs).
_UQ_UNDERTAKINGS = (
    ("Các thành viên có tên tại mục I cùng chịu trách nhiệm liên đới trả nợ đối với tất cả các "
     "khoản vay của hộ gia đình tại Ngân hàng Chính sách xã hội."),
    ("Giấy ủy quyền này có hiệu lực kể từ ngày ký cho đến khi hộ gia đình hoàn thành toàn bộ "
     "nghĩa vụ với Ngân hàng Chính sách xã hội."),
    ("Khi thay đổi người được ủy quyền, hộ gia đình lập Giấy sửa đổi ủy quyền và được Ngân hàng "
     "Chính sách xã hội nơi cho vay chấp thuận."),
    "Các thành viên đã hiểu rõ quyền, nghĩa vụ và hậu quả pháp lý của việc ủy quyền này.",
    "Giấy ủy quyền được lập thành 02 bản có giá trị pháp lý như nhau.",
)


# --- credit contract ------------------------------------------------------------------------

def render_contract(data: CreditContract) -> bytes:
    """Hợp đồng tín dụng of a programme with its own contract (A4 portrait, mẫu tham khảo)."""
    page = L.Page(size=L.A4_PORTRAIT, margins=_MARGINS, mark=data.mark, reference=True,
                  doc_title=f"Hợp đồng tín dụng {L.contract_text(data.contract)}")
    st = L.styles(12, 10)
    width = L.frame_width(page)
    P, B = (lambda m: L.para(m, st.body)), (lambda m: L.para(m, st.justify))
    story: list[Flowable] = []
    story += L.centred_header(st, form_no=data.form_no, copy_note="Lập 02 bản",
                             reference=True)
    story += L.title("HỢP ĐỒNG TÍN DỤNG", st,
                     subtitle=f"Số: {L.esc(L.contract_text(data.contract) or L.DOTS)}/"
                              f"{data.year}/HĐ-TD")
    story.append(L.para(f"Chương trình: <b>{L.esc(data.programme_name)}</b>", st.center))
    for basis in data.legal_basis:
        story.append(B(f"<i>- Căn cứ {L.esc(basis)};</i>"))
    story.append(Spacer(1, 2 * mm))
    story.append(P("<b>BÊN CHO VAY: NGÂN HÀNG CHÍNH SÁCH XÃ HỘI</b>"))
    story.append(P(f"{L.esc(data.issuer.office_name)} ({L.esc(data.issuer.branch_name)})"))
    story.append(P(f"Địa chỉ: {_v(data.office_address)}; Điện thoại: {_v(data.office_phone)}"))
    story.append(P(f"Người đại diện: {_v(data.representative_name)}; Chức vụ: "
                   f"{_v(data.representative_title)}"))
    story.append(P("<b>BÊN VAY:</b>"))
    story.append(P(f"Ông (bà): <b>{_v(data.borrower_name)}</b>; Sinh ngày: "
                   f"{L.esc(L.day(data.birth_date))}"))
    story.append(P(f"Số CCCD/thẻ Căn cước: {_v(data.id_number)}; Ngày cấp: "
                   f"{L.esc(L.day(data.id_issue_date))}; Nơi cấp: {_v(data.id_issuer)}; "
                   f"Có thời hạn đến: {L.esc(L.day(data.id_expiry))}"))
    story.append(P(f"Địa chỉ cư trú: {_v(data.address)}; Điện thoại: {_v(data.phone)}"))
    story.append(B("Hai bên thỏa thuận ký kết hợp đồng tín dụng với các nội dung sau:"))
    story.append(P("<b>Điều 1. Số tiền, thời hạn, lãi suất cho vay</b>"))
    story.append(P(f"1. Số tiền cho vay: <b>{_amount(data.amount)}</b> đồng "
                   f"<i>(Bằng chữ: {L.esc(L.words(data.amount))})</i>."))
    if data.purpose:
        story.append(P(f"2. Mục đích: {L.esc(data.purpose)}"))
    story.append(P(f"3. Thời hạn cho vay: {data.term_months} tháng; hạn trả nợ cuối cùng: "
                   f"ngày {L.esc(L.day(data.final_date))}."))
    overdue = (f"{L.esc(data.overdue_rate)} %/năm" if data.overdue_rate
               else "bằng 130% lãi suất khi cho vay")
    story.append(P(f"4. Lãi suất cho vay: {L.esc(data.annual_rate)} %/năm; lãi suất nợ quá "
                   f"hạn: {overdue}."))
    plan = "5. Kế hoạch trả nợ gốc:"
    if data.instalments:
        rows = [["Kỳ", "Ngày", "Số tiền (đồng)"]]
        for i, ins in enumerate(data.instalments, 1):
            rows.append([str(i), L.day(ins.due_date), L.num(ins.amount)])
        rows.append(["", "Cộng", L.num(sum(x.amount for x in data.instalments))])
        story += L.captioned(plan, st.body, L.grid_table(
            rows, [width * 0.12, width * 0.35, width * 0.35], font_size=10, total_rows=1,
            extra=[("ALIGN", (2, 1), (2, -1), "RIGHT"), ("ALIGN", (0, 1), (1, -1), "CENTER")]),
            width)
    else:
        story += [P(plan), P(f"Ngày {L.day(None)} số tiền {L.DOTS} đồng")]
    story.append(P("<b>Điều 2. Phương thức giải ngân</b>"))
    story.append(P(f"Giải ngân bằng: {L.esc(data.disbursement)}"))
    story.append(P("<b>Điều 3. Mục đích và địa điểm sử dụng vốn vay</b>"))
    story.append(P(f"Địa điểm: {_v(data.place_of_use)}"))
    story.append(B("<b>Các điều khoản khác</b> (điều chỉnh kỳ hạn, gia hạn nợ, chuyển nợ quá "
                   "hạn, xử lý vi phạm): theo văn bản hướng dẫn của Ngân hàng Chính sách xã hội "
                   "đối với chương trình cho vay này."))
    story.append(L.signature_block(width, st, [
        ("BÊN VAY", L.SIGN_OR_THUMB, data.borrower_name),
        ("ĐẠI DIỆN BÊN CHO VAY", L.SIGN_AND_STAMP, data.representative_name)],
        date_text=L.date_line(data.issuer.place, data.date)))
    return L.build(story, page)

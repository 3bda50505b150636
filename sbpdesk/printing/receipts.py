"""Receipts: the bank's voucher for a member's collection, a group hand-over, a disbursement.

Not a facsimile of the pre-printed 01/BL receipt book (bank stationery): sbpdesk prints its own
numbered voucher and quotes the 01/BL number when the group wrote one. The layout is
reconstructed ("mẫu tham khảo"). Two papers: A5 portrait and 80 mm thermal (72 mm printable,
the page grows with the content).
"""
from __future__ import annotations

import dataclasses

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from sbpdesk.services.documents.data import (
    CollectionReceipt,
    DisbursementReceipt,
    HandoverReceipt,
    PaymentReceipt,
    Receipt,
)

from . import layout as L

PAPERS = ("a5", "thermal")


def render_receipt(data: Receipt, paper: str = "a5") -> bytes:
    """PDF bytes of a receipt on "a5" or "thermal" paper."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}, got {paper!r}")
    thermal = paper == "thermal"
    st = L.styles(8.5, 8) if thermal else L.styles(11, 9.5)
    if thermal:
        width = L.THERMAL_PRINTABLE
    else:
        page = L.Page(size=L.A5_PORTRAIT, margins=(12 * mm, 12 * mm, 12 * mm, 12 * mm),
                      mark=data.mark, reference=True, doc_title=_doc_title(data),
                      demo_in_flow=True)
        width = L.frame_width(page)
    story = _story(data, st, width, thermal)
    if thermal:
        side, top, bottom = 4 * mm, 4 * mm, 7 * mm
        height = L.story_height(story, width) + top + bottom + 6 * mm
        page = L.Page(size=(L.THERMAL_WIDTH, max(height, 60 * mm)),
                      margins=(side, side, top, bottom), mark=data.mark, reference=True,
                      doc_title=_doc_title(data), page_numbers=False, footer_size=6,
                      stamp_in_margin=False, keep_signatures=False)
        story = _story(data, st, width, thermal)   # fresh flowables: wrap() cached sizes
    return L.build(story, page)


def render_receipt_a5(data: Receipt) -> bytes:
    return render_receipt(data, "a5")


def render_receipt_thermal(data: Receipt) -> bytes:
    return render_receipt(data, "thermal")


# --- content --------------------------------------------------------------------------------

PAYMENT_TITLES = {   # PaymentReceipt.kind: (title, what is paid)
    "savings": ("PHIẾU CHI RÚT TIỀN GỬI TIẾT KIỆM", "Số tiền rút"),
    "union_fee": ("PHIẾU CHI PHÍ ỦY THÁC", "Phí ủy thác chi trả"),
    "group_commission": ("PHIẾU CHI HOA HỒNG TỔ TK&VV", "Hoa hồng chi trả"),
    "refund": ("PHIẾU CHI HOÀN TRẢ TIỀN THỪA", "Số tiền hoàn trả"),
}


def _doc_title(data: Receipt) -> str:
    if isinstance(data, HandoverReceipt):
        name = "Biên nhận giao nộp tiền của Tổ TK&VV"
    else:
        name = _title(data).lower().replace("tk&vv", "TK&VV")
        name = name[0].upper() + name[1:]
    return f"{name} số {L.nfc(data.number)}"


def _title(data: Receipt) -> str:
    if isinstance(data, CollectionReceipt):
        return "BIÊN LAI THU TIỀN"
    if isinstance(data, HandoverReceipt):
        return "BIÊN NHẬN GIAO NỘP TIỀN CỦA TỔ TK&VV"
    if isinstance(data, PaymentReceipt):
        return PAYMENT_TITLES.get(data.kind, PAYMENT_TITLES["refund"])[0]
    return "BIÊN LAI GIẢI NGÂN"


def _story(data: Receipt, st: L.Styles, width: float, thermal: bool) -> list[Flowable]:
    iss = data.issuer
    story: list[Flowable] = []
    # thermal paper has no margin stamp: the marks go in the flow; A5 stamps "BẢN SAO" and
    # "ĐÃ HỦY" in every page's margin, so the flow carries only the demo's line (once)
    story += L.mark_banner(data.mark if thermal else
                           dataclasses.replace(data.mark, copy_no=0, cancelled=False), st)
    unit = [iss.branch_name.upper(), iss.office_name]
    if iss.point_name:
        unit.append(iss.point_name)
    number = [L.form_label("", True), f"Số: <b>{L.esc(data.number)}</b>"]
    bl_no = getattr(data, "bl_no", None)
    if bl_no:
        number.append(f"Số biên lai 01/BL: <b>{L.esc(bl_no)}</b>")
    if thermal:
        story.append(L.para("<br/>".join(f"<b>{L.esc(u)}</b>" if i == 0 else L.esc(u)
                                         for i, u in enumerate(unit)), st.center))
        story.append(Spacer(1, 1.5 * mm))
        story.append(L.para(f"<b>{L.esc(_title(data))}</b>", st.title))
        story.append(L.para("<br/>".join(number) + f"<br/>Ngày: {L.esc(L.day(data.date))}",
                            st.center))
    else:
        head = L.box([[L.para("<br/>".join(f"<b>{L.esc(u)}</b>" if i == 0 else L.esc(u)
                                           for i, u in enumerate(unit)), st.small),
                       L.para("<br/>".join(number), st.right)]],
            [width * 0.55, width * 0.45])
        story.append(head)
        story += L.title(f"<b>{L.esc(_title(data))}</b>", st,
                         subtitle=f"Ngày {L.esc(L.day(data.date))}")
    story += _cancellation(data, st)
    story += _fields(data, st)
    story.append(Spacer(1, 1.5 * mm))
    story += _amount_table(data, st, width)
    story += _words(data, st)
    story += _member_table(data, st, width, thermal)
    story += _after(data, st)
    story += _signatures(data, st, width, thermal)
    return story


def _field(label: str, value: str, st: L.Styles, bold: bool = False) -> Flowable:
    v = L.esc(value)
    v = '<b>' + v + '</b>' if bold else v
    if label == "Tổ TK&VV" and L.names_group(value):    # the name says it: not twice
        return L.para(v, st.body)
    return L.para(f"{L.esc(label)}: {v}", st.body)


def _fields(data: Receipt, st: L.Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if isinstance(data, CollectionReceipt):
        out.append(_field("Họ tên người nộp tiền", data.payer_name, st, bold=True))
        if data.customer_code:
            out.append(_field("Mã khách hàng", data.customer_code, st))
        if data.address:
            out.append(_field("Địa chỉ", data.address, st))
        if data.group_name:
            grp = data.group_name + (f" (Tổ trưởng: {data.leader_name})"
                                     if data.leader_name else "")
            out.append(_field("Tổ TK&VV", grp, st))
        if data.programme_name:
            out.append(_field("Chương trình cho vay", data.programme_name, st))
        if data.contract.number:
            out.append(_field("Số hợp đồng/sổ vay", L.contract_text(data.contract), st))
    elif isinstance(data, HandoverReceipt):
        out.append(_field("Tổ TK&VV", data.group_name, st, bold=True))
        out.append(_field("Tổ trưởng (người nộp tiền)", data.leader_name, st, bold=True))
        if data.organisation_name:
            out.append(_field("Thuộc tổ chức", data.organisation_name, st))
        if data.standing:   # people, not their loans
            loans = len(data.standing)
            out.append(_field("Số tổ viên nộp tiền", f"{data.member_count} tổ viên"
                              + (f" ({loans} khoản vay)" if loans != data.member_count else ""),
                              st))
    elif isinstance(data, PaymentReceipt):
        out += _payment_fields(data, st)
    else:
        assert isinstance(data, DisbursementReceipt)
        out.append(_field("Họ tên người nhận tiền", data.receiver_name, st, bold=True))
        if data.customer_code:
            out.append(_field("Mã khách hàng", data.customer_code, st))
        if data.id_number:
            out.append(_field("Số CCCD/thẻ Căn cước", data.id_number, st))
        if data.address:
            out.append(_field("Địa chỉ", data.address, st))
        if data.group_name:
            out.append(_field("Tổ TK&VV", data.group_name, st))
        if data.programme_name:
            out.append(_field("Chương trình cho vay", data.programme_name, st))
        if data.contract.number:
            out.append(_field("Số hợp đồng/sổ vay", L.contract_text(data.contract), st))
        if data.purpose:
            out.append(_field("Mục đích sử dụng vốn", data.purpose, st))
        out.append(_field("Lần giải ngân", str(data.tranche), st))
    return out


def _amount_rows(data: Receipt) -> tuple[list[tuple[str, int]], tuple[str, int]]:
    if isinstance(data, CollectionReceipt):
        rows = [("Lãi tiền vay", data.interest), ("Nợ gốc", data.principal),
                ("Tiền gửi tiết kiệm", data.savings)]
        return rows, ("Tổng số tiền mặt", data.cash_total)
    if isinstance(data, HandoverReceipt):
        rows = [("Tiền lãi tổ viên nộp", data.interest),
                ("Tiền gửi tiết kiệm tổ viên nộp", data.savings),
                ("Cộng số phải nộp", data.declared_total)]
        if data.difference:
            rows.append(("Chênh lệch (thừa +/thiếu -)", data.difference))
        return rows, ("Số tiền thực nộp (đã kiểm đếm)", data.counted)
    if isinstance(data, PaymentReceipt):
        return [], (PAYMENT_TITLES.get(data.kind, PAYMENT_TITLES["refund"])[1], data.amount)
    return [], ("Số tiền giải ngân", data.amount)


def _amount_table(data: Receipt, st: L.Styles, width: float) -> list[Flowable]:
    rows, total = _amount_rows(data)
    body = [[L.text(label, st.cell), L.money(amount)] for label, amount in rows]
    body.append([L.para(f"<b>{L.esc(total[0])}</b>", st.cell), L.money(total[1])])
    size = st.cell.fontSize
    extra = [("ALIGN", (1, 0), (1, -1), "RIGHT"), ("FONTSIZE", (0, 0), (-1, -1), size)]
    t = L.grid_table(body, [width * 0.6, width * 0.4], header_rows=0, font_size=size,
                     extra=extra, total_rows=1)
    return [t]


def _member_table(data: Receipt, st: L.Styles, width: float,
                  thermal: bool = False) -> list[Flowable]:
    """The hand-over's lines, one per loan, each with the member's customer code and the
    loan's number; lines reversed since are shown apart, so the detail adds up to what the
    leader handed over."""
    if not isinstance(data, HandoverReceipt) or not data.members:
        return []
    st = L.styles(st.body.fontSize, st.cell.fontSize - 1)   # a compact table
    size = st.cell.fontSize + 0.5
    if thermal:   # 72 mm: the code and the loan's number go under the name
        heads = ["STT", "Họ và tên, mã KH", "Lãi", "Tiết kiệm"]
        cw = [width * f for f in (0.11, 0.45, 0.22, 0.22)]
    else:         # one line a loan, so a group of a dozen still fits one A5 page
        heads = ["STT", "Họ và tên", "Mã KH", "Số HĐ/sổ vay", "Lãi", "Tiết kiệm"]
        cw = [width * f for f in (0.07, 0.27, 0.16, 0.21, 0.15, 0.14)]
    rows: list[list] = [[L.para(f"<b>{h}</b>", st.head) for h in heads]]
    for i, m in enumerate(data.members, 1):
        number = L.contract_text(m.contract)
        note = "<br/><i>(đã hủy, không cộng)</i>" if m.cancelled else ""
        if thermal:
            lines = [L.esc(x) for x in (m.name, m.customer_code, number) if x]
            row = [str(i), L.para("<br/>".join(lines) + note, st.cell)]
        else:
            name = L.para(L.esc(m.name) + note, st.cell) if note else \
                L.fit(m.name, st.cell, cw[1])
            row = [str(i), name, L.fit(m.customer_code, st.cell, cw[2]),
                   L.fit(number, st.cell, cw[3])]
        rows.append(row + [L.num(m.interest), L.num(m.savings)])
    gap = [""] * (len(heads) - 4)
    standing = data.standing
    rows.append(["", L.para("<b>Cộng</b>", st.cell), *gap,
                 L.num(sum(m.interest for m in standing)),
                 L.num(sum(m.savings for m in standing))])
    cancelled = [m for m in data.members if m.cancelled]
    if cancelled:
        rows.append(["", L.para("<i>Đã hủy sau khi giao nộp</i>", st.cell), *gap,
                     L.num(sum(m.interest for m in cancelled)),
                     L.num(sum(m.savings for m in cancelled))])
    table = L.grid_table(rows, cw, font_size=size - 0.5, total_rows=1 + bool(cancelled),
                         extra=[("ALIGN", (-2, 1), (-1, -1), "RIGHT"),
                                ("ALIGN", (0, 1), (0, -1), "CENTER")])
    return [Spacer(1, 2 * mm), L.para("<b>Chi tiết theo tổ viên</b>", st.body), table]


def _words(data: Receipt, st: L.Styles) -> list[Flowable]:
    _, (_, amount) = _amount_rows(data)
    return [Spacer(1, 1 * mm),
            L.para(f"<i>Bằng chữ: {L.esc(L.words(amount))}</i>", st.body)]


def _after(data: Receipt, st: L.Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if isinstance(data, CollectionReceipt):
        if data.from_savings:
            out.append(L.para(f"Trả nợ gốc từ tiền gửi (không dùng tiền mặt): "
                              f"<b>{L.esc(L.money(data.from_savings))}</b>", st.body))
            out.append(L.para(f"<i>(Bằng chữ: {L.esc(L.words(data.from_savings))})</i>",
                              st.body))
        if data.outstanding is not None:
            out.append(_field("Dư nợ còn lại", L.money(data.outstanding), st))
        if data.savings_balance is not None:
            out.append(_field("Số dư tiền gửi", L.money(data.savings_balance), st))
    return out


def _signatures(data: Receipt, st: L.Styles, width: float, thermal: bool) -> list[Flowable]:
    teller = ("Giao dịch viên", L.SIGN, data.teller_name)
    if isinstance(data, CollectionReceipt):
        cols = [("Người nộp tiền", L.SIGN_OR_THUMB, data.payer_name)]
        # A leader may collect interest and savings, never principal: the member pays that
        # in person, so no leader signs under it.
        if data.group_name and not (data.principal or data.from_savings):
            cols.append(("Tổ trưởng Tổ TK&VV", L.SIGN, data.leader_name))
        cols.append(teller)
    elif isinstance(data, HandoverReceipt):
        cols = [("Tổ trưởng Tổ TK&VV", L.SIGN, data.leader_name), teller]
    elif isinstance(data, PaymentReceipt):
        cols = [("Người nhận tiền", L.SIGN_OR_THUMB, data.receiver_name), teller]
        if data.controller_name:
            cols.append(("Kiểm soát", L.SIGN, data.controller_name))
    else:
        cols = [("Người nhận tiền", L.SIGN_OR_THUMB, data.receiver_name), teller,
                ("Kiểm soát", L.SIGN, data.controller_name)]
    date_text = L.date_line(data.issuer.place, data.date)
    if not thermal:
        return [L.signature_block(width, st, cols, date_text=date_text)]
    out: list[Flowable] = [Spacer(1, 1 * mm), L.para(f"<i>{L.esc(date_text)}</i>", st.center)]
    for i in range(0, len(cols), 2):
        out.append(L.signature_block(width, st, cols[i:i + 2], space=14 * mm))
    return out


def _payment_fields(data: PaymentReceipt, st: L.Styles) -> list[Flowable]:
    out = [_field("Họ tên người nhận tiền", data.receiver_name, st, bold=True)]
    for label, value in (("Mã khách hàng", data.customer_code),
                         ("Số CCCD/thẻ Căn cước", data.id_number), ("Địa chỉ", data.address),
                         ("Tổ TK&VV", data.group_name)):
        if value:
            out.append(_field(label, value, st))
    if data.period:
        year, _, month = data.period.partition("-")
        out.append(_field("Kỳ", f"tháng {month}/{year}" if month else data.period, st))
    if data.balance_after is not None:
        out.append(_field("Số dư tiền gửi sau khi rút", L.money(data.balance_after), st))
    return out


def _cancellation(data: Receipt, st: L.Styles) -> list[Flowable]:
    """A cancelled receipt says why, when, by whom, and which receipt replaces it."""
    c = data.cancellation
    if c is None:
        return []
    by = L.esc(c.by) + (f", kiểm soát {L.esc(c.approved_by)}" if c.approved_by else "")
    replaced = (f"biên lai số <b>{L.esc(c.replaced_by)}</b>" if c.replaced_by
                else "không có biên lai thay thế")
    return [L.para(f"<b>Biên lai đã hủy</b> lúc {L.esc(c.at)}, người hủy: {by}.<br/>"
                   f"Lý do: <b>{L.esc(c.reason)}</b>. Thay thế bằng: {replaced}.", st.body),
            Spacer(1, 1.5 * mm)]

"""Session report (báo cáo phiên giao dịch): every posting by kind and group, the cash count by
denomination and its difference, teller and controller signatures, and the journal head (seq
and the first 8 hex digits of its hash) recorded at close. sbpdesk's own layout (A4 portrait,
"mẫu tham khảo")."""
from __future__ import annotations

from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from sbpdesk.services.documents.data_tables import SessionReport

from . import layout as L


def head_text(seq: int, digest: str) -> str:
    """"seq 1234 · a1b2c3d4": how the journal head is printed."""
    return f"seq {seq} · {digest[:8].lower()}"


def render_session_report(data: SessionReport) -> bytes:
    page = L.Page(size=L.A4_PORTRAIT, margins=(18 * mm, 15 * mm, 15 * mm, 14 * mm),
                  mark=data.mark, reference=True,
                  doc_title=f"Báo cáo phiên {L.day(data.date)} {L.nfc(data.issuer.point_name)}"
                            f" — {L.nfc(data.label or data.session_id)}")
    st = L.styles(11, 9.5)
    width = L.frame_width(page)
    story: list[Flowable] = []
    story.append(L.national_header(width, st, left=[
        data.issuer.branch_name.upper(), data.issuer.office_name, data.issuer.point_name],
        reference=True))
    story += L.title("BÁO CÁO PHIÊN GIAO DỊCH", st,
                     subtitle=f"Ngày {L.esc(L.day(data.date))} — Mã phiên: "
                              f"{L.esc(data.label or data.session_id)}")
    story.append(L.para(f"Giao dịch viên: <b>{L.esc(data.teller_name)}</b>; Kiểm soát: "
                        f"<b>{L.esc(data.controller_name)}</b>", st.body))
    story.append(L.para(f"Tồn quỹ đầu phiên: <b>{L.esc(L.money(data.opening_cash))}</b>",
                        st.body))
    story.append(Spacer(1, 2 * mm))
    story.append(L.para("<b>I. CÁC NGHIỆP VỤ TRONG PHIÊN</b>", st.body))
    H = (lambda t: L.para(f"<b>{L.esc(t)}</b>", st.head))
    cw = [width * f for f in (0.05, 0.22, 0.25, 0.07, 0.14, 0.135, 0.135)]
    rows, subtotals = _posting_rows(data, st, cw)
    rows.insert(0, [H("STT"), H("Nghiệp vụ"), H("Tổ TK&VV"), H("Số món"), H("Số tiền"),
                    H("Thu (đồng)"), H("Chi (đồng)")])
    cash_in = sum(p.cash_in for p in data.postings)
    cash_out = sum(p.cash_out for p in data.postings)
    rows.append(["", "Cộng thu, chi", "", "", "", L.num(cash_in), L.num(cash_out)])
    bold = [("FONTNAME", (0, r + 1), (-1, r + 1), L.fonts.BOLD) for r in subtotals]
    story.append(L.grid_table(rows, cw, font_size=9, total_rows=1, extra=[
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (3, 1), (-1, -1), "RIGHT"), *bold]))
    if data.reversed_count:
        story.append(L.para(f"<i>Số nghiệp vụ đã hủy trong phiên: {data.reversed_count}</i>",
                            st.body))
    story += _receipt_lines(data, st)
    story.append(Spacer(1, 3 * mm))
    cw2 = [width * f for f in (0.3, 0.2, 0.3)]
    rows2: list[list] = [[H("Mệnh giá"), H("Số tờ"), H("Thành tiền")]]
    for c in data.cash:
        rows2.append([L.money(c.denomination), str(c.pieces), L.num(c.amount)])
    rows2.append(["Cộng", str(sum(c.pieces for c in data.cash)), L.num(data.counted_total)])
    diff = data.difference
    verdict = "khớp" if diff == 0 else ("thừa" if diff > 0 else "thiếu")
    cash_block = [
        L.para("<b>II. KIỂM KÊ TIỀN MẶT CUỐI PHIÊN</b>", st.body),
        L.grid_table(rows2, cw2, font_size=9.5, total_rows=1,
                     extra=[("ALIGN", (0, 1), (-1, -1), "RIGHT")]),
        Spacer(1, 2 * mm),
        L.para(f"Tồn quỹ theo sổ (đầu phiên + thu - chi): "
               f"<b>{L.esc(L.money(data.expected_total))}</b>", st.body),
        L.para(f"Tiền mặt thực tế kiểm đếm: <b>{L.esc(L.money(data.counted_total))}</b>",
               st.body),
        L.para(f"<i>(Bằng chữ: {L.esc(L.words(data.counted_total))})</i>", st.body),
        L.para(f"Chênh lệch: <b>{L.esc(L.money(diff))}</b> ({verdict})", st.body),
    ]
    story.append(KeepTogether(cash_block))
    story.append(Spacer(1, 2 * mm))
    story.append(L.para("<b>III. XÁC NHẬN SỔ NHẬT KÝ</b>", st.body))
    head = L.esc(head_text(data.head_seq, data.head_hash))
    story.append(L.para(f"Đầu sổ nhật ký khi đóng phiên: <b>{head}</b>",
                        st.body))
    cols = [("Giao dịch viên", L.SIGN, data.teller_name),
            ("Kiểm soát", L.SIGN, data.controller_name),
            ("Tổ trưởng tổ giao dịch", L.SIGN, data.leader_name)]
    story.append(L.signature_block(width, st, cols,
                                   date_text=L.date_line(data.issuer.place, data.date)))
    return L.build(story, page)


def _posting_rows(data: SessionReport, st: L.Styles,
                  cw: list[float]) -> tuple[list[list], list[int]]:
    """One row per kind and group, then a subtotal of each kind that has several; every row
    with its amount (a hand-over moves no cash of its own, yet has one)."""
    rows: list[list] = []
    subtotals: list[int] = []
    n = 0
    for kind, lines in groupby(data.postings, key=lambda p: p.kind):
        lines = list(lines)
        for p in lines:
            n += 1
            rows.append([str(n), L.fit(p.kind, st.cell, cw[1]),
                         L.fit(p.group_name or "—", st.cell, cw[2]), str(p.count),
                         L.num(p.amount), L.num(p.cash_in) if p.cash_in else "",
                         L.num(p.cash_out) if p.cash_out else ""])
        if len(lines) > 1:
            subtotals.append(len(rows))
            cin, cout = sum(p.cash_in for p in lines), sum(p.cash_out for p in lines)
            rows.append(["", L.fit(f"Cộng {kind.lower()}", st.cell, cw[1]), "",
                         str(sum(p.count for p in lines)), L.num(sum(p.amount for p in lines)),
                         L.num(cin) if cin else "", L.num(cout) if cout else ""])
    return rows, subtotals


def _receipt_lines(data: SessionReport, st: L.Styles) -> list[Flowable]:
    """The receipt numbers issued (a range per origin; gaps are normal) and those voided."""
    out: list[Flowable] = []
    for r in data.receipts:
        span = L.esc(r.first) if r.first == r.last else \
            f"{L.esc(r.first)} đến {L.esc(r.last)}"
        out.append(L.para(f"Biên lai đã phát hành: số {span} ({r.count} biên lai)", st.body))
    if data.voided:
        out.append(L.para(f"Biên lai đã hủy ({len(data.voided)}): "
                          f"{L.esc(', '.join(data.voided))}", st.body))
    elif data.receipts:
        out.append(L.para("Biên lai đã hủy: không có", st.body))
    return out

"""Loan dossier, lists, session report, notice and loan book read back."""
from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest
from reportlab.lib.units import mm

from sbpdesk.domain.words import amount_in_words
from sbpdesk.printing import (
    render_application,
    render_approval,
    render_authorisation,
    render_contract,
    render_due_list,
    render_loanbook,
    render_notice,
    render_proposal,
    render_receipt,
    render_session_report,
    render_statement,
)
from sbpdesk.services.documents.data import PrintMark

from . import samples as S
from .pdfread import flat, font_names, has_row, page_size

MOTTO = ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc")


def test_application_01td():
    a = S.APPLICATION
    text = flat(render_application(a))
    for expected in (*MOTTO, "Mẫu số: 01/TD",
                     "GIẤY ĐỀ NGHỊ VAY VỐN KIÊM PHƯƠNG ÁN SỬ DỤNG VỐN VAY",
                     "Chương trình cho vay: Hộ sản xuất kinh doanh vùng khó khăn",
                     "1. Họ tên người vay: Nguyễn Thị Hằng", "Sinh ngày: 14/03/1985",
                     "060185001234", "Lê Thị Mai làm tổ trưởng",
                     "Đề nghị NHCSXH cho vay số tiền: 50.000.000 đồng",
                     "Tổng nhu cầu vốn: 62.000.000 đồng", "Vốn tự có tham gia: 12.000.000 đồng",
                     "Bò cái sinh sản", "02 Con", "40.000.000", "10.000.000",
                     "Thời hạn xin vay: 60 tháng; Kỳ hạn trả nợ: 6 tháng/lần",
                     "Hạn trả nợ cuối cùng: Ngày 05/06/2031",
                     "Xác nhận của UBND cấp xã", "(Ký, ghi rõ họ tên hoặc điểm chỉ)",
                     "PHÊ DUYỆT CỦA NGÂN HÀNG", "Lãi suất: 6,6 %/năm",
                     "130% lãi suất khi cho vay", "Số tiền trả nợ: 5.000.000 đồng/lần",
                     "Cán bộ tín dụng", "Giám đốc", "(Ký tên, đóng dấu)",
                     "Bắc Bình, ngày 20 tháng 05 năm 2026"):
        assert expected in text, expected
    assert f"Bằng chữ: {amount_in_words(50_000_000)}" in text
    assert "Bằng chữ: Năm mươi triệu đồng" in text
    assert "mẫu tham khảo" not in text          # labels from the real template
    hn = flat(render_application(replace(a, commune_certification=False, approval=None)))
    assert "Xác nhận của UBND cấp xã" not in hn
    assert "PHÊ DUYỆT CỦA NGÂN HÀNG" in hn and "Ngày …… tháng …… năm 20……" in hn


def test_authorisation_01uq():
    text = flat(render_authorisation(S.AUTHORISATION))
    for expected in (*MOTTO, "Mẫu số: 01/UQ", "GIẤY ỦY QUYỀN", "91/2015/QH13",
                     "gồm 5 người", "Đặng Văn Bảy", "Hồ Ngọc Ẩn", "Đặng Thị Hằng", "Vợ", "Con",
                     "060079000111", "01/02/1979", "BÊN ỦY QUYỀN", "BÊN ĐƯỢC ỦY QUYỀN",
                     "CHỨNG KIẾN CỦA TRƯỞNG THÔN", "Võ Đình Lũy", "XÁC NHẬN CỦA UBND CẤP XÃ",
                     "Lập 02 bản: 01 bản lưu NH / 01 bản lưu hộ gia đình"):
        assert expected in text, expected


def test_credit_contract():
    c = S.CONTRACT
    text = flat(render_contract(c))
    for expected in ("HỢP ĐỒNG TÍN DỤNG", "Mẫu số: 07b/GQVL", "0123 (tạm)/2026/HĐ-TD",
                     "Trần Thị Thủy", "Ngô Văn Khải", "100.000.000 đồng", "Lãi suất cho vay: 6,6",
                     "05/06/2027", "05/06/2031", "20.000.000", "mẫu tham khảo",
                     "Luật Việc làm số 74/2025/QH15"):
        assert expected in text, expected
    assert f"Bằng chữ: {amount_in_words(c.amount)}" in text
    assert "Bằng chữ: Một trăm triệu đồng" in text
    assert sum(i.amount for i in c.instalments) == c.amount


def test_proposal_03td_totals():
    p = S.PROPOSAL
    pdf = render_proposal(p)
    w, h = page_size(pdf)
    assert w > h                                         # landscape
    text = flat(pdf)
    for r in p.rows:
        assert r.name in text and r.purpose in text
    total = sum(r.amount for r in p.rows)
    approved = sum(r.approved_amount or 0 for r in p.rows)
    assert (total, approved) == (120_000_000, 80_000_000)
    assert has_row(pdf, "Cộng 120.000.000 80.000.000")
    for expected in ("Mẫu số: 03/TD", "DANH SÁCH TỔ VIÊN",
                     "ĐỀ NGHỊ VAY VỐN NGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
                     "Tên tổ TK&VV: Tổ bà Lê Thị Mai",
                     "120.000.000", "80.000.000", "Số người được vay vốn đợt này: 2 người",
                     "Tổng số tiền cho vay: 80.000.000 đồng",
                     "Số người chưa được vay đợt này: 1 người", "là: 3",
                     "Xác nhận của UBND cấp xã", "Đơn vị: Đồng"):
        assert expected in text, expected


def test_approval_04td():
    a = S.APPROVAL
    text = flat(render_approval(a))
    for expected in ("Mẫu số: 04/TD", "THÔNG BÁO KẾT QUẢ PHÊ DUYỆT CHO VAY",
                     "Kính gửi: UBND xã Bắc Bình", "Nguyễn Thị Hằng", "Đặng Văn Bảy",
                     "Bùi Quang Vĩnh", "08:00 ngày 05/06/2026", "mẫu tham khảo",
                     "Số: 15/TB-PGD"):
        assert expected in text, expected
    assert has_row(render_approval(a), "Cộng",
                   f"{sum(r.amount for r in a.rows):,}".replace(",", "."))


def test_session_report_head_and_cash():
    s = S.SESSION
    text = flat(render_session_report(s))
    assert "seq 1487 · 9f3a61c2" in text
    assert s.head_hash[:9] not in text                   # only the first 8 hex digits
    assert "BÁO CÁO PHIÊN GIAO DỊCH" in text
    assert "Mã phiên: BB01 · 05/06/2026 · phiên 1" in text   # not the session's id
    cash_in = sum(p.cash_in for p in s.postings)
    cash_out = sum(p.cash_out for p in s.postings)
    assert has_row(render_session_report(s), "Cộng thu, chi",
                   f"{cash_in:,} {cash_out:,}".replace(",", "."))
    assert s.expected_total == s.opening_cash + cash_in - cash_out
    assert s.counted_total == sum(c.denomination * c.pieces for c in s.cash)
    for expected in (f"{s.counted_total:,} đ".replace(",", "."),
                     f"{s.expected_total:,} đ".replace(",", "."),
                     f"Chênh lệch: {s.difference:,} đ".replace(",", "."),
                     "500.000 đ", "Hồ Ngọc Ẩn", "Phan Văn Tỵ", "Giao dịch viên", "Kiểm soát",
                     "Tổ TK&VV thôn Tây", "Giải ngân", "Số nghiệp vụ đã hủy trong phiên: 1"):
        assert expected in text, expected
    assert f"Bằng chữ: {amount_in_words(s.counted_total)}" in text


def test_overdue_and_due_next_month_lists():
    o = S.OVERDUE
    text = flat(render_due_list(o))
    assert "DANH SÁCH HỘ VAY CÓ NỢ QUÁ HẠN" in text
    for g in o.groups:
        assert g.group_name in text and g.leader_name in text
        for r in g.rows:
            assert r.name in text
    principal = sum(r.principal for g in o.groups for r in g.rows)
    assert f"gốc: {principal:,} đ".replace(",", ".") in text
    assert has_row(render_due_list(o), "Cộng tổ 2 hộ 8.000.000 213.400 37.000.000")
    assert "BB-1002 (tạm)" in text and "92" in text
    nxt = flat(render_due_list(S.DUE_NEXT))
    assert "DANH SÁCH HỘ VAY ĐẾN HẠN TRẢ NỢ THÁNG TỚI" in nxt and "Tháng 07/2026" in nxt
    assert "Nguyễn Thị Hằng" in nxt and "05/07/2026" in nxt
    with pytest.raises(ValueError):
        render_due_list(replace(o, kind="someday"))


def test_public_notice():
    n = S.NOTICE
    text = flat(render_notice(n))
    for expected in ("THÔNG BÁO CÔNG KHAI", "LÃI SUẤT CHO VAY ĐANG ÁP DỤNG", "Cho vay hộ nghèo",
                     "7,488", "0,624", "QĐ 2553/QĐ-TTg", "LỊCH GIAO DỊCH", "05/07/2026",
                     "07:30", "Nhà văn hóa thôn Đông",
                     "NỘI QUY GIAO DỊCH", "không được thu nợ gốc", "DANH SÁCH HỘ VAY VỐN",
                     "0252 3 868 686"):
        assert expected in text, expected
    for b in n.borrowers:
        assert b.name in text
    assert f"{sum(b.outstanding for b in n.borrowers):,}".replace(",", ".") in text


def test_loan_book_page():
    lb = S.LOANBOOK
    pdf = render_loanbook(lb)
    w, h = page_size(pdf)
    assert w > h
    text = flat(pdf)
    for expected in ("SỔ VAY VỐN", "BB01234567", "Nguyễn Thị Hằng", "BB-1000", "BB01-T-0009 (tạm)",
                     "Giải ngân", "Thu nợ gốc từ tiền gửi", "20.000.000", "14.000.000",
                     "Dư nợ quá hạn", "Dư nợ khoanh", "Kế toán", "Người vay",
                     "Theo Giấy ủy quyền lập: 18/05/2021"):
        assert expected in text, expected
    first = lb.loans[0]
    assert has_row(pdf, "Cộng 20.000.000 6.000.000 14.000.000")
    assert first.amount - sum(m.repaid for m in first.movements) == first.movements[-1].outstanding


ALL = {
    "receipt-a5": lambda: render_receipt(S.COLLECTION, "a5"),
    "receipt-thermal": lambda: render_receipt(S.COLLECTION, "thermal"),
    "application": lambda: render_application(S.APPLICATION),
    "authorisation": lambda: render_authorisation(S.AUTHORISATION),
    "contract": lambda: render_contract(S.CONTRACT),
    "proposal": lambda: render_proposal(S.PROPOSAL),
    "approval": lambda: render_approval(S.APPROVAL),
    "statement": lambda: render_statement(S.statement(20)),
    "session": lambda: render_session_report(S.SESSION),
    "overdue": lambda: render_due_list(S.OVERDUE),
    "notice": lambda: render_notice(S.NOTICE),
    "loanbook": lambda: render_loanbook(S.LOANBOOK),
}


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_document_uses_only_the_bundled_fonts_and_renders(name, tmp_path):
    pdf = ALL[name]()
    used = font_names(pdf)
    assert used and all("NotoSerif" in f for f in used), used
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / name)], check=True)
    assert list(tmp_path.glob(f"{name}*.png"))


@pytest.mark.parametrize("name", ["application", "statement", "session"])
def test_copy_and_demo_marks_on_page_documents(name):
    makers = {"application": (render_application, S.APPLICATION),
              "statement": (render_statement, S.statement(5)),
              "session": (render_session_report, S.SESSION)}
    render, data = makers[name]
    text = flat(render(replace(data, mark=PrintMark(copy_no=2, demo=True))))
    assert "BẢN SAO (lần 2)" in text and "DỮ LIỆU MẪU" in text
    assert "BẢN SAO" not in flat(render(data))


def test_page_sizes():
    assert [round(x / mm) for x in page_size(render_application(S.APPLICATION))] == [210, 297]
    assert [round(x / mm) for x in page_size(render_statement(S.statement(3)))] == [297, 210]


def test_a_negative_amount_reads_am_in_words():
    from sbpdesk.printing.layout import words
    # 5.318.524: năm triệu ba trăm mười tám nghìn năm trăm hai mươi bốn
    assert words(-5_318_524) == ("Âm năm triệu ba trăm mười tám nghìn năm trăm hai mươi "
                                 "bốn đồng")
    assert words(1_200_000) == "Một triệu hai trăm nghìn đồng"

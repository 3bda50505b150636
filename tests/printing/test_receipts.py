"""Receipts read back: names, amounts in figures and words, marks, thermal paper."""
from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest
from reportlab.lib.units import mm

from sbpdesk.domain.money import format_vnd
from sbpdesk.domain.words import amount_in_words
from sbpdesk.printing import render_receipt
from sbpdesk.services.documents.data import HandoverMember, PrintMark

from . import samples as S
from .pdfread import flat, page_count, page_size


@pytest.mark.parametrize("paper", ["a5", "thermal"])
def test_collection_receipt(paper):
    r = S.COLLECTION
    text = flat(render_receipt(r, paper))
    assert r.cash_total == 1_200_000
    for expected in ("BIÊN LAI THU TIỀN", "BB01-1-123", "0045871", "Nguyễn Thị Hằng",
                     "Lê Thị Mai", "Hồ Ngọc Ẩn", "Tổ TK&VV thôn Đông", "Cho vay hộ nghèo",
                     "BB01-T-0007 (tạm)", "05/06/2026", "Bắc Bình, ngày 05 tháng 06 năm 2026",
                     "CHI NHÁNH NHCSXH TỈNH LÂM ĐỒNG", "Phòng giao dịch NHCSXH Bắc Bình",
                     "Điểm giao dịch xã Phan Rí Thành",
                     "85.800 đ", "1.000.000 đ", "114.200 đ", "200.000 đ", "1.200.000 đ",
                     "14.000.000 đ", "1.250.000 đ",
                     "(Ký, ghi rõ họ tên hoặc điểm chỉ)", "mẫu tham khảo"):
        assert expected in text, expected
    # Amount in words: the domain's reading, and a hand-written literal.
    assert f"Bằng chữ: {amount_in_words(1_200_000)}" in text
    assert "Bằng chữ: Một triệu hai trăm nghìn đồng" in text
    assert "Bằng chữ: Hai trăm nghìn đồng" in text          # paid from savings
    assert "BẢN SAO" not in text and "ĐÃ HỦY" not in text and "DỮ LIỆU MẪU" not in text


def test_collection_without_provisional_contract_has_no_tam():
    r = replace(S.COLLECTION, contract=replace(S.COLLECTION.contract, provisional=False))
    text = flat(render_receipt(r))
    assert "BB01-T-0007" in text and "(tạm)" not in text


def test_handover_receipt_amounts_and_members():
    r = S.HANDOVER
    text = flat(render_receipt(r, "a5"))
    for expected in ("BIÊN NHẬN GIAO NỘP TIỀN CỦA TỔ TK&VV", "Lê Thị Mai", "Nguyễn Thị Hằng",
                     "Đặng Văn Bảy", "Hồ Ngọc Ẩn", "412.500 đ", "300.000 đ", "712.500 đ",
                     "710.000 đ", "-2.500 đ", "Trương Thị Diễm"):
        assert expected in text, expected
    assert r.declared_total == sum(m.interest + m.savings for m in r.members)
    assert "Bằng chữ: Bảy trăm mười nghìn đồng" in text
    assert f"Bằng chữ: {amount_in_words(r.counted)}" in text


def test_disbursement_receipt():
    r = S.DISBURSEMENT
    text = flat(render_receipt(r, "a5"))
    for expected in ("BIÊN LAI GIẢI NGÂN", "Đặng Văn Bảy", "BB-2026-0457", "50.000.000 đ",
                     "Người nhận tiền", "Kiểm soát", "Phan Văn Tỵ", "060090001122"):
        assert expected in text, expected
    assert "(tạm)" not in text
    assert "Bằng chữ: Năm mươi triệu đồng" in text
    assert f"Bằng chữ: {amount_in_words(50_000_000)}" in text


@pytest.mark.parametrize("paper", ["a5", "thermal"])
def test_reprint_says_copy_and_count(paper):
    text = flat(render_receipt(replace(S.COLLECTION, mark=PrintMark(copy_no=3)), paper))
    assert "BẢN SAO (lần 3)" in text
    assert "ĐÃ HỦY" not in text


@pytest.mark.parametrize("paper", ["a5", "thermal"])
def test_reversed_receipt_says_cancelled(paper):
    text = flat(render_receipt(replace(S.DISBURSEMENT,
                                       mark=PrintMark(copy_no=1, cancelled=True)), paper))
    assert "ĐÃ HỦY" in text
    assert "BẢN SAO (lần 1)" in text


def test_demo_book_is_marked():
    text = flat(render_receipt(replace(S.COLLECTION, mark=PrintMark(demo=True))))
    assert "DỮ LIỆU MẪU" in text


def test_a5_paper():
    w, h = page_size(render_receipt(S.COLLECTION, "a5"))
    assert (round(w / mm), round(h / mm)) == (148, 210)


def test_thermal_paper_is_80mm_and_grows_with_content():
    short = render_receipt(S.DISBURSEMENT, "thermal")
    members = tuple(HandoverMember(f"{S.NAMES[i % len(S.NAMES)]} {i}", 50_000, 20_000)
                    for i in range(40))
    long_r = replace(S.HANDOVER, members=members, interest=2_000_000, savings=800_000,
                     counted=2_800_000)
    long = render_receipt(long_r, "thermal")
    w1, h1 = page_size(short)
    w2, h2 = page_size(long)
    assert round(w1 / mm) == round(w2 / mm) == 80
    assert h2 > h1 + 100 * mm
    assert page_count(short) == page_count(long) == 1
    text = flat(long)
    assert f"{S.NAMES[39 % len(S.NAMES)]} 39" in text
    assert "2.800.000 đ" in text and "Hai triệu tám trăm nghìn đồng" in text


def test_nfd_input_prints_as_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    assert nfd != "Nguyễn Thị Hằng"
    text = flat(render_receipt(replace(S.COLLECTION, payer_name=nfd)))
    assert "Nguyễn Thị Hằng" in unicodedata.normalize("NFC", text)
    assert "Nguyễn Thị Hằng" in text


def test_unknown_paper_refused():
    with pytest.raises(ValueError):
        render_receipt(S.COLLECTION, "letter")


def test_amount_format_matches_domain():
    text = flat(render_receipt(S.COLLECTION))
    assert format_vnd(S.COLLECTION.cash_total) in text


@pytest.mark.parametrize("paper", ["a5", "thermal"])
def test_demo_mark_is_printed_once_beside_its_watermark(paper):
    # The A5 receipt said "DỮ LIỆU MẪU" in the margin stamp and again in the line under it.
    text = flat(render_receipt(replace(S.COLLECTION, mark=PrintMark(demo=True)), paper))
    # (the rotated watermark is not read back as text)
    assert text.count("DỮ LIỆU MẪU — không có giá trị giao dịch") == 1
    assert text.count("DỮ LIỆU MẪU") == 1

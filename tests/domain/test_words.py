"""amount_in_words: every expected string below is written by hand, in accounting style."""
import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import MAX_AMOUNT
from sbpdesk.domain.words import amount_in_words

CASES = [
    # zero and the units
    (0, "Không đồng"),
    (1, "Một đồng"),
    (2, "Hai đồng"),
    (3, "Ba đồng"),
    (4, "Bốn đồng"),
    (5, "Năm đồng"),
    (6, "Sáu đồng"),
    (7, "Bảy đồng"),
    (8, "Tám đồng"),
    (9, "Chín đồng"),
    # 10–19: "mười", "mười một" (not "mốt"), "mười lăm"
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (12, "Mười hai đồng"),
    (13, "Mười ba đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (16, "Mười sáu đồng"),
    (17, "Mười bảy đồng"),
    (18, "Mười tám đồng"),
    (19, "Mười chín đồng"),
    # 20 and up: "mươi", "mốt", "lăm", and "bốn" (never "tư")
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (22, "Hai mươi hai đồng"),
    (23, "Hai mươi ba đồng"),
    (24, "Hai mươi bốn đồng"),
    (25, "Hai mươi lăm đồng"),
    (30, "Ba mươi đồng"),
    (31, "Ba mươi mốt đồng"),
    (45, "Bốn mươi lăm đồng"),
    (54, "Năm mươi bốn đồng"),
    (99, "Chín mươi chín đồng"),
    # hundreds; "linh" when the tens digit is 0
    (100, "Một trăm đồng"),
    (101, "Một trăm linh một đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (111, "Một trăm mười một đồng"),
    (115, "Một trăm mười lăm đồng"),
    (121, "Một trăm hai mươi mốt đồng"),
    (124, "Một trăm hai mươi bốn đồng"),
    (125, "Một trăm hai mươi lăm đồng"),
    (200, "Hai trăm đồng"),
    (909, "Chín trăm linh chín đồng"),
    (999, "Chín trăm chín mươi chín đồng"),
    # nghìn; a non-leading group is read in full: 0xy, 00y, 0x0, x00, x0y
    (1_000, "Một nghìn đồng"),
    (1_001, "Một nghìn không trăm linh một đồng"),
    (1_005, "Một nghìn không trăm linh năm đồng"),
    (1_010, "Một nghìn không trăm mười đồng"),
    (1_014, "Một nghìn không trăm mười bốn đồng"),
    (1_021, "Một nghìn không trăm hai mươi mốt đồng"),
    (1_100, "Một nghìn một trăm đồng"),
    (1_105, "Một nghìn một trăm linh năm đồng"),
    (1_234, "Một nghìn hai trăm ba mươi bốn đồng"),
    (10_000, "Mười nghìn đồng"),
    (10_500, "Mười nghìn năm trăm đồng"),
    (11_000, "Mười một nghìn đồng"),
    (11_011, "Mười một nghìn không trăm mười một đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (21_000, "Hai mươi mốt nghìn đồng"),
    (25_050, "Hai mươi lăm nghìn không trăm năm mươi đồng"),
    (44_444, "Bốn mươi bốn nghìn bốn trăm bốn mươi bốn đồng"),
    (55_555, "Năm mươi lăm nghìn năm trăm năm mươi lăm đồng"),
    (100_000, "Một trăm nghìn đồng"),
    (105_000, "Một trăm linh năm nghìn đồng"),
    (250_000, "Hai trăm năm mươi nghìn đồng"),
    (500_005, "Năm trăm nghìn không trăm linh năm đồng"),
    # triệu; an empty middle group (000) is skipped, trailing empty groups too
    (1_000_000, "Một triệu đồng"),
    (1_000_001, "Một triệu không trăm linh một đồng"),
    (1_000_005, "Một triệu không trăm linh năm đồng"),
    (1_000_100, "Một triệu một trăm đồng"),
    (1_001_000, "Một triệu không trăm linh một nghìn đồng"),
    (1_010_000, "Một triệu không trăm mười nghìn đồng"),
    (1_200_000, "Một triệu hai trăm nghìn đồng"),
    (2_050_000, "Hai triệu không trăm năm mươi nghìn đồng"),
    (3_040_506, "Ba triệu không trăm bốn mươi nghìn năm trăm linh sáu đồng"),
    (7_000_007, "Bảy triệu không trăm linh bảy đồng"),
    (15_500_000, "Mười lăm triệu năm trăm nghìn đồng"),
    (20_000_000, "Hai mươi triệu đồng"),
    (50_000_000, "Năm mươi triệu đồng"),
    (100_000_000, "Một trăm triệu đồng"),
    (101_101_101,
     "Một trăm linh một triệu một trăm linh một nghìn một trăm linh một đồng"),
    (800_000_004, "Tám trăm triệu không trăm linh bốn đồng"),
    (999_999_999,
     ("Chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
      "chín trăm chín mươi chín đồng")),
    # tỷ
    (1_000_000_000, "Một tỷ đồng"),
    (1_000_000_001, "Một tỷ không trăm linh một đồng"),
    (1_000_001_000, "Một tỷ không trăm linh một nghìn đồng"),
    (1_001_000_000, "Một tỷ không trăm linh một triệu đồng"),
    (1_500_000_000, "Một tỷ năm trăm triệu đồng"),
    (2_000_000_000, "Hai tỷ đồng"),
    (21_000_000_000, "Hai mươi mốt tỷ đồng"),
    (105_000_000_000, "Một trăm linh năm tỷ đồng"),
    (999_000_000_000, "Chín trăm chín mươi chín tỷ đồng"),
    # nghìn tỷ: the number of tỷ is itself read up to the nghìn
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    (1_200_000_000_000, "Một nghìn hai trăm tỷ đồng"),
    (1_005_000_000_000, "Một nghìn không trăm linh năm tỷ đồng"),
    (1_000_000_000_005, "Một nghìn tỷ không trăm linh năm đồng"),
    (1_000_000_001_000, "Một nghìn tỷ không trăm linh một nghìn đồng"),
    (1_000_050_000_000, "Một nghìn tỷ không trăm năm mươi triệu đồng"),
    # 12.345 tỷ + 678.901.234
    (12_345_678_901_234,
     ("Mười hai nghìn ba trăm bốn mươi lăm tỷ sáu trăm bảy mươi tám triệu "
      "chín trăm linh một nghìn hai trăm ba mươi bốn đồng")),
    (100_000_000_000_000, "Một trăm nghìn tỷ đồng"),
    (MAX_AMOUNT,
     ("Chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ "
      "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
      "chín trăm chín mươi chín đồng")),
]


def test_table_is_large_and_has_no_duplicates():
    amounts = [amount for amount, _ in CASES]
    assert len(amounts) >= 60
    assert len(set(amounts)) == len(amounts)


@pytest.mark.parametrize(("amount", "expected"), CASES)
def test_amount_in_words(amount, expected):
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(("amount", "expected"), [
    (105, "Một trăm lẻ năm đồng"),
    (105_000, "Một trăm lẻ năm nghìn đồng"),
    (1_005, "Một nghìn không trăm lẻ năm đồng"),
    (1_000_001, "Một triệu không trăm lẻ một đồng"),
    # "lẻ" replaces only "linh"; other groups are unchanged
    (1_014, "Một nghìn không trăm mười bốn đồng"),
])
def test_le_instead_of_linh(amount, expected):
    assert amount_in_words(amount, zero_hundred="lẻ") == expected


def test_max_amount_is_the_same_constant_as_money():
    assert MAX_AMOUNT == 999_999_999_999_999


@pytest.mark.parametrize("amount", [-1, -1_000, MAX_AMOUNT + 1, 10**18])
def test_out_of_range_is_refused(amount):
    with pytest.raises(DomainError) as err:
        amount_in_words(amount)
    assert err.value.field == "amount"
    assert err.value.vi and err.value.en


@pytest.mark.parametrize("amount", [1.0, "100", True, None])
def test_non_int_is_a_programming_error(amount):
    with pytest.raises(TypeError):
        amount_in_words(amount)


def test_unknown_zero_hundred_word_is_refused():
    with pytest.raises(ValueError):
        amount_in_words(105, zero_hundred="le")


def test_output_is_nfc_and_single_spaced():
    import unicodedata
    for amount, _ in CASES:
        text = amount_in_words(amount)
        assert unicodedata.is_normalized("NFC", text)
        assert "  " not in text and text == text.strip()
        assert text.endswith(" đồng") and text[0].isupper()

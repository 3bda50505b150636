"""text: NFC, search keys, and the Vietnamese order of names (given name first)."""
import unicodedata

import pytest

from sbpdesk.domain.text import name_sort_key, nfc, normalise_spaces, search_key


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --- nfc / spaces -------------------------------------------------------------------------

def test_nfc_composes_what_a_keyboard_sent_decomposed():
    decomposed = nfd("Nguyễn Văn Đức")
    assert decomposed != "Nguyễn Văn Đức"          # the IME case: different code points
    assert nfc(decomposed) == "Nguyễn Văn Đức"
    assert len(nfc(nfd("ễ"))) == 1                  # e + circumflex + tilde → one code point
    assert nfc("Nguyễn") == "Nguyễn"


@pytest.mark.parametrize(("text", "expected"), [
    ("  a \t b\u00a0c \n", "a b c"),
    ("Nguyễn   Văn  A", "Nguyễn Văn A"),
    ("", ""),
    ("   ", ""),
    ("x", "x"),
])
def test_normalise_spaces(text, expected):
    assert normalise_spaces(text) == expected


# --- search_key ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "nguyen van a",
    "NGUYỄN VĂN A",
    "Nguyen  Van A",
    "Nguyễn Văn A",
    nfd("Nguyễn Văn A"),
    "  nguyễn\u00a0văn\ta ",
])
def test_search_key_folds_to_the_same_key(text):
    assert search_key(text) == "nguyen van a"


@pytest.mark.parametrize(("text", "expected"), [
    ("Đặng Thị Đào", "dang thi dao"),        # đ/Đ → d: NFD alone would not do this
    ("ĐẶNG", "dang"),
    ("Trần Thị Ánh", "tran thi anh"),
    ("Phạm Ngọc Ưng", "pham ngoc ung"),
    ("Hồ Thị Ơn", "ho thi on"),
    ("Lê Văn Tám", "le van tam"),
    ("Thôn Ea H'Leo", "thon ea h'leo"),
    ("", ""),
])
def test_search_key(text, expected):
    assert search_key(text) == expected


def test_search_key_is_ascii_for_vietnamese_names():
    assert search_key("Nguyễn Thị Hằng Đoàn Ưng Ỷ Ậu").isascii()


# --- name_sort_key ------------------------------------------------------------------------

def _check_order(expected: list[str]) -> None:
    # Sort a reversed and an interleaved copy; both must come back in the hand-made order.
    for start in (list(reversed(expected)), expected[1::2] + expected[::2]):
        assert sorted(start, key=name_sort_key) == expected


def test_brief_example_bich_before_binh():
    # Given names Bích (b,i,c,h) and Bình (b,i,n,h): c < n, so Bích first whatever the family.
    assert name_sort_key("Nguyễn Thị Bích") < name_sort_key("Đặng Văn Bình")


def test_order_by_given_name_in_vietnamese_alphabet():
    _check_order([
        "Tạ Văn An",         # a n            (prefix of Anh → first)
        "Vũ Văn Anh",        # a n h          tones 0 0 0
        "Ngô Thị Ánh",       # a n h          tones 4 0 0: sắc after ngang
        "Đinh Thị Ân",       # â n            (a < â)
        "Nguyễn Thị Bích",   # b i c h
        "Đặng Văn Bình",     # b i n h        (c < n)
        "Lê Văn Cường",      # c ư ơ n g
        "Trần Văn Dũng",     # d u n g
        "Lê Văn Dương",      # d ư ơ n g      (u < ư)
        "Hồ Thị Đào",        # đ a o          (d < đ, so after every d)
        "Phan Văn Đức",      # đ ư c          (a < ư)
        "Nguyễn Văn Em",     # e m
        "Mạnh",              # m a n h        (a single word is a given name)
    ])


def test_order_of_a_and_o_families_and_tone_groups():
    _check_order([
        "Nguyễn Thị Hà",     # h a
        "Trần Văn Hải",      # h a i          (Hà is a prefix)
        "Lê Thị Hạnh",       # h a n h        (i < n)
        "Phạm Thị Hằng",     # h ă n g        (a < ă)
        "Vũ Thị Hân",        # h â n          (ă < â)
        "Đỗ Thị Hoa",        # h o a, no tone; family đ < t
        "Trần Thị Hoa",      # h o a, no tone
        "Bùi Văn Hòa",       # h o a, huyền: every Hoa before any Hòa, though Bùi < Đỗ
        "Lý Văn Hùng",       # h u n g
        "Mai Văn Huy",       # h u y          (n < y)
        "Đặng Văn Hưng",     # h ư n g        (u < ư)
    ])


def test_tone_order_ngang_huyen_hoi_nga_sac_nang():
    _check_order(["Lê Văn Ma", "Lê Văn Mà", "Lê Văn Mả", "Lê Văn Mã", "Lê Văn Má",
                  "Lê Văn Mạ"])


def test_same_given_name_orders_by_family_then_middle():
    _check_order([
        "An Văn Bình",       # a n ␣          (word break before any letter)
        "Anh Văn Bình",      # a n h
        "Nguyễn Thị Bình",   # n g u y e n ␣ t
        "Nguyễn Văn Bình",   # n g u y e n ␣ v   (t < v)
        "Nguyễn Văn Út Bình",  # longer middle name: a prefix comes first
        "Ông Văn Bình",      # ô, after n
        "Ưng Văn Bình",      # ư, after ô
    ])


def test_ten_names_from_a_collection_sheet():
    _check_order([
        "Nông Thị Ba",       # b a
        "Hà Văn Bảy",        # b a y
        "Lò Văn Chiến",      # c h i
        "Triệu Thị Chính",   # c h i n h      (Chiến: c h i ê …, and ê < n)
        "Lục Văn Đông",      # đ ô n g
        "Hoàng Thị Giang",   # g
        "Ma Thị Lan",        # l a n
        "Vi Văn Lâm",        # l â m          (a < â)
        "Sầm Thị Thu",       # t h u
        "Mông Văn Thủy",     # t h u y        (Thu is a prefix)
    ])


def test_key_ignores_normal_form_spacing_and_case():
    key = name_sort_key("Nguyễn Thị Bích")
    assert name_sort_key(nfd("Nguyễn  Thị Bích ")) == key
    # Upper case only differs in the final, deterministic tiebreak (the name itself).
    assert name_sort_key("NGUYỄN THỊ BÍCH")[:4] == key[:4]


def test_empty_name_does_not_crash_and_sorts_first():
    assert sorted(["Lê Văn A", ""], key=name_sort_key) == ["", "Lê Văn A"]

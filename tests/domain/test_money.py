"""money: formatting, reading what an officer types, and the rounding policies."""
from fractions import Fraction

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import (
    MAX_AMOUNT,
    ROUNDING,
    format_number,
    format_vnd,
    parse_vnd,
    round_floor,
    round_half_up,
)

# --- format -------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "expected"), [
    (0, "0 đ"),
    (5, "5 đ"),
    (999, "999 đ"),
    (1_000, "1.000 đ"),
    (12_345, "12.345 đ"),
    (1_200_000, "1.200.000 đ"),
    (-1_200_000, "-1.200.000 đ"),
    (-5, "-5 đ"),
    (MAX_AMOUNT, "999.999.999.999.999 đ"),
])
def test_format_vnd(amount, expected):
    assert format_vnd(amount) == expected


@pytest.mark.parametrize(("amount", "expected"), [
    (0, "0"),
    (999, "999"),
    (1_234_567, "1.234.567"),
    (-999, "-999"),
    (-1_000, "-1.000"),
])
def test_format_number(amount, expected):
    assert format_number(amount) == expected


def test_format_vnd_without_symbol():
    assert format_vnd(1_200_000, symbol=False) == "1.200.000"


@pytest.mark.parametrize("amount", [1.5, 1200000.0, "1200", True, None])
def test_format_refuses_non_int(amount):
    with pytest.raises(TypeError):
        format_vnd(amount)


# --- parse: accepted ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # plain and grouped whole numbers
    ("0", 0),
    ("1200000", 1_200_000),
    ("1.200.000", 1_200_000),
    ("1 200 000", 1_200_000),
    ("1\u00a0200\u00a0000", 1_200_000),       # NBSP from copy-paste
    ("  1.200.000  ", 1_200_000),
    ("1.200", 1_200),                          # dot = thousands, always
    ("1,200", 1_200),                          # comma + exactly 3 digits = thousands
    ("1,200,000", 1_200_000),
    ("999.999.999.999.999", MAX_AMOUNT),
    # currency words change nothing
    ("1.200.000 đ", 1_200_000),
    ("1.200.000đ", 1_200_000),
    ("1.200.000 Đ", 1_200_000),
    ("1.200.000 đồng", 1_200_000),
    ("1200000 VND", 1_200_000),
    ("1200000vnd", 1_200_000),
    ("1.200.000 VNĐ", 1_200_000),
    ("1.200.000 ₫", 1_200_000),
    # mixed marks: one groups, the last is a decimal mark with a zero fraction
    ("1.200.000,00", 1_200_000),
    ("1,200,000.00", 1_200_000),
    ("1.200,0", 1_200),
    # shorthand: decimal mark + unit
    ("1,2tr", 1_200_000),                      # 1,2 × 1.000.000
    ("1.2 tr", 1_200_000),
    ("1,2 triệu", 1_200_000),
    ("1,2 TRIỆU", 1_200_000),
    ("1,2 trieu", 1_200_000),
    ("1,2 triệu đồng", 1_200_000),
    ("1,25tr", 1_250_000),                     # 1,25 × 1.000.000
    ("1,50tr", 1_500_000),
    ("0,5tr", 500_000),
    ("1,2345tr", 1_234_500),                   # 4 decimals: not a thousands group
    ("15tr", 15_000_000),
    ("500k", 500_000),
    ("500K", 500_000),
    ("500 nghìn", 500_000),
    ("500 ngàn", 500_000),
    ("500 nghin", 500_000),
    ("1,5k", 1_500),                           # 1,5 × 1.000
    ("0,5k", 500),                             # 0,5 × 1.000: a whole number of đồng
    ("1 500k", 1_500_000),                     # spaces only ever group thousands
    ("2 tỷ", 2_000_000_000),
    ("2 tỉ", 2_000_000_000),
    ("2ty", 2_000_000_000),
    ("1,5 tỷ", 1_500_000_000),
    ("0,000001 tỷ", 1_000),                    # 10^9 / 10^6 = 1.000
    ("999999 tỷ", 999_999_000_000_000),
])
def test_parse_vnd_accepts(text, expected):
    assert parse_vnd(text) == expected


def test_parse_vnd_accepts_nfd_text():
    import unicodedata
    assert parse_vnd(unicodedata.normalize("NFD", "1,2 triệu đồng")) == 1_200_000
    assert parse_vnd(unicodedata.normalize("NFD", "2 tỷ")) == 2_000_000_000


@pytest.mark.parametrize("amount", [0, 7, 1_000, 12_345, 1_200_000, 987_654_321, MAX_AMOUNT])
def test_parse_reads_what_format_writes(amount):
    assert parse_vnd(format_vnd(amount)) == amount
    assert parse_vnd(format_number(amount)) == amount


# --- parse: refused -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("", "amount_empty"),
    ("   ", "amount_empty"),
    ("-1.200.000", "amount_negative"),
    ("−500", "amount_negative"),               # U+2212 minus sign
    ("- 500", "amount_negative"),
    ("abc", "bad_amount"),
    ("12a", "bad_amount"),
    ("1O0", "bad_amount"),                 # letter O typed for zero
    ("đ", "bad_amount"),
    ("tr", "bad_amount"),
    ("+500", "bad_amount"),
    ("1,2xtr", "bad_amount"),
    ("١٢٣", "bad_amount"),                 # Arabic-Indic digits are not our digits
    ("1 tỷ 200 triệu", "bad_amount"),      # compound amounts: not supported
    # without a unit a mark followed by other than 3 digits is not a thousands mark
    ("1,2", "amount_ambiguous"),
    ("1.2", "amount_ambiguous"),
    ("1.20", "amount_ambiguous"),
    ("1.2000", "amount_ambiguous"),
    ("1.20.000", "amount_ambiguous"),
    ("1.200.00", "amount_ambiguous"),
    ("0.500", "amount_ambiguous"),             # a group never starts with 0
    ("1 200.000", "amount_ambiguous"),         # two grouping styles
    ("1,200.000", "amount_ambiguous"),         # which one is the decimal mark?
    ("1.200,000", "amount_ambiguous"),
    ("1.200.000,000", "amount_ambiguous"),
    # with a unit, a mark before exactly 3 digits reads both ways (1.500 × 1.000 or 1,5 × 1.000)
    ("1.500k", "amount_ambiguous"),
    ("1,500tr", "amount_ambiguous"),
    # fractions of a đồng
    ("1.200,5", "amount_fraction"),
    ("1,200,000.50", "amount_fraction"),
    ("1,23456789tr", "amount_fraction"),        # 1.234.567,89
])
def test_parse_vnd_refuses(text, code):
    with pytest.raises(DomainError) as err:
        parse_vnd(text)
    assert err.value.code == code
    assert err.value.field == "amount"
    assert err.value.vi and err.value.en and err.value.vi != err.value.en


@pytest.mark.parametrize("text", [
    "1.000.000.000.000.000",                   # MAX_AMOUNT + 1
    "1000000000000000",
    "1000000 tỷ",                              # 10^6 × 10^9 = 10^15
    "9" * 5000,                                # must not reach int() at all
])
def test_parse_vnd_refuses_too_large(text):
    with pytest.raises(DomainError) as err:
        parse_vnd(text)
    assert err.value.code == "amount_too_large"


def test_ambiguous_message_explains_what_to_type():
    with pytest.raises(DomainError) as err:
        parse_vnd("1,2")
    assert "1,2tr" in err.value.vi and "1.200.000" in err.value.vi
    assert "1,2tr" in err.value.en
    assert str(err.value) == err.value.vi


def test_parse_refuses_non_str():
    with pytest.raises(TypeError):
        parse_vnd(1200)


# --- rounding -----------------------------------------------------------------------------

@pytest.mark.parametrize(("num", "den", "expected"), [
    (0, 7, 0),
    (10, 5, 2),             # exact
    (1, 2, 1),              # 0,5 → 1
    (5, 2, 3),              # 2,5 → 3
    (7, 2, 4),              # 3,5 → 4
    (4, 3, 1),              # 1,33 → 1
    (5, 3, 2),              # 1,67 → 2
    (1, 3, 0),              # 0,33 → 0
    (149, 100, 1),          # 1,49 → 1
    (150, 100, 2),          # 1,50 → 2
    (-1, 2, -1),            # -0,5 → -1 (away from zero)
    (-5, 2, -3),            # -2,5 → -3
    (-4, 3, -1),            # -1,33 → -1
    (-5, 3, -2),            # -1,67 → -2
    (-1, 3, 0),             # -0,33 → 0
    # 10.000.000 đ × 0,65 %/month = 65.000 đ exactly: 10_000_000 × 65 / 10_000
    (10_000_000 * 65, 10_000, 65_000),
    # 1.234.567 × 0,65 % = 8.024,6855 → 8.025
    (1_234_567 * 65, 10_000, 8_025),
    # (10^18 + 1) / 2 = 5 × 10^17 + 0,5 → 5 × 10^17 + 1: no float could do this
    (10**18 + 1, 2, 5 * 10**17 + 1),
])
def test_round_half_up(num, den, expected):
    assert round_half_up(num, den) == expected


@pytest.mark.parametrize(("num", "den", "expected"), [
    (0, 7, 0),
    (6, 3, 2),
    (5, 2, 2),              # 2,5 → 2
    (7, 3, 2),              # 2,33 → 2
    (8, 3, 2),              # 2,67 → 2
    (-5, 2, -3),            # -2,5 → -3 (towards minus infinity)
    (-7, 3, -3),            # -2,33 → -3
    (1_234_567 * 65, 10_000, 8_024),   # 8.024,6855 → 8.024
])
def test_round_floor(num, den, expected):
    assert round_floor(num, den) == expected


def test_round_half_up_agrees_with_an_independent_definition():
    # Half away from zero, from the definition: sign(x) × floor(|x| + 1/2), on exact fractions.
    for den in range(1, 13):
        for num in range(-100, 101):
            x = Fraction(num, den)
            expected = int(abs(x) + Fraction(1, 2)) * (1 if x >= 0 else -1)
            assert round_half_up(num, den) == expected, (num, den)
            assert round_half_up(-num, den) == -round_half_up(num, den)


@pytest.mark.parametrize("func", [round_half_up, round_floor])
@pytest.mark.parametrize("den", [0, -1])
def test_rounding_needs_a_positive_denominator(func, den):
    with pytest.raises(ValueError):
        func(5, den)


@pytest.mark.parametrize("func", [round_half_up, round_floor])
@pytest.mark.parametrize(("num", "den"), [(2.5, 1), (5, 2.0), (True, 2)])
def test_rounding_refuses_non_int(func, num, den):
    with pytest.raises(TypeError):
        func(num, den)


def test_rounding_table():
    assert {"half_up": round_half_up, "floor": round_floor} == ROUNDING
    assert ROUNDING["half_up"](5, 2) == 3
    assert ROUNDING["floor"](5, 2) == 2

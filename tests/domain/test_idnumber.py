"""idnumber: CCCD structure (province, century/sex, birth year) and legacy CMND."""
import datetime as dt

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.idnumber import PROVINCE_CODES, IdNumber, check_id_number


def test_a_cccd_is_read_into_its_parts():
    # 001 Hà Nội | 0 = 1900s, male | 85 → 1985 | 012345 serial
    result = check_id_number("001085012345", dt.date(1985, 6, 1), "M")
    assert result == IdNumber(kind="cccd", number="001085012345", province_code="001")


def test_spaces_are_ignored():
    # 079 TP Hồ Chí Minh | 3 = 2000s, female | 01 → 2001
    result = check_id_number(" 079 301 012 345 ", dt.date(2001, 12, 31), "F")
    assert result == IdNumber("cccd", "079301012345", "079")


def test_birth_date_and_sex_are_optional():
    assert check_id_number("001085012345").kind == "cccd"
    assert check_id_number("001085012345", birth_date=dt.date(1985, 1, 1)).kind == "cccd"
    assert check_id_number("001085012345", sex="M").kind == "cccd"


@pytest.mark.parametrize(("digit", "year", "sex"), [
    # Even = male, odd = female; each pair one century, starting with 1900–1999.
    ("0", 1950, "M"), ("1", 1950, "F"),
    ("2", 2050, "M"), ("3", 2050, "F"),
    ("4", 2150, "M"), ("5", 2150, "F"),
    ("6", 2250, "M"), ("7", 2250, "F"),
    ("8", 2350, "M"), ("9", 2350, "F"),
])
def test_century_and_sex_digit(digit, year, sex):
    number = "001" + digit + "50" + "000001"
    assert check_id_number(number, dt.date(year, 1, 1), sex).kind == "cccd"
    other_sex = "F" if sex == "M" else "M"
    with pytest.raises(DomainError):
        check_id_number(number, dt.date(year, 1, 1), other_sex)
    with pytest.raises(DomainError):
        check_id_number(number, dt.date(year - 100, 1, 1), sex)   # right yy, wrong century


def test_birth_year_disagreement_names_both_years():
    with pytest.raises(DomainError) as err:
        check_id_number("001085012345", dt.date(1986, 1, 1))
    e = err.value
    assert e.code == "id_birth_year" and e.field == "id_number"
    assert "1985" in e.vi and "1986" in e.vi and "năm sinh" in e.vi.lower()
    assert "1985" in e.en and "1986" in e.en


def test_wrong_century_is_a_birth_year_disagreement():
    # Digit 4 = 2 → 2000s, so 85 is 2085, not the 1985 typed.
    with pytest.raises(DomainError) as err:
        check_id_number("001285012345", dt.date(1985, 1, 1))
    assert err.value.code == "id_birth_year"
    assert "2085" in err.value.vi


def test_sex_disagreement_names_both():
    # Digit 4 = 1: a woman born in the 1900s.
    with pytest.raises(DomainError) as err:
        check_id_number("001185012345", dt.date(1985, 1, 1), "M")
    e = err.value
    assert e.code == "id_sex" and e.field == "id_number"
    assert "nữ" in e.vi and "nam" in e.vi and "giới tính" in e.vi.lower()
    assert "female" in e.en and "male" in e.en


@pytest.mark.parametrize("prefix", ["000", "003", "005", "097", "099", "100", "999"])
def test_unknown_province_code(prefix):
    with pytest.raises(DomainError) as err:
        check_id_number(prefix + "085012345")
    assert err.value.code == "id_province"
    assert prefix in err.value.vi


def test_province_codes_table():
    assert len(PROVINCE_CODES) == 63
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCE_CODES)
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["046"] == "Thừa Thiên Huế"
    assert PROVINCE_CODES["079"] == "TP Hồ Chí Minh"
    assert PROVINCE_CODES["096"] == "Cà Mau"
    # Codes the list skips on purpose (no province has them).
    for missing in ("003", "005", "007", "009", "013", "016", "018", "021", "023", "028",
                    "029", "032", "039", "041", "043", "047", "050", "053", "055", "057",
                    "059", "061", "063", "065", "069", "071", "073", "076", "078", "081",
                    "085", "088", "090", "097"):
        assert missing not in PROVINCE_CODES
    # every code reads through check_id_number
    for code in PROVINCE_CODES:
        assert check_id_number(code + "085012345").province_code == code


def test_cmnd_nine_digits():
    assert check_id_number("123456789") == IdNumber("cmnd", "123456789", None)
    assert check_id_number("0123 456 78") == IdNumber("cmnd", "012345678", None)
    # A CMND carries no birth year or sex to compare.
    assert check_id_number("123456789", dt.date(1970, 1, 1), "F").kind == "cmnd"


@pytest.mark.parametrize(("text", "code"), [
    ("", "id_empty"),
    ("   ", "id_empty"),
    ("00108501234A", "id_not_digits"),
    ("C01085012345", "id_not_digits"),
    ("001-085-012-345", "id_not_digits"),
    ("００１０８５０１２３４５", "id_not_digits"),    # full-width digits
    ("٠٠١٠٨٥٠١٢٣٤٥", "id_not_digits"),                 # Arabic-Indic digits
    ("12345", "id_length"),
    ("12345678", "id_length"),
    ("1234567890", "id_length"),
    ("00108501234", "id_length"),
    ("0010850123456", "id_length"),
])
def test_refused(text, code):
    with pytest.raises(DomainError) as err:
        check_id_number(text)
    assert err.value.code == code
    assert err.value.field == "id_number"
    assert err.value.vi and err.value.en


def test_length_message_says_how_many_digits_were_typed():
    with pytest.raises(DomainError) as err:
        check_id_number("0010850123")
    assert "12" in err.value.vi and "10" in err.value.vi


def test_bad_sex_argument_is_a_programming_error():
    with pytest.raises(ValueError):
        check_id_number("001085012345", sex="nam")

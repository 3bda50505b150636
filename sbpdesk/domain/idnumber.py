"""Identity numbers: the 12-digit CCCD / personal identification number and the legacy 9-digit CMND.

A CCCD number is structured (Circular 07/2016/TT-BCA, kept by Circular 59/2021/TT-BCA):
digits 1–3 are the code of the province where the birth was registered, digit 4 encodes the
century of birth and the sex, digits 5–6 are the last two digits of the birth year, and the
last six are a serial number. Checking the structure — and, when the officer has typed them,
that the birth year and sex agree — catches most mistyped numbers before they reach a loan
file. A 9-digit CMND carries no such structure and is accepted as it is.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import DomainError

# The 63 province-level codes in force before the 2025 merger. Numbers already issued keep
# the code of the old province, so this list stays right for reading existing numbers.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa – Vũng Tàu", "079": "TP Hồ Chí Minh", "080": "Long An",
    "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long",
    "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

# Digit 4: (first year of the century, sex). Even = male, odd = female; 0/1 is the 20th
# century (1900–1999) and each following pair the next century up to 8/9 = 2300–2399.
CENTURY_SEX: dict[str, tuple[int, str]] = {
    str(d): (1900 + 100 * (d // 2), "M" if d % 2 == 0 else "F") for d in range(10)
}

_FIELD = "id_number"
_SEX_VI = {"M": "nam", "F": "nữ"}
_SEX_EN = {"M": "male", "F": "female"}


@dataclass(frozen=True)
class IdNumber:
    """A checked number: kind "cccd" or "cmnd", the digits, the province code (CCCD only)."""

    kind: str
    number: str
    province_code: str | None


def check_id_number(number: str, birth_date: dt.date | None = None,
                    sex: str | None = None) -> IdNumber:
    """Check a CCCD (12 digits) or CMND (9 digits); spaces are ignored.

    For a CCCD, the birth year and sex encoded in the number must agree with `birth_date`
    and `sex` ("M"/"F") when those are given. Raises DomainError otherwise.
    """
    if sex not in (None, "M", "F"):
        raise ValueError('sex must be "M", "F" or None')
    digits = "".join(number.split())
    if not digits:
        raise _error("id_empty", "Chưa nhập số CCCD/CMND.", "The ID number is empty.")
    # Only ASCII digits: str.isdigit() would also accept "١٢٣" and superscripts.
    if any(c not in "0123456789" for c in digits):
        raise _error("id_not_digits", "Số CCCD/CMND chỉ gồm chữ số.",
                     "An ID number contains digits only.")
    if len(digits) == 9:
        return IdNumber("cmnd", digits, None)
    if len(digits) != 12:
        raise _error("id_length",
                     f"Số CCCD phải có 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có "
                     f"{len(digits)} chữ số.",
                     f"A CCCD number has 12 digits (old CMND: 9); this one has {len(digits)}.")
    return _check_cccd(digits, birth_date, sex)


def _check_cccd(digits: str, birth_date: dt.date | None, sex: str | None) -> IdNumber:
    province = digits[:3]
    if province not in PROVINCE_CODES:
        raise _error("id_province",
                     f"Ba chữ số đầu của số CCCD ({province}) không phải mã tỉnh/thành phố.",
                     f"The first three digits of the CCCD ({province}) are not a province code.")
    century, encoded_sex = CENTURY_SEX[digits[3]]
    encoded_year = century + int(digits[4:6])
    if birth_date is not None and birth_date.year != encoded_year:
        raise _error("id_birth_year",
                     f"Năm sinh không khớp: số CCCD ghi năm sinh {encoded_year}, nhưng ngày "
                     f"sinh đã nhập là năm {birth_date.year}.",
                     f"Birth year mismatch: the CCCD encodes {encoded_year}, but the birth "
                     f"date entered is in {birth_date.year}.")
    if sex is not None and sex != encoded_sex:
        raise _error("id_sex",
                     f"Giới tính không khớp: số CCCD ghi giới tính {_SEX_VI[encoded_sex]}, "
                     f"nhưng đã chọn {_SEX_VI[sex]}.",
                     f"Sex mismatch: the CCCD encodes {_SEX_EN[encoded_sex]}, but "
                     f"{_SEX_EN[sex]} was selected.")
    return IdNumber("cccd", digits, province)


def _error(code: str, vi: str, en: str) -> DomainError:
    return DomainError(code, vi, en, field=_FIELD)

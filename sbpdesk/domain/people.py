"""Groups and identity papers as offices apply them in 2026 (../shared/domain/
changes-2025-2026.md §1, §4–5; decisions/0079).

- A savings-and-loan group has 5 to 60 members; outside that it is a warning with the
  reason, not a refusal (likely). Its leader and deputy may not be close relatives: a
  recorded relation between them refuses the appointment.
- A 9-digit CMND is void since 01/01/2025: accepted only on records made before that day
  (papers quoting it stay valid). A CCCD's first three digits are the province where the
  birth was registered: they never change with the 2025 merger and are never compared with
  today's province.
- A card expires at the holder's 14th, 25th, 40th or 60th birthday, whichever comes first
  more than two years after it was issued; a card issued within two years before a
  threshold lasts to the next one, and none expires after 60.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import DomainError
from .idnumber import IdNumber, check_id_number

CMND_VOID_FROM = dt.date(2025, 1, 1)
GROUP_MIN, GROUP_MAX = 5, 60
CARD_AGES = (14, 25, 40, 60)
CLOSE_RELATIONS = frozenset({"spouse", "parent", "child", "sibling"})


@dataclass(frozen=True)
class Warning_:
    code: str
    vi: str
    en: str


def group_size_warning(members: int) -> Warning_ | None:
    """A warning (with the reason) for a group outside 5–60 members, else None."""
    if members < GROUP_MIN:
        return Warning_("group_too_small",
                        f"Tổ chỉ có {members} thành viên: tổ TK&VV cần từ {GROUP_MIN} đến "
                        f"{GROUP_MAX} thành viên.",
                        f"The group has {members} members: a group needs {GROUP_MIN} to "
                        f"{GROUP_MAX}.")
    if members > GROUP_MAX:
        return Warning_("group_too_large",
                        f"Tổ có {members} thành viên, quá {GROUP_MAX}: nên tách tổ.",
                        f"The group has {members} members, more than {GROUP_MAX}: split it.")
    return None


def check_leaders(leader_id: str | None, deputy_id: str | None,
                  relations: Iterable[tuple[str, str, str]]) -> None:
    """Refuse a leader and deputy with a recorded close relation (person, person, kind)."""
    if not leader_id or not deputy_id:
        return
    if leader_id == deputy_id:
        raise DomainError("leader_is_deputy", "Tổ trưởng và tổ phó phải là hai người khác nhau.",
                          "The leader and the deputy must be two people.",
                          field="deputy_person_id")
    pair = {leader_id, deputy_id}
    for a, b, kind in relations:
        if {a, b} == pair and kind in CLOSE_RELATIONS:
            raise DomainError("leaders_related",
                              "Tổ trưởng và tổ phó không được là người thân (vợ/chồng, cha mẹ, "
                              "con, anh chị em ruột).",
                              "The leader and the deputy may not be close relatives.",
                              field="deputy_person_id")


def check_id_on_record(number: str, recorded_on: dt.date, birth_date: dt.date | None = None,
                       sex: str | None = None) -> IdNumber:
    """`check_id_number`, refusing a 9-digit CMND on a record made from 01/01/2025."""
    checked = check_id_number(number, birth_date, sex)
    if checked.kind == "cmnd" and recorded_on >= CMND_VOID_FROM:
        raise DomainError("id_cmnd_void",
                          "CMND 9 số hết hiệu lực từ 01/01/2025: hãy nhập số CCCD/căn cước "
                          "12 chữ số.",
                          "9-digit CMND cards are void since 01/01/2025: enter the 12-digit "
                          "CCCD number.", field="id_number")
    return checked


def _birthday(birth: dt.date, age: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:        # 29 February
        return dt.date(birth.year + age, 3, 1)


def card_expiry(birth_date: dt.date, issued_on: dt.date) -> dt.date | None:
    """The printed expiry of a CCCD issued on `issued_on` (None: does not expire)."""
    for age in CARD_AGES:
        if issued_on < _birthday(birth_date, age - 2):
            return _birthday(birth_date, age)
    return None


def card_expired(expiry: dt.date | None, on: dt.date) -> bool:
    """Expired on `on`: the card is valid to the end of its expiry day."""
    return expiry is not None and on > expiry


def check_card(birth_date: dt.date | None, issued_on: dt.date | None,
               expiry: dt.date | None, recorded_on: dt.date) -> dt.date | None:
    """The card's expiry: the one printed on it when typed, else the 14/25/40/60 rule from
    the issue date (a 12-digit card of a person whose birth date is known). Refuses dates
    that cannot hold."""
    if issued_on is not None and issued_on > recorded_on:
        raise DomainError("id_issued_later", "Ngày cấp thẻ sau ngày ghi nhận.",
                          "The card's issue date is after the day it is recorded.",
                          field="id_issued_on")
    if issued_on is not None and birth_date is not None and issued_on < birth_date:
        raise DomainError("id_issued_before_birth", "Ngày cấp thẻ trước ngày sinh.",
                          "The card's issue date is before the birth date.",
                          field="id_issued_on")
    if expiry is not None and issued_on is not None and expiry <= issued_on:
        raise DomainError("id_expiry_before_issue", "Hạn thẻ phải sau ngày cấp.",
                          "The card's expiry must come after its issue date.",
                          field="id_expiry")
    if expiry is None and issued_on is not None and birth_date is not None:
        return card_expiry(birth_date, issued_on)
    return expiry


def card_warning(id_number: str | None, expiry: dt.date | None,
                 on: dt.date) -> Warning_ | None:
    """A warning for a person whose paper is no longer valid on `on`: a 9-digit CMND (void
    since 01/01/2025) or a card past its expiry. Papers quoting the old number stay valid;
    the borrower is asked to show the new card."""
    if id_number and len(id_number) == 9 and on >= CMND_VOID_FROM:
        return Warning_("id_cmnd_void", "CMND 9 số hết hiệu lực từ 01/01/2025: cần thẻ căn "
                        "cước 12 số.", "The 9-digit CMND is void since 01/01/2025: the "
                        "12-digit card is needed.")
    if card_expired(expiry, on):
        return Warning_("id_expired", f"Thẻ CCCD hết hạn ngày {expiry:%d/%m/%Y}.",
                        f"The ID card expired on {expiry:%d/%m/%Y}.")
    return None

"""Groups and identity papers in 2026 (decisions/0079), examples worked by hand."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.people import (
    card_expired,
    card_expiry,
    card_warning,
    check_card,
    check_id_on_record,
    check_leaders,
    group_size_warning,
)

D = dt.date


def test_group_of_5_to_60_members_warns_outside_with_the_reason():
    assert group_size_warning(5) is None and group_size_warning(60) is None
    small, large = group_size_warning(4), group_size_warning(61)
    assert small.code == "group_too_small" and "4 thành viên" in small.vi
    assert large.code == "group_too_large" and "61" in large.en


def test_leader_and_deputy_may_not_be_close_relatives():
    check_leaders("A", "B", [("A", "C", "spouse")])           # a relation of someone else
    check_leaders("A", "B", [("A", "B", "neighbour")])        # not a close relation
    with pytest.raises(DomainError) as err:
        check_leaders("A", "B", [("B", "A", "sibling")])
    assert err.value.code == "leaders_related" and "người thân" in err.value.vi


def test_a_9_digit_cmnd_only_on_records_made_before_2025():
    assert check_id_on_record("123456789", D(2024, 12, 31)).kind == "cmnd"
    with pytest.raises(DomainError) as err:
        check_id_on_record("123456789", D(2025, 1, 1))
    assert err.value.code == "id_cmnd_void"


def test_birth_province_prefix_is_not_today_s_province():
    # born in Bình Thuận (060, a code closed in 2025), living in Lâm Đồng (68) since the
    # merger: the number is valid as it is (digit 4 = 0: male, 1900s; 85 → 1985)
    checked = check_id_on_record("060085001234", D(2026, 3, 1), D(1985, 5, 2), "M")
    assert checked.province_code == "060"


def test_card_expiry_by_the_14_25_40_60_rule():
    born = D(1990, 5, 2)
    # issued at 20 (2010-06-01): next threshold 25 → 02/05/2015
    assert card_expiry(born, D(2010, 6, 1)) == D(2015, 5, 2)
    # issued at 23 and a half (2013-11-01), within 2 years before 25: lasts to 40 → 2030
    assert card_expiry(born, D(2013, 11, 1)) == D(2030, 5, 2)
    # issued at 30 (2020-05-02): to 40
    assert card_expiry(born, D(2020, 5, 2)) == D(2030, 5, 2)
    # issued at 58 or later: within 2 years before 60 → no expiry
    assert card_expiry(born, D(2048, 5, 2)) is None
    assert card_expiry(born, D(2048, 5, 1)) == D(2050, 5, 2)
    # valid to the end of its expiry day
    assert not card_expired(D(2030, 5, 2), D(2030, 5, 2))
    assert card_expired(D(2030, 5, 2), D(2030, 5, 3)) and not card_expired(None, D(2099, 1, 1))


def test_the_district_fee_tier_ends_on_30_06_2025():
    from dataclasses import replace

    from sbpdesk.domain.fees import split
    from sbpdesk.domain.rules import DEFAULT_RULES
    # 100.000 đ: district 9 % = 9.000, province 4,5 % = 4.500, central 2,5 % = 2.500,
    # commune the rest 84.000 — for a period ending by 30/06/2025
    assert split(100_000, DEFAULT_RULES, D(2025, 6, 30)) == (
        ("commune", 84_000), ("district", 9_000), ("province", 4_500), ("central", 2_500))
    with pytest.raises(DomainError) as err:
        split(100_000, DEFAULT_RULES, D(2025, 7, 31))
    assert err.value.code == "fee_split_unset"
    # an office split without the district: e.g. commune 90, province 7,5, central 2,5
    from decimal import Decimal as Dec
    office = replace(DEFAULT_RULES, union_fee_split=(("commune", Dec(90)),
                                                     ("province", Dec("7.5")),
                                                     ("central", Dec("2.5"))))
    assert split(100_000, office, D(2025, 7, 31)) == (
        ("commune", 90_000), ("province", 7_500), ("central", 2_500))


def test_a_moved_session_day_takes_effect_from_its_date():
    from sbpdesk.domain.calendar import SessionCalendar
    # the 15th until the move; the 20th from 18/04/2026: April's 20th is on/after the 18th
    cal = SessionCalendar("P", 15, moves=((D(2026, 4, 18), 20),))
    assert [cal.regular(2026, m) for m in (3, 4, 5)] == [D(2026, 3, 15), D(2026, 4, 20),
                                                          D(2026, 5, 20)]
    assert cal.next_session(D(2026, 3, 15)) == D(2026, 4, 20)
    assert not cal.is_held(D(2026, 4, 15)) and cal.is_held(D(2026, 3, 15))
    assert (cal.day_on(D(2026, 4, 17)), cal.day_on(D(2026, 4, 18))) == (15, 20)
    # a move to the 5th from 10/04: April's 5th is before it, so April keeps the 15th
    cal = SessionCalendar("P", 15, moves=((D(2026, 4, 10), 5),))
    assert [cal.regular(2026, m) for m in (4, 5)] == [D(2026, 4, 15), D(2026, 5, 5)]


def test_a_card_s_expiry_is_the_printed_one_or_follows_from_the_issue_date():
    born = D(1983, 8, 10)
    # the 2021 CCCD campaign: issued at 37, more than 2 years before 40 → expires 10/08/2023
    assert check_card(born, D(2021, 4, 15), None, D(2026, 3, 5)) == D(2023, 8, 10)
    # the printed date wins when it was typed
    assert check_card(born, D(2021, 4, 15), D(2043, 8, 10), D(2026, 3, 5)) == D(2043, 8, 10)
    assert check_card(None, D(2021, 4, 15), None, D(2026, 3, 5)) is None
    assert check_card(born, None, None, D(2026, 3, 5)) is None
    for issued, expiry, field in ((D(2026, 3, 6), None, "id_issued_on"),
                                  (D(1980, 1, 1), None, "id_issued_on"),
                                  (D(2021, 4, 15), D(2021, 4, 15), "id_expiry")):
        with pytest.raises(DomainError) as err:
            check_card(born, issued, expiry, D(2026, 3, 5))
        assert err.value.field == field and err.value.vi


def test_an_expired_card_or_a_void_cmnd_is_flagged():
    assert card_warning("083183000111", D(2023, 8, 10), D(2023, 8, 10)) is None
    flag = card_warning("083183000111", D(2023, 8, 10), D(2023, 8, 11))
    assert flag.code == "id_expired" and "10/08/2023" in flag.vi and "10/08/2023" in flag.en
    assert card_warning("083183000111", None, D(2026, 3, 5)) is None   # no date recorded
    # a CMND recorded in 2024 is void from 01/01/2025, whatever its own dates
    assert card_warning("123456789", None, D(2024, 12, 31)) is None
    assert card_warning("123456789", None, D(2025, 1, 1)).code == "id_cmnd_void"

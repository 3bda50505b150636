"""Schedules on the point's session day; adjustment vs extension."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain.calendar import SessionCalendar
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.schedule import Instalment, adjust, build_schedule, extend, resplit

D = dt.date
CAL15 = SessionCalendar("P1", 15)


def test_equal_instalments_on_the_session_day():
    s = build_schedule(20_000_000, D(2025, 9, 15), 12, 3, CAL15)
    # 20.000.000 ÷ 4 = 5.000.000 every 3 months from September
    assert [(i.due_date, i.amount) for i in s] == [
        (D(2025, 12, 15), 5_000_000), (D(2026, 3, 15), 5_000_000),
        (D(2026, 6, 15), 5_000_000), (D(2026, 9, 15), 5_000_000)]


def test_remainder_on_the_last_instalment_and_short_last_period():
    s = build_schedule(10_000_000, D(2025, 9, 15), 12, 5, CAL15)
    # months 5, 10 and the term end 12: 10.000.000 ÷ 3 = 3.333.333, last 3.333.334
    assert [(i.due_date, i.amount) for i in s] == [
        (D(2026, 2, 15), 3_333_333), (D(2026, 7, 15), 3_333_333),
        (D(2026, 9, 15), 3_333_334)]


def test_session_day_clamped_and_cancelled_session_moves():
    cal = SessionCalendar("P2", 31, cancelled=frozenset({D(2026, 2, 28)}),
                          extra=frozenset({D(2026, 3, 5)}))
    assert cal.session_on(2026, 4) == D(2026, 4, 30)          # clamped to month end
    assert cal.session_on(2026, 2) == D(2026, 3, 5)           # cancelled → next held (extra)
    assert cal.session_on(2026, 2, shift="keep") == D(2026, 2, 28)
    assert cal.next_session(D(2026, 3, 5)) == D(2026, 3, 31)
    s = build_schedule(2_000_000, D(2025, 12, 31), 2, 1, cal)
    assert [i.due_date for i in s] == [D(2026, 1, 31), D(2026, 3, 5)]


def test_holiday_session_is_not_moved():
    # 01/01/2026 is a public holiday (Thursday); a point whose day is the 1st holds it anyway
    cal = SessionCalendar("P3", 1)
    assert cal.session_on(2026, 1) == D(2026, 1, 1)


def test_student_schedule_from_first_due():
    # Disbursed 15/09/2024, term 60 months → final 15/09/2029; first due 07/2027, every 6
    # months: 15/07/2027, 15/01/2028, 15/07/2028, 15/01/2029, 15/07/2029, 15/09/2029
    s = build_schedule(12_000_000, D(2024, 9, 15), 60, 6, CAL15, first_due=D(2027, 7, 1))
    assert [i.due_date for i in s] == [D(2027, 7, 15), D(2028, 1, 15), D(2028, 7, 15),
                                       D(2029, 1, 15), D(2029, 7, 15), D(2029, 9, 15)]
    assert sum(i.amount for i in s) == 12_000_000 and s[0].amount == 2_000_000


def test_adjust_keeps_the_final_date_extend_moves_it():
    new = [Instalment(D(2026, 7, 15), 2_000_000), Instalment(D(2026, 9, 15), 8_000_000)]
    assert len(adjust(D(2026, 9, 15), new, 10_000_000, on=D(2026, 6, 10))) == 2
    with pytest.raises(DomainError) as e:
        adjust(D(2026, 12, 15), new, 10_000_000)
    assert e.value.code == "adjust_final_date" and "gia hạn" in e.value.vi
    with pytest.raises(DomainError) as e:
        extend(D(2026, 9, 15), new, 10_000_000, new_final_date=D(2026, 9, 15))
    assert e.value.code == "extend_not_later"
    longer = [Instalment(D(2026, 12, 15), 10_000_000)]
    assert extend(D(2026, 9, 15), longer, 10_000_000, D(2026, 12, 15))[0].amount == 10_000_000
    with pytest.raises(DomainError) as e:
        extend(D(2026, 9, 15), longer, 9_000_000, D(2026, 12, 15))
    assert e.value.code == "schedule_sum"


def test_replacement_must_be_ordered_positive_and_future():
    bad_order = [Instalment(D(2026, 9, 15), 5), Instalment(D(2026, 7, 15), 5)]
    with pytest.raises(DomainError):
        adjust(D(2026, 7, 15), bad_order, 10)
    with pytest.raises(DomainError):
        adjust(D(2026, 9, 15), [Instalment(D(2026, 9, 15), 0)], 0)
    with pytest.raises(DomainError):
        adjust(D(2026, 9, 15), [Instalment(D(2026, 9, 15), 10)], 10, on=D(2026, 9, 15))


def test_extend_final_date_defaults_to_the_last_instalment():
    longer = [Instalment(D(2026, 12, 15), 10_000_000)]
    assert extend(D(2026, 9, 15), longer, 10_000_000)[-1].due_date == D(2026, 12, 15)
    with pytest.raises(DomainError):
        extend(D(2026, 9, 15), [Instalment(D(2026, 9, 15), 10)], 10)


# --- instalments rounded as the bank rounds them (issue 15, decisions/0175) ---------------

def test_instalments_rounded_down_to_the_unit_with_the_remainder_on_the_last():
    # 40.000.000 in 6 half-yearly instalments: 6.666.666 → 6.600.000, the last 7.000.000
    # (printed before as 6.666.666 … 6.666.670)
    s = build_schedule(40_000_000, D(2025, 9, 15), 36, 6, CAL15, unit=100_000)
    assert [i.amount for i in s] == [6_600_000] * 5 + [7_000_000]
    # 50.000.000 monthly over 12: 4.166.666 → 4.100.000 × 11 = 45.100.000, the last 4.900.000
    s = build_schedule(50_000_000, D(2025, 9, 15), 12, 1, CAL15, unit=100_000)
    assert [i.amount for i in s] == [4_100_000] * 11 + [4_900_000]
    # an exact split (unit 1, every approval recorded before the unit existed) is unchanged
    s = build_schedule(40_000_000, D(2025, 9, 15), 36, 6, CAL15)
    assert [i.amount for i in s] == [6_666_666] * 5 + [6_666_670]
    # a part below one unit is not rounded to zero
    s = build_schedule(300_000, D(2025, 9, 15), 12, 3, CAL15, unit=100_000)
    assert [i.amount for i in s] == [75_000] * 3 + [75_000]


@pytest.mark.parametrize("unit", [1, 50_000, 100_000, 1_000_000])
def test_every_schedule_adds_up_to_the_loan(unit):
    """Across amounts, terms and frequencies (and students' first due dates): the parts add
    up to the amount, every part but the last is a whole number of units, none is zero."""
    for amount in (1_000_000, 7_300_000, 10_000_000, 15_000_000, 36_500_000, 50_000_000,
                   100_000_000, 200_000_000):
        for term in (12, 24, 36, 48, 60, 120):
            for freq in (1, 3, 6, 12):
                for first_due in (None, D(2027, 7, 1)):
                    if first_due and term < 36:
                        continue
                    s = build_schedule(amount, D(2024, 9, 15), term, freq, CAL15,
                                       first_due=first_due, unit=unit)
                    parts = [i.amount for i in s]
                    assert sum(parts) == amount, (amount, term, freq, unit)
                    assert min(parts) > 0
                    if amount // len(parts) >= unit:
                        assert all(p % unit == 0 for p in parts[:-1])
                        assert parts[-1] >= parts[0]


def test_a_later_tranche_is_re_split_in_units():
    assert resplit([3_650_000, 3_650_000], 3_000_000, 100_000) == [5_100_000, 5_200_000]
    assert resplit([3_650_000, 3_650_000], 3_000_000) == [5_150_000, 5_150_000]

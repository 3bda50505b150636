"""Member savings: deposits, withdrawals, paid-from-savings, half-yearly interest."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from sbpdesk.domain import savings
from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.interest import to_dong
from sbpdesk.domain.operation import Operation, effective
from sbpdesk.domain.rules import DEFAULT_RULES, Refs

D = dt.date
RULES = replace(DEFAULT_RULES, version="s", savings_rate=Decimal("3.65"))
REFS = Refs(rule_sets={"s": RULES})
_seq = iter(range(1, 10_000))


def op(kind, day, **payload):
    n = next(_seq)
    return Operation(f"s{n}", "lap", n, kind, 1, payload, D.fromisoformat(day))


def deposit(day, amount, from_savings=0):
    return op("collection.record", day, loan_id=None, savings_account_id="S", person_id="M",
              group_id="G", interest=0, principal=0, savings=amount,
              from_savings=from_savings, bl_no=None, overpay_confirmed=False)


def credit(day, period_end):
    return op("savings.credit_interest", day, savings_account_id="S", period_end=period_end)


HALF_YEAR = [deposit("2026-01-15", 730_000), deposit("2026-03-15", 365_000),
             op("savings.withdraw", "2026-05-15", savings_account_id="S", amount=365_000),
             credit("2026-07-02", "2026-06-30")]


def test_interest_over_a_half_year():
    s = savings.replay(HALF_YEAR, REFS)
    # 3,65 %/năm ÷ 365 = 0,01 % a day on the end-of-day balance
    # 15/01 → 15/03: 17 + 28 = 59 days × 730.000 × 0,0001 = 59 × 73 = 4.307
    # 15/03 → 15/05: 17 + 30 + 14 = 61 days × 109,5 = 6.679,5
    # 15/05 → 01/07: 17 + 30 = 47 days × 73 = 3.431
    # 4.307 + 6.679,5 + 3.431 = 14.417,5 → 14.418 (half-up)
    assert s.interest_credited == 14_418
    assert s.balance == 730_000 + 14_418
    assert s.movements[-1].value_date == D(2026, 7, 1)


def test_credited_interest_earns_in_the_next_half_year():
    s = savings.replay(HALF_YEAR + [credit("2027-01-05", "2026-12-31")], REFS)
    # 01/07 → 01/01: 184 days × 744.418 × 0,0001 = 13.697,29 → 13.697
    assert s.interest_credited == 14_418 + 13_697
    again = savings.apply(s, credit("2027-01-06", "2026-12-31"), REFS)
    assert again.balance == s.balance and "credit_repeated" in again.flags


def test_no_rate_configured_credits_nothing_and_flags():
    s = savings.replay(HALF_YEAR, Refs())
    assert s.interest_credited == 0 and "savings_rate_unset" in s.flags


def test_paid_from_savings_and_shortfall_never_negative():
    s = savings.replay([deposit("2026-01-15", 100_000),
                        deposit("2026-02-15", 0, from_savings=60_000),
                        op("savings.withdraw", "2026-03-15", savings_account_id="S",
                           amount=50_000)], REFS)
    # 100.000 − 60.000 = 40.000; the 50.000 withdrawal takes 40.000, 10.000 short
    assert s.balance == 0
    assert s.shortfalls[0].amount == 10_000 and "shortfall" in s.flags


def test_minimum_deposit_checked_at_decide_time():
    savings.check_deposit(5_000, DEFAULT_RULES)
    with pytest.raises(DomainError) as e:
        savings.check_deposit(4_999, DEFAULT_RULES)
    assert "5.000" in e.value.vi
    with pytest.raises(DomainError):
        savings.check_withdrawal(savings.SavingsState("S", balance=10), 11)
    # apply accepts cash below the minimum (cash is a fact)
    assert savings.apply(None, deposit("2026-01-15", 1_000), REFS).balance == 1_000


def test_snapshot_round_trip():
    s = savings.replay(HALF_YEAR, REFS)
    assert savings.SavingsState.from_dict(from_json(canonical_json(s.to_dict()))) == s


def test_suspense_moved_to_savings_lands_only_in_the_target():
    resolve = op("suspense.resolve", "2026-02-01", account_kind="loan", account_id="L",
                 amount=50_000, to="savings", target_id="S")
    s = savings.apply(savings.replay([deposit("2026-01-15", 10_000)], REFS), resolve, REFS)
    assert s.balance == 60_000
    other = savings.apply(savings.SavingsState("S2"), resolve, REFS)
    assert other.balance == 0 and "resolve_ignored" in other.flags


# --- the state keeps only what the next credit needs ------------------------------------------

def _as_before(made, start, end):
    """The credit as it was computed before pruning: from every movement ever made."""
    whole = savings.SavingsState("S", movements=tuple(made))
    return to_dong(savings.interest_numerator(whole, start, end, REFS)[0], RULES.rounding)


def test_pruned_state_credits_what_the_whole_history_gives():
    late = deposit("2026-06-20", 200_000)   # saved at a point, arrives after the July credit
    ops = HALF_YEAR + [deposit("2026-08-10", 100_000), late,
                       credit("2027-01-05", "2026-12-31"), deposit("2027-02-01", 50_000)]
    state, made = savings.fold(None, effective(ops), REFS)   # the replay a late op causes
    first = _as_before(made, D(2026, 1, 15), D(2026, 7, 1))
    second = _as_before(made, D(2026, 7, 1), D(2027, 1, 1))
    assert [m.amount for m in made if m.kind == "interest"] == [first, second]
    assert state.interest_credited == first + second
    assert state.balance == sum(m.amount for m in made)
    assert [m.value_date for m in state.movements] == [D(2027, 1, 1), D(2027, 2, 1)]
    assert state.opening_balance == state.balance - second - 50_000


def test_movement_valued_before_a_credit_folded_after_it_counts_from_then_on():
    first, made = savings.fold(None, HALF_YEAR, REFS)
    stored = savings.SavingsState.from_dict(from_json(canonical_json(first.to_dict())))
    late, moved = savings.step(stored, deposit("2026-06-20", 200_000), REFS)
    assert late.movements == first.movements and late.opening_balance == 930_000
    after = savings.apply(late, credit("2027-01-05", "2026-12-31"), REFS)
    expected = _as_before(made + moved, D(2026, 7, 1), D(2027, 1, 1))
    assert after.interest_credited == first.interest_credited + expected
    assert after.balance == sum(m.amount for m in made + moved) + expected


def test_snapshot_written_with_every_movement_loads_pruned():
    state, made = savings.fold(None, HALF_YEAR, REFS)
    old = {k: v for k, v in state.to_dict().items() if k != "opening_balance"}
    old["movements"] = [{"value_date": m.value_date.isoformat(), "kind": m.kind,
                         "amount": m.amount, "op_id": m.op_id} for m in made]
    assert savings.SavingsState.from_dict(old) == state
    assert state.opening_balance == 730_000 and len(state.movements) == 1

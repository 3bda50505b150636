"""Operation envelope, canonical order, accounts touched, reversals."""
from __future__ import annotations

import datetime as dt

from sbpdesk.domain.operation import (
    CASH,
    CLASS,
    Operation,
    accounts,
    effective,
    order_key,
    reversed_targets,
)

D = dt.date


def _op(op_id, kind, day, origin="lap", seq=1, **payload):
    return Operation(op_id, origin, seq, kind, 1, payload, day)


def test_facts_before_decisions_on_the_same_date_then_origin_then_seq():
    decision = _op("d", "loan.freeze", D(2026, 4, 20), origin="office", seq=1, loan_id="L")
    fact_b = _op("b", "collection.record", D(2026, 4, 20), origin="lapB", seq=1, loan_id="L")
    fact_a2 = _op("a2", "collection.record", D(2026, 4, 20), origin="lapA", seq=2, loan_id="L")
    fact_a1 = _op("a1", "collection.record", D(2026, 4, 20), origin="lapA", seq=1, loan_id="L")
    earlier = _op("e", "loan.write_off", D(2026, 4, 19), origin="office", seq=9, loan_id="L")
    ordered = sorted([decision, fact_b, fact_a2, fact_a1, earlier], key=order_key)
    assert [o.op_id for o in ordered] == ["e", "a1", "a2", "b", "d"]


def test_catalogue_classes_and_cash():
    assert CLASS["collection.record"] == "fact" and CLASS["application.decide"] == "decision"
    assert CASH["collection.record"] == "in" and CASH["loan.disburse"] == "out"
    assert CASH["savings.withdraw"] == "out" and CASH["loan.freeze"] == "–"


def test_accounts():
    day = D(2026, 1, 15)
    coll = _op("c", "collection.record", day, loan_id="L", savings_account_id="S",
               savings=10_000, from_savings=0)
    assert accounts(coll) == [("loan", "L"), ("savings", "S")]
    interest_only = _op("c2", "collection.record", day, loan_id="L", savings_account_id="S",
                        savings=0, from_savings=0)
    assert accounts(interest_only) == [("loan", "L")]
    savings_only = _op("c3", "collection.record", day, loan_id=None, savings_account_id="S",
                       savings=5_000, from_savings=0)
    assert accounts(savings_only) == [("savings", "S")]
    approve = _op("d", "application.decide", day, application_id="A", approved=True,
                  loan_id="L")
    refuse = _op("r", "application.decide", day, application_id="A", approved=False,
                 loan_id=None)
    assert accounts(approve) == [("application", "A"), ("loan", "L")]
    assert accounts(refuse) == [("application", "A")]
    assert accounts(_op("s", "application.submit", day, application_id="A")) == [
        ("application", "A")]
    assert accounts(_op("w", "savings.withdraw", day, savings_account_id="S", amount=1)) == [
        ("savings", "S")]
    resolve = _op("x", "suspense.resolve", day, account_kind="loan", account_id="L",
                  amount=5, to="savings", target_id="S")
    assert accounts(resolve) == [("loan", "L"), ("savings", "S")]
    rev = _op("v", "op.reverse", day, target_op_id="c")
    assert accounts(rev, target=coll) == [("loan", "L"), ("savings", "S")]
    assert accounts(rev) == []


def test_reversal_of_a_reversal_is_a_no_op():
    day = D(2026, 1, 15)
    pay = _op("p", "collection.record", day, seq=1, loan_id="L")
    rev = _op("r1", "op.reverse", day, seq=2, target_op_id="p")
    rev_again = _op("r2", "op.reverse", day, seq=3, target_op_id="p")
    rev_of_rev = _op("r3", "op.reverse", day, seq=4, target_op_id="r1")
    assert reversed_targets([pay, rev, rev_again, rev_of_rev]) == {"p"}
    assert effective([pay, rev, rev_again, rev_of_rev]) == []
    other = _op("q", "collection.record", day, seq=5, loan_id="L")
    assert effective([other, pay, rev]) == [other]

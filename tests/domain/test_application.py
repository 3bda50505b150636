"""Lifecycle transitions and decide-time eligibility checks."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain import application as app
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.operation import Operation
from sbpdesk.domain.programmes import SHIPPED_PROGRAMMES as P

D = dt.date


def op(n, kind, day, **payload):
    return Operation(f"x{n}", "lap", n, kind, 1, payload, day)


SUBMIT = op(1, "application.submit", D(2026, 1, 15), application_id="A", household_id="H",
            person_id="M", group_id="G", programme_code="poor", amount=30_000_000,
            term_months=36, frequency_months=6, purpose="chăn nuôi", funding_source="central",
            study_end=None)


def test_decide_once_and_only_known_applications():
    with pytest.raises(DomainError) as e:
        app.check_decide(None, True)
    assert e.value.code == "unknown_application" and e.value.en
    s = app.replay([SUBMIT])
    app.check_decide(s, True)
    s = app.apply(s, op(2, "application.decide", D(2026, 1, 20), application_id="A",
                        approved=True, loan_id="L"))
    assert s.status == "approved" and s.loan_id == "L"
    with pytest.raises(DomainError) as e:
        app.check_decide(s, True)
    assert e.value.code == "already_decided"


def test_disbursing_a_refused_application_or_above_approval():
    with pytest.raises(DomainError) as e:
        app.check_disburse("refused", 0, 0, 1_000_000)
    assert e.value.code == "disburse_refused" and "từ chối" in e.value.vi
    with pytest.raises(DomainError) as e:
        app.check_disburse("approved", 10_000_000, 0, 10_000_001)
    assert e.value.code == "over_approval"
    app.check_disburse("approved", 10_000_000, 0, 10_000_000)
    app.check_disburse("active", 10_000_000, 4_000_000, 6_000_000)
    with pytest.raises(DomainError):
        app.check_disburse("closed", 10_000_000, 10_000_000, 1)


def test_transitions():
    assert app.next_status("active", "freeze") == "frozen"
    assert app.next_status("frozen", "unfreeze") == "active"
    assert app.next_status("frozen", "write_off") == "written_off"
    for status, event in [("frozen", "extend"), ("closed", "freeze"), ("written_off", "collect"),
                          ("submitted", "disburse"), ("active", "unfreeze")]:
        with pytest.raises(DomainError) as e:
            app.next_status(status, event)
        assert e.value.vi and e.value.en


def test_check_application_limits_and_eligibility():
    app.check_application(P["poor"], 100_000_000, 120, "poor", 6)
    with pytest.raises(DomainError) as e:
        app.check_application(P["poor"], 100_000_001, 36, "poor")
    assert e.value.code == "amount_above_limit" and e.value.field == "amount"
    with pytest.raises(DomainError) as e:
        app.check_application(P["poor"], 10_000_000, 121, "poor")
    assert e.value.code == "term_above_limit"
    with pytest.raises(DomainError) as e:
        app.check_application(P["poor"], 10_000_000, 36, "near_poor")
    assert e.value.code == "household_not_eligible"
    with pytest.raises(DomainError) as e:
        app.check_application(P["student"], 10_000_000, 60, "other", frequency_months=7)
    assert e.value.code == "frequency_above_limit"
    with pytest.raises(DomainError) as e:
        app.check_application(P["student"], 40_000_001, 60, "other", 6, study_months=10)
    assert e.value.code == "amount_above_monthly_limit"    # 4.000.000 × 10 months
    with pytest.raises(DomainError):
        app.check_application(None, 1, 1)
    with pytest.raises(DomainError):
        app.check_application(P["social_housing"], 1_000_000, 12, funding_source="local")


def test_application_snapshot_round_trip():
    s = app.replay([SUBMIT])
    assert app.ApplicationState.from_dict(s.to_dict()) == s

"""The office window's typed verbs (issue 16) refuse, in the service, what the signed-in role
may not do and what the maker-checker rule forbids — not only by hiding buttons."""
from __future__ import annotations

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import applications, devices, journal
from sbpdesk.services.auth import Approval
from tests.conftest import PW
from tests.services.test_loans_collections import D0, as_user, set_up_loan


def submitted(office) -> str:
    with office.transaction():
        _, household_id, person_id, _ = set_up_loan(office)
    as_user(office, "accountant", ["accountant"])
    new = applications.NewApplication(household_id, person_id, None, "poor", 5_000_000, 12,
                                      None, "Mua giống lúa")
    (_, app_id), = applications.submit(office, new, business_date=D0).accounts
    return app_id


def test_decide_is_the_directors_with_a_checker_and_a_reason(office):
    app_id = submitted(office)
    checker = Approval("accountant", PW)
    as_user(office, "accountant", ["accountant"])      # not the director's decision
    with pytest.raises(DomainError) as e:
        applications.decide(office, app_id, True, reason="đủ điều kiện", business_date=D0,
                            checked_by=Approval("teller", PW))
    assert e.value.code == "role_refused"
    as_user(office, "director", ["director"])
    for credential, code in ((None, "approval_required"),
                             (Approval("director", PW), "approval_required"),
                             (Approval("accountant", "wrong"), "login_failed")):
        with pytest.raises(DomainError) as e:
            applications.decide(office, app_id, True, reason="đủ điều kiện",
                                business_date=D0, checked_by=credential)
        assert e.value.code == code, credential
    with pytest.raises(DomainError) as e:
        applications.decide(office, app_id, True, reason="  ", business_date=D0,
                            checked_by=checker)
    assert e.value.code == "reason_required"
    assert [p.row.id for p in applications.pending(office)] == [app_id]
    done = applications.decide(office, app_id, True, reason="đủ điều kiện", business_date=D0,
                               checked_by=checker, amount=4_000_000)
    entry = journal.get(office.db, done.op_id)
    assert (entry.actor, entry.payload["checked_by"], entry.payload["amount"]) == (
        "director", "accountant", 4_000_000)
    assert applications.pending(office) == []


def test_leases_and_revocation_are_the_administrators(office):
    as_user(office, "accountant", ["accountant"])
    for verb in (lambda: devices.grant_lease(office, "P01", "DEV-X", business_date=D0),
                 lambda: devices.revoke(office, "DEV-X", business_date=D0)):
        with pytest.raises(DomainError) as e:
            verb()
        assert e.value.code == "role_refused"
    as_user(office, "admin", ["admin"])
    with pytest.raises(DomainError) as e:         # the administrator reaches the decider
        devices.grant_lease(office, "P01", "DEV-X", business_date=D0)
    assert e.value.code == "unknown_device"

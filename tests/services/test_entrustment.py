"""Entrusted organisations since 2025 (decisions/0108): one belongs to a new commune, serves
several points and works under dated contracts; a contract's dates must hold together."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import entrustment, posting
from tests.services.test_loans_collections import as_user

D = dt.date(2026, 3, 15)
WOMEN = {"code": "HPN-LD04", "kind": "women", "name": "Hội LHPN xã Hải Ninh",
         "commune_code": "LD04", "point_code": "P01", "points": ["P02"],
         "contracts": [
             {"number": "05/HĐUT-2026", "signed_on": "2025-12-20", "valid_from": "2026-01-01"},
             {"number": "12/HĐUT-2024", "signed_on": "2024-01-02", "valid_from": "2024-01-02",
              "valid_until": "2025-12-31"}]}


def test_an_organisation_serves_several_points_under_dated_contracts(office):
    as_user(office, "admin", ["admin"])
    posting.post(office, "organisation.define", WOMEN, business_date=D)
    org = entrustment.organisations(office)["HPN-LD04"]
    assert (org.commune_code, org.points) == ("LD04", ("P01", "P02"))
    assert [o.code for o in entrustment.serving(office, "P02")] == ["HPN-LD04"]
    assert entrustment.contract_on(office, "HPN-LD04", dt.date(2025, 12, 31)).number == \
        "12/HĐUT-2024"
    assert entrustment.contract_on(office, "HPN-LD04", dt.date(2026, 1, 1)).number == \
        "05/HĐUT-2026"
    assert entrustment.contract_on(office, "HPN-LD04", dt.date(2023, 12, 31)) is None
    # the older definition (one point, no contract) stays as it was
    assert entrustment.organisations(office)["HPN-P01"].points == ("P01",)


@pytest.mark.parametrize("contract", [
    {"number": "1", "valid_from": "2026-01-01", "valid_until": "2025-12-31"},
    {"number": "2", "signed_on": "2026-02-01", "valid_from": "2026-01-01"},
    {"valid_from": "2026-01-01"},
])
def test_a_contract_whose_dates_do_not_hold_is_refused(office, contract):
    as_user(office, "admin", ["admin"])
    with pytest.raises(DomainError) as err:
        posting.post(office, "organisation.define", {**WOMEN, "contracts": [contract]},
                     business_date=D)
    assert err.value.field == "contracts" and err.value.vi and err.value.en


def test_the_point_lists_the_organisations_that_serve_it(office):
    from sbpdesk.services import reference
    as_user(office, "admin", ["admin"])
    posting.post(office, "organisation.define", WOMEN, business_date=D)
    assert [o.code for o in reference.list_organisations(office, "P02")] == ["HPN-LD04"]
    assert [o.code for o in reference.list_organisations(office, "P01")] == [
        "HPN-LD04", "HPN-P01"]


def test_an_entrustment_fee_only_for_a_month_a_contract_covers(office):
    """Decisions 0108, 0158: HPN-LD04's contracts run from 02/01/2024 (to 31/12/2025) and
    from 01/01/2026; January 2024 is covered by its second day, December 2023 by none."""
    as_user(office, "admin", ["admin"])
    posting.post(office, "organisation.define", WOMEN, business_date=D)
    as_user(office, "accountant", ["accountant"])

    def issue(code, period):
        return posting.post(office, "payable.issue", {
            "kind": "union_fee", "payee_kind": "organisation", "payee_id": code,
            "point_code": "P01", "amount": 35_000, "period": period}, business_date=D)
    with pytest.raises(DomainError) as err:
        issue("HPN-LD04", "2023-12")
    assert (err.value.code, err.value.field) == ("no_entrustment_contract", "period")
    assert "2023-12" in err.value.vi and "2023-12" in err.value.en
    for period in ("2024-01", "2025-12", "2026-02"):
        issue("HPN-LD04", period)
    issue("HPN-P01", "2023-12")   # defined without contracts (before 0108): not checked
    with pytest.raises(DomainError) as err:
        issue("HPN-LD04", "12/2023")
    assert err.value.field == "period"

"""Administrative units on a real book (`unit.define`, decisions/0106): the office records the
2025 map; points learn it by bundle; a point's commune and a household's address resolve to
the units in force on a date; bad definitions are refused with a reason."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.db.models import AdminUnit
from sbpdesk.demo import map2025
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import check, customers, places, posting
from tests.services.test_loans_collections import as_user
from tests.sync.test_enrol import export, fast_kdf, imp  # noqa: F401  (autouse fixture)
from tests.sync.test_exchange import loan_pair

D = dt.date(2026, 3, 15)


def define_map(book):
    as_user(book, "admin", ["admin"])
    for unit in map2025.unit_payloads():
        posting.post(book, "unit.define", unit, business_date=D)


def test_the_map_is_recorded_and_the_point_sits_in_the_commune_of_the_day(office):
    define_map(office)
    assert office.db.get(AdminUnit, "LD01").current
    assert not office.db.get(AdminUnit, map2025.old_code("Hải Ninh")).current
    posting.post(office, "point.define", {
        "point_code": "P01", "office_code": "PGD01", "name": "Điểm giao dịch xã Phan Điền",
        "commune": "Hải Ninh", "legacy_commune": "Phan Điền", "session_day": 15,
        "commune_code": "LD04", "legacy_commune_code": map2025.old_code("Phan Điền")},
        business_date=D)
    assert places.point_commune_on(office, "P01", dt.date(2025, 6, 30)) == "Phan Điền"
    assert places.point_commune_on(office, "P01", dt.date(2025, 7, 1)) == "Hải Ninh"
    # P02 was defined with no unit codes: it keeps its commune text
    assert places.point_commune_on(office, "P02", D) == "Xã Phan Rí Thành"
    assert check.check_book(office, replay=True).ok


def test_an_address_written_in_hoa_thang_resolves_by_village(office):
    define_map(office)
    as_user(office, "accountant", ["accountant"])
    written = "Thôn Xuân Quang, xã Hòa Thắng, huyện Bắc Bình"
    made = customers.register_household(office, customers.NewHousehold(
        "P01", written, "Thôn Xuân Quang", category="poor",
        commune_code=map2025.old_code("Hòa Thắng")), [customers.NewPerson(
            "Nguyễn Văn An", "M", dt.date(1980, 1, 1))], business_date=D)
    hid = made.household.id
    a = places.household_address(office, hid, D)
    assert (a.written, a.resolved_commune, a.province_code) == (written, "LD02", "68")
    assert places.household_address(office, hid, dt.date(2025, 1, 1)).resolved_commune == \
        map2025.old_code("Hòa Thắng")


@pytest.mark.parametrize(("bad", "field"), [
    ({"level": "hamlet"}, "level"),
    ({"code": "bad code!"}, "code"),
    ({"valid_from": "2025-07-01", "valid_until": "2025-06-30"}, "valid_until"),
    ({"successors": [{"code": "LD01"}]}, "valid_until"),
    ({"valid_until": "2025-06-30", "successors": [{"code": "LD01"}, {"code": "LD02"}]},
     "successors"),
])
def test_a_bad_unit_is_refused_with_a_reason(office, bad, field):
    as_user(office, "admin", ["admin"])
    with pytest.raises(DomainError) as err:
        posting.post(office, "unit.define", {"code": "BT99", "level": "commune",
                                             "name": "Thử", **bad}, business_date=D)
    assert err.value.field == field and err.value.vi and err.value.en


def test_units_reach_the_laptop_by_bundle(tmp_path, clock):
    office, laptop, _ = loan_pair(tmp_path, clock)
    define_map(office)
    assert places.places(laptop).units == {}
    imp(laptop, export(office, tmp_path, to=f"device:{laptop.origin}", name="down"))
    assert places.places(laptop).resolve(map2025.old_code("Sông Bình"), D) == "LD07"


def test_an_old_address_says_which_commune_it_is_in_now(office):
    """Decision 0106: the address stays as written; the borrower page adds the commune and
    province in force (Hòa Thắng split by village: Xuân Quang went to Hồng Thái)."""
    define_map(office)
    as_user(office, "accountant", ["accountant"])

    def household(village, old):
        made = customers.register_household(office, customers.NewHousehold(
            "P01", f"{village}, xã {old}", village, category="poor",
            commune_code=map2025.old_code(old)), [customers.NewPerson(
                "Nguyễn Văn An", "M", dt.date(1980, 1, 1))], business_date=D)
        return made.household.id
    xuan_quang, thon_1 = household("Thôn Xuân Quang", "Hòa Thắng"), household("Thôn 1",
                                                                                "Hòa Thắng")
    assert places.address_now(office, xuan_quang, D) == "xã Hồng Thái, tỉnh Lâm Đồng"
    assert places.address_now(office, thon_1, D) == "xã Hòa Thắng, tỉnh Lâm Đồng"
    assert places.address_now(office, household("Thôn 2", "Phan Rí Thành"), D) == \
        "xã Bắc Bình, tỉnh Lâm Đồng"
    assert places.address_now(office, xuan_quang, dt.date(2025, 6, 30)) is None  # unchanged

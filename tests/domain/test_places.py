"""Administrative units with history and the 2025 successor table (decision 0106), on the
demo's map of Bắc Bình (changes-2025-2026.md §1)."""
from __future__ import annotations

import datetime as dt

from sbpdesk.demo import map2025
from sbpdesk.domain.places import Successor, Unit, build

D = dt.date


def demo_places():
    units, successors = [], []
    for p in map2025.unit_payloads():
        units.append(Unit(p["code"], p["level"], p["name"], p.get("parent_code"),
                          D.fromisoformat(p["valid_from"]) if p.get("valid_from") else None,
                          D.fromisoformat(p["valid_until"]) if p.get("valid_until") else None))
        successors += [Successor(p["code"], s["code"], tuple(s.get("villages") or ()))
                       for s in p.get("successors") or []]
    return build(units, successors)


def test_eighteen_old_units_became_seven_communes_of_lam_dong():
    where = demo_places()
    assert [u.name for u in where.children("68", D(2026, 1, 1))] == [
        "Bắc Bình", "Hồng Thái", "Hòa Thắng", "Hải Ninh", "Phan Sơn", "Sông Lũy", "Lương Sơn"]
    assert len(where.children("BT00", D(2025, 6, 30))) == 18
    assert where.children("BT00", D(2025, 7, 1)) == []
    # Bắc Bình (new) = Chợ Lầu, Phan Hòa, Phan Hiệp, Phan Rí Thành
    assert sorted(where.units[s.old_code].name for s in where.predecessors_of("LD01")) == [
        "Chợ Lầu", "Phan Hiệp", "Phan Hòa", "Phan Rí Thành"]


def test_an_old_commune_resolves_to_itself_before_and_its_successor_after():
    where = demo_places()
    prt = map2025.old_code("Phan Rí Thành")
    assert where.resolve(prt, D(2024, 11, 20)) == prt
    assert where.resolve(prt, D(2025, 6, 30)) == prt
    assert where.resolve(prt, D(2025, 7, 1)) == "LD01"
    assert where.province_of(prt) == "60" and where.province_of("LD01") == "68"
    assert where.resolve("60", D(2026, 1, 1)) == "68"


def test_hoa_thang_is_split_by_village():
    where = demo_places()
    ht = map2025.old_code("Hòa Thắng")
    assert where.resolve(ht, D(2026, 1, 1), "Thôn Hồng Lâm") == "LD02"     # to Hồng Thái
    assert where.resolve(ht, D(2026, 1, 1), "thôn  xuân quang") == "LD02"  # as typed
    assert where.resolve(ht, D(2026, 1, 1), "Thôn 2") == "LD03"            # the rest
    assert where.resolve(ht, D(2026, 1, 1)) is None       # no village: cannot be told
    assert where.resolve(ht, D(2025, 1, 1)) == ht


def test_an_address_keeps_what_was_written():
    where = demo_places()
    written = "Thôn Hồng Lâm, xã Hòa Thắng, huyện Bắc Bình, tỉnh Bình Thuận"
    a = where.resolve_address(written, "Thôn Hồng Lâm", map2025.old_code("Hòa Thắng"),
                              D(2026, 3, 1))
    assert (a.written, a.resolved_commune, a.province_code) == (written, "LD02", "68")
    assert where.name_on(a.resolved_commune, D(2026, 3, 1)) == "Hồng Thái"

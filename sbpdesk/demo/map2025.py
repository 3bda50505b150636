"""The demo's administrative map: Bắc Bình district of Bình Thuận until 30/06/2025, seven
communes of Lâm Đồng from 01/07/2025 (../shared/domain/changes-2025-2026.md §1: names
sure; the split of Hòa Thắng by village likely — which villages go where is made up here).

Province codes 60 (closed) and 68 are the real ones (Decision 19/2025/QĐ-TTg); the commune
codes below are the demo's own ("BT…" old, "LD…" new): the real 5-digit codes were not in
the sources we had. Names are bare ("Phan Rí Thành"): documents say "xã …" (the two old
towns, Chợ Lầu and Lương Sơn, included, as the demo always has).
"""
from __future__ import annotations

import datetime as dt

LAST_OLD_DAY = dt.date(2025, 6, 30)
FIRST_NEW_DAY = dt.date(2025, 7, 1)

# new commune → (its demo code, the old units it was formed from)
NEW_COMMUNES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Bắc Bình": ("LD01", ("Chợ Lầu", "Phan Hòa", "Phan Hiệp", "Phan Rí Thành")),
    "Hồng Thái": ("LD02", ("Phan Thanh", "Hồng Thái", "Hòa Thắng")),
    "Hòa Thắng": ("LD03", ("Hồng Phong", "Hòa Thắng")),
    "Hải Ninh": ("LD04", ("Bình An", "Phan Điền", "Hải Ninh")),
    "Phan Sơn": ("LD05", ("Phan Lâm", "Phan Sơn")),
    "Sông Lũy": ("LD06", ("Phan Tiến", "Bình Tân", "Sông Lũy")),
    "Lương Sơn": ("LD07", ("Lương Sơn", "Sông Bình")),
}
# Hòa Thắng was split: these of its villages went to Hồng Thái, the rest stayed.
HOA_THANG_TO_HONG_THAI = ("Thôn Hồng Lâm", "Thôn Xuân Quang")
OLD_ORDER = ("Phan Rí Thành", "Hòa Thắng", "Chợ Lầu", "Lương Sơn", "Bình An", "Bình Tân",
             "Hải Ninh", "Hồng Phong", "Hồng Thái", "Phan Điền", "Phan Hiệp", "Phan Hòa",
             "Phan Lâm", "Phan Sơn", "Phan Thanh", "Phan Tiến", "Sông Bình", "Sông Lũy")


def old_code(commune: str) -> str:
    return f"BT{OLD_ORDER.index(commune) + 1:02d}"


def new_commune_of(old: str) -> str:
    """The new commune an old one's point sits in (Hòa Thắng's seat stayed in Hòa Thắng)."""
    if old == "Hòa Thắng":
        return "Hòa Thắng"
    return next(new for new, (_, olds) in NEW_COMMUNES.items() if old in olds)


def unit_payloads() -> list[dict]:
    """`unit.define` payloads, parents first."""
    out = [
        {"code": "60", "level": "province", "name": "Bình Thuận",
         "valid_until": LAST_OLD_DAY.isoformat(), "successors": [{"code": "68"}]},
        {"code": "68", "level": "province", "name": "Lâm Đồng"},
        {"code": "BT00", "level": "district", "name": "Bắc Bình", "parent_code": "60",
         "valid_until": LAST_OLD_DAY.isoformat()},
    ]
    for new, (code, _) in NEW_COMMUNES.items():
        out.append({"code": code, "level": "commune", "name": new, "parent_code": "68",
                    "valid_from": FIRST_NEW_DAY.isoformat()})
    for old in OLD_ORDER:
        if old == "Hòa Thắng":
            successors = [{"code": NEW_COMMUNES["Hồng Thái"][0],
                           "villages": list(HOA_THANG_TO_HONG_THAI)},
                          {"code": NEW_COMMUNES["Hòa Thắng"][0]}]
        else:
            successors = [{"code": NEW_COMMUNES[new_commune_of(old)][0]}]
        out.append({"code": old_code(old), "level": "commune",
                    "name": old,
                    "parent_code": "BT00", "valid_until": LAST_OLD_DAY.isoformat(),
                    "successors": successors})
    return out

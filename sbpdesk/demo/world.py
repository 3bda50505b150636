"""What every part of the demo generator shares: the demo office's names, the set-up's
shape, and ids that sort by business date."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

OFFICE = "BB"
LAPTOP = "D-DEMO01"
PASSWORD = "demo"
USERS = [("director", "Nguyễn Văn Hùng", ["director"]),
         ("accountant", "Trần Thị Thu Hà", ["accountant"]),
         ("teller", "Lê Thị Mỹ Duyên", ["teller"]),
         ("controller", "Phạm Quốc Bảo", ["controller"])]
ORGS = [("women", "HPN", "Hội Liên hiệp Phụ nữ", 38), ("farmers", "HND", "Hội Nông dân", 30),
        ("veterans", "CCB", "Hội Cựu chiến binh", 17), ("youth", "DTN", "Đoàn Thanh niên", 15)]
CATEGORY = [("poor", 45), ("near_poor", 25), ("escaped", 15), ("other", 15)]
PROGRAMME_FOR = {"poor": "poor", "near_poor": "near_poor", "escaped": "escaped_poverty"}
GROUPS_PER_POINT = 17
DEMO_SAVINGS_RATE = "0.5"   # %/năm, illustrative only (flagged demo book)


@dataclass
class Household:
    id: str
    point: str
    group: str
    category: str
    members: list[tuple[str, str]]     # (person_id, full_name); the first is the borrower
    profile: str                       # good, late, bad, early


@dataclass
class World:
    """What the timeline needs to know about the set-up."""
    points: list[str]
    groups: dict[str, list[str]]                 # point -> group ids
    households: list[Household]
    org_of_group: dict[str, str] = field(default_factory=dict)



def uuid7(rng: random.Random, day: dt.date) -> str:
    """A UUIDv7 whose time part is the business date and random part from the seed."""
    ms = int(dt.datetime(day.year, day.month, day.day, 2, tzinfo=dt.UTC)
             .timestamp() * 1000)
    r = rng.getrandbits(74)
    value = (ms << 80) | (0x7 << 76) | ((r >> 62) << 64) | (0b10 << 62) | (r & ((1 << 62) - 1))
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


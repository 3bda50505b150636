"""Administrative units with history (decision 0106): provinces, communes and villages with
their codes and validity dates, and the successor table old → new of the 2025 reform.

Since 01/07/2025 there are two tiers (province, commune); districts are gone and old units
closed on 30/06/2025 (../shared/domain/changes-2025-2026.md §1). A successor row maps an old
unit to a new one; an old commune split between several new ones (Hòa Thắng: part to Hồng
Thái, the rest to Hòa Thắng) has one row per new commune, and the rows that name villages
take those villages, the row naming none takes the rest. Codes are never reused.

An address keeps what was written, as written, and the units it resolves to on a day:
`resolve_address` never rewrites the written text (papers quoting old names stay valid,
Resolution 190/2025/QH15 art. 10).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

LEVELS = ("province", "district", "commune", "village")


@dataclass(frozen=True)
class Unit:
    code: str
    level: str                      # province | district | commune | village
    name: str
    parent_code: str | None = None
    valid_from: dt.date | None = None    # None: since before the book's history
    valid_until: dt.date | None = None   # last day in force (inclusive); None: still

    def in_force(self, day: dt.date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day <= self.valid_until))


@dataclass(frozen=True)
class Successor:
    old_code: str
    new_code: str
    villages: tuple[str, ...] = ()   # village names or codes going this way; () = the rest


@dataclass(frozen=True)
class Address:
    """An address as written, and the units it resolved to (None: could not resolve)."""
    written: str
    village: str = ""
    commune_code: str | None = None      # the unit written (maybe an old commune)
    resolved_commune: str | None = None  # the commune in force on the day resolved
    province_code: str | None = None


@dataclass(frozen=True)
class Places:
    units: Mapping[str, Unit] = field(default_factory=dict)
    successors: tuple[Successor, ...] = ()

    def name_on(self, code: str, day: dt.date) -> str | None:
        unit = self.units.get(code)
        return unit.name if unit is not None else None

    def children(self, code: str, day: dt.date) -> list[Unit]:
        return sorted((u for u in self.units.values()
                       if u.parent_code == code and u.in_force(day)), key=lambda u: u.code)

    def successors_of(self, code: str) -> tuple[Successor, ...]:
        return tuple(s for s in self.successors if s.old_code == code)

    def predecessors_of(self, code: str) -> tuple[Successor, ...]:
        return tuple(s for s in self.successors if s.new_code == code)

    def resolve(self, code: str, day: dt.date, village: str = "") -> str | None:
        """The unit in force on `day` that `code` (written at any time) stands for: itself
        while in force, else its successor — by `village` where the old unit was split.
        None when it cannot be told (a split unit and no village that decides it)."""
        seen: set[str] = set()
        while code not in seen:
            seen.add(code)
            unit = self.units.get(code)
            if unit is not None and unit.in_force(day):
                return code
            rows = self.successors_of(code)
            if not rows:
                return None
            code_next = _by_village(rows, village)
            if code_next is None:
                return None
            code = code_next
        return None

    def province_of(self, code: str) -> str | None:
        """The province a unit sits in (following parents)."""
        seen: set[str] = set()
        unit = self.units.get(code)
        while unit is not None and unit.code not in seen:
            if unit.level == "province":
                return unit.code
            seen.add(unit.code)
            unit = self.units.get(unit.parent_code or "")
        return None

    def resolve_address(self, written: str, village: str, commune_code: str | None,
                        day: dt.date) -> Address:
        new = self.resolve(commune_code, day, village) if commune_code else None
        return Address(written, village, commune_code, new,
                       self.province_of(new) if new else None)


def _by_village(rows: Iterable[Successor], village: str) -> str | None:
    rows = tuple(rows)
    if len(rows) == 1:
        return rows[0].new_code
    key = _norm(village)
    named = [r for r in rows if key and key in {_norm(v) for v in r.villages}]
    if len(named) == 1:
        return named[0].new_code
    rest = [r for r in rows if not r.villages]
    if not named and len(rest) == 1 and key and any(r.villages for r in rows):
        return rest[0].new_code     # a village the named rows do not take: the rest
    return None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def build(units: Iterable[Unit], successors: Iterable[Successor]) -> Places:
    return Places({u.code: u for u in units}, tuple(successors))

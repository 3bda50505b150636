"""Demo books: the Bắc Bình transaction office with its commune points, groups, households,
loans and years of monthly sessions — deterministic by seed, flagged as demo everywhere.

Everything is an operation. The set-up (users, points, organisations, groups, households,
members) goes through the services' typed verbs like any office's. The years of sessions — the
laptop's sessions, collections, hand-overs, disbursements, reversals and the office's
decisions — are decided with the same domain checks (`check_application`,
`propose_collection`, `check_deposit`), chained and hashed like `journal.append`, folded with
the domain `apply` in memory and bulk-appended (`BulkWriter`), because one posting per
row would take minutes for a million operations. `sbpdesk check --replay` on the result
must (and does, in the tests) agree with every snapshot.

The parts: world.py (names and shapes), bulk.py (the bulk writer), history.py (the years of
sessions); `--role point` is point.py (a laptop enrolled at this office through the real
enrolment files).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
from pathlib import Path
from typing import Any

from sbpdesk.db.models import Point
from sbpdesk.demo import map2025, names
from sbpdesk.demo.history import Timeline
from sbpdesk.demo.world import (
    CATEGORY,
    DEMO_SAVINGS_RATE,
    GROUPS_PER_POINT,
    LAPTOP,
    OFFICE,
    ORGS,
    PASSWORD,
    USERS,
    Household,
    World,
    uuid7,
)
from sbpdesk.domain.dates import add_months
from sbpdesk.services import (
    absent,
    customers,
    devices,
    groups,
    places,
    reference,
    relief,
    users,
)
from sbpdesk.services.books import init_book
from sbpdesk.services.context import VIETNAM, Book, User


def build_demo(data_dir: str | Path, *, households: int | None = None,
               years: int = 3, seed: int = 1, as_of: dt.date | None = None,
               points: int | None = None, db_url: str | None = None,
               progress=None) -> dict[str, Any]:
    """Build the demo office book in data_dir, or in the database `db_url` (PostgreSQL)
    with data_dir for its backups and logs (`demo.point.build_point_demo` adds a laptop
    enrolled at it). `progress(step, done, total)` is told what it does: "office" (users,
    places, points, groups, households), "history" (month `done` of `total`), "save"."""
    office_dir = Path(data_dir)
    as_of = as_of or dt.datetime.now(VIETNAM).date()
    n_points = points or max(2, min(len(names.COMMUNES), round((households or 1400) / 700)))
    per_point = max(10, (households or 700 * n_points) // n_points)
    rng = random.Random(seed)
    if progress is not None:
        progress("office", 0, 1)
    book = init_book(office_dir, "office", OFFICE, admin_password=PASSWORD, demo=True,
                     db_url=db_url)
    try:
        start = add_months(as_of, -12 * years)
        world = _set_up(book, rng, n_points, per_point, start - dt.timedelta(days=30), as_of)
        counts = Timeline(book, rng, world, start, as_of, progress).run()
        _retire_history_laptop(book, as_of)
    finally:
        book.close()
    result = {"data_dir": str(office_dir), "role": "office", "demo": True,
              "points": world.points, "households": len(world.households), **counts}
    return result


# Decision 2731/QĐ-TTg (16/12/2025; changes-2025-2026.md §3): −2 %/year on the outstanding
# loans of every programme at the Prime Minister's rate in Lâm Đồng (68), 01/10–31/12/2025.
# How the excess collected was returned is not known: the default, off the next interest.
RELIEF = {"decision": "2731/QĐ-TTg ngày 16/12/2025", "points": "2", "start": "2025-10-01",
          "until": "2025-12-31", "programmes": "pm_rate", "provinces": ["68"],
          "method": "next_interest"}
RELIEF_DECIDED = dt.date(2025, 12, 16)


def record_relief(book: Book, as_of: dt.date) -> None:
    """The office records the reduction through the services (the one write path) on a demo
    book's last day, after the history: its applier replays every loan it covers, and what
    was collected in excess comes off each borrower's next interest. Not part of
    `build_demo`: the next bills would change (decision 0186); the samples record it."""
    if as_of <= RELIEF_DECIDED:
        return
    with book.transaction():
        _as(book, "admin")
        relief.record(book, RELIEF, business_date=as_of)


# --- set-up through the typed verbs ---------------------------------------------------------

def _as(book: Book, username: str) -> None:
    from sbpdesk.db.models import AppUser
    row = book.db.get(AppUser, username)
    book.user = User(row.username, row.full_name, frozenset(row.roles.split(",")))


MAP_2025 = dt.date(2025, 7, 1)


def _set_up(book: Book, rng: random.Random, n_points: int, per_point: int,
            day: dt.date, as_of: dt.date) -> World:
    with book.transaction():
        _as(book, "admin")
        for username, full_name, roles in USERS:
            users.set_user(book, username, full_name, roles, PASSWORD, business_date=day)
        # The 2025 map (changes-2025-2026.md §1–2): Bắc Bình district of Bình Thuận until
        # 30/06/2025; from 01/07/2025 the office (the word "huyện" dropped) is under the
        # Lâm Đồng branch (province 68). Documents print the names in force on their date.
        reference.define_office(book, OFFICE, "Phòng giao dịch NHCSXH huyện Bắc Bình",
                                branch_name="Chi nhánh NHCSXH tỉnh Bình Thuận",
                                province_code="60", business_date=day)
        reference.define_office(book, OFFICE, "Phòng giao dịch NHCSXH Bắc Bình",
                                branch_name="Chi nhánh NHCSXH tỉnh Lâm Đồng",
                                province_code="68", effective_from=MAP_2025,
                                business_date=day)
        for unit in map2025.unit_payloads():     # the map before and after 01/07/2025
            places.define_unit(book, unit, business_date=day)
        # The bank's figure is not known (docs/money-rules.md §4): a demonstration rate, so
        # that the demo's savings earn interest at 30/06 and 31/12 as a real book's do.
        # Notes from 1.000 đ; a count within 500 đ of the book is rounding (issue 14).
        reference.publish_rules(book, "demo-1", day, {"savings_rate": DEMO_SAVINGS_RATE,
                                                      "cash_smallest_note": 1_000,
                                                      "cash_rounding_tolerance": 500},
                                business_date=day)
        world = World([], {}, [])
        for k in range(n_points):
            world.points.append(_define_point(book, k, day, as_of))
        _enrol_history_laptop(book, world.points, day)
        for point in world.points:
            world.groups[point] = _form_groups(book, rng, point, day, world)
        used: set[str] = set()   # ID numbers are unique across the whole book
        for point in world.points:
            world.households += _register_households(book, rng, point, world.groups[point],
                                                     per_point, day, used)
    return world


def _enrol_history_laptop(book: Book, points: list[str], day: dt.date) -> None:
    """The laptop the history is recorded on, enrolled as the office enrols one, so it has a
    small number and a name ("Máy xách tay 1 – BB01") and its receipts read `BB01-1-4854`,
    not `BB01-D-DEMO01-4854` (issue 14, decision 0220). Its keys only fill the form and no
    pack was carried to it: nothing of it ever arrives in a bundle."""
    def key(what: str) -> str:
        return base64.b64encode(hashlib.sha256(f"{LAPTOP} {what}".encode()).digest()).decode()
    devices.enrol(book, devices.NewDevice(
        LAPTOP, tuple(points), key("sign"), key("seal"),
        hashlib.sha256(key("sign").encode()).hexdigest()[:32], demo=True),
        lambda _: devices.Pack(0, 0, hashlib.sha256(b"").hexdigest()), business_date=day)


def _retire_history_laptop(book: Book, as_of: dt.date) -> None:
    """Its history ends here: revoked, the seq it reached kept, so the office lists it as an
    earlier laptop and accepts nothing more from it; the laptops enrolled now sync."""
    with book.transaction():
        _as(book, "admin")
        devices.revoke(book, LAPTOP, business_date=as_of)


def _define_point(book: Book, k: int, day: dt.date, as_of: dt.date) -> str:
    commune = names.COMMUNES[k % len(names.COMMUNES)]
    code = f"{OFFICE}{k + 1:02d}"
    suffix = f" {k // len(names.COMMUNES) + 1}" if k >= len(names.COMMUNES) else ""
    # The point keeps the old commune's name and seat; since 01/07/2025 it belongs to one of
    # the seven new communes (decisions/0106), whose union chapters serve it (0108).
    new = map2025.new_commune_of(commune)
    reference.define_point(
        book, code, f"Điểm giao dịch xã {commune}{suffix}", office_code=OFFICE, commune=new,
        legacy_commune=commune, place=f"Hội trường UBND xã {commune}",
        session_day=_session_day(k, as_of), session_time="07:30",
        commune_code=map2025.NEW_COMMUNES[new][0],
        legacy_commune_code=map2025.old_code(commune), business_date=day)
    for kind, short, org_name, _ in ORGS:
        contracts = [{"number": f"{k + 1:02d}-{short}/HĐUT", "signed_on": day.isoformat(),
                      "valid_from": day.isoformat()}]
        if day < MAP_2025:      # the old commune's chapter until 30/06/2025 (decision 0159)
            reference.define_organisation(
                book, f"{code}-{short}", kind, f"{org_name} xã {commune}", point_code=code,
                commune_code=map2025.old_code(commune), contracts=contracts,
                business_date=day)
        reference.define_organisation(
            book, f"{code}-{short}", kind, f"{org_name} xã {new}", point_code=code,
            commune_code=map2025.NEW_COMMUNES[new][0], contracts=contracts,
            effective_from=MAP_2025 if day < MAP_2025 else None, business_date=day)
    return code


def _legacy_code(book: Book, point: str) -> str:
    """The old commune an address written before 01/07/2025 names (decisions/0106)."""
    return map2025.old_code(book.db.get(Point, point).legacy_commune)


def _session_day(k: int, as_of: dt.date) -> int:
    """The first point meets on `as_of`'s day of the month — the demo's history stops the day
    before, so today's session is there to open — and the others on days after it."""
    return as_of.day if k == 0 else (as_of.day - 1 + 3 * k) % 28 + 1


def _form_groups(book: Book, rng: random.Random, point: str, day: dt.date,
                 world: World) -> list[str]:
    _as(book, "accountant")
    ids = []
    weights = [w for *_, w in ORGS]
    for n in range(GROUPS_PER_POINT):
        kind, short, org_name, _ = rng.choices(ORGS, weights=weights)[0]
        village = names.VILLAGES[n % len(names.VILLAGES)]
        sex = "F" if kind == "women" else rng.choice("MF")
        leader = names.person_name(rng, names.family_name(rng, "Kinh"), sex)
        group_id = groups.form(book, groups.NewGroup(
            group_id=uuid7(rng, day), point_code=point, organisation_code=f"{point}-{short}",
            code=f"{point}-T{n + 1:02d}", name=f"Tổ {n + 1:02d} – {village}",
            village=village, leader_name=leader, rating=rng.choice(
                ["good", "good", "good", "fair", "average"])), business_date=day).group_id
        ids.append(group_id)
        world.org_of_group[group_id] = f"{point}-{short}"
    return ids


def _cccd(rng: random.Random, birth: dt.date, sex: str, used: set[str]) -> str:
    while True:
        century = (birth.year - 1900) // 100 * 2 + (1 if sex == "F" else 0)
        number = f"060{century}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
        if number not in used:
            used.add(number)
            return number


def _register_households(book: Book, rng: random.Random, point: str, group_ids: list[str],
                         count: int, day: dt.date, used: set[str]) -> list[Household]:
    """The point's households drawn in order, then registered and confirmed in bulk: all the
    households, all their members, all the customer codes (decision 0255)."""
    _as(book, "accountant")
    out, made = [], []
    address_commune = book.db.get(Point, point).legacy_commune
    commune_code = _legacy_code(book, point)
    for n in range(count):
        group = group_ids[n % len(group_ids)]
        category = rng.choices([c for c, _ in CATEGORY], weights=[w for _, w in CATEGORY])[0]
        ethnic = names.ethnicity(rng)
        family = names.family_name(rng, ethnic)
        village = rng.choice(names.VILLAGES)
        household = customers.NewHousehold(
            household_id=uuid7(rng, day), point_code=point, group_id=group,
            address=f"{village}, xã {address_commune}", village=village, category=category,
            category_year=day.year, commune_code=commune_code, provisional_no=f"T{n + 1:05d}")
        persons = _members(rng, day, ethnic, family, used)
        made.append((household, persons))
        members = [(p.person_id, p.full_name) for p in persons]
        profile = rng.choices(["good", "late", "bad", "early"], weights=[80, 12, 5, 3])[0]
        out.append(Household(household.household_id, point, group, category, members, profile))
    with absent.keep(book):      # the members' decider finds the households just added
        customers.register_many(book, made, business_date=day)
        customers.confirm_many(book, [(h.household_id, f"{point}{n + 1:06d}")
                                      for n, (h, _) in enumerate(made)], business_date=day)
    return out


def _members(rng: random.Random, day: dt.date, ethnic: str, family: str,
             used: set[str]) -> list[customers.NewPerson]:
    persons = []
    # The head's spouse is of the other sex and keeps his or her own family name; the
    # children take their father's (a head's "Vợ" was once a woman of her own name).
    head_sex, spouse_family = rng.choice("MF"), names.family_name(rng, ethnic)
    fathers = family if head_sex == "M" else spouse_family
    for m in range(rng.choice([1, 2, 2, 3, 3, 4])):
        sex = head_sex if m == 0 else (("F" if head_sex == "M" else "M") if m == 1
                                       else rng.choice("MF"))
        age = rng.randrange(25, 68) if m < 2 else rng.randrange(18, 24)
        birth = dt.date(day.year - age, rng.randrange(1, 13), rng.randrange(1, 29))
        surname = (family, spouse_family)[m] if m < 2 else fathers
        full_name = names.person_name(rng, surname, sex)
        persons.append(customers.NewPerson(   # keyword order = the seeded draws' order
            person_id=uuid7(rng, day), full_name=full_name, sex=sex, birth_date=birth,
            id_number=_cccd(rng, birth, sex, used), ethnicity=ethnic,
            relation=["chủ hộ", "vợ/chồng", "con", "con"][m],
            phone=f"09{rng.randrange(10**8):08d}" if m == 0 else None,
            is_representative=m == 0))
    return persons

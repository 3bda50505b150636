"""Scaled books for the benchmark, built by the shared demo generator and cached.

`demo.office.build_demo` writes `office/` (the office book) and `make_point_copy` `point/` (the
laptop's point book, a copy holding every point's lease). The cache folder is
`bench/.cache/<scale>-<seed>-y<years>-<code hash>/`, where the code hash covers everything that
decides the content of a book (sbpdesk/domain, sbpdesk/db, sbpdesk/services, migrations), so a
change there builds afresh; `ready.json` is written last, so an interrupted build is redone.
Benchmarks that write work on copies (`working_copy`), never on the cached books.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
AS_OF = dt.date(2026, 5, 31)          # fixed, so that the books do not depend on the clock
SEED = 1


@dataclass(frozen=True)
class Scale:
    name: str
    points: int
    households: int
    years: int


SCALES = {
    "point": Scale("point", points=2, households=1400, years=5),
    "office": Scale("office", points=15, households=10_000, years=5),
}


@dataclass(frozen=True)
class Books:
    scale: Scale
    seed: int
    folder: Path
    office_dir: Path
    point_dir: Path
    info: dict           # build_demo's counts + build seconds + table counts

    @property
    def book_file(self) -> Path:
        from sbpdesk import paths
        return paths.book_path(self.office_dir)


def code_hash() -> str:
    h = hashlib.sha256()
    for sub in ("sbpdesk/domain", "sbpdesk/db", "sbpdesk/services", "migrations"):
        for path in sorted((ROOT / sub).rglob("*.py")):
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:10]


def _folder(scale: Scale, seed: int, key: str) -> Path:
    return CACHE / f"{scale.name}-{seed}-y{scale.years}-{key}"


def _counts(book_file: Path) -> dict[str, int]:
    out = {}
    with sqlite3.connect(f"file:{book_file}?mode=ro", uri=True) as con:
        for table in ("operation", "person", "household", "loan", "account_snapshot",
                      "savings_account"):
            with contextlib.suppress(sqlite3.Error):
                out[table] = con.execute(f"select count(*) from {table}").fetchone()[0]
    out["file_mb"] = round(book_file.stat().st_size / 2**20)
    return out


def get_books(scale_name: str, *, seed: int = SEED, years: int | None = None,
              reuse: bool = False, log=print) -> Books:
    """The cached books of a scale, building them first if needed. `reuse` takes the newest
    cached build of this scale and seed when the code hash has moved on (others keep editing
    services while the bench runs); the figures then name the build they ran on."""
    from sbpdesk import paths
    from sbpdesk.demo import office as demo

    scale = SCALES[scale_name]
    if years is not None:
        scale = Scale(scale.name, scale.points, scale.households, years)
    key = code_hash()
    folder = _folder(scale, seed, key)
    if not (folder / "ready.json").exists() and reuse:
        older = sorted((p for p in CACHE.glob(f"{scale.name}-{seed}-y{scale.years}-*")
                        if (p / "ready.json").exists()), key=lambda p: p.stat().st_mtime)
        if older:
            folder = older[-1]
            log(f"[books] code hash {key} not cached; reusing {folder.name}")
    ready = folder / "ready.json"
    if ready.exists():
        info = json.loads(ready.read_text())
    else:
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        log(f"[books] building {scale.name} scale ({scale.points} points, {scale.households} "
            f"households, {scale.years} years, seed {seed}) into {folder} …")
        t = time.perf_counter()
        result = demo.build_demo(folder / "office", households=scale.households,
                                 years=scale.years, seed=seed, as_of=AS_OF, points=scale.points)
        make_point_copy(folder / "office", folder / "point", result["points"])
        seconds = time.perf_counter() - t
        info = {**{k: v for k, v in result.items() if isinstance(v, (int, str, list))},
                "build_seconds": round(seconds, 1), "as_of": AS_OF.isoformat(),
                "code_hash": key, "built_at": dt.datetime.now(dt.UTC).isoformat(
                    timespec="seconds"),
                "counts": _counts(paths.book_path(folder / "office"))}
        ready.write_text(json.dumps(info, ensure_ascii=False, indent=1))
        log(f"[books] built in {seconds:.0f} s: {info['counts']}")
    return Books(scale, seed, folder, folder / "office", folder / "point", info)


def migrated(data_dir: Path) -> Path:
    """Bring a cached book to this program's schema in place, without the backup
    `open_book` writes before a migration: the cache is rebuilt from the generator, and
    backups of it piled up gigabytes under bench/.cache. Only the bench does this."""
    from sbpdesk import paths
    from sbpdesk.db import migrate
    from sbpdesk.db.engine import open_engine
    engine = open_engine(paths.book_path(data_dir))
    try:
        migrate.upgrade_book(engine, None)    # data_dir None: no backup
    finally:
        engine.dispose()
    return data_dir


def working_copy(src_dir: Path, dst_dir: Path) -> Path:
    """A copy of a book folder's database (online backup API: consistent, WAL folded in)."""
    from sbpdesk import paths
    if dst_dir.exists():
        shutil.rmtree(dst_dir)
    dst_dir.mkdir(parents=True)
    with sqlite3.connect(paths.book_path(src_dir)) as a, \
            sqlite3.connect(paths.book_path(dst_dir)) as b:
        a.backup(b)
    return dst_dir


if __name__ == "__main__":   # python bench/books.py point|office [years]
    import sys
    sys.path.insert(0, str(ROOT))
    b = get_books(sys.argv[1], years=int(sys.argv[2]) if len(sys.argv) > 2 else None)
    print(json.dumps(b.info, ensure_ascii=False, indent=1))


# --- the bench pair: the cached books plus dedicated 60-member groups --------------------------

BIG_GROUPS = 5          # dedicated groups of 60 member loans (the demo's groups have ~40)
BIG_MEMBERS = 60
BIG_POINT = "BB01"


def session_day(book, point: str = BIG_POINT) -> dt.date:
    """The point's first session after the book's history (June after AS_OF)."""
    return book.refs.calendar(point).session_on(AS_OF.year, AS_OF.month + 1)


def set_clock(book, day: dt.date) -> None:
    book._clock = lambda: dt.datetime.combine(day, dt.time(3), dt.UTC)


def prepared(books: Books, log=print) -> tuple[Path, Path, list[str]]:
    """`bench-office/` and `bench-point/` in the cache folder: copies of the scale's books with
    BIG_GROUPS dedicated groups of BIG_MEMBERS households, each with a disbursed loan, formed
    through the ordinary services at the office, then the point copy made by the demo's own
    `make_point_copy`. Returns (office dir, point dir, the dedicated group ids)."""
    marker = books.folder / "bench-ready.json"
    office_dir, point_dir = books.folder / "bench-office", books.folder / "bench-point"
    if marker.exists():
        return migrated(office_dir), migrated(point_dir), json.loads(marker.read_text())["groups"]
    t = time.perf_counter()
    migrated(working_copy(books.office_dir, office_dir))
    groups = _big_groups(office_dir)
    make_point_copy(office_dir, point_dir, books.info["points"])
    marker.write_text(json.dumps({"groups": groups,
                                  "seconds": round(time.perf_counter() - t, 1)}))
    log(f"[books] dedicated {BIG_GROUPS}×{BIG_MEMBERS}-member groups ready in "
        f"{time.perf_counter() - t:.0f} s")
    return office_dir, point_dir, groups


def _big_groups(office_dir: Path) -> list[str]:
    import random

    from sqlalchemy import select

    from sbpdesk.db.models import Person
    from sbpdesk.demo import names
    from sbpdesk.demo import office as demo
    from sbpdesk.demo.world import PASSWORD
    from sbpdesk.services import journal, posting
    from sbpdesk.services import loans as loan_verbs
    from sbpdesk.services.auth import Approval
    from sbpdesk.services.books import open_book

    rng = random.Random(4242)
    book = open_book(office_dir)
    set_clock(book, AS_OF)
    d_setup, d_decide = dt.date(2025, 3, 20), dt.date(2025, 3, 25)
    d_disburse = dt.date(2025, 4, 8)
    used = set(book.db.scalars(select(Person.id_number)).all())
    ids = []
    try:
        for g in range(BIG_GROUPS):
            with book.transaction():
                demo._as(book, "accountant")
                posted = posting.post(book, "group.form", {
                    "point_code": BIG_POINT, "organisation_code": f"{BIG_POINT}-HPN",
                    "code": f"{BIG_POINT}-B{g + 1:02d}", "name": f"Tổ bench {g + 1:02d}",
                    "village": "Thôn 2", "leader_name": "Lê Thị Mai", "rating": "good"},
                    business_date=d_setup)
                group_id = journal.get(book.db, posted.op_id).payload["group_id"]
                apps = []
                for _ in range(BIG_MEMBERS):
                    demo._as(book, "accountant")
                    h = posting.post(book, "household.register", {
                        "point_code": BIG_POINT, "group_id": group_id, "address": "Thôn 2",
                        "village": "Thôn 2", "category": "poor", "category_year": 2025},
                        business_date=d_setup)
                    hid = journal.get(book.db, h.op_id).payload["household_id"]
                    sex = rng.choice("MF")
                    birth = dt.date(rng.randrange(1960, 2000), rng.randrange(1, 13),
                                    rng.randrange(1, 29))
                    p = posting.post(book, "person.register", {
                        "household_id": hid, "sex": sex, "birth_date": birth.isoformat(),
                        "full_name": names.person_name(rng, names.family_name(rng, "Kinh"),
                                                       sex),
                        "id_number": demo._cccd(rng, birth, sex, used),
                        "ethnicity": "Kinh", "relation": "chủ hộ", "is_representative": True},
                        business_date=d_setup)
                    pid = journal.get(book.db, p.op_id).payload["person_id"]
                    a = posting.post(book, "application.submit", {
                        "household_id": hid, "person_id": pid, "programme_code": "poor",
                        "amount": rng.choice([20, 30, 40, 50]) * 1_000_000, "term_months":
                        rng.choice([36, 48, 60]), "frequency_months": rng.choice([6, 12]),
                        "purpose": "Chăn nuôi bò sinh sản"}, business_date=d_setup)
                    apps.append(journal.get(book.db, a.op_id).payload)
                demo._as(book, "director")
                loans = []
                for app in apps:
                    dec = posting.post(book, "application.decide", {
                        "application_id": app["application_id"], "approved": True},
                        business_date=d_decide)
                    loans.append((journal.get(book.db, dec.op_id).payload["loan_id"],
                                  app["amount"]))
                demo._as(book, "teller")
                for loan_id, amount in loans:
                    loan_verbs.disburse(book, loan_id, amount, id_checked=True,
                                        business_date=d_disburse,
                                        approved_by=Approval("controller", PASSWORD))
            ids.append(group_id)
    finally:
        book.close()
    return ids


def make_point_copy(office_dir: Path, point_dir: Path, points: list[str]) -> Path:
    """A point book for the laptop `world.LAPTOP` holding the points' leases: the same operations as
    the office (they are the laptop's own and what the office sent it). A quick stand-in for
    benchmarks (enrolling a laptop at office scale would dominate the build); it has no sync
    keys — `demo.point.build_point_demo` enrols for real."""
    from sqlalchemy import update

    from sbpdesk import paths
    from sbpdesk.db.models import Ack, Device, FeedHead, OriginHead, Point
    from sbpdesk.demo import world
    from sbpdesk.services.books import open_book

    point_dir.mkdir(parents=True, exist_ok=True)
    src, dst = paths.book_path(office_dir), paths.book_path(point_dir)
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    book = open_book(point_dir)
    try:
        with book.transaction():
            book.set_setting("role", "point")
            book.set_setting("origin", world.LAPTOP)
            book.set_setting("device_id", world.LAPTOP)
            book.set_setting("office_code", world.OFFICE)
            office_head = book.db.get(OriginHead, world.OFFICE)
            if office_head is not None:
                book.db.delete(office_head)   # the laptop sees the office through a feed
            book.db.execute(update(Point).where(Point.code.in_(points))
                            .values(lease_device_id=world.LAPTOP))
            # the demo revokes its history laptop when the history ends (decision 0220);
            # here that laptop goes on
            book.db.execute(update(Device).where(Device.id == world.LAPTOP)
                            .values(revoked_last_seq=None))
            feed = book.db.get(FeedHead, 1).last_feed_no
            own = book.db.get(OriginHead, world.LAPTOP)
            book.db.merge(Ack(peer=world.OFFICE, highest=own.seq if own else 0))  # office has all
            book.set_setting("sync.feed_cursor", str(feed))
    finally:
        book.close()
    office = open_book(office_dir)
    try:
        with office.transaction():
            office.db.merge(Device(id=world.LAPTOP, points=",".join(points), demo=True,
                                   revoked_last_seq=None))
            office.db.execute(update(Point).where(Point.code.in_(points))
                              .values(lease_device_id=world.LAPTOP))
    finally:
        office.close()
    return point_dir

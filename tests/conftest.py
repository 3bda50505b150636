"""Shared fixtures: real books created through Alembic in tmp_path.

`office` is an office book (PGD01) with its users, two points and an organisation, on a fixed
clock; `point` is a laptop book enrolled from it by storing the office's operations as
received (what sync does), holding the lease of point P01. `pg_url` is a fresh PostgreSQL
database when SBPDESK_TEST_PG_URL is set; otherwise those tests skip. Password hashing is
made cheap for tests (still argon2id).
"""
from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from argon2 import PasswordHasher

PW = "demo"
# 15/03/2026 10:00 in Vietnam: the 15th is P01's session day.
NOW = dt.datetime(2026, 3, 15, 3, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 15)
STAFF = {"teller": ["teller"], "teller2": ["teller"], "controller": ["controller"],
         "accountant": ["accountant"], "director": ["director"]}


# Test settings the suite itself reads; every other SBPDESK_* variable of the shell that runs
# the tests (SBPDESK_PASSWORD, SBPDESK_USER, SBPDESK_DATA_DIR, …) is the user's, not the test's.
TEST_VARIABLES = frozenset({"SBPDESK_TEST_PG_URL", "SBPDESK_TEST_QT_PLATFORM",
                            "SBPDESK_UI_CHECK_DIR"})


def require_sqlcipher() -> None:
    """SQLCipher tests (decision 0200): skipped only where the `encryption` extra has no
    wheel; on Linux x86_64 (CI) a missing sqlcipher3 is a failure, not a skip."""
    import platform
    import sys
    if sys.platform == "linux" and platform.machine() == "x86_64":
        import sqlcipher3  # noqa: F401  (packaging/setup.sh installs the extra)
    else:
        pytest.importorskip("sqlcipher3")


def _user_variables() -> list[str]:
    return [n for n in os.environ if n.startswith("SBPDESK_") and n not in TEST_VARIABLES]


REAL_PASSWORD_RULE = None   # services.auth.password_problem, kept for tests/services/test_signin


def pytest_configure(config):
    # Before any fixture: session-wide ones (the Qt application, its translator) read some.
    for name in _user_variables():
        del os.environ[name]
    # The suite's books (module- and session-wide fixtures too) use the short password PW: the
    # strength rule is relaxed in this process; test_signin runs the real one (its `strict`).
    global REAL_PASSWORD_RULE
    from sbpdesk.services import auth
    REAL_PASSWORD_RULE = auth.password_problem
    auth.password_problem = lambda password, username="": None


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch):
    for name in _user_variables():   # set by an earlier test outside monkeypatch
        monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch):
    from sbpdesk.services import auth
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                           parallelism=1))


@pytest.fixture
def clock():
    return lambda: NOW


def make_office(data_dir, clock, db_url=None):
    from sbpdesk.services import posting, users
    from sbpdesk.services.books import init_book
    book = init_book(data_dir, "office", "PGD01", admin_password=PW, db_url=db_url, clock=clock)
    book.sign_in("admin", PW)
    for name, roles in STAFF.items():
        users.set_user(book, name, name.title(), roles, PW, business_date=TODAY)
    d = TODAY
    posting.post(book, "office.define", {"office_code": "PGD01", "name": "PGD Bắc Bình",
                                         "branch_name": "NHCSXH Lâm Đồng"}, business_date=d)
    for code, name, day in (("P01", "Xã Hải Ninh", 15), ("P02", "Xã Phan Rí Thành", 20)):
        posting.post(book, "point.define", {"point_code": code, "office_code": "PGD01",
                                            "name": name, "commune": name, "place": "UBND xã",
                                            "session_day": day, "session_time": "07:30"},
                     business_date=d)
    posting.post(book, "organisation.define", {"code": "HPN-P01", "kind": "women",
                                               "name": "Hội LHPN xã Hải Ninh",
                                               "point_code": "P01"}, business_date=d)
    return book


@pytest.fixture
def office(tmp_path, clock):
    book = make_office(tmp_path / "office", clock)
    yield book
    book.close()


def enrol_point(office_book, data_dir, clock, device_id="DEV-1"):
    """A laptop book that received the office's operations (as sync will deliver them) and
    holds P01's lease. Stands in for device.enrol/lease.grant, which sync implements."""
    from sqlalchemy import select

    from sbpdesk.db.models import Operation, OriginHead, Point
    from sbpdesk.services import journal, posting
    from sbpdesk.services.books import init_book
    from sbpdesk.services.context import GENESIS
    book = init_book(data_dir, "point", admin_password=PW, clock=clock)
    origin = "L-" + uuid.uuid4().hex[:8]
    with book.transaction():
        book.set_setting("origin", origin)
        book.set_setting("device_id", device_id)
        book.set_setting("office_code", "PGD01")
        book.db.add(OriginHead(origin=origin, seq=0, hash=GENESIS))
    rows = office_book.db.scalars(select(Operation).order_by(Operation.feed_no)).all()
    with book.transaction():
        for row in rows:
            received = journal.store_received(book.db, journal.to_entry(row).envelope(),
                                              partial=True)
            assert received.status == "stored", received
            posting.apply_entry(book, received.entry)
        book.db.get(Point, "P01").lease_device_id = device_id
    office_book.end_read()
    return book


@pytest.fixture
def point(office, tmp_path, clock):
    book = enrol_point(office, tmp_path / "point", clock)
    book.sign_in("teller", PW)
    yield book
    book.close()


@pytest.fixture
def pg_url():
    base = os.environ.get("SBPDESK_TEST_PG_URL")
    if not base:
        pytest.skip("SBPDESK_TEST_PG_URL not set")
    import psycopg
    from sqlalchemy.engine import make_url
    url = make_url(base)
    name = "sbpdesk_t_" + uuid.uuid4().hex[:10]
    dsn = {"host": url.host, "port": url.port, "user": url.username,
           "password": url.password, "dbname": url.database or "postgres"}
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def small_disk(tmp_path):
    """A 6 MiB file system of its own (tmpfs), unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + done.stderr.decode(errors="replace"))
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Write a filler file until the file system refuses; returns it (delete it to free)."""
    filler = folder / "filler"
    # Unbuffered: a buffered file would keep the bytes of the write that failed and raise
    # ENOSPC again when closed (as it did once the book grew by a page).
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler

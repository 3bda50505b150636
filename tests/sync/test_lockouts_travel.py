"""A laptop's sign-in lock-outs travel in its bundle to the office (decision 0201): the
office's administrator sees them per device and user. Real books, real bundles."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import users
from sbpdesk.sync import bundle as bundle_mod
from sbpdesk.sync.keys import generate_keys
from tests.conftest import NOW, PW
from tests.sync.test_bundle import read, refused, write
from tests.sync.test_enrol import export, fast_kdf, imp, pair  # noqa: F401  (autouse)


def _fail(book, name, times):
    for _ in range(times):
        with pytest.raises(DomainError):
            book.verify(name, "sai-mat-khau")


def test_a_laptops_lock_out_reaches_the_office_administrator(tmp_path, clock):
    office, laptop = pair(tmp_path, clock)
    _fail(laptop, "teller", 3)                 # the third failure locks for 30 s
    assert laptop.verify("controller", PW)     # other users are not concerned
    assert users.device_lockouts(office) == []
    result = imp(office, export(laptop, tmp_path, name="up1"))
    assert result["from"] == laptop.origin
    [row] = users.device_lockouts(office)
    assert (row.device_id, row.username, row.failures, row.points) == (
        laptop.origin, "teller", 3, "P01")
    assert row.at == NOW and row.locked_until == NOW + dt.timedelta(seconds=30)
    # the office's own users are not locked by what happened on a laptop
    assert {u.username: u.failed_sign_ins for u in users.list_users(office)}["teller"] == 0
    # a success on the laptop clears its count, not the history the office keeps
    laptop._clock = lambda: NOW + dt.timedelta(minutes=1)
    laptop.verify("teller", PW)
    imp(office, export(laptop, tmp_path, name="up2"))
    assert len(users.device_lockouts(office)) == 1   # the same event, not twice
    _fail(laptop, "teller", 4)                 # locked again, then refused while locked
    imp(office, export(laptop, tmp_path, name="up3"))
    rows = users.device_lockouts(office)
    assert [(r.username, r.failures) for r in rows] == [("teller", 3), ("teller", 3)]
    assert rows[0].at == NOW + dt.timedelta(minutes=1)    # newest first


def test_a_malformed_lockouts_line_refuses_the_bundle(tmp_path, monkeypatch):
    lap, off = generate_keys(), generate_keys()
    good = {"user": "teller", "at": NOW.isoformat(), "n": 3,
            "until": (NOW + dt.timedelta(seconds=30)).isoformat()}
    assert read(write(tmp_path / "ok", lap, off, lockouts=[good]), lap, off).lockouts == [good]
    bad = ({**good, "n": "3"}, {**good, "at": "2026-03-15T03:00:00"}, {**good, "x": 1},
           {**good, "user": ""}, {**good, "n": True})
    for one in bad:
        with pytest.raises(ValueError):
            write(tmp_path / "bad", lap, off, lockouts=[one])
    with pytest.raises(ValueError):
        bundle_mod.check_lockouts([good] * (bundle_mod.MAX_LOCKOUTS + 1))
    # a signed bundle whose writer skipped the check is refused whole by the reader
    with monkeypatch.context() as patched:
        patched.setattr(bundle_mod, "check_lockouts", lambda value: value)
        path = write(tmp_path / "forged", lap, off, lockouts=[bad[0]])
    assert refused(path, lap, off) == "bundle_ops_unreadable"

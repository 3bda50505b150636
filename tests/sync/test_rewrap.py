"""A password change re-wraps the book's keys: before, the old password still unwrapped them
and the new one could not export. Now only a current password opens the keys; the previous
(or enrolment) password re-wraps them once under the new one."""
from __future__ import annotations

import pytest

from sbpdesk.services import users
from sbpdesk.sync import enrol, exchange
from sbpdesk.sync.errors import SyncError
from tests.conftest import PW, TODAY, make_office
from tests.sync.test_enrol import export, fast_kdf  # noqa: F401 - autouse fixture
from tests.sync.test_exchange import loan_pair

NEW = "Mat-khau-moi-2026"


def _locked(book, user, password):
    with pytest.raises((SyncError, Exception)) as e:
        enrol.unlock_keys(book, user, password)
    assert getattr(e.value, "code", None) == "keys_locked", e.value


def test_at_the_office_the_old_password_stops_and_the_new_one_opens(tmp_path, clock):
    office = make_office(tmp_path / "office", clock)
    made = enrol.office_keys(office, "admin", PW)
    users.set_user(office, "admin", "Quản trị", ["admin"], NEW, business_date=TODAY)
    _locked(office, "admin", PW)            # the old password no longer opens the keys
    _locked(office, "admin", NEW)           # not re-wrapped yet
    keys = enrol.rewrap_keys(office, "admin", NEW, PW)
    assert keys.sign_pub_text == made.sign_pub_text
    assert enrol.unlock_keys(office, "admin", NEW).seal_pub_text == made.seal_pub_text
    _locked(office, "admin", PW)
    with pytest.raises(Exception) as e:      # a wrong current password re-wraps nothing
        enrol.rewrap_keys(office, "admin", "sai-2026", PW)
    assert e.value.code == "login_failed"


def test_on_the_laptop_a_changed_password_exports_after_one_rewrap(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    enrol.unlock_keys(laptop, "teller", PW)   # the teller's own copy, under their password
    office.sign_in("admin", PW)
    users.set_user(office, "teller", "Teller", ["teller"], NEW, business_date=TODAY)
    from tests.sync.test_enrol import imp
    imp(laptop, export(office, tmp_path, to="point:P01", name="down"))   # user.set arrives
    assert laptop.sign_in("teller", NEW).username == "teller"
    enrol.rewrap_keys(laptop, "admin", PW, PW)            # admin unchanged: a no-op re-wrap
    _locked(laptop, "teller", PW)                         # old teller password: refused
    keys = enrol.rewrap_keys(laptop, "teller", NEW, PW)   # PW is also the enrolment password
    opened = enrol.unlock_keys(laptop, "teller", NEW)
    assert opened.sign_pub_text == keys.sign_pub_text
    folder = tmp_path / "up"
    folder.mkdir()
    assert exchange.export_bundle(laptop, opened, "office", folder).path.exists()


def test_the_command_line_rewraps(tmp_path, clock, monkeypatch, capsys):
    from sbpdesk.cli import main
    office = make_office(tmp_path / "office", clock)
    enrol.office_keys(office, "admin", PW)
    users.set_user(office, "admin", "Quản trị", ["admin"], NEW, business_date=TODAY)
    office.close()
    monkeypatch.setenv("SBPDESK_PASSWORD", NEW)
    monkeypatch.setenv("SBPDESK_OLD_PASSWORD", "sai-2026")
    args = ["keys", "rewrap", "--data-dir", str(tmp_path / "office"), "--user", "admin"]
    assert main(args) != 0
    assert "keys" in capsys.readouterr().err.lower()
    monkeypatch.setenv("SBPDESK_OLD_PASSWORD", PW)
    assert main(args) == 0
    assert '"rewrapped": true' in capsys.readouterr().out
    from sbpdesk.services.books import open_book
    again = open_book(tmp_path / "office", clock=clock)
    assert enrol.unlock_keys(again, "admin", NEW) is not None
    again.close()

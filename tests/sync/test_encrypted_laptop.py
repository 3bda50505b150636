"""An encrypted laptop (decision 0200): users who reach it from the office get their copy of
the book key when their `user.set` is applied there, without their password, and a password
changed at the office stops the old one opening the laptop's book once the change arrives."""
from __future__ import annotations

from sbpdesk.db import cipher
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import encryption, users
from sbpdesk.services.books import open_book
from tests.conftest import PW, TODAY, make_office, require_sqlcipher
from tests.sync.test_enrol import enrol_laptop, export, fast_kdf, imp, new_laptop  # noqa: F401

require_sqlcipher()
NEW_PW = "Mới-2026-mật-khẩu"


def _opens(folder, name, password, clock) -> bool:
    cipher.forget_all()
    try:
        open_book(folder, user=name, password=password, clock=clock).close()
    except DomainError as e:
        assert e.code == "login_failed", e
        return False
    return True


def test_office_users_and_password_changes_reach_an_encrypted_laptop(tmp_path, clock):
    office = make_office(tmp_path / "office", clock)
    folder = tmp_path / "laptop"
    new_laptop(folder, clock).close()
    encryption.encrypt(folder, "admin", PW)
    assert not _opens(folder, "teller", PW, clock)      # not a user of this laptop yet
    laptop = open_book(folder, user="admin", password=PW, clock=clock)
    enrol_laptop(office, laptop, tmp_path)
    laptop.close()
    assert _opens(folder, "teller", PW, clock)          # never signed in here before
    with office.transaction():
        users.set_user(office, "teller", "Teller", ["teller"], NEW_PW, business_date=TODAY)
    cipher.forget_all()
    laptop = open_book(folder, user="controller", password=PW, clock=clock)
    imp(laptop, export(office, tmp_path, to=f"device:{laptop.origin}", name="down"))
    laptop.close()
    assert not _opens(folder, "teller", PW, clock)      # the old password: no longer
    assert _opens(folder, "teller", NEW_PW, clock)
    office.close()
    cipher.forget_all()

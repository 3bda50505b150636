"""Encryption at rest with real SQLCipher files (decision 0200): a book encrypted by
`sbpdesk encrypt` is unreadable without a password, opens with each user's own, refuses a
wrong one in both languages, follows password changes, keeps its backups encrypted and
restorable, and serves the command line from SBPDESK_USER/SBPDESK_PASSWORD."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from sbpdesk import paths
from sbpdesk.db import cipher
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import atrest, backup, encryption, users
from sbpdesk.services.books import open_book
from tests.conftest import PW, TODAY, make_office, require_sqlcipher

require_sqlcipher()
NEW_PW = "Mới-2026-mật-khẩu"


@pytest.fixture(autouse=True)
def _no_keys_held():
    cipher.forget_all()
    yield
    cipher.forget_all()


@pytest.fixture
def encrypted(tmp_path, clock):
    """An office book with its staff, encrypted by its administrator; no key held."""
    folder = tmp_path / "office"
    book = make_office(folder, clock)
    operations = _operations(book)
    book.close()
    result = encryption.encrypt(folder, "admin", PW)
    assert result["operations"] == operations and "teller" in result["users"]
    cipher.forget_all()
    return folder, operations


def _operations(book) -> int:
    with book.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM operation").scalar_one()


def _files(folder):
    return [p for p in folder.rglob("*") if p.is_file() and ".keys" not in p.name]


def test_an_encrypted_book_is_unreadable_without_a_password(encrypted):
    folder, _ = encrypted
    book_file = paths.book_path(folder)
    assert cipher.is_encrypted(book_file)
    for name in (b"teller", b"Teller", b"PGD B", b"Xa\xcc\x83 Ha\xcc\x89i", "Hải Ninh".encode()):
        for file in _files(folder):          # the book, and no plain copy left anywhere
            assert name not in file.read_bytes(), (name, file)
    assert not book_file.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(book_file).execute("SELECT * FROM app_user").fetchall()
    keys_text = cipher.keys_path(book_file).read_text()
    assert "teller" not in keys_text and "admin" not in keys_text   # slots, not names
    with pytest.raises(DomainError) as e:
        open_book(folder)                    # no sign-in: a clear refusal, both languages
    assert e.value.code == "book_locked" and "mã hóa" in e.value.vi and "encrypted" in e.value.en


def test_it_opens_with_each_users_password_and_refuses_a_wrong_one(encrypted, clock):
    folder, operations = encrypted
    with pytest.raises(DomainError) as e:
        open_book(folder, user="teller", password="sai-mat-khau", clock=clock)
    assert e.value.code == "login_failed"
    assert e.value.vi == "Sai tên đăng nhập hoặc mật khẩu." and e.value.en.startswith("Wrong")
    for _ in range(2):
        with pytest.raises(DomainError):
            open_book(folder, user="teller", password="sai-mat-khau", clock=clock)
    with pytest.raises(DomainError) as e:    # locked before the book can even be opened
        open_book(folder, user="teller", password=PW, clock=clock)
    assert e.value.code == "locked_out" and "30 giây" in e.value.vi
    book = open_book(folder, user="controller", password=PW, clock=clock)
    try:
        assert book.user.username == "controller" and _operations(book) == operations
        book.checkpoints.kick()              # the checkpoint thread holds the key too
        assert book.checkpoints.wait(20)
    finally:
        book.close()


def test_a_password_change_moves_the_key_and_the_old_password_stops_working(encrypted, clock):
    folder, _ = encrypted
    book = open_book(folder, user="admin", password=PW, clock=clock)
    try:
        with book.transaction():
            users.set_user(book, "teller", "Teller", ["teller"], NEW_PW, business_date=TODAY)
            users.set_user(book, "newclerk", "Người mới", ["teller"], PW, business_date=TODAY)
            users.set_user(book, "controller", "Controller", ["controller"], active=False,
                           business_date=TODAY)
    finally:
        book.close()
    cipher.forget_all()
    for name, password in (("teller", PW), ("controller", PW)):
        with pytest.raises(DomainError) as e:
            open_book(folder, user=name, password=password, clock=clock)
        assert e.value.code == "login_failed", name
    for name, password in (("teller", NEW_PW), ("newclerk", PW)):
        cipher.forget_all()
        open_book(folder, user=name, password=password, clock=clock).close()


def test_the_key_file_follows_the_users_once_per_commit_not_per_savepoint(encrypted, clock,
                                                                          monkeypatch):
    """An import releases a savepoint per chunk of operations; the users are compared with
    the key file when the whole transaction commits, not at each release."""
    folder, _ = encrypted
    book = open_book(folder, user="admin", password=PW, clock=clock)
    calls = []
    real = atrest.refresh_copies
    monkeypatch.setattr(atrest, "refresh_copies", lambda *a, **k: calls.append(1) or real(*a, **k))
    try:
        with book.transaction():
            for name in ("clerk1", "clerk2", "clerk3"):
                with book.db.begin_nested():
                    users.set_user(book, name, name, ["teller"], PW, business_date=TODAY)
    finally:
        book.close()
    assert len(calls) == 1
    cipher.forget_all()
    open_book(folder, user="clerk3", password=PW, clock=clock).close()


def test_backup_and_restore_round_trip_stays_encrypted(encrypted, clock, tmp_path):
    folder, operations = encrypted
    book = open_book(folder, user="admin", password=PW, clock=clock)
    try:
        made = backup.make_backup(book, "manual")
        usb = backup.export_encrypted(book, tmp_path / "usb", "cum-tu-bi-mat")
    finally:
        book.close()
    assert made.operations == operations and cipher.is_encrypted(made.path)
    assert b"teller" not in made.path.read_bytes()
    cipher.forget_all()
    elsewhere = tmp_path / "restored"
    with pytest.raises(DomainError) as e:    # an encrypted backup needs a user's password
        backup.restore(elsewhere, made.path)
    assert e.value.code == "book_locked"
    done = backup.restore(elsewhere, made.path, credentials=("accountant", PW))
    assert done["operations"] == operations
    cipher.forget_all()
    book = open_book(elsewhere, user="accountant", password=PW, clock=clock)
    assert _operations(book) == operations
    book.close()
    cipher.forget_all()
    again = tmp_path / "from-usb"
    done = backup.restore(again, usb, passphrase="cum-tu-bi-mat", credentials=("admin", PW))
    assert done["operations"] == operations and cipher.is_encrypted(paths.book_path(again))
    assert b"teller" not in paths.book_path(again).read_bytes()


def test_the_command_line_posts_with_credentials_from_the_environment(encrypted):
    folder, operations = encrypted
    command = {"business_date": "15/03/2026", "point_code": "P9", "office_code": "PGD01",
               "name": "Điểm giao dịch xã Phan Thanh", "commune": "Phan Thanh",
               "session_day": 12, "session_time": "08:00"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("SBPDESK_")}

    def run(*args, **extra):
        return subprocess.run([sys.executable, "-m", "sbpdesk", *args, "--data-dir",
                               str(folder)], capture_output=True, text=True,
                              input=json.dumps(command, ensure_ascii=False),
                              env={**env, **extra})
    refused = run("points")
    assert refused.returncode == 2 and "SBPDESK_USER" in refused.stderr
    wrong = run("post", "point.define", "--json", "-", SBPDESK_USER="admin",
                SBPDESK_PASSWORD="sai")
    assert wrong.returncode == 2 and "Wrong username or password" in wrong.stderr
    done = run("post", "point.define", "--json", "-", SBPDESK_USER="admin",
               SBPDESK_PASSWORD=PW)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["seq"] == operations + 1
    listed = run("points", SBPDESK_USER="teller", SBPDESK_PASSWORD=PW)
    assert listed.returncode == 0 and "P9" in listed.stdout


def test_encrypting_twice_or_as_a_non_administrator_is_refused(tmp_path, clock):
    folder = tmp_path / "office"
    make_office(folder, clock).close()
    with pytest.raises(DomainError) as e:
        encryption.encrypt(folder, "teller", PW)
    assert e.value.code == "role_refused" and not cipher.is_encrypted(paths.book_path(folder))
    encryption.encrypt(folder, "admin", PW)
    with pytest.raises(DomainError) as e:
        encryption.encrypt(folder, "admin", PW)
    assert e.value.code == "already_encrypted"


def test_a_key_file_of_another_book_is_said_so(encrypted, tmp_path, clock):
    folder, _ = encrypted
    other = tmp_path / "other"
    make_office(other, clock).close()
    encryption.encrypt(other, "admin", PW)
    cipher.forget_all()
    os.replace(cipher.keys_path(paths.book_path(other)),
               cipher.keys_path(paths.book_path(folder)))   # the wrong .keys beside the book
    with pytest.raises(DomainError) as e:
        open_book(folder, user="admin", password=PW, clock=clock)
    assert e.value.code == "book_key_mismatch" and ".keys" in e.value.vi and ".keys" in e.value.en


def test_a_copy_that_does_not_verify_leaves_the_plain_book_in_place(tmp_path, clock,
                                                                   monkeypatch):
    folder = tmp_path / "office"
    book = make_office(folder, clock)
    operations = _operations(book)
    book.close()
    monkeypatch.setattr(encryption, "_new_counts", lambda file: {"operation": -1})
    with pytest.raises(DomainError) as e:
        encryption.encrypt(folder, "admin", PW)
    assert e.value.code == "encrypt_failed" and "nguyên" in e.value.vi
    book_file = paths.book_path(folder)
    assert not cipher.is_encrypted(book_file) and not list(folder.glob(".encrypt-*"))
    assert book_file.read_bytes().startswith(b"SQLite format 3")
    book = open_book(folder, user="admin", password=PW, clock=clock)
    assert _operations(book) == operations
    book.close()
    (kept,) = paths.backups_dir(folder).glob("*-before-encrypt.sqlite")
    assert backup.verify(kept) == operations

"""What sbpdesk keeps encrypted on disk and what it does not (docs/windows.md, "Mã hóa khi
lưu"; decisions 0140, 0200). Until an administrator runs `sbpdesk encrypt` the book file is
a plain SQLite file: a name recorded in it can be read by whoever copies it, which is why
the installation guide asks for the disk's encryption (BitLocker); an encrypted book is
checked in tests/services/test_encryption.py. The sync keys and passwords inside it are not
in clear, nor is anything in the copy for the USB stick."""
from __future__ import annotations

from pathlib import Path

from sbpdesk.services import backup, users
from sbpdesk.sync import enrol
from tests.conftest import PW, TODAY, make_office

NAME = "Trần Thị Bảo Mật"
PASSWORD = "Mat-khau-rieng-2026"
ROOT = Path(__file__).resolve().parents[2]


def _raw(data_dir: Path) -> bytes:
    """Every byte the book has on disk: the file and what its WAL still holds."""
    return b"".join(p.read_bytes() for p in sorted(data_dir.glob("book.sqlite*")))


def test_the_book_is_plain_sqlite_but_keys_and_passwords_are_not_in_clear(tmp_path, clock):
    office = make_office(tmp_path / "office", clock)
    users.set_user(office, "baomat", NAME, ["accountant"], PASSWORD, business_date=TODAY)
    keys = enrol.book_keys(office, "admin", PW)
    office.sign_in("admin", PW)
    usb = backup.export_encrypted(office, tmp_path / "usb", "mat-khau-ban-sao")
    office.close()
    raw = _raw(tmp_path / "office")
    secrets = [keys.sign_priv.private_bytes_raw(), keys.seal_priv.private_bytes_raw(),
               PASSWORD.encode()]
    # Not protected by sbpdesk: the book is an ordinary SQLite file, names readable.
    assert raw.startswith(b"SQLite format 3\x00") and NAME.encode() in raw
    # Protected: the private keys are wrapped, passwords only as argon2id hashes.
    assert not [s for s in secrets if s in raw]
    # The copy for the USB stick: nothing readable, neither the name nor the keys.
    sealed = usb.read_bytes()
    assert b"SQLite format" not in sealed and NAME.encode() not in sealed
    assert not [s for s in secrets if s in sealed]


def test_the_installation_guide_says_what_is_encrypted_and_asks_for_bitlocker():
    guide = (ROOT / "docs" / "windows.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Mã hóa khi lưu"):]
    for fact in ("BitLocker", "book.sqlite", "backups", ".sbpbackup", ".sbpbundle",
                 "0200", "sbpdesk-cli.exe encrypt", "book.sqlite.keys", "logs"):
        assert fact in section, fact

"""`sbpdesk backup` (a verified copy beside the book, or an encrypted one for a USB stick with
`--to FOLDER`), `sbpdesk restore FILE` (docs/backup.md) and `sbpdesk encrypt` (an
administrator encrypts a plain book, decision 0200). The passphrase of an encrypted copy
comes from SBPDESK_BACKUP_PASSPHRASE or a prompt, never from an argument; an encrypted book
or backup is unlocked by SBPDESK_USER and SBPDESK_PASSWORD."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from sbpdesk.cli import common
from sbpdesk.domain.errors import DomainError


def _passphrase(prompt: str) -> str:
    value = os.environ.get("SBPDESK_BACKUP_PASSPHRASE")
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise DomainError("passphrase_missing",
                          "Thiếu mật khẩu bản sao lưu (đặt SBPDESK_BACKUP_PASSPHRASE).",
                          "Backup passphrase missing (set SBPDESK_BACKUP_PASSPHRASE).")
    return getpass.getpass(prompt)


def cmd_backup(args: argparse.Namespace) -> int:
    from sbpdesk.services import backup
    book = common.open_book(args)
    try:
        if args.to:
            path = backup.export_encrypted(book, Path(args.to),
                                           _passphrase("Mật khẩu bản sao / passphrase: "))
            common.print_json({"path": str(path), "encrypted": True})
            return 0
        made = backup.make_backup(book, "manual")
    finally:
        book.close()
    if made is None:
        raise DomainError("backup_not_sqlite", "Sổ PostgreSQL được sao lưu bởi máy chủ.",
                          "A PostgreSQL book is backed up by its server.")
    common.print_json(made.to_dict())
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from sbpdesk.services import backup
    source = Path(args.file)
    passphrase = _passphrase("Mật khẩu bản sao / passphrase: ") \
        if source.suffix == backup.ENCRYPTED_SUFFIX else None
    name = os.environ.get("SBPDESK_USER")
    result = backup.restore(common.data_dir(args), source, passphrase=passphrase,
                            credentials=(name, common.password(name)) if name else None)
    common.print_json(result)
    if result["salvage"]:
        common.say("Sổ đã khôi phục ở chế độ cứu dữ liệu: chỉ xem và xuất nghiệp vụ chưa gửi, "
                   "rồi đăng ký lại máy.", "The restored book is in salvage mode: read-only, "
                   "export its unsent operations, then enrol the laptop again.")
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    from sbpdesk.services import encryption
    name = common.user(args, "admin")
    result = encryption.encrypt(common.data_dir(args), name, common.password(name))
    common.print_json(result)
    common.say("Sổ đã được mã hóa. Mỗi người dùng mở sổ bằng mật khẩu của mình. Các bản sao "
               "lưu cũ (không mã hóa) liệt kê ở trên: hãy xóa sau khi đã có bản mới.",
               "The book is encrypted; each user opens it with their own password. The older "
               "plain backups listed above: delete them once a new backup exists.")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help="sao lưu sổ / back the book up (verified)")
    common.book_options(p, user=False)
    p.add_argument("--to", help="thư mục USB: bản sao mã hóa / a USB folder: encrypted copy")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="khôi phục sổ từ bản sao lưu / restore from a backup")
    common.book_options(p, user=False)
    p.add_argument("file", help="book-….sqlite or ….sbpbackup")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("encrypt", help="mã hóa sổ (SQLCipher) / encrypt the book at rest")
    common.book_options(p)
    p.set_defaults(func=cmd_encrypt)

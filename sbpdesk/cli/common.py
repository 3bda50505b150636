"""What every `sbpdesk` command shares: the book options, the user and password, opening the
book, JSON on stdout, messages and errors on stderr.

The user comes from `--user` or SBPDESK_USER, the password from SBPDESK_PASSWORD or a prompt
(never from an argument). Refusals are DomainErrors; `main` prints them as one Vietnamese
and one English line with exit status 2.
"""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from sbpdesk.domain.errors import DomainError


def print_json(obj: Any, *, one_line: bool = False) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=None if one_line else 1,
                                default=str) + "\n")


def say(vi: str, en: str) -> None:
    sys.stderr.write(f"{vi}\n{en}\n")


def print_error(e: DomainError) -> None:
    sys.stderr.write(f"Lỗi: {e.vi}\nError: {e.en}\n")


def unexpected(args: argparse.Namespace, exc: Exception) -> int:
    """A failure that is not a refusal: disk full (exit 3), else a bug (exit 4) whose
    traceback goes to `<data>/logs/sbpdesk-cli.log`, named on stderr."""
    import logging
    import traceback

    from sbpdesk import paths
    from sbpdesk.db import space
    try:
        folder = data_dir(args)
    except Exception:
        folder = None
    if space.is_disk_full(exc, folder):
        print_error(space.disk_full_error(folder))
        return 3
    text = "".join(traceback.format_exception(exc))
    log = None
    try:
        if folder is not None:
            log = paths.logs_dir(folder) / "sbpdesk-cli.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "a", encoding="utf-8") as f:
                f.write(f"{dt.datetime.now(dt.UTC).isoformat()} {' '.join(sys.argv)}\n{text}\n")
    except OSError:
        log = None
    logging.getLogger("sbpdesk.cli").debug("unexpected error\n%s", text)
    where = f" Chi tiết / details: {log}" if log else ""
    sys.stderr.write(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}."
                     f" Thao tác có thể chưa được ghi.\nUnexpected error: {type(exc).__name__}:"
                     f" {exc}. The action may not have been recorded.{where}\n")
    return 4


def book_options(p: argparse.ArgumentParser, *, user: bool = True) -> None:
    p.add_argument("--data-dir", help="thư mục dữ liệu / data folder")
    p.add_argument("--db", help="SQLAlchemy URL of the book (PostgreSQL at an office)")
    if user:
        p.add_argument("--user", help="người dùng / user (or SBPDESK_USER)")


def user(args: argparse.Namespace, default: str | None = None) -> str:
    name = getattr(args, "user", None) or os.environ.get("SBPDESK_USER") or default
    if not name:
        raise DomainError("user_missing", "Thiếu người dùng (--user hoặc SBPDESK_USER).",
                          "No user given (--user or SBPDESK_USER).")
    return name


def password(user: str) -> str:
    pw = os.environ.get("SBPDESK_PASSWORD")
    if pw is not None:
        return pw
    if not sys.stdin.isatty():
        raise DomainError("password_missing", "Thiếu mật khẩu (đặt SBPDESK_PASSWORD).",
                          "Password missing (set SBPDESK_PASSWORD).")
    return getpass.getpass(f"Mật khẩu / password for {user}: ")


def data_dir(args: argparse.Namespace) -> Path:
    from sbpdesk import paths
    return paths.data_dir(getattr(args, "data_dir", None) or os.environ.get("SBPDESK_DATA_DIR"))


def open_book(args: argparse.Namespace, *, user: str | None = None,
              password: str | None = None):
    """The book of `--data-dir`/`--db`; signed in when a user and password are given. An
    encrypted book is unlocked first by the given user (decision 0200)."""
    from sbpdesk.services.books import open_book as open_
    if user is None:
        unlock_if_needed(args)
    return open_(data_dir(args), db_url=getattr(args, "db", None), user=user,
                 password=password)


def unlock_if_needed(args: argparse.Namespace, file: Path | None = None) -> None:
    """Unlock an encrypted book (or the copy `file`) with `--user`/SBPDESK_USER and
    SBPDESK_PASSWORD (or a prompt) when this process does not hold its key yet."""
    from sbpdesk import paths
    from sbpdesk.db import cipher
    from sbpdesk.services import atrest
    if file is None and getattr(args, "db", None):
        return
    file = file or paths.book_path(data_dir(args))
    if not cipher.is_encrypted(file) or cipher.key_for(file) is not None:
        return
    name = getattr(args, "user", None) or os.environ.get("SBPDESK_USER")
    if not name:
        raise cipher.locked_error(file)
    atrest.unlock(file, name, password(name))


def signed_in(args: argparse.Namespace, default_user: str | None = None):
    """(book, user, password): the book opened by a user who must be given."""
    name = user(args, default_user)
    pw = password(name)
    return open_book(args, user=name, password=pw), name, pw


def open_as_given(args: argparse.Namespace):
    """The book, signed in only when a user is given (so that logs name who did it)."""
    book = open_book(args)
    name = getattr(args, "user", None) or os.environ.get("SBPDESK_USER")
    if name:
        try:
            book.sign_in(name, password(name))
        except BaseException:
            book.close()
            raise
    return book


def date(text: str) -> dt.date:
    from sbpdesk.domain.dates import parse_date
    return parse_date(text)

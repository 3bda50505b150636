"""The `sbpdesk` command: the GUI when run bare, and the commands office IT and automation use.

Every command that prints data prints JSON on stdout; errors are one readable line on stderr
(Vietnamese, then English) and a non-zero exit. Commands that need a signed-in user take
`--user` (or SBPDESK_USER) and read the password from SBPDESK_PASSWORD or a prompt. The
commands only parse arguments and call services (or sync, printing, reports): the write path
is the services'.
"""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sbpdesk.domain.errors import DomainError

# --- helpers -------------------------------------------------------------------------------

def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n")


def _password(args: argparse.Namespace) -> str:
    pw = os.environ.get("SBPDESK_PASSWORD")
    if pw is not None:
        return pw
    if not sys.stdin.isatty():
        raise DomainError("password_missing", "Thiếu mật khẩu (đặt SBPDESK_PASSWORD).",
                          "Password missing (set SBPDESK_PASSWORD).")
    return getpass.getpass(f"Mật khẩu / password for {args.user}: ")


def _data_dir(args: argparse.Namespace) -> Path:
    from sbpdesk import paths
    return paths.data_dir(getattr(args, "data_dir", None) or os.environ.get("SBPDESK_DATA_DIR"))


def _open(args: argparse.Namespace, *, signed_in: bool = False):
    from sbpdesk.services.context import open_book
    user = getattr(args, "user", None) or os.environ.get("SBPDESK_USER")
    if signed_in and not user:
        raise DomainError("user_missing", "Thiếu người dùng (--user hoặc SBPDESK_USER).",
                          "No user given (--user or SBPDESK_USER).")
    if user and signed_in:
        args.user = user
        return open_book(_data_dir(args), db_url=getattr(args, "db", None), user=user,
                         password=_password(args))
    return open_book(_data_dir(args), db_url=getattr(args, "db", None))


def _date(text: str) -> dt.date:
    from sbpdesk.domain.dates import parse_date
    return parse_date(text)


# --- commands ------------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    from sbpdesk.services.context import init_book
    password = os.environ.get("SBPDESK_PASSWORD") or getpass.getpass("Mật khẩu admin: ")
    book = init_book(_data_dir(args), args.role, args.office_code, admin_password=password,
                     db_url=args.db)
    _print_json({"data_dir": str(_data_dir(args)), "role": book.role, "origin": book.origin})
    book.close()
    return 0


def cmd_post(args: argparse.Namespace) -> int:
    from sbpdesk.domain.canonical import from_json
    from sbpdesk.services import posting
    text = sys.stdin.read() if args.json == "-" else Path(args.json).read_text("utf-8")
    command = from_json(text)
    book = _open(args, signed_in=True)
    try:
        business_date = _date(command.pop("business_date")) if "business_date" in command \
            else book.today()
        session_id = command.pop("session_id", None)
        approved_by = command.pop("approved_by", None)
        payload = command.pop("payload", command)
        with book.transaction():
            posted = posting.post(book, args.kind, payload, business_date=business_date,
                                  session_id=session_id, approved_by=approved_by)
        _print_json({"op_id": posted.op_id, "seq": posted.seq, "outcome": posted.outcome})
    finally:
        book.close()
    return 0


def cmd_points(args: argparse.Namespace) -> int:
    from sbpdesk.services import groups, reference
    book = _open(args)
    try:
        _print_json([{"office_code": p.office_code, "code": p.code, "name": p.name,
                      "commune": p.commune, "session_day": p.session_day,
                      "session_time": p.session_time,
                      "groups": len(groups.list_groups(book, p.code))}
                     for p in reference.list_points(book)])
    finally:
        book.close()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from sbpdesk.services import check
    book = _open(args)
    try:
        report = check.check_book(book, replay=args.replay)
    finally:
        book.close()
    _print_json({"ok": report.ok, "replayed": report.replayed,
                 "first_problem": report.first_problem(), "problems": report.lines(),
                 "problems_en": report.lines("en")})
    if not report.ok:
        sys.stderr.write(f"Lỗi đầu tiên: {report.first_problem()}\n"
                         f"First problem: {report.first_problem('en')}\n")
    return 0 if report.ok else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from sbpdesk.services import demo
    from sbpdesk.sync.demo import build_point_demo
    build = build_point_demo if args.role == "point" else demo.build_demo
    result = build(_data_dir(args), households=args.households, years=args.years,
                   seed=args.seed, as_of=args.as_of and _date(args.as_of))
    _print_json(result)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from sbpdesk.reports import portfolio
    book = _open(args)
    try:
        report = portfolio.portfolio(book, as_of=_date(args.as_of), point=args.point)
    finally:
        book.close()
    if args.format == "csv":
        sys.stdout.write(portfolio.to_csv(report))
    else:
        _print_json(report)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from sbpdesk import app
    return app.run(data_dir=getattr(args, "data_dir", None), screenshot=args.screenshot,
                   page=args.page, lang=args.lang)


# --- parser --------------------------------------------------------------------------------

def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", help="thư mục dữ liệu / data folder")
    p.add_argument("--db", help="SQLAlchemy URL of the book (PostgreSQL at an office)")


def _user(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", help="người dùng / user (or SBPDESK_USER)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sbpdesk", description="sbpdesk — NHCSXH")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("init", help="create a book")
    _common(p)
    p.add_argument("--role", required=True, choices=["office", "point"])
    p.add_argument("--office-code")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("post", help="decide, append and apply one operation")
    _common(p)
    _user(p)
    p.add_argument("kind")
    p.add_argument("--json", required=True, help="command JSON file or - for stdin")
    p.set_defaults(func=cmd_post)

    p = sub.add_parser("points", help="the book's points as JSON")
    _common(p)
    p.set_defaults(func=cmd_points)

    p = sub.add_parser("check", help="integrity, hash chains, and replay")
    _common(p)
    p.add_argument("--replay", action="store_true")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("demo", help="build a demo book")
    _common(p)
    p.add_argument("--role", default="office", choices=["office", "point"])
    p.add_argument("--households", type=int, default=None)
    p.add_argument("--years", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--as-of", default=None, help="last session date (default: today)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("report", help="reports")
    rsub = p.add_subparsers(dest="report", required=True)
    r = rsub.add_parser("portfolio")
    _common(r)
    r.add_argument("--as-of", required=True)
    r.add_argument("--point")
    r.add_argument("--format", choices=["json", "csv"], default="json")
    r.set_defaults(func=cmd_report)

    p = sub.add_parser("gui", help="start the GUI (or take a screenshot)")
    _common(p)
    p.add_argument("--screenshot")
    p.add_argument("--page", default="home")
    p.add_argument("--lang", default=None)
    p.set_defaults(func=cmd_gui)

    for register in _EXTRA:
        register(sub)
    return parser


# Other packages (printing, sync) add their commands here, keeping this file short.
_EXTRA: list[Callable[[Any], None]] = []


def _load_extra() -> None:
    if _EXTRA:
        return  # main() may run more than once in a process (tests, the GUI's helpers)
    for module in ("sbpdesk.printing.cli", "sbpdesk.sync.cli"):
        try:
            mod = __import__(module, fromlist=["register"])
        except ModuleNotFoundError:
            continue
        _EXTRA.append(mod.register)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] not in ([], ["gui"]):
        # The GUI needs none of the print and sync subcommands; their imports (ReportLab)
        # would delay the sign-in window (decision 0044).
        _load_extra()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        from sbpdesk import app
        return app.run()
    try:
        return args.func(args)
    except DomainError as e:
        sys.stderr.write(f"Lỗi: {e.vi}\nError: {e.en}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())

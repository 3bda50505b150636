"""`sbpdesk init | post | points | check`: create a book, post one operation, list the points,
check the book's integrity. The commands parse arguments and call services: the write path is
the services'."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from sbpdesk.cli import common
from sbpdesk.domain.errors import DomainError


def cmd_init(args: argparse.Namespace) -> int:
    from sbpdesk.services.books import init_book
    password = os.environ.get("SBPDESK_PASSWORD") or getpass.getpass("Mật khẩu admin: ")
    book = init_book(common.data_dir(args), args.role, args.office_code,
                     admin_password=password, db_url=args.db)
    common.print_json({"data_dir": str(common.data_dir(args)), "role": book.role,
                       "origin": book.origin})
    book.close()
    return 0


def cmd_post(args: argparse.Namespace) -> int:
    from sbpdesk.services import idempotency, schema
    command = _read_command(args.json)
    business_date = command.pop("business_date", None)
    session_id = command.pop("session_id", None)
    approved_by = command.pop("approved_by", None)
    key = command.pop("idempotency_key", None) or args.key
    payload = command.pop("payload", command)
    for name, value in (("session_id", session_id), ("approved_by", approved_by),
                        ("idempotency_key", key), ("business_date", business_date)):
        if value is not None and not isinstance(value, str):
            raise schema.field_error(name, "phải là chuỗi", "must be a string")
    schema.check_payload(args.kind, payload)
    if approved_by is not None:   # a name is no proof that the approver was there
        raise DomainError("approval_required",
                          "Không nhận người duyệt trong JSON: dùng --approver TÊN (mật khẩu "
                          "từ SBPDESK_APPROVER_PASSWORD hoặc nhập khi được hỏi).",
                          "approved_by is not taken from the JSON: use --approver NAME "
                          "(password from SBPDESK_APPROVER_PASSWORD or a prompt).",
                          field="approved_by")
    credential = approval(args.approver) if args.approver else None
    book, _, _ = common.signed_in(args)
    try:
        day = common.date(business_date) if business_date is not None else book.today()
        posted, again = idempotency.post_once(book, key, args.kind, payload, business_date=day,
                                              session_id=session_id, approved_by=credential)
        out = {"op_id": posted.op_id, "seq": posted.seq, "outcome": posted.outcome}
        if again:
            out["already_recorded"] = True
            common.say("Đã ghi từ lần trước (cùng khóa): không ghi lại.",
                       "Already recorded by an earlier run (same key): not posted again.")
        common.print_json(out)
    finally:
        book.close()
    return 0


def _read_command(source: str) -> dict[str, Any]:
    """The command JSON object of `--json` (a file, or - for stdin), or a clear refusal."""
    from sbpdesk.domain.canonical import from_json
    from sbpdesk.domain.errors import DomainError
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DomainError("json_unreadable", f"Không đọc được tệp lệnh {source}: {exc}",
                          f"Cannot read the command file {source}: {exc}") from None
    try:
        command = from_json(text)
    except DomainError:
        raise
    except (ValueError, RecursionError) as exc:
        raise DomainError("bad_json", f"Lệnh không phải JSON hợp lệ: {exc}",
                          f"The command is not valid JSON: {exc}") from None
    if not isinstance(command, dict) or not isinstance(command.get("payload", {}), dict):
        raise DomainError("bad_json", "Lệnh phải là một đối tượng JSON ({…}).",
                          "The command must be a JSON object ({…}).")
    return command


def approval(name: str):
    """The approver's credential (services.auth.Approval): their password from
    SBPDESK_APPROVER_PASSWORD or typed at a prompt by the approver; the service verifies it."""
    from sbpdesk.services.auth import Approval
    password = os.environ.get("SBPDESK_APPROVER_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise DomainError("password_missing", "Thiếu mật khẩu người duyệt (đặt "
                              "SBPDESK_APPROVER_PASSWORD).", "The approver's password is "
                              "missing (set SBPDESK_APPROVER_PASSWORD).", field="approved_by")
        password = getpass.getpass(f"Mật khẩu người duyệt / approver's password ({name}): ")
    return Approval(name, password)


def cmd_points(args: argparse.Namespace) -> int:
    from sbpdesk.services import groups, reference
    book = common.open_book(args)
    try:
        common.print_json([{"office_code": p.office_code, "code": p.code, "name": p.name,
                            "commune": p.commune, "session_day": p.session_day,
                            "session_time": p.session_time,
                            "groups": len(groups.list_groups(book, p.code))}
                           for p in reference.list_points(book)])
    finally:
        book.close()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from sbpdesk.services import check, refold
    book = common.open_book(args)
    try:
        report = check.check_book(book, replay=args.replay)
        refolds = [{"version": r.version, "on": r.on, "replayed": r.replayed,
                    "changed": len(r.changes)} for r in refold.history(book)]
    finally:
        book.close()
    common.print_json({"ok": report.ok, "replayed": report.replayed,
                       "first_problem": report.first_problem(), "problems": report.lines(),
                       "problems_en": report.lines("en"),
                       # projections rebuilt at upgrades (decision 0105)
                       "refolds": refolds})
    if not report.ok:
        sys.stderr.write(f"Lỗi đầu tiên: {report.first_problem()}\n"
                         f"First problem: {report.first_problem('en')}\n")
    return 0 if report.ok else 1


def cmd_users(args: argparse.Namespace) -> int:
    """The users with their sign-in lock-out (decision 0138); `--unlock NAME` lifts a lock
    as the signed-in administrator (decision 0170)."""
    from sbpdesk.services import users
    book, _, _ = common.signed_in(args)
    try:
        if args.unlock:
            with book.transaction():
                users.lift_lock(book, args.unlock.strip().lower())
        rows = users.list_users(book)
    finally:
        book.close()
    common.print_json([{"username": r.username, "full_name": r.full_name,
                        "roles": list(r.roles), "active": r.active,
                        "failed_sign_ins": r.failed_sign_ins,
                        "locked_until": r.locked_until.isoformat() if r.locked_until else None}
                       for r in rows])
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create a book")
    common.book_options(p, user=False)
    p.add_argument("--role", required=True, choices=["office", "point"])
    p.add_argument("--office-code")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("post", help="decide, append and apply one operation")
    common.book_options(p)
    p.add_argument("kind")
    p.add_argument("--json", required=True, help="command JSON file or - for stdin")
    p.add_argument("--key", help="idempotency key: a re-run with the same key posts nothing "
                                 "and answers 'already recorded'")
    p.add_argument("--approver", help="the approver's username, for a kind that needs one "
                   "(password: SBPDESK_APPROVER_PASSWORD or a prompt)")
    p.set_defaults(func=cmd_post)

    p = sub.add_parser("users", help="người dùng và khóa đăng nhập / users and lock-outs")
    common.book_options(p)
    p.add_argument("--unlock", metavar="NAME",
                   help="mở khóa đăng nhập / lift a user's lock-out (administrator)")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("points", help="the book's points as JSON")
    common.book_options(p, user=False)
    p.set_defaults(func=cmd_points)

    p = sub.add_parser("check", help="integrity, hash chains, and replay")
    common.book_options(p, user=False)
    p.add_argument("--replay", action="store_true")
    p.set_defaults(func=cmd_check)

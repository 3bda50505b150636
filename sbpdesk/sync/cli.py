"""Sync commands of `sbpdesk` (registered by sbpdesk/cli.py): enrol, lease, device, bundle,
review.

Commands print JSON on stdout; refusals raise DomainError/SyncError, which sbpdesk/cli.py
prints as one Vietnamese and one English line with a non-zero exit. The password of `--user`
(or SBPDESK_USER) comes from SBPDESK_PASSWORD or a prompt; it signs the user in and opens the
book's keys (decision 0021).
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from sbpdesk.domain.errors import DomainError


def _print(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n")


def _say(vi: str, en: str) -> None:
    sys.stderr.write(f"{vi}\n{en}\n")


def _user(args: argparse.Namespace, default: str | None = None) -> str:
    user = getattr(args, "user", None) or os.environ.get("SBPDESK_USER") or default
    if not user:
        raise DomainError("user_missing", "Thiếu người dùng (--user hoặc SBPDESK_USER).",
                          "No user given (--user or SBPDESK_USER).")
    return user


def _password(user: str) -> str:
    pw = os.environ.get("SBPDESK_PASSWORD")
    if pw is not None:
        return pw
    if not sys.stdin.isatty():
        raise DomainError("password_missing", "Thiếu mật khẩu (đặt SBPDESK_PASSWORD).",
                          "Password missing (set SBPDESK_PASSWORD).")
    return getpass.getpass(f"Mật khẩu / password for {user}: ")


def _open(args: argparse.Namespace, *, user: str | None = None, password: str | None = None):
    from sbpdesk import paths
    from sbpdesk.services.context import open_book
    data_dir = paths.data_dir(args.data_dir or os.environ.get("SBPDESK_DATA_DIR"))
    return open_book(data_dir, db_url=getattr(args, "db", None), user=user,
                     password=password)


def _signed_in(args: argparse.Namespace, default_user: str | None = None):
    user = _user(args, default_user)
    password = _password(user)
    return _open(args, user=user, password=password), user, password


# ---------------------------------------------------------------- enrol, lease, device

def cmd_enrol_request(args: argparse.Namespace) -> int:
    from . import enrol
    book, _, password = _signed_in(args, "admin")
    try:
        req = enrol.request(book, password, args.out)
    finally:
        book.close()
    _say(f"Dấu vân tay của máy (đọc cho phòng giao dịch so sánh): {req.fingerprint}",
         f"Laptop fingerprint (read it to the office to compare): {req.fingerprint}")
    _print({"request": str(req.path), "fingerprint": req.fingerprint,
            "install_id": req.install_id, "demo": req.demo})
    return 0


def cmd_enrol_accept(args: argparse.Namespace) -> int:
    from . import enrol
    req = enrol.read_request(args.request)
    _say(f"Dấu vân tay trong yêu cầu: {req['fingerprint']} — phải trùng với số máy điểm đọc.",
         f"Fingerprint in the request: {req['fingerprint']} — it must match the laptop's.")
    book, _, password = _signed_in(args)
    try:
        done = enrol.accept(book, password, args.request, args.point, args.out)
    finally:
        book.close()
    _say(f"Dấu vân tay của phòng giao dịch: {done.office_fingerprint}",
         f"Office fingerprint: {done.office_fingerprint}")
    _print({"response": str(done.path), "device_id": done.device_id,
            "request_fingerprint": done.request_fingerprint,
            "office_fingerprint": done.office_fingerprint, "points": list(done.points),
            "feed_no": done.feed_no, "op_count": done.op_count})
    return 0


def cmd_enrol_complete(args: argparse.Namespace) -> int:
    from . import enrol
    user = _user(args, "admin")
    password = _password(user)
    book = _open(args)
    try:
        body = enrol.read_response(args.response)
        _say(f"Dấu vân tay của phòng giao dịch: {body['office_fingerprint']} — phải trùng với "
             "số phòng giao dịch đọc.",
             f"Office fingerprint: {body['office_fingerprint']} — it must match the office's.")
        done = enrol.complete(book, user, password, args.response)
    finally:
        book.close()
    _print({"device_id": done.device_id, "office_code": done.office_code,
            "office_fingerprint": done.office_fingerprint, "points": list(done.points),
            "feed_no": done.feed_no, "counts": done.counts, "demo": done.demo})
    return 0


def cmd_lease_grant(args: argparse.Namespace) -> int:
    from . import enrol
    book, _, _ = _signed_in(args)
    try:
        posted = enrol.grant_lease(book, args.point, args.device)
    finally:
        book.close()
    _print({"op_id": posted.op_id, "seq": posted.seq, "point": args.point,
            "device": args.device})
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    from . import enrol
    book, _, _ = _signed_in(args)
    try:
        posted = enrol.revoke_device(book, args.device)
    finally:
        book.close()
    _print({"op_id": posted.op_id, "seq": posted.seq, "device": args.device})
    return 0


# ---------------------------------------------------------------- bundles

def cmd_bundle_export(args: argparse.Namespace) -> int:
    from . import enrol, exchange
    book, user, password = _signed_in(args)
    try:
        keys = enrol.book_keys(book, user, password)
        result = exchange.export_bundle(book, keys, args.to, args.out)
    finally:
        book.close()
    _say(f"Đã xuất (đã đọc lại và kiểm tra): {result.path}",
         f"Exported (read back and checked): {result.path}")
    _print(result.to_dict())
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from . import enrol, exchange
    book, user, password = _signed_in(args)
    try:
        keys = enrol.book_keys(book, user, password)
        report = exchange.import_bundle(book, keys, args.bundle)
    finally:
        book.close()
    _print(report)
    return 0


def cmd_bundle_inspect(args: argparse.Namespace) -> int:
    from . import exchange
    _print(exchange.inspect(args.bundle))
    return 0


# ---------------------------------------------------------------- review

def cmd_review_list(args: argparse.Namespace) -> int:
    from . import review
    book = _open(args)
    try:
        _print(review.review_list(book))
    finally:
        book.close()
    return 0


def cmd_review_show(args: argparse.Namespace) -> int:
    from . import review
    book = _open(args)
    try:
        _print(review.show(book, args.item))
    finally:
        book.close()
    return 0


def cmd_review_resolve(args: argparse.Namespace) -> int:
    from . import review
    book, _, _ = _signed_in(args)
    try:
        posted = review.resolve(book, args.account, args.amount, args.to, args.target,
                                args.account_kind)
    finally:
        book.close()
    _print({"op_id": posted.op_id, "seq": posted.seq, "outcome": posted.outcome})
    return 0


# ---------------------------------------------------------------- parser

def _common(p: argparse.ArgumentParser, *, user: bool = True) -> None:
    p.add_argument("--data-dir", help="thư mục dữ liệu / data folder")
    p.add_argument("--db", help="SQLAlchemy URL of the book (PostgreSQL at an office)")
    if user:
        p.add_argument("--user", help="người dùng / user (or SBPDESK_USER)")


def register(sub: Any) -> None:
    p = sub.add_parser("enrol", help="đăng ký máy điểm / enrol a point laptop")
    es = p.add_subparsers(dest="enrol_command", required=True)
    r = es.add_parser("request", help="on the laptop: write the enrolment request")
    _common(r)
    r.add_argument("--out", required=True, type=Path)
    r.set_defaults(func=cmd_enrol_request)
    r = es.add_parser("accept", help="at the office: enrol the laptop for points")
    _common(r)
    r.add_argument("request", type=Path)
    r.add_argument("--point", action="append", required=True)
    r.add_argument("--out", required=True, type=Path)
    r.set_defaults(func=cmd_enrol_accept)
    r = es.add_parser("complete", help="on the laptop: read the office's response")
    _common(r)
    r.add_argument("response", type=Path)
    r.set_defaults(func=cmd_enrol_complete)

    p = sub.add_parser("lease", help="quyền mở phiên tại điểm / point leases")
    ls = p.add_subparsers(dest="lease_command", required=True)
    r = ls.add_parser("grant", help="give a point's lease to an enrolled device")
    _common(r)
    r.add_argument("--point", required=True)
    r.add_argument("--device", required=True)
    r.set_defaults(func=cmd_lease_grant)

    p = sub.add_parser("device", help="máy đã đăng ký / enrolled devices")
    ds = p.add_subparsers(dest="device_command", required=True)
    r = ds.add_parser("revoke", help="revoke a lost or replaced laptop")
    _common(r)
    r.add_argument("--device", required=True)
    r.set_defaults(func=cmd_device_revoke)

    p = sub.add_parser("bundle", help="gói đồng bộ / sync bundles")
    bs = p.add_subparsers(dest="bundle_command", required=True)
    r = bs.add_parser("export", help="write the next bundle")
    _common(r)
    r.add_argument("--to", required=True, help="office | point:CODE | device:ID")
    r.add_argument("--out", required=True, type=Path, help="file or folder")
    r.set_defaults(func=cmd_bundle_export)
    r = bs.add_parser("import", help="verify, store and apply a bundle")
    _common(r)
    r.add_argument("bundle", type=Path)
    r.set_defaults(func=cmd_bundle_import)
    r = bs.add_parser("inspect", help="print the clear manifest (nothing verified)")
    r.add_argument("bundle", type=Path)
    r.set_defaults(func=cmd_bundle_inspect)

    p = sub.add_parser("review", help="xem xét tại phòng giao dịch / office review")
    rs = p.add_subparsers(dest="review_command", required=True)
    r = rs.add_parser("list", help="suspense per household, forks, held operations")
    _common(r, user=False)
    r.set_defaults(func=cmd_review_list)
    r = rs.add_parser("show", help="an account, a frozen origin or an operation")
    _common(r, user=False)
    r.add_argument("item")
    r.set_defaults(func=cmd_review_show)
    r = rs.add_parser("resolve", help="post suspense.resolve")
    _common(r)
    r.add_argument("--account", required=True)
    r.add_argument("--account-kind", default="loan", choices=["loan", "savings"])
    r.add_argument("--amount", required=True, type=int)
    r.add_argument("--to", required=True, choices=["loan", "savings", "refund", "recovery"])
    r.add_argument("--target")
    r.set_defaults(func=cmd_review_resolve)

    register_demo_session(sub)


# ---------------------------------------------------------------- practice session (demo)

def cmd_demo_session(args: argparse.Namespace) -> int:
    """Record a practice session on an enrolled demo point book (services/practice.py)."""
    import datetime as dt

    from sbpdesk.services import practice
    try:
        day = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError as exc:
        raise DomainError("bad_date", f"Ngày không hợp lệ (YYYY-MM-DD): {args.date}",
                          f"Invalid date (YYYY-MM-DD): {args.date}") from exc
    book = _open(args)
    try:
        summary = practice.record_practice_session(book, args.point, day, args.seed)
    finally:
        book.close()
    _print(summary.to_dict())
    return 0


def register_demo_session(sub: Any) -> None:
    r = sub.add_parser("demo-session",
                       help="ghi một phiên thực hành trên sổ demo / record a practice session "
                            "on a demo point book (teller and controller, password demo)")
    _common(r, user=False)
    r.add_argument("--point", help="mã điểm / point code (default: the first leased point)")
    r.add_argument("--date", help="YYYY-MM-DD (default: the point's next session day); a date "
                                  "after today moves the demo book's clock to that day")
    r.add_argument("--seed", type=int, default=1)
    r.set_defaults(func=cmd_demo_session)

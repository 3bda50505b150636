"""Sync commands of `sbpdesk`: enrol, lease, device, bundle, review.

Commands print JSON on stdout; refusals raise DomainError/SyncError, which sbpdesk/cli/main.py
prints as one Vietnamese and one English line with a non-zero exit. The password of `--user`
(or SBPDESK_USER) comes from SBPDESK_PASSWORD or a prompt; it signs the user in and opens the
book's keys (decision 0021).
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sbpdesk.cli import common

# ---------------------------------------------------------------- enrol, lease, device

def cmd_enrol_request(args: argparse.Namespace) -> int:
    from sbpdesk.sync import enrol
    book, user, password = common.signed_in(args, "admin")
    if book.setting("sync.salvage") == "1":
        book = _start_over(args, book, user, password)
    try:
        req = enrol.request(book, password, args.out)
    finally:
        book.close()
    common.say(f"Dấu vân tay của máy (đọc cho phòng giao dịch so sánh): {req.fingerprint}",
               f"Laptop fingerprint (read it to the office to compare): {req.fingerprint}")
    common.print_json({"request": str(req.path), "fingerprint": req.fingerprint,
                       "install_id": req.install_id, "demo": req.demo})
    return 0


def _start_over(args: argparse.Namespace, book, user: str, password: str):
    """A salvaged laptop enrols again as a new book: the old one is kept in the backups."""
    from sbpdesk.services import backup
    from sbpdesk.services.books import init_book
    origin, demo, data_dir = book.origin, book.demo, book.data_dir
    book.close()
    kept = backup.start_over(data_dir, origin)
    common.say(f"Sổ cũ (chế độ cứu dữ liệu) được giữ tại {kept}; máy được đăng ký lại với sổ "
               "mới.", f"The old book (salvage mode) is kept at {kept}; the laptop enrols "
               "again with a new book.")
    fresh = init_book(data_dir, "point", admin_password=password, demo=demo)
    fresh.sign_in("admin", password)
    return fresh


def cmd_enrol_accept(args: argparse.Namespace) -> int:
    from sbpdesk.sync import client, enrol
    req = enrol.read_request(args.request)
    common.say(f"Dấu vân tay trong yêu cầu: {req['fingerprint']} — phải trùng với số máy điểm đọc.",
               f"Fingerprint in the request: {req['fingerprint']} — it must match the laptop's.")
    book, _, password = common.signed_in(args)
    try:
        done = enrol.accept(book, password, args.request, args.point, args.out,
                            server_url=args.server_url and client.server_url(
                                book, args.server_url),
                            auto_minutes=args.auto_sync)
    finally:
        book.close()
    common.say(f"Dấu vân tay của phòng giao dịch: {done.office_fingerprint}",
               f"Office fingerprint: {done.office_fingerprint}")
    common.print_json({"response": str(done.path), "device_id": done.device_id,
                       "request_fingerprint": done.request_fingerprint,
                       "office_fingerprint": done.office_fingerprint, "points": list(done.points),
                       "feed_no": done.feed_no, "op_count": done.op_count})
    return 0


def cmd_enrol_complete(args: argparse.Namespace) -> int:
    from sbpdesk.sync import enrol
    user = common.user(args, "admin")
    password = common.password(user)
    book = common.open_book(args)
    try:
        body = enrol.read_response(args.response)
        fingerprint = body["office_fingerprint"]
        common.say(f"Dấu vân tay của phòng giao dịch: {fingerprint} — phải trùng với "
                   "số phòng giao dịch đọc.",
                   f"Office fingerprint: {fingerprint} — it must match the office's.")
        done = enrol.complete(book, user, password, args.response)
    finally:
        book.close()
    common.print_json({"device_id": done.device_id, "office_code": done.office_code,
                       "office_fingerprint": done.office_fingerprint, "points": list(done.points),
                       "feed_no": done.feed_no, "counts": done.counts, "demo": done.demo})
    return 0


def cmd_lease_grant(args: argparse.Namespace) -> int:
    from sbpdesk.sync import enrol
    book, _, _ = common.signed_in(args)
    try:
        posted = enrol.grant_lease(book, args.point, args.device)
    finally:
        book.close()
    common.print_json({"op_id": posted.op_id, "seq": posted.seq, "point": args.point,
                       "device": args.device})
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    from sbpdesk.sync import enrol
    book, _, _ = common.signed_in(args)
    try:
        posted = enrol.revoke_device(book, args.device)
    finally:
        book.close()
    common.print_json({"op_id": posted.op_id, "seq": posted.seq, "device": args.device})
    return 0


# ---------------------------------------------------------------- bundles

def cmd_bundle_export(args: argparse.Namespace) -> int:
    from sbpdesk.sync import enrol, exchange
    book, user, password = common.signed_in(args)
    try:
        keys = enrol.book_keys(book, user, password)
        result = exchange.export_bundle(book, keys, args.to, args.out)
    finally:
        book.close()
    common.say(f"Đã xuất (đã đọc lại và kiểm tra): {result.path}",
               f"Exported (read back and checked): {result.path}")
    common.print_json(result.to_dict())
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from sbpdesk.sync import enrol, exchange
    book, user, password = common.signed_in(args)
    try:
        keys = enrol.book_keys(book, user, password)
        report = exchange.import_bundle(book, keys, args.bundle)
    finally:
        book.close()
    common.print_json(report)
    return 0


def cmd_bundle_inspect(args: argparse.Namespace) -> int:
    from sbpdesk.sync import exchange
    common.print_json(exchange.inspect(args.bundle))
    return 0


# ---------------------------------------------------------------- review

def cmd_review_list(args: argparse.Namespace) -> int:
    from sbpdesk.sync import review
    book = common.open_book(args)
    try:
        common.print_json(review.review_list(book))
    finally:
        book.close()
    return 0


def cmd_review_show(args: argparse.Namespace) -> int:
    from sbpdesk.sync import review
    book = common.open_book(args)
    try:
        common.print_json(review.show(book, args.item))
    finally:
        book.close()
    return 0


def cmd_review_resolve(args: argparse.Namespace) -> int:
    from sbpdesk.sync import review
    book, _, _ = common.signed_in(args)
    try:
        posted = review.resolve(book, args.account, args.amount, args.to, args.target,
                                args.account_kind, args.reason)
    finally:
        book.close()
    common.print_json({"op_id": posted.op_id, "seq": posted.seq, "outcome": posted.outcome})
    return 0


# ---------------------------------------------------------------- parser

def cmd_keys_rewrap(args: argparse.Namespace) -> int:
    """After a password change: the previous (or enrolment) password re-wraps the book's keys
    under the current one, once (decision 0138)."""
    import getpass
    import os
    import sys

    from sbpdesk.domain.errors import DomainError
    from sbpdesk.sync import enrol
    book, user, password = common.signed_in(args)
    try:
        old = os.environ.get("SBPDESK_OLD_PASSWORD")
        if old is None:
            if not sys.stdin.isatty():
                raise DomainError("password_missing", "Thiếu mật khẩu cũ (đặt "
                                  "SBPDESK_OLD_PASSWORD).", "The old password is missing "
                                  "(set SBPDESK_OLD_PASSWORD).")
            old = getpass.getpass(f"Mật khẩu cũ hoặc mật khẩu đăng ký máy / old or enrolment "
                                  f"password ({user}): ")
        enrol.rewrap_keys(book, user, password, old)
    finally:
        book.close()
    common.say(f"Khóa đồng bộ đã được khóa lại bằng mật khẩu hiện tại của {user}.",
               f"The sync keys are now wrapped under {user}'s current password.")
    common.print_json({"user": user, "rewrapped": True})
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("keys", help="khóa đồng bộ / the book's sync keys")
    ks = p.add_subparsers(dest="keys_command", required=True)
    r = ks.add_parser("rewrap", help="after a password change: re-wrap the keys under it")
    common.book_options(r)
    r.set_defaults(func=cmd_keys_rewrap)
    p = sub.add_parser("enrol", help="đăng ký máy điểm / enrol a point laptop")
    es = p.add_subparsers(dest="enrol_command", required=True)
    r = es.add_parser("request", help="on the laptop: write the enrolment request")
    common.book_options(r)
    r.add_argument("--out", required=True, type=Path)
    r.set_defaults(func=cmd_enrol_request)
    r = es.add_parser("accept", help="at the office: enrol the laptop for points")
    common.book_options(r)
    r.add_argument("request", type=Path)
    r.add_argument("--point", action="append", required=True)
    r.add_argument("--out", required=True, type=Path)
    r.add_argument("--server-url", help="the office's sync server, given to the laptop")
    r.add_argument("--auto-sync", type=int, default=0, metavar="MIN",
                   help="let the laptop sync by itself every MIN minutes (0: only when asked)")
    r.set_defaults(func=cmd_enrol_accept)
    r = es.add_parser("complete", help="on the laptop: read the office's response")
    common.book_options(r)
    r.add_argument("response", type=Path)
    r.set_defaults(func=cmd_enrol_complete)

    p = sub.add_parser("lease", help="quyền mở phiên tại điểm / point leases")
    ls = p.add_subparsers(dest="lease_command", required=True)
    r = ls.add_parser("grant", help="give a point's lease to an enrolled device")
    common.book_options(r)
    r.add_argument("--point", required=True)
    r.add_argument("--device", required=True)
    r.set_defaults(func=cmd_lease_grant)

    p = sub.add_parser("device", help="máy đã đăng ký / enrolled devices")
    ds = p.add_subparsers(dest="device_command", required=True)
    r = ds.add_parser("revoke", help="revoke a lost or replaced laptop")
    common.book_options(r)
    r.add_argument("--device", required=True)
    r.set_defaults(func=cmd_device_revoke)

    p = sub.add_parser("bundle", help="gói đồng bộ / sync bundles")
    bs = p.add_subparsers(dest="bundle_command", required=True)
    r = bs.add_parser("export", help="write the next bundle")
    common.book_options(r)
    r.add_argument("--to", required=True, help="office | point:CODE | device:ID")
    r.add_argument("--out", required=True, type=Path, help="file or folder")
    r.set_defaults(func=cmd_bundle_export)
    r = bs.add_parser("import", help="verify, store and apply a bundle")
    common.book_options(r)
    r.add_argument("bundle", type=Path)
    r.set_defaults(func=cmd_bundle_import)
    r = bs.add_parser("inspect", help="print the clear manifest (nothing verified)")
    r.add_argument("bundle", type=Path)
    r.set_defaults(func=cmd_bundle_inspect)

    p = sub.add_parser("review", help="xem xét tại phòng giao dịch / office review")
    rs = p.add_subparsers(dest="review_command", required=True)
    r = rs.add_parser("list", help="suspense per household, forks, held operations")
    common.book_options(r, user=False)
    r.set_defaults(func=cmd_review_list)
    r = rs.add_parser("show", help="an account, a frozen origin or an operation")
    common.book_options(r, user=False)
    r.add_argument("item")
    r.set_defaults(func=cmd_review_show)
    r = rs.add_parser("resolve", help="post suspense.resolve")
    common.book_options(r)
    r.add_argument("--account", required=True)
    r.add_argument("--account-kind", default="loan", choices=["loan", "savings"])
    r.add_argument("--amount", required=True, type=int)
    r.add_argument("--to", required=True, choices=["loan", "savings", "refund", "recovery"])
    r.add_argument("--target")
    r.add_argument("--reason", default="", help="lý do / why (kept in the journal)")
    r.set_defaults(func=cmd_review_resolve)

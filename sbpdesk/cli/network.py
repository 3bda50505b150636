"""`sbpdesk serve` (the office's sync server, sync/server.py) and `sbpdesk sync` (a laptop
syncs over the network, sync/client.py). docs/sync-server.md; decision 0070."""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from sbpdesk.cli import common
from sbpdesk.domain.errors import DomainError


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from sbpdesk.sync import server
    except ModuleNotFoundError as exc:    # the laptop build carries no server
        raise DomainError(
            "serve_not_installed",
            f"Bản cài này không có máy chủ đồng bộ ({exc.name}). Cài bản cho phòng giao dịch: "
            "pip install \"sbpdesk[office]\".",
            f"This installation has no sync server ({exc.name}). Install the office edition: "
            "pip install \"sbpdesk[office]\".") from None
    name = getattr(args, "user", None) or os.environ.get("SBPDESK_USER")
    common.unlock_if_needed(args)    # an encrypted book: its user unlocks it (decision 0200)
    office = server.Office(common.data_dir(args), args.db, workers=args.workers, user=name,
                           password=common.password(name) if name else None)
    limits = server.Limits(max_body=args.max_body, rate_per_min=args.rate)
    common.say(f"Máy chủ đồng bộ của {office.code} nghe tại http://{args.host}:{args.port}",
               f"Sync server of {office.code} listening on http://{args.host}:{args.port}")
    server.serve(office, args.host, args.port, limits,
                 forwarded_allow_ips=args.forwarded_allow_ips)
    return 0


def _progress(stage: str, done: int, total: int) -> None:
    if stage == "import":
        text = "Đang nhập gói của phòng giao dịch / importing the office's bundle" \
            if done == 0 else ""
    else:
        verb = "Gửi / sending" if stage == "send" else "Nhận / receiving"
        text = f"{verb} {done:,}/{total:,} byte" if total >= 0 else f"{verb} {done:,} byte"
    sys.stderr.write("\r" + text.ljust(60) + ("\n" if not text else ""))
    sys.stderr.flush()


def cmd_sync(args: argparse.Namespace) -> int:
    from sbpdesk.sync import client, enrol
    book, user, password = common.signed_in(args, "admin")
    try:
        if args.server:
            client.set_server_url(book, args.server)
        keys = enrol.book_keys(book, user, password)
        result = client.sync_once(book, keys, progress=None if args.quiet else _progress)
    finally:
        book.close()
    applied = (result.received.get("counts") or {}).get("applied", 0)
    got = len(result.received.get("ops") or [])
    common.say(f"Đã đồng bộ: gửi {result.sent_ops} nghiệp vụ, nhận {got} ({applied} đã áp dụng).",
               f"Synced: sent {result.sent_ops} operations, received {got} ({applied} applied).")
    common.print_json(result.to_dict())
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="máy chủ đồng bộ của phòng giao dịch / the office's sync "
                                     "server (SBPDESK_KEY_PASSPHRASE opens the office keys)")
    common.book_options(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--workers", type=int, default=4,
                   help="books open at once on PostgreSQL (SQLite: always one)")
    p.add_argument("--max-body", type=int, default=64 * 1024 * 1024, help="bytes")
    p.add_argument("--rate", type=float, default=60.0,
                   help="exchanges per minute and client address")
    p.add_argument("--forwarded-allow-ips", default=None,
                   help="the TLS proxy's address (its X-Forwarded-For is then trusted)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("sync", help="đồng bộ qua mạng với phòng giao dịch / sync with the "
                                    "office over the network")
    common.book_options(p)
    p.add_argument("--server", help="the office's server URL (remembered)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_sync)

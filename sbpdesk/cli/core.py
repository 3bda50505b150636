"""`sbpdesk core read|seed|reconcile|accept|explain|paid-elsewhere|session-book`: the bank's
core system's workbooks read, an office book seeded from them and reconciled against them,
the office's verdict on a difference (the core's figure accepted, or explained), payments
made at the bank recorded, a session's workbook for the core (sbpdesk/bridge/,
docs/core-bridge.md). `sbpdesk demo --core-exports` calls `write_demo_exports`."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from sbpdesk.cli import common


def cmd_read(args: argparse.Namespace) -> int:
    from sbpdesk.bridge import mapping, reader
    m = mapping.load(args.mapping)
    common.print_json([reader.read(f, m).summary() for f in args.files])
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from sbpdesk.bridge import mapping, seed
    book, _, _ = common.signed_in(args)
    try:
        progress = ((lambda done, total: sys.stderr.write(f"{done}/{total}\n"))
                    if args.progress else None)
        common.print_json(seed.seed(book, args.files, mapping=mapping.load(args.mapping),
                                    progress=progress))
    finally:
        book.close()
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    from sbpdesk.bridge import mapping, reconcile
    book = common.open_book(args)
    try:
        common.print_json(reconcile.reconcile(book, common.date(args.as_of), args.files,
                                              mapping=mapping.load(args.mapping)))
    finally:
        book.close()
    return 0


def _found(args: argparse.Namespace, book: Any, keep) -> list[dict[str, Any]]:
    from sbpdesk.bridge import mapping, reconcile
    from sbpdesk.domain.errors import DomainError
    report = reconcile.reconcile(book, common.date(args.as_of), args.files,
                                 mapping=mapping.load(args.mapping))
    found = [d for d in report["differences"] if keep(d)]
    if not found:
        raise DomainError("no_difference", "Không có chênh lệch nào như vậy ở ngày này.",
                          "No such difference at that date.")
    return found


def cmd_accept(args: argparse.Namespace) -> int:
    """The core's figures for one loan's differences at the date, approved by --approver."""
    from sbpdesk.bridge import reconcile
    from sbpdesk.cli.book import approval
    credential = approval(args.approver) if args.approver else None
    book, _, _ = common.signed_in(args)
    try:
        found = _found(args, book, lambda d: d["level"] == "loan" and d["key"] == args.loan)
        with book.transaction():
            done = reconcile.accept(book, common.date(args.as_of), found, reason=args.reason,
                                    approved_by=credential)
        common.print_json({"op_id": done.posted[0].op_id,
                           "accepted": {d["figure"]: d["core"] for d in found}})
    finally:
        book.close()
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from sbpdesk.bridge import reconcile
    book, _, _ = common.signed_in(args)
    try:
        found = _found(args, book, lambda d: d["key"] == args.key and (
            args.figure is None or d["figure"] == args.figure))
        with book.transaction():
            reconcile.explain(book, common.date(args.as_of), found, reason=args.reason)
        common.print_json({"explained": [(d["kind"], d["key"], d["figure"]) for d in found]})
    finally:
        book.close()
    return 0


def cmd_paid_elsewhere(args: argparse.Namespace) -> int:
    from sbpdesk.bridge import elsewhere, mapping
    book, _, _ = common.signed_in(args)
    try:
        common.print_json(elsewhere.record(book, args.files,
                                           mapping=mapping.load(args.mapping)))
    finally:
        book.close()
    return 0


def cmd_session_book(args: argparse.Namespace) -> int:
    from sbpdesk.bridge.session_book import write_session_workbook
    book = common.open_book(args)
    try:
        common.print_json(write_session_workbook(book, args.session, args.out))
    finally:
        book.close()
    return 0


def write_demo_exports(data_dir: Any, out_dir: str, as_of: dt.date | None,
                       db_url: str | None = None) -> dict[str, Any]:
    """The demo book's workbooks at the last month end before its `as_of` (today)."""
    from sbpdesk.bridge import exports
    from sbpdesk.services.books import open_book
    from sbpdesk.services.context import VIETNAM
    day = as_of or dt.datetime.now(VIETNAM).date()
    month_end = dt.date(day.year, day.month, 1) - dt.timedelta(days=1)
    book = open_book(data_dir, db_url=db_url)
    try:
        return exports.write_exports(book, out_dir, month_end)
    finally:
        book.close()


def register(sub: Any) -> None:
    p = sub.add_parser("core", help="the bank's core system: read its workbooks, seed a book")
    csub = p.add_subparsers(dest="core", required=True)
    r = csub.add_parser("read", help="what sbpdesk reads in the core's workbooks (JSON)")
    r.add_argument("files", nargs="+")
    r.add_argument("--mapping", help="the office's column mapping (TOML)")
    r.set_defaults(func=cmd_read)
    s = csub.add_parser("seed", help="start an office book from the core's workbooks")
    common.book_options(s)
    s.add_argument("files", nargs="+")
    s.add_argument("--mapping", help="the office's column mapping (TOML)")
    s.add_argument("--progress", action="store_true", help="progress on stderr")
    s.set_defaults(func=cmd_seed)
    c = csub.add_parser("reconcile", help="the book against the core's workbooks at a date")
    common.book_options(c, user=False)
    c.add_argument("--as-of", required=True, help="the data date (dd/mm/yyyy)")
    c.add_argument("files", nargs="+")
    c.add_argument("--mapping", help="the office's column mapping (TOML)")
    c.set_defaults(func=cmd_reconcile)
    a = csub.add_parser("accept", help="accept the core's figures for a loan's differences")
    common.book_options(a)
    a.add_argument("--as-of", required=True, help="the data date (dd/mm/yyyy)")
    a.add_argument("--loan", required=True, help="the core's 16-digit loan number")
    a.add_argument("--reason", required=True)
    a.add_argument("--approver", help="the director approving (password from "
                   "SBPDESK_APPROVER_PASSWORD or a prompt)")
    a.add_argument("files", nargs="+")
    a.add_argument("--mapping", help="the office's column mapping (TOML)")
    a.set_defaults(func=cmd_accept)
    e = csub.add_parser("explain", help="mark differences explained (a key, or one figure)")
    common.book_options(e)
    e.add_argument("--as-of", required=True, help="the data date (dd/mm/yyyy)")
    e.add_argument("--key", required=True, help="the difference's key (loan, customer …)")
    e.add_argument("--figure", help="only this figure (default: every figure of the key)")
    e.add_argument("--reason", required=True)
    e.add_argument("files", nargs="+")
    e.add_argument("--mapping", help="the office's column mapping (TOML)")
    e.set_defaults(func=cmd_explain)
    w = csub.add_parser("paid-elsewhere",
                        help="loan payments the core recorded outside the sessions (Mẫu 10)")
    common.book_options(w)
    w.add_argument("files", nargs="+")
    w.add_argument("--mapping", help="the office's column mapping (TOML)")
    w.set_defaults(func=cmd_paid_elsewhere)
    b = csub.add_parser("session-book",
                        help="a session's collections and disbursements for the core (xlsx)")
    common.book_options(b, user=False)
    b.add_argument("--session", required=True, help="the session's id")
    b.add_argument("--out", required=True, help="the workbook to write")
    b.set_defaults(func=cmd_session_book)

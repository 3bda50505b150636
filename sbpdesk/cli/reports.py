"""`sbpdesk report portfolio|strategy|overdue|collections|fees|idle|groups|inspection`: the
office's reports
(issue 16) as JSON, CSV, Excel (.xlsx) or PDF; `sbpdesk report local-budget`: outstanding by
funding source and the local part by investor (JSON). JSON shapes: README.md."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sbpdesk.cli import common

REPORTS = ("portfolio", "strategy", "overdue", "collections", "fees", "idle", "groups",
           "inspection")


def cmd_report(args: argparse.Namespace) -> int:
    from sbpdesk.reports import portfolio, tables
    book = common.open_book(args)
    try:
        as_of = common.date(args.as_of)
        report = tables.run(
            book, args.report, as_of, point=args.point,
            since=common.date(args.since) if getattr(args, "since", None) else None,
            date_from=common.date(args.date_from) if getattr(args, "date_from", None) else None,
            months=getattr(args, "months", None),
            by_point=args.format in ("xlsx", "pdf") or getattr(args, "by_point", False))
        head = tables.heading(book, report) if args.format == "pdf" else None
    finally:
        book.close()
    if args.format == "json":
        common.print_json(report)
        return 0
    if args.format == "csv" and args.report == "portfolio":   # its documented CSV (README)
        return _write(args, portfolio.to_csv(report).encode("utf-8"))
    shaped = tables.tables(args.report, report)
    title, sub = tables.TITLES[args.report], tables.subtitle(args.report, report)
    if args.format == "csv":
        return _write(args, tables.to_csv(shaped).encode("utf-8"))
    if args.format == "xlsx":
        return _write(args, tables.to_xlsx(shaped, title, sub))
    from sbpdesk.printing.report import render_report
    issuer, mark = head
    return _write(args, render_report(title, sub, shaped, tables.charts(args.report, report),
                                      issuer=issuer, mark=mark))


def _write(args: argparse.Namespace, data: bytes) -> int:
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    return 0


def cmd_local_budget(args: argparse.Namespace) -> int:
    from sbpdesk.reports import funding
    book = common.open_book(args)
    try:
        report = funding.local_budget(book, common.date(args.as_of),
                                      common.date(args.since) if args.since else None)
    finally:
        book.close()
    common.print_json(report)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="reports")
    rsub = p.add_subparsers(dest="report", required=True)
    for name in REPORTS:
        r = rsub.add_parser(name)
        common.book_options(r, user=False)
        r.add_argument("--as-of", required=True)
        r.add_argument("--point")
        r.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json")
        r.add_argument("--output", "-o", help="tệp kết quả / output file (default: stdout)")
        if name == "portfolio":
            r.add_argument("--by-point", action="store_true",
                           help="JSON, CSV: theo điểm và theo xã / per point and per commune "
                                "too (always in xlsx, pdf)")
        if name == "strategy":
            r.add_argument("--since", help="ngày đầu kỳ / start date (default: the previous "
                                           "year's 31/12)")
        if name == "collections":
            r.add_argument("--from", dest="date_from",
                           help="từ ngày / from date (default: 01/01 of --as-of's year)")
        if name in ("strategy", "overdue", "idle"):
            r.add_argument("--months", type=int, help="strategy, overdue: month ends in the "
                           "trend (6); idle: months without a transaction (3)")
        r.set_defaults(func=cmd_report)
    r = rsub.add_parser("local-budget", help="vốn địa phương ủy thác / local-budget share")
    common.book_options(r, user=False)
    r.add_argument("--as-of", required=True)
    r.add_argument("--since", help="a start date: the share of the growth since then")
    r.set_defaults(func=cmd_local_budget)

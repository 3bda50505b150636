"""`sbpdesk report portfolio`: the portfolio report as JSON or CSV; `sbpdesk report
local-budget`: outstanding by funding source and the local part by investor (JSON)."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from sbpdesk.cli import common


def cmd_report(args: argparse.Namespace) -> int:
    from sbpdesk.reports import portfolio
    book = common.open_book(args)
    try:
        report = portfolio.portfolio(book, as_of=common.date(args.as_of), point=args.point)
    finally:
        book.close()
    if args.format == "csv":
        sys.stdout.write(portfolio.to_csv(report))
    else:
        common.print_json(report)
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
    r = rsub.add_parser("portfolio")
    common.book_options(r, user=False)
    r.add_argument("--as-of", required=True)
    r.add_argument("--point")
    r.add_argument("--format", choices=["json", "csv"], default="json")
    r.set_defaults(func=cmd_report)
    r = rsub.add_parser("local-budget", help="vốn địa phương ủy thác / local-budget share")
    common.book_options(r, user=False)
    r.add_argument("--as-of", required=True)
    r.add_argument("--since", help="a start date: the share of the growth since then")
    r.set_defaults(func=cmd_local_budget)

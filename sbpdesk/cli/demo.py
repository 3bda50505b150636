"""`sbpdesk demo` (build a demo book, sbpdesk/demo/office.py and point.py) and
`sbpdesk demo-session` (record a practice session on a demo point book, demo/practice.py)."""
from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from sbpdesk.cli import common
from sbpdesk.domain.errors import DomainError


def cmd_demo(args: argparse.Namespace) -> int:
    from sbpdesk.demo.office import build_demo
    from sbpdesk.demo.point import build_point_demo
    build = build_point_demo if args.role == "point" else build_demo
    result = build(common.data_dir(args), households=args.households, years=args.years,
                   seed=args.seed, as_of=args.as_of and common.date(args.as_of),
                   db_url=args.db)
    if args.core_exports:
        from sbpdesk.cli.core import write_demo_exports
        book_dir = common.data_dir(args)
        result["core_exports"] = write_demo_exports(
            book_dir / "office" if args.role == "point" else book_dir, args.core_exports,
            args.as_of and common.date(args.as_of), db_url=args.db)
    common.print_json(result)
    return 0


def cmd_demo_session(args: argparse.Namespace) -> int:
    """Record a practice session on an enrolled demo point book."""
    from sbpdesk.demo import practice
    try:
        day = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError as exc:
        raise DomainError("bad_date", f"Ngày không hợp lệ (YYYY-MM-DD): {args.date}",
                          f"Invalid date (YYYY-MM-DD): {args.date}") from exc
    book = common.open_book(args)
    try:
        summary = practice.record_practice_session(book, args.point, day, args.seed)
    finally:
        book.close()
    common.print_json(summary.to_dict())
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="build a demo book")
    common.book_options(p, user=False)
    p.add_argument("--role", default="office", choices=["office", "point"])
    p.add_argument("--households", type=int, default=None)
    p.add_argument("--years", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--as-of", default=None, help="last session date (default: today)")
    p.add_argument("--core-exports", metavar="DIR",
                   help="also write the core system's workbooks of the book (month end)")
    p.set_defaults(func=cmd_demo)

    r = sub.add_parser("demo-session",
                       help="ghi một phiên thực hành trên sổ demo / record a practice session "
                            "on a demo point book (teller and controller, password demo)")
    common.book_options(r, user=False)
    r.add_argument("--point", help="mã điểm / point code (default: the first leased point)")
    r.add_argument("--date", help="YYYY-MM-DD (default: the point's next session day); a date "
                                  "after today moves the demo book's clock to that day")
    r.add_argument("--seed", type=int, default=1)
    r.set_defaults(func=cmd_demo_session)

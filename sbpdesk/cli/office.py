"""`sbpdesk eligibility show|record` and `sbpdesk difficult-area`: a commune's poor / near-poor
list of a year and the points that serve a difficult area (issue 16, decisions 0190, 0192),
as the office window's points page records them. The services check the roles: a list is a
credit officer's or an accountant's, the difficult-area flag the administrator's."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sbpdesk.cli import common
from sbpdesk.domain.errors import DomainError

CATEGORIES = ("poor", "near_poor", "escaped")


def cmd_eligibility_show(args: argparse.Namespace) -> int:
    from sbpdesk.services import plans
    book = common.open_as_given(args)
    try:
        draft = plans.list_draft(book, args.point, args.year, args.category)
    finally:
        book.close()
    common.print_json({"point": draft.point_code, "year": draft.year,
                       "category": draft.category, "recorded": draft.recorded,
                       "reference": draft.reference,
                       "households": [{"id": h.id, "name": h.name, "village": h.village,
                                       "category": h.category, "on_list": h.on_list}
                                      for h in draft.households]})
    return 0


def _household_ids(source: str) -> list[str]:
    """One household id a line (blank lines and `#` comments skipped), from a file or -."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DomainError("list_unreadable", f"Không đọc được tệp danh sách {source}: {exc}",
                          f"Cannot read the list file {source}: {exc}") from None
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def cmd_eligibility_record(args: argparse.Namespace) -> int:
    from sbpdesk.services import plans
    ids = _household_ids(args.households)
    book, _, _ = common.signed_in(args)
    try:
        day = common.date(args.date) if args.date else book.today()
        done = plans.record_list(book, args.point, args.year, args.category, ids,
                                 reference=args.reference, business_date=day)
    finally:
        book.close()
    posted = done.posted[0]
    common.print_json({"op_id": posted.op_id, "seq": posted.seq, "point": args.point,
                       "year": args.year, "category": args.category,
                       "households": len(set(ids))})
    return 0


def cmd_difficult_area(args: argparse.Namespace) -> int:
    """List the difficult-area points; with --set/--clear P, record that first."""
    from sbpdesk.services import places
    if args.set or args.clear:
        book, _, _ = common.signed_in(args)
    else:
        book = common.open_as_given(args)
    try:
        if args.set or args.clear:
            places.set_difficult_area(book, args.set or args.clear, bool(args.set),
                                      business_date=book.today())
        points = sorted(places.difficult_points(book))
    finally:
        book.close()
    common.print_json({"difficult_area_points": points})
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("eligibility", help="danh sách hộ nghèo, cận nghèo của xã / a commune's "
                                           "poor and near-poor list")
    es = p.add_subparsers(dest="eligibility_command", required=True)
    for name, func, text in (
            ("show", cmd_eligibility_show, "the point's households, those on the list marked"),
            ("record", cmd_eligibility_record, "record the list (replaces that year's)")):
        r = es.add_parser(name, help=text)
        common.book_options(r)
        r.add_argument("--point", required=True, help="điểm giao dịch / point code")
        r.add_argument("--year", required=True, type=int)
        r.add_argument("--category", required=True, choices=CATEGORIES)
        r.set_defaults(func=func)
        if name == "record":
            r.add_argument("--households", required=True,
                           help="tệp mã hộ, mỗi dòng một mã (- : stdin) / a file of household "
                                "ids, one a line")
            r.add_argument("--reference", required=True,
                           help="văn bản UBND xã phê duyệt / the committee's document")
            r.add_argument("--date", help="ngày ghi / business date (default: today)")

    p = sub.add_parser("difficult-area", help="điểm phục vụ vùng khó khăn / points serving a "
                                              "difficult area (inspection share 75 %%)")
    common.book_options(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--set", metavar="POINT", help="đánh dấu / mark a point")
    which.add_argument("--clear", metavar="POINT", help="bỏ đánh dấu / unmark a point")
    p.set_defaults(func=cmd_difficult_area)

"""`sbpdesk print …`: write any printed document of a book to a PDF file.

    sbpdesk print receipt --number N | application --application ID | contract --loan ID |
        authorisation --household ID | proposal --group G --date D |
        approval --application ID | statement --group G --date D | session --session ID |
        overdue --point P --as-of D | notice --point P --as-of D | loanbook --household ID |
        relief --point P --as-of D [--group G]
        --data-dir D --out F.pdf [--paper a5|thermal] [--user U]

Every print is recorded (print_log); a reprint says "BẢN SAO (lần n)". Printing is a write:
`--user` (or SBPDESK_USER) must sign in (password from SBPDESK_PASSWORD or a prompt), so the
register names who printed; without a user nothing is printed. A group may be
given by id or code, a household by id or customer code, a loan by id or contract number;
dates as dd/mm/yyyy or yyyy-mm-dd. Extras: `statement --when before|after` (default: after
when the group's collections of that date are in the book), `overdue --kind due_next_month`.
On success one JSON line describes what was written; an unknown id is one Vietnamese and one
English line on stderr and exit status 2 (sbpdesk.cli.main turns DomainError into that).
"""
from __future__ import annotations

import argparse
from typing import Any

from sbpdesk.cli import common

# selector -> [(option, dest, help)]
OPTIONS: dict[str, list[tuple[str, str, str]]] = {
    "receipt": [("--number", "number", "số biên lai hoặc mã nghiệp vụ / receipt number or op id")],
    "application": [("--application", "application", "mã hồ sơ vay / application id")],
    "contract": [("--loan", "loan", "mã khoản vay hoặc số hợp đồng / loan id or contract no")],
    "authorisation": [("--household", "household", "mã hộ hoặc mã KH / household id or code")],
    "proposal": [("--group", "group", "mã tổ / group id or code"),
                 ("--date", "date", "ngày họp tổ / meeting date")],
    "approval": [("--application", "application", "mã hồ sơ vay / application id")],
    "statement": [("--group", "group", "mã tổ / group id or code"),
                  ("--date", "date", "ngày phiên / session date")],
    "session": [("--session", "session", "mã phiên / session id")],
    "overdue": [("--point", "point", "mã điểm giao dịch / point code"),
                ("--as-of", "as_of", "đến ngày / as of")],
    "notice": [("--point", "point", "mã điểm giao dịch / point code"),
               ("--as-of", "as_of", "ngày niêm yết / as of")],
    "loanbook": [("--household", "household", "mã hộ hoặc mã KH / household id or code")],
    "relief": [("--point", "point", "mã điểm giao dịch / point code"),
               ("--as-of", "as_of", "ngày phiên / session date")],
}
HELP = {
    "receipt": "biên lai / receipt", "application": "01/TD giấy đề nghị vay vốn",
    "contract": "hợp đồng tín dụng / credit contract", "authorisation": "01/UQ giấy ủy quyền",
    "proposal": "03/TD danh sách đề nghị vay vốn", "approval": "04/TD thông báo phê duyệt",
    "statement": "13/TD bảng kê của tổ / group statement",
    "session": "báo cáo phiên / session report",
    "overdue": "danh sách nợ quá hạn / overdue list",
    "notice": "niêm yết công khai / public notice", "loanbook": "sổ vay vốn / loan book page",
    "relief": "danh sách giảm lãi suất / interest reduction list",
}


def register(subparsers: Any) -> None:
    register_pack(subparsers)
    p = subparsers.add_parser("print", help="in giấy tờ ra tệp PDF / print a document to PDF")
    sub = p.add_subparsers(dest="document", required=True)
    for selector, options in OPTIONS.items():
        s = sub.add_parser(selector, help=HELP[selector])
        for flag, dest, text in options:
            s.add_argument(flag, dest=dest, required=True, help=text)
        if selector == "statement":
            s.add_argument("--when", choices=["auto", "before", "after"], default="auto",
                           help="trước/sau phiên / before or after the session")
        if selector == "overdue":
            s.add_argument("--kind", choices=["overdue", "due_next_month"], default="overdue",
                           help="quá hạn / đến hạn tháng tới")
        if selector == "relief":     # one group of the point (decision 0156)
            s.add_argument("--group", default=None, help="mã tổ / group id or code")
        if selector == "proposal":   # one programme per 03/TD list (issue 15)
            s.add_argument("--programme", default=None,
                           help="mã chương trình khi tổ đề nghị nhiều chương trình / "
                                "programme code when the meeting proposed several")
        common.book_options(s)
        s.add_argument("--out", required=True, help="tệp PDF / output PDF file")
        s.add_argument("--paper", choices=["a5", "thermal"], default="a5",
                       help="khổ giấy biên lai / receipt paper")
        s.set_defaults(func=cmd_print, selector=selector)


def cmd_print(args: argparse.Namespace) -> int:
    from sbpdesk.printing import record
    keys = {dest: getattr(args, dest) for _, dest, _ in OPTIONS[args.selector]}
    if args.selector == "statement" and args.when != "auto":
        keys["after"] = args.when == "after"
    if args.selector == "overdue":
        keys["kind"] = args.kind
    if args.selector == "proposal" and args.programme:
        keys["programme"] = args.programme
    if args.selector == "relief" and args.group:
        keys["group"] = args.group
    # Printing is a write (the register): signed in like every other one, never "cli".
    book, name, _ = common.signed_in(args)
    try:
        printed = record.produce(book, args.selector, paper=args.paper, out=args.out,
                                 user=name, **keys)
    finally:
        book.close()
    common.print_json({
        "out": str(args.out), "document": printed.document, "key": printed.key,
        "copy_no": printed.copy_no, "cancelled": printed.cancelled,
        "bytes": len(printed.pdf)}, one_line=True)
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    """The session pack of a point: its laptop's next bundle and the session's papers."""
    from pathlib import Path

    from sbpdesk.domain.errors import DomainError
    from sbpdesk.printing.pack import session_papers
    from sbpdesk.services.ui_queries import next_session_date
    from sbpdesk.sync import enrol, exchange
    book, name, password = common.signed_in(args)
    try:
        day = common.date(args.date) if args.date else next_session_date(book, args.point)
        if day is None:
            raise DomainError("pack_no_session_day", f"Điểm {args.point} chưa có ngày giao "
                              "dịch: hãy ghi --date.", f"Point {args.point} has no session "
                              "day: give --date.", field="date")
        bundle = exchange.export_bundle(book, enrol.book_keys(book, name, password),
                                        f"point:{args.point}", args.out)
        papers = session_papers(book, args.point, day,
                                Path(args.out) / f"{args.point}-{day.isoformat()}", user=name)
    finally:
        book.close()
    common.print_json({"point": args.point, "date": day.isoformat(),
                       "bundle": str(bundle.path), "op_count": bundle.manifest.op_count,
                       "papers": [p.out for p in papers]})
    return 0


def register_pack(subparsers: Any) -> None:
    p = subparsers.add_parser("pack", help="gói và giấy tờ cho phiên của một điểm / a point's "
                                           "session pack: bundle, 13/TD, due lists")
    p.add_argument("--point", required=True)
    p.add_argument("--date", help="ngày phiên / session date (default: the next one)")
    p.add_argument("--out", required=True, help="thư mục (USB) / folder (USB stick)")
    common.book_options(p)
    p.set_defaults(func=cmd_pack)

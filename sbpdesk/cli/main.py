"""The `sbpdesk` command: the GUI when run bare, and the commands office IT and automation use.

Every command that prints data prints JSON on stdout; errors are one readable line on stderr
(Vietnamese, then English) and a non-zero exit. Commands that need a signed-in user take
`--user` (or SBPDESK_USER) and read the password from SBPDESK_PASSWORD or a prompt. The
commands only parse arguments and call services (or sync, printing, reports): the write path
is the services'. Each family's module (book, demo, reports, printing, sync) imports what
its commands use inside them, so that building the parser stays cheap and the GUI starts
without ReportLab (decision 0044).
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

from sbpdesk.cli import common
from sbpdesk.domain.errors import DomainError


def cmd_gui(args: argparse.Namespace) -> int:
    from sbpdesk import app
    return app.run(data_dir=getattr(args, "data_dir", None), screenshot=args.screenshot,
                   page=args.page, lang=args.lang, db_url=getattr(args, "db", None))


def _register_gui(sub: Any) -> None:
    p = sub.add_parser("gui", help="start the GUI (or take a screenshot)")
    common.book_options(p, user=False)
    p.add_argument("--screenshot")
    p.add_argument("--page", default="home")
    p.add_argument("--lang", default=None)
    p.set_defaults(func=cmd_gui)


class _VersionAction(argparse.Action):
    """`sbpdesk --version`: the program's version (as in the About dialog) and the schema it
    migrates books to; imports the migrations only when asked."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="phiên bản / version")

    def __call__(self, parser, namespace, values, option_string=None):
        from sbpdesk.db import migrate
        from sbpdesk.version import version
        sys.stdout.write(f"sbpdesk {version()} (schema {migrate.head_revision()})\n")
        parser.exit()


def build_parser(*, everything: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sbpdesk", description="sbpdesk — NHCSXH")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command")
    if everything:
        from sbpdesk.cli import (
            backup,
            book,
            core,
            demo,
            network,
            office,
            printing,
            reports,
            selftest,
            sync,
        )
        for family in (book, backup, demo, reports, printing, sync, core, network, office,
                       selftest):
            family.register(sub)
    _register_gui(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 1 and argv[0].lower().endswith(".sbpbundle"):
        # A bundle double-clicked in Explorer (the installer's file association).
        from sbpdesk import app
        return app.run(bundle=argv[0])
    # The GUI needs none of the other commands: building their parsers would delay the
    # sign-in window (decision 0044).
    args = build_parser(everything=argv[:1] not in ([], ["gui"])).parse_args(argv)
    if not getattr(args, "command", None):
        from sbpdesk import app
        return app.run()
    if args.command != "gui":   # the GUI's worker registers it when it opens the book
        # Reports keep figures at past month ends; a back-dated posting must make them
        # forget (services call the hook it registers, never its table: decision 0055).
        from sbpdesk.reports import month_end  # noqa: F401
    try:
        return args.func(args)
    except DomainError as e:
        common.print_error(e)
        return 2
    except Exception as e:   # never a traceback on the officer's screen: a line and the log
        return common.unexpected(args, e)


if __name__ == "__main__":
    sys.exit(main())

"""The `sbpdesk` command (`main`): the GUI when run bare, and the commands office IT and
automation use. main.py builds the parser and prints errors; common.py holds what every
command shares (user, password, opening the book, JSON output); one module per family of
commands: book.py, demo.py, reports.py, printing.py, sync.py, selftest.py (the frozen
build's self-test)."""
# `sbpdesk.cli.main` is then this function, not the module: import the module's other names
# with `from sbpdesk.cli.main import …`.
from sbpdesk.cli.main import main

__all__ = ["main"]

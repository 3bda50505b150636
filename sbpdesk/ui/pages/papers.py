"""Every paper from the window (issue 14: the 13/TD statement members sign, the public notice
and the 03/TD list were printed only from the command line).

`print_paper(page, selector, keys, …)` makes the document on the worker
(`printing.record.preview`: nothing recorded), opens our preview (`ui.printing`), and when it
is printed or saved records the print and keeps its PDF under <data>/prints/<folder>/. One
print at a time (`printing.prepare`). The page keeps the open preview in `print_dialog`
and learns the outcome through `on_done(recorded)`.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def print_paper(page, selector: str, keys: dict[str, Any], *, title: str, folder: str,
                stem: str, on_error: Callable[[Any], None],
                on_done: Callable[[tuple], None] | None = None) -> None:
    from sbpdesk.printing.record import kept_name

    from .. import printing

    base = (page.state.data_dir or Path.home()) / "prints" / folder

    def preview(book):
        from sbpdesk.printing import record
        return record.preview(book, selector, **keys)

    def finished(recorded) -> None:
        page.print_dialog = None
        if on_done is not None:
            on_done(recorded)

    def shown(made) -> None:
        page.print_dialog = printing.print_documents(
            page, page.worker, [made], user=page.state.username,
            out=lambda p: base / kept_name(stem, p.copy_no, p.cancelled),
            on_error=on_error, on_done=finished, preview=True,
            printer_name=printing.saved_printer(), paper="a4", title=title)

    printing.prepare(page.worker, preview, shown, on_error, name=f"{selector} preview")


def printed_text(recorded) -> str:
    """What a page says after a paper's preview closed."""
    from .. import printing
    if not recorded:
        return printing.not_printed_text()
    return translate("Papers", "Đã in; tệp PDF lưu tại {path}").format(path=recorded[0].out)

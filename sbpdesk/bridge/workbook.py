"""Rows of a workbook's report sheet, as lists of cell values, by the engine chosen in
docs/decisions/0085 (python-calamine for .xlsx and .xls; openpyxl read-only kept as the
measured alternative, `engine="openpyxl"`). The core names its sheet BCQUERY; a workbook
without one is read from its first sheet."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sbpdesk.domain.errors import DomainError

SHEET = "BCQUERY"
ENGINES = ("calamine", "openpyxl")


def rows(path: str | Path, engine: str = "calamine") -> Iterator[list[Any]]:
    """Every row of the report sheet; empty cells are None, dates are date/datetime."""
    path = Path(path)
    if not path.is_file():
        raise DomainError("core_file_missing", f"Không có tệp {path}.",
                          f"There is no file {path}.")
    try:
        if engine == "openpyxl" and path.suffix.lower() != ".xls":
            yield from _openpyxl_rows(path)
        else:
            yield from _calamine_rows(path)
    except DomainError:
        raise
    except Exception as exc:   # the engines raise their own zoo of errors for a bad file
        raise DomainError(
            "core_file_unreadable",
            f"Không đọc được {path.name} như một sổ Excel: {exc}",
            f"Cannot read {path.name} as an Excel workbook: {exc}") from None


def _calamine_rows(path: Path) -> Iterator[list[Any]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    names = book.sheet_names
    sheet = book.get_sheet_by_name(SHEET if SHEET in names else names[0])
    # calamine's rows start at the sheet's first row but at the first used column: pad, so
    # that the lists are openpyxl's (column A empty in the core's files).
    left = sheet.start[1] if sheet.start else 0
    pad = [None] * left
    for row in sheet.iter_rows():
        yield pad + [None if v == "" else v for v in row]


def _openpyxl_rows(path: Path) -> Iterator[list[Any]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [v.date() if isinstance(v, dt.datetime) and v.time() == dt.time() else v
                   for v in row]
    finally:
        book.close()

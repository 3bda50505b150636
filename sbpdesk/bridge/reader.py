"""Read one of the core's exports: which report it is (by its columns, never its name), where
its header row is (searched), its data date (the date column, else the title, else the file
name) and its rows as fields of the mapping, with typed values. Every column the mapping
cannot place is reported, and every cell that cannot be read is a `Problem` with its row —
the caller decides; nothing is guessed silently."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

from sbpdesk.bridge import workbook
from sbpdesk.bridge.mapping import Kind, Mapping, fold
from sbpdesk.domain.dates import add_months
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.text import nfc, normalise_spaces

AMOUNTS = {"amount", "in_term", "overdue", "frozen", "outstanding", "interest_in_term",
           "interest_overdue", "savings_balance", "principal_paid", "interest_paid",
           "savings_paid", "source_total"}
COUNTS = {"session_day", "members", "households", "term_months", "frequency_months"}
# Codes the core writes as digits of a fixed width: a number cell lost its leading zeros.
WIDTH = {"loan_no": 16, "customer_code": 10, "group_code": 7, "village_code": 8,
         "commune_code": 6, "programme_code": 2, "union_code": 2}
_TEXT_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"thang (\d{1,2}) ?(?:nam|/) ?(\d{4})")
_NAME_DATES = (re.compile(r"(?<!\d)(\d{2})[._\-]?(\d{2})[._\-]?(20\d{2})(?!\d)"),   # dd mm yyyy
               re.compile(r"(?<!\d)(20\d{2})[._\-]?(\d{2})[._\-]?(\d{2})(?!\d)"))   # yyyy mm dd


def is_date_field(name: str) -> bool:
    return name.endswith(("_on", "_date")) or name.startswith("due_")


@dataclass(frozen=True)
class Problem:
    row: int           # the sheet's row number (1-based), 0 for the file itself
    column: str
    value: str
    vi: str
    en: str


@dataclass
class CoreFile:
    path: Path
    kind: str
    kind_name: str
    header_row: int                       # 1-based
    title: str
    columns: dict[str, int]               # field -> column index (0 = column A)
    column_names: dict[str, str]          # field -> the name as written in the file
    unplaced: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row no, fields)
    day_first: bool = True
    day_order: str = "assumed"            # "seen" when a text date proved the order
    data_date: dt.date | None = None
    date_source: str = ""                 # column | title | file name
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"file": self.path.name, "kind": self.kind, "name": self.kind_name,
                "header_row": self.header_row, "rows": len(self.rows),
                "data_date": self.data_date.isoformat() if self.data_date else None,
                "date_source": self.date_source,
                "day_month_order": ("day/month" if self.day_first else "month/day")
                + f" ({self.day_order})",
                "unplaced_columns": self.unplaced,
                "problems": [{"row": p.row, "column": p.column, "value": p.value,
                              "message": p.vi, "message_en": p.en} for p in self.problems]}


@contextmanager
def reading(files: list[str | Path], mapping: Mapping) -> Iterator[list[Future[CoreFile]]]:
    """`read` each of `files` in a thread of its own (two at a time): calamine parses a sheet
    without holding the GIL, so the parse runs beside the caller's own work (a
    reconciliation reads the book meanwhile) and beside the other files' parse (decision
    0261). The futures give each file's CoreFile, or raise its error, in the files' order."""
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="core-read") as pool:
        futures = [pool.submit(read, f, mapping) for f in files]
        try:
            yield futures
        finally:
            for future in futures:       # an error: the files not yet begun are not read
                future.cancel()


def read(path: str | Path, mapping: Mapping, engine: str = "calamine") -> CoreFile:
    path = Path(path)
    it = workbook.rows(path, engine)
    head: list[list[Any]] = []
    found = None
    for row in it:
        head.append(row)
        found = _header(head, mapping)
        if found is not None or len(head) >= mapping.search_rows:
            break
    if found is None:
        raise DomainError(
            "core_no_header",
            f"{path.name}: không tìm thấy dòng tiêu đề cột nào khớp tệp ánh xạ "
            f"(đã tìm {len(head)} dòng đầu).",
            f"{path.name}: no header row matching the column mapping in the first "
            f"{len(head)} rows.")
    index, kind, placed, unplaced = found
    header = head[index]
    title = normalise_spaces(" ".join(str(c) for r in head[:index] for c in r if c is not None))
    core = CoreFile(path, kind.code, kind.name, index + 1, nfc(title), placed,
                    {f: nfc(str(header[i]).strip()) for f, i in placed.items()}, unplaced)
    raw = [(n, {f: (r[i] if i < len(r) else None) for f, i in placed.items()})
           for n, r in enumerate(it, start=index + 2) if any(c is not None for c in r)]
    _day_order(core, raw)
    convert = {f: _converter(core, kind, f) for f in placed}
    for n, values in raw:
        row = {}
        for f, v in values.items():
            if v is None:
                row[f] = None
                continue
            try:
                row[f] = convert[f](v)
            except (ValueError, InvalidOperation, ArithmeticError):
                row[f] = _problem(core, n, f, v)
        core.rows.append((n, row))
    _data_date(core, kind)
    return core


def _header(head: list[list[Any]], mapping: Mapping):
    """(row index, kind, placed fields, unplaced names) once the last row read is a header."""
    row = head[-1]
    folded = [fold(c) if isinstance(c, str) else "" for c in row]
    best = None
    for kind in mapping.kinds.values():
        placed: dict[str, int] = {}
        for i, name in enumerate(folded):
            f = kind.names.get(name)
            if f is not None and f not in placed:
                placed[f] = i
        if len(placed) < mapping.min_matches or not all(f in placed for f in kind.recognise):
            continue
        if best is None or len(placed) > len(best[1]):
            best = (kind, placed)
    if best is None:
        return None
    kind, placed = best
    used = set(placed.values())
    unplaced = [nfc(str(row[i]).strip()) for i, name in enumerate(folded)
                if name and i not in used and not any(p.search(name) for p in kind.ignore)]
    return len(head) - 1, kind, placed, unplaced


def _day_order(core: CoreFile, raw: list[tuple[int, dict[str, Any]]]) -> None:
    """Day/month order of the file's text dates: a first part above 12 proves day-first, a
    second part above 12 month-first; both in one file is an error; neither: day-first."""
    first = second = None
    fields = [f for f in core.columns if is_date_field(f)]
    texts = (v for _, values in raw for f in fields
             if isinstance(v := values[f], str))
    for text in [*texts, core.title]:
        for m in _TEXT_DATE.finditer(text):
            a, b = int(m[1]), int(m[2])
            if a > 12 and first is None:
                first = m[0]
            if b > 12 and second is None:
                second = m[0]
        if first and second:
            raise DomainError(
                "core_date_order",
                f"{core.path.name}: ngày “{first}” ghi ngày trước, “{second}” ghi tháng trước "
                "— không biết đọc theo thứ tự nào.",
                f"{core.path.name}: “{first}” is day-first and “{second}” month-first; "
                "the file's date order is unclear.")
    core.day_first = second is None
    core.day_order = "seen" if (first or second) else "assumed"


def _converter(core: CoreFile, kind: Kind, f: str) -> Callable[[Any], Any]:
    """The function that types field `f`'s cells (chosen once per file, not per cell)."""
    if f in AMOUNTS:
        return partial(_amount, million=kind.million)
    if f in COUNTS:
        return _count
    if is_date_field(f):
        return partial(_date, day_first=core.day_first)
    if f == "rate":
        return _rate
    return partial(_text, width=WIDTH.get(f))


def _problem(core: CoreFile, row: int, f: str, v: Any) -> None:
    core.problems.append(Problem(
        row, core.column_names[f], str(v),
        f"Dòng {row}, cột “{core.column_names[f]}”: không đọc được giá trị “{v}”.",
        f"Row {row}, column “{core.column_names[f]}”: cannot read the value “{v}”."))


def _amount(v: Any, million: bool) -> int:
    """Whole đồng. Numbers from Excel are binary floats: read through their shortest decimal
    form, so 1234.56 million is exactly 1.234.560.000 đ; a fraction of a đồng is an error."""
    if not million and (type(v) is int or (type(v) is float and v.is_integer()
                                           and abs(v) < 2 ** 53)):
        return int(v)       # most cells: whole đồng, exact in such a float
    if isinstance(v, str):
        s = v.strip().replace(" ", "")
        s = s.replace(".", "").replace(",", ".") if million else s.replace(".", "").replace(",", "")
        d = Decimal(s)
    else:
        d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    if million:
        d = (d * 1_000_000).quantize(Decimal(1), ROUND_HALF_UP)
    if d != d.to_integral_value():
        raise ValueError("fraction of a đồng")
    return int(d)


def _count(v: Any) -> int:
    d = Decimal(repr(v)) if isinstance(v, float) else Decimal(str(v).strip())
    if d != d.to_integral_value():
        raise ValueError("not a whole number")
    return int(d)


def _rate(v: Any) -> str:
    """A yearly rate in per cent as an exact decimal string: 6.24, "6,24", "6,24%"."""
    s = repr(v) if isinstance(v, float) else str(v).strip().rstrip("%").replace(",", ".")
    return str(Decimal(s).normalize())


def _date(v: Any, day_first: bool) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    if m := _ISO_DATE.fullmatch(s):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := _TEXT_DATE.fullmatch(s):
        a, b = int(m[1]), int(m[2])
        return dt.date(int(m[3]), b, a) if day_first else dt.date(int(m[3]), a, b)
    if isinstance(v, int | float) and 20000 < v < 80000:     # an Excel serial number
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(v))
    raise ValueError("not a date")


def _text(v: Any, width: int | None) -> str:
    if type(v) is str:
        s = v.strip()
        return s if s.isascii() else nfc(s)
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = nfc(str(v).strip())
    if width and isinstance(v, int):
        s = s.zfill(width)
    return s


def _data_date(core: CoreFile, kind: Kind) -> None:
    f = kind.date_field
    if f and f in core.columns:
        seen = Counter(values[f] for _, values in core.rows if values.get(f))
        if seen:
            core.data_date, core.date_source = seen.most_common(1)[0][0], "column"
            return
    if d := _title_date(core.title, core.day_first):
        core.data_date, core.date_source = d, "title"
        return
    if d := _name_date(core.path.stem, core.day_first):
        core.data_date, core.date_source = d, "file name"


def _title_date(title: str, day_first: bool) -> dt.date | None:
    try:
        if m := _TEXT_DATE.search(title):
            return _date(m[0], day_first)
        if m := _MONTH.search(fold(title)):     # "tháng 09 năm 2026": the month's end
            return add_months(dt.date(int(m[2]), int(m[1]), 1), 1) - dt.timedelta(days=1)
    except ValueError:
        return None
    return None


def _name_date(stem: str, day_first: bool) -> dt.date | None:
    for m in _NAME_DATES[1].finditer(stem):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    for m in _NAME_DATES[0].finditer(stem):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        try:
            month_first = b > 12 or (not day_first and a <= 12)
            return dt.date(y, a, b) if month_first else dt.date(y, b, a)
        except ValueError:
            pass
    return None

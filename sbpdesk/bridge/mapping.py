"""The column mapping of the core's exports: a TOML file the office can edit (the shipped one,
`mapping.toml`, is reconstructed from published descriptions). Names are compared folded
(`fold`): no diacritics, đ → d, lower case, punctuation as spaces."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.text import search_key

SHIPPED = Path(__file__).with_name("mapping.toml")
_PUNCT = re.compile(r"[._\-/():,;]+")


def fold(name: object) -> str:
    """"Số KU (16 số)" → "so ku 16 so": the form every column name is compared in."""
    return search_key(_PUNCT.sub(" ", str(name))) if name is not None else ""


@dataclass(frozen=True)
class Kind:
    code: str
    name: str
    recognise: tuple[str, ...]
    names: dict[str, str]              # folded column name -> field
    date_field: str | None
    million: bool                      # amounts in million đồng
    ignore: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Mapping:
    kinds: dict[str, Kind]
    columns: dict[str, dict[str, list[str]]]   # kind -> field -> names as written
    codes: dict[str, dict[str, str]]           # programme | union | funding_source
    search_rows: int
    min_matches: int
    source: str

    def column_name(self, kind: str, field: str) -> str:
        """The first name the mapping gives a field: the one written in generated files."""
        return self.columns[kind][field][0]

    def code(self, table: str, value: str) -> str:
        return self.codes.get(table, {}).get(value, value)

    def core_code(self, table: str, value: str) -> str:
        """The book's code back to the core's (the first that maps to it)."""
        return next((k for k, v in self.codes.get(table, {}).items() if v == value), value)


def load(path: str | Path | None = None) -> Mapping:
    """The mapping in `path` (the shipped one by default); a clear error when it is broken."""
    path = Path(path) if path else SHIPPED
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DomainError(
            "core_mapping_unreadable",
            f"Không đọc được tệp ánh xạ cột {path}: {exc}",
            f"Cannot read the column mapping file {path}: {exc}") from None
    kinds, columns = {}, {}
    for code, spec in data.get("kinds", {}).items():
        cols = {field: [n] if isinstance(n, str) else list(n)
                for field, n in spec.get("columns", {}).items()}
        missing = [f for f in spec.get("recognise", []) if f not in cols]
        if missing or not spec.get("recognise"):
            raise DomainError(
                "core_mapping_invalid",
                f"Tệp ánh xạ {path}: loại {code} nhận dạng bằng cột chưa khai báo {missing}.",
                f"Mapping {path}: kind {code} is recognised by undeclared fields {missing}.")
        names = {fold(n): field for field, ns in cols.items() for n in ns}
        kinds[code] = Kind(code, spec.get("name", code), tuple(spec["recognise"]), names,
                           spec.get("date"), spec.get("amounts_in") == "million",
                           tuple(re.compile(p) for p in spec.get("ignore", [])))
        columns[code] = cols
    header = data.get("header", {})
    codes = {table: {str(k): str(v) for k, v in values.items()}
             for table, values in data.get("codes", {}).items()}
    return Mapping(kinds, columns, codes, int(header.get("search_rows", 40)),
                   int(header.get("min_matches", 3)), str(path))

"""Snapshot text of the folds' records written directly: the exact bytes
`state_json(to_dict(state) | figures)` gives, without building the dict and walking it with
the generic encoder (an import writes ≈ 2.900 snapshots, a loan's ≈ 20 instalments each;
decision 0276).

Why the text is the same: the canonical dump (canonical.py: sorted keys, separators
(',', ':'), ensure_ascii=False) of a dict is '{' + '"key":' + dump(value) joined by ',' in
key order + '}', and a nested value's dump is the dump of that value alone. Every value
is written here only when its type is the exact one its text is proven for, else the whole
state goes the reference way (`state_json(to_dict())`, raising where it raises):
- int (exactly `int`, so never a bool): '%d' — the decimal digits the encoder writes
  (`int.__repr__`);
- str (exactly `str`) holding none of the characters the encoder escapes when ensure_ascii
  is off (json.encoder.ESCAPE: '"', '\\', code points below ' '; the C encoder escapes
  the same; `plain`): '"' + text + '"' — other characters, Vietnamese among them, are
  written as they are; a string that may need an escape sends the state the reference way;
- date (exactly `datetime.date`) or None: '"' + isoformat() + '"' (digits and '-', no
  escape needed) or 'null';
- bool (exactly `bool`): 'true' / 'false';
- tuples of records: a template per record of the above (loan_state.py, savings.py);
  rare ones (suspense entries, shortfalls, flags) through the encoder itself.
Keys are the records' field names (ASCII identifiers: no escape) in sorted order; a field
left out at its default (`omitted`) is left out here on the same comparison.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from operator import itemgetter, ne
from typing import Any

DATE = dt.date
_TYPES_INT = {int}
_TYPES_STR = {str}
_TYPES_DATE = {dt.date, type(None)}
# The canonical encoder's own options (canonical.py), for the rare nested values.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                            allow_nan=False)

# A date's ISO text (exact `datetime.date`s only: the callers check): session days repeat.
iso = functools.lru_cache(maxsize=4096)(dt.date.isoformat)


@functools.lru_cache(maxsize=4096)
def date_text(day: dt.date | None) -> str:
    """A date's (exactly `datetime.date`: the callers check) or None's canonical text."""
    return "null" if day is None else '"' + day.isoformat() + '"'


def plain(text: str) -> bool:
    """Whether the encoder surely writes `text` (a str) as '"' + text + '"': no quote, no
    backslash, and every character printable — so none below ' ' (it escapes those three
    kinds only; unprintable others, U+2028 say, merely send the state the reference way).
    Three C scans: faster than the encoder's own pattern."""
    return text.isprintable() and '"' not in text and "\\" not in text


def encoded(value: Any) -> str:
    """The canonical dump of a nested value (lists of small dicts, of strings)."""
    return _ENCODER.encode(value) if value else "[]"


class RecordText:
    """Writes a frozen record (its instance dict) as canonical JSON text.

    `ints`, `strs`, `dates`: the scalar fields by type; `nested`: field -> function of the
    field's value giving its text, or None when its values are not of the proven types;
    `omitted`: fields left out while equal to `defaults[field]`; `figures`: int keys the
    caller adds to the dict (a loan's "outstanding")."""

    def __init__(self, ints: Sequence[str], strs: Sequence[str], dates: Sequence[str],
                 nested: dict[str, Callable[[Any], str | None]], omitted: Sequence[str] = (),
                 defaults: dict[str, Any] | None = None, figures: Sequence[str] = ()):
        self.names = (*ints, *strs, *dates, *nested)
        if len(set(self.names)) != len(self.names) or set(figures) & set(self.names) \
                or len(ints) < 2 or len(strs) < 2 or len(dates) < 2 or len(omitted) == 1:
            raise ValueError("fields named twice, or too few of a type for an itemgetter")
        self.ints, self.strs = itemgetter(*ints), itemgetter(*strs)
        self.dates = itemgetter(*dates)
        self.nested = tuple(nested.items())
        self.figures = tuple(figures)
        self.omitted = tuple(omitted)
        self.omitted_get = itemgetter(*omitted) if omitted else None
        self.defaults = tuple((defaults or {})[n] for n in omitted)
        # Where each key's text sits in the tuple `write` builds, and its format.
        self.slots = {}
        order = [(n, "%d") for n in (*ints, *figures)] + [(n, '"%s"') for n in strs] \
            + [(n, "%s") for n in (*dates, *nested)]
        for pos, (name, fmt) in enumerate(order):
            self.slots[name] = (pos, fmt)
        self.plans: dict[tuple[bool, ...], tuple[str, Callable]] = {}

    def _plan(self, present: tuple[bool, ...]) -> tuple[str, Callable]:
        left_out = {n for n, p in zip(self.omitted, present, strict=True) if not p}
        keys = sorted(k for k in self.slots if k not in left_out)
        fmt = "{" + ",".join(f'"{k}":{self.slots[k][1]}' for k in keys) + "}"
        plan = (fmt, itemgetter(*(self.slots[k][0] for k in keys)))
        self.plans[present] = plan
        return plan

    def write(self, d: dict[str, Any], figures: tuple[int, ...] = ()) -> str | None:
        """The text of the record whose instance dict is `d` (with `figures`' values, in
        the order of the names given), or None when a value is not of its proven type or
        a string needs an escape (then the caller takes the reference way)."""
        ints, strs, dates = self.ints(d) + figures, self.strs(d), self.dates(d)
        if (set(map(type, ints)) != _TYPES_INT or set(map(type, strs)) != _TYPES_STR
                or not _TYPES_DATE.issuperset(map(type, dates))
                or not plain("".join(strs))):
            return None
        values = [*ints, *strs, *map(date_text, dates)]
        for name, text_of in self.nested:
            text = text_of(d[name])
            if text is None:
                return None
            values.append(text)
        present = tuple(map(ne, self.omitted_get(d), self.defaults)) if self.omitted else ()
        plan = self.plans.get(present) or self._plan(present)
        return plan[0] % plan[1](values)

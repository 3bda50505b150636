"""Fast copies of the folds' frozen records (issue 7: a replay or an import builds millions).

The records (LoanState, Instalment, SuspenseEntry, SavingsState) are frozen dataclasses
with no `__post_init__`, so a copy of the instance dict is the object `dataclasses.replace`
or `cls(**values)` would build, without `__init__` setting each field in turn — which was
half of `check --replay`.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import fields
from typing import Any

_FIELD_NAMES: dict[type, frozenset[str]] = {}


def evolve(obj: Any, **changes: Any) -> Any:
    """`dataclasses.replace(obj, **changes)`; unknown field names are refused as there."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = frozenset(f.name for f in fields(obj))
    if not names.issuperset(changes):
        raise TypeError(f"unknown fields {sorted(set(changes) - names)}")
    return record(type(obj), {**obj.__dict__, **changes})


def record(cls: type, values: dict[str, Any]) -> Any:
    """`cls(**values)` for a complete field dict (taken as the instance's own)."""
    new = object.__new__(cls)
    object.__setattr__(new, "__dict__", values)
    return new


# Dates in snapshots repeat across accounts (session days): parse each text once.
date_of = functools.lru_cache(maxsize=4096)(dt.date.fromisoformat)

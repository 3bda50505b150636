"""The kind table and the registries every subject module fills (docs/operations.md).

`KINDS` summarises the policy (auth.ACCESS): who may author a kind, which roles post it, who
approves.
`VERSIONS` is the highest payload version this program applies. Each subject module registers,
when imported, a decider per kind (`DECIDERS[kind](book, cmd) -> cmd`: validate, fill in ids,
return the command to append) and an applier (`APPLIERS[kind](book, entry) -> "applied" |
"suspense" | None`: update projections). `services.books` imports every subject module, so a
book opened through it has them all (decision 0055).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sbpdesk.services.auth import ACCESS
from sbpdesk.services.auth import ANY as ANY
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry


@dataclass(frozen=True)
class Rule:
    author: str                 # point | office | either
    roles: tuple[str, ...]      # any of these may post it
    approver: str | None = None  # role whose holder approves (approved_by), or ANY


# The policy itself is auth.ACCESS (who may post each kind at a point and at the office, who
# approves); this is its summary by author, which import and the catalogue tests read.
KINDS: dict[str, Rule] = {kind: Rule(g.author, tuple(sorted(set(g.point + g.office))),
                                     g.approver) for kind, g in ACCESS.items()}
VERSIONS: dict[str, int] = {kind: 1 for kind in KINDS}  # highest payload version we apply
REFERENCE_KINDS = {"rules.publish", "programme.define", "programme.rate", "calendar.publish",
                   "office.define", "point.define", "organisation.define", "rate.relief",
                   "unit.define"}


@dataclass(frozen=True)
class Command:
    """What a decider receives and returns: the payload and envelope fields to append."""
    kind: str
    payload: dict[str, Any]
    business_date: dt.date
    session_id: str | None = None
    approved_by: str | None = None
    rules_version: str | None = None


Decider = Callable[[Book, Command], Command]
Applier = Callable[[Book, Entry], "str | None"]
DECIDERS: dict[str, Decider] = {}
APPLIERS: dict[str, Applier] = {}
# kind -> (book, payload, business_date) -> True when this payload needs no approver: a cash
# difference inside the office's rounding tolerance (issue 14). The decider checks it again.
WAIVERS: dict[str, Callable[[Book, dict[str, Any], dt.date], bool]] = {}


def decider(kind: str) -> Callable[[Decider], Decider]:
    def register(fn: Decider) -> Decider:
        DECIDERS[kind] = fn
        return fn
    return register


def applier(kind: str) -> Callable[[Applier], Applier]:
    """Register the applier of `kind`. An applier must not select journal rows by their
    outcome: during an office import the rows being applied already read `applied`, and a
    row that then fails is set `held` only after the loop (decision 0046)."""
    def register(fn: Applier) -> Applier:
        APPLIERS[kind] = fn
        return fn
    return register


def replace(cmd: Command, **changes: Any) -> Command:
    return dataclasses.replace(cmd, **changes)

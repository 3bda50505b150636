"""The kind table and the registries every subject module fills (docs/operations.md).

`KINDS` is the policy: who may author a kind, which roles may post it, who approves.
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

from sbpdesk.services.auth import ANY
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry


@dataclass(frozen=True)
class Rule:
    author: str                 # point | office | either
    roles: tuple[str, ...]      # any of these may post it
    approver: str | None = None  # role whose holder approves (approved_by), or ANY


_T, _A, _D, _ADMIN = ("teller",), ("accountant",), ("director",), ("admin",)
KINDS: dict[str, Rule] = {
    "session.open": Rule("point", _T),
    "session.close": Rule("point", _T, "controller"),
    "session.cash_difference": Rule("point", _T, "controller"),
    "household.register": Rule("either", _T + _A),
    "person.register": Rule("either", _T + _A),
    "contact.update": Rule("either", _T + _A),
    "household.confirm": Rule("office", _A),
    "household.alias": Rule("office", _A),
    "group.form": Rule("office", _A),
    "group.update": Rule("office", _A),
    "application.submit": Rule("either", _T + _A),
    "application.decide": Rule("office", _D),
    "loan.change_request": Rule("point", _T),
    "loan.disburse": Rule("either", _T, "controller"),
    "collection.record": Rule("either", _T),
    "group.handover": Rule("point", _T),
    "savings.withdraw": Rule("either", _T, "controller"),
    "payable.issue": Rule("office", _A),
    "fee.pay": Rule("either", _T),
    "savings.credit_interest": Rule("office", _A),
    "loan.extend": Rule("office", _D),
    "loan.adjust": Rule("office", _D),
    "loan.freeze": Rule("office", _D),
    "loan.unfreeze": Rule("office", _D),
    "loan.write_off": Rule("office", _D),
    "loan.transfer_overdue": Rule("office", _A),
    "suspense.resolve": Rule("office", _A),
    "loan.open": Rule("office", _A),        # opening balances from the core (opening.py)
    "savings.open": Rule("office", _A),
    "op.reverse": Rule("either", _T + _A + _D, ANY),
    "reversal.request": Rule("point", _T),
    **{kind: Rule("office", _ADMIN) for kind in (
        "rules.publish", "programme.define", "programme.rate", "rate.relief",
        "calendar.publish", "office.define", "point.define", "organisation.define", "user.set",
        "device.enrol", "device.revoke", "lease.grant", "state.pack")},
}
VERSIONS: dict[str, int] = {kind: 1 for kind in KINDS}  # highest payload version we apply
REFERENCE_KINDS = {"rules.publish", "programme.define", "programme.rate", "calendar.publish",
                   "office.define", "point.define", "organisation.define", "rate.relief"}


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

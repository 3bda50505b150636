"""What a write verb returns: the operations it posted and what they changed.

Every typed verb of a subject service (`loans.disburse`, `customers.register_household`, …)
returns a `Written`, so a page reloads only what the write touched (`touches`) and shows the
receipt number without reading the journal again.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sbpdesk.services.posting import Posted


@dataclass(frozen=True)
class Written:
    posted: tuple[Posted, ...]
    households: tuple[str, ...] = ()     # households registered or changed
    sessions: tuple[str, ...] = ()       # sessions opened, counted or closed

    @property
    def accounts(self) -> frozenset[tuple[str, str]]:
        """(account kind, id) of every account the operations changed."""
        return frozenset(pair for p in self.posted for pair in p.accounts)

    def touches(self, kind: str, account_id: str) -> bool:
        return (kind, account_id) in self.accounts

    @property
    def op_id(self) -> str | None:
        """The last operation posted (the one a page names)."""
        return self.posted[-1].op_id if self.posted else None

    @property
    def seq(self) -> int | None:
        """The journal seq of the last operation posted."""
        return self.posted[-1].seq if self.posted else None

    @property
    def receipt_no(self) -> str | None:
        return next((p.receipt_no for p in self.posted if p.receipt_no), None)

    @property
    def outcome(self) -> str | None:
        return self.posted[-1].outcome if self.posted else None


def given(**fields: Any) -> dict[str, Any]:
    """A verb's payload: the fields given, None left out (the decider's defaults apply)."""
    return {name: value for name, value in fields.items() if value is not None}


def written(*posted: Posted, households: tuple[str, ...] = (),
            sessions: tuple[str, ...] = ()) -> Written:
    return Written(tuple(posted), households, sessions)

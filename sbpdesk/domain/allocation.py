"""Allocation inside the columns an officer fills on the 13/TD sheet, and of an undivided sum.

Pure functions over a loan state already advanced to the collection date (`loan.advance`):
decide calls them to show the officer the split, apply calls them again on the replayed
state, so the payload only ever stores the declared column amounts. Interest goes to
interest on overdue principal, then in-term, then grace (students), then frozen interest;
principal goes to overdue instalments oldest first, then instalments due on or before the
date oldest first, then early repayment to the nearest future instalments (or the last
ones: rule `early_target`); on a frozen loan principal reduces the frozen balance, oldest
instalment first. What a column cannot place is `excess`: apply books it to suspense, and
`check_collection` refuses it at decide time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dues import loan_problems
from .loan_state import LoanState

if TYPE_CHECKING:
    from .dues import Dues


@dataclass(frozen=True)
class InterestSplit:
    overdue: int = 0
    in_term: int = 0
    grace: int = 0
    frozen: int = 0
    excess: int = 0

    @property
    def placed(self) -> int:
        return self.overdue + self.in_term + self.grace + self.frozen


@dataclass(frozen=True)
class PrincipalSplit:
    overdue: int = 0
    due: int = 0
    early: int = 0
    frozen: int = 0
    excess: int = 0
    by_instalment: tuple[tuple[int, int], ...] = ()   # (index in state.instalments, amount)

    @property
    def placed(self) -> int:
        return self.overdue + self.due + self.early + self.frozen


@dataclass(frozen=True)
class UndividedSplit:
    interest: InterestSplit
    principal: PrincipalSplit
    excess: int


@dataclass(frozen=True)
class CollectionSplit:
    interest: InterestSplit
    principal: PrincipalSplit
    to_savings: int = 0    # confirmed overpayment the services declare in the savings column


def _take(amount: int, caps: list[int]) -> tuple[list[int], int]:
    """Fill caps in order; returns the parts and what is left."""
    parts = []
    for cap in caps:
        part = min(amount, max(cap, 0))
        parts.append(part)
        amount -= part
    return parts, amount


_NOTHING_INTEREST = InterestSplit()
_NOTHING_PRINCIPAL = PrincipalSplit()


def allocate_interest(state: LoanState, amount: int) -> InterestSplit:
    if amount == 0:
        return _NOTHING_INTEREST    # a column left empty (most sheets): nothing to split
    # _take unrolled over the four buckets (replay runs this for every collection)
    o = min(amount, max(state.interest_overdue, 0))
    i = min(amount - o, max(state.interest_in_term, 0))
    g = min(amount - o - i, max(state.interest_grace, 0))
    f = min(amount - o - i - g, max(state.interest_frozen, 0))
    return InterestSplit(o, i, g, f, amount - o - i - g - f)


def _on(state: LoanState, on: dt.date | None) -> dt.date:
    return on or state.accrued_from or state.last_date or dt.date.min


def _fill(state: LoanState, amount: int, order: list[int]) -> tuple[list[tuple[int, int]], int]:
    out = []
    for idx in order:
        if amount <= 0:
            break
        part = min(amount, state.instalments[idx].unpaid)
        if part > 0:
            out.append((idx, part))
            amount -= part
    return out, amount


def allocate_principal(state: LoanState, amount: int, early_target: str = "nearest",
                       on: dt.date | None = None) -> PrincipalSplit:
    if amount == 0:
        return _NOTHING_PRINCIPAL
    insts = state.instalments
    if state.status == "frozen":
        open_ = [k for k, i in enumerate(insts) if i.unpaid > 0]
        parts, left = _fill(state, min(amount, state.principal_frozen), open_)
        left += amount - min(amount, state.principal_frozen)
        return PrincipalSplit(frozen=sum(p for _, p in parts), excess=left,
                              by_instalment=tuple(parts))
    day = _on(state, on)
    overdue: list[int] = []
    due: list[int] = []
    future: list[int] = []
    for k, i in enumerate(insts):     # one pass: replay calls this for every collection
        if i.amount > i.paid:
            (overdue if i.overdue else due if i.due_date <= day else future).append(k)
    if early_target == "last":
        future.reverse()
    p_over, left = _fill(state, amount, overdue)
    p_due, left = _fill(state, left, due)
    p_early, left = _fill(state, left, future)
    return PrincipalSplit(sum(p for _, p in p_over), sum(p for _, p in p_due),
                          sum(p for _, p in p_early), 0, left, tuple(p_over + p_due + p_early))


def _principal_caps(state: LoanState, on: dt.date | None) -> dict[str, int]:
    if state.status == "frozen":
        return {"overdue_principal": 0, "due_principal": state.principal_frozen,
                "early_repayment": 0}
    day = _on(state, on)
    due = sum(i.unpaid for i in state.instalments if not i.overdue and i.due_date <= day)
    return {"overdue_principal": state.principal_overdue, "due_principal": due,
            "early_repayment": state.principal_in_term - due}


def allocate_undivided(state: LoanState, amount: int, order: tuple[str, ...],
                       early_target: str = "nearest", on: dt.date | None = None
                       ) -> UndividedSplit:
    """One undivided sum (office counter) in the rule set's order. The order decides only how
    much goes to interest and how much to principal; inside each, the column rules apply
    (the presets keep overdue before due before early, overdue interest before in-term)."""
    caps = dict(_principal_caps(state, on))
    caps["overdue_interest"] = state.interest_overdue
    caps["in_term_interest"] = state.interest_in_term + state.interest_grace + \
        state.interest_frozen
    parts, left = _take(amount, [caps[step] for step in order])
    taken = dict(zip(order, parts, strict=True))
    interest = taken.get("overdue_interest", 0) + taken.get("in_term_interest", 0)
    principal = amount - left - interest
    return UndividedSplit(allocate_interest(state, interest),
                          allocate_principal(state, principal, early_target, on), left)


def check_collection(state: LoanState, dues: Dues, interest: int, principal: int, *,
                     from_savings: int = 0, overpay_confirmed: bool = False,
                     savings_balance: int | None = None, early_target: str = "nearest"
                     ) -> CollectionSplit:
    """Decide-time validation of one member's 13/TD line; returns the split to show.

    `state` must be advanced to the collection date (`loan.advance`) and `dues` computed on
    it. The refusals are `dues.loan_problems`, the first one raised. A confirmed overpayment
    is returned as `to_savings`: the services move it from the principal column to the
    savings column before appending, so the payload never carries principal beyond the
    balance."""
    problems = loan_problems(dues, interest, principal, from_savings=from_savings,
                             overpay_confirmed=overpay_confirmed,
                             savings_balance=savings_balance)
    if problems:
        raise problems[0]
    paying = principal + from_savings
    to_savings = max(0, paying - dues.principal_payable)
    return CollectionSplit(allocate_interest(state, interest),
                           allocate_principal(state, paying - to_savings, early_target),
                           to_savings)

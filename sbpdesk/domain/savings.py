"""A group member's savings account (product 105): deposits, withdrawals, principal paid
from savings, and interest credited on 30/06 and 31/12 — one fold like the loan's.

Cash is a fact: apply accepts every deposit (the 5.000 đ minimum is refused at decide time,
`check_deposit`) and never lets the balance go negative — a withdrawal or a paid-from-savings
larger than the balance takes what is there and records the shortfall for review. Interest
is daily on the end-of-day balance (first day counted, last not; ACT/365) at the rule set's
non-term rate; `savings.credit_interest {period_end}` recomputes it from the movement history
for the days since the last credit through `period_end` and adds it, rounded half-up, with
value date `period_end` + 1. With no rate configured (the default: the figure was not found)
the credit is 0 and the account is flagged "savings_rate_unset".

The state keeps only the movements valued on or after `interest_through`: a period already
credited is never computed again, so of the older movements the next credit needs only their
sum (`opening_balance`). The movement history itself is the `savings_movement` projection,
built from the movements each operation makes (`step`, `fold`), not from the state.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from itertools import pairwise
from operator import itemgetter
from typing import Any, NamedTuple

from . import state_text
from .canonical import state_json
from .errors import DomainError
from .interest import accrue, to_dong
from .operation import REVERSE, Operation, effective
from .records import date_of, evolve, record
from .rules import Refs, RuleSet

ONE_DAY = dt.timedelta(days=1)
ELSEWHERE = "elsewhere"     # a deposit the core recorded outside our sessions


class Movement(NamedTuple):   # a tuple: snapshots hold many, parsed on every fold
    value_date: dt.date
    kind: str          # deposit, elsewhere, withdraw, to_loan, interest, resolve, opening
    amount: int        # signed: + into the account, − out of it
    op_id: str


@dataclass(frozen=True)
class Shortfall:
    op_id: str
    amount: int        # what the operation asked for beyond the balance


@dataclass(frozen=True)
class SavingsState:
    account_id: str
    person_id: str = ""
    group_id: str = ""
    point_code: str = ""
    balance: int = 0
    movements: tuple[Movement, ...] = ()      # those valued on or after interest_through
    interest_through: dt.date | None = None   # interest credited for days before this date
    interest_credited: int = 0
    shortfalls: tuple[Shortfall, ...] = ()
    last_date: dt.date | None = None
    flags: tuple[str, ...] = ()
    opening_balance: int = 0   # the movements valued before interest_through, summed

    def to_dict(self) -> dict[str, Any]:
        return {"account_id": self.account_id, "person_id": self.person_id,
                "group_id": self.group_id, "point_code": self.point_code,
                "balance": self.balance, "opening_balance": self.opening_balance,
                "movements": [{"value_date": m.value_date.isoformat(), "kind": m.kind,
                               "amount": m.amount, "op_id": m.op_id} for m in self.movements],
                "interest_through": _iso(self.interest_through),
                "interest_credited": self.interest_credited,
                "shortfalls": [{"op_id": s.op_id, "amount": s.amount} for s in self.shortfalls],
                "last_date": _iso(self.last_date), "flags": list(self.flags)}

    def to_json(self, **figures: int) -> bytes:
        """`state_json({**self.to_dict(), **figures})` written directly (state_text.py,
        decision 0276); `figures`: services/savings.py's "outstanding"."""
        if figures.keys() == {"outstanding"}:
            text = _text(self.__dict__, figures["outstanding"])
            if text is not None:
                return text.encode("utf-8")
        return state_json({**self.to_dict(), **figures})

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SavingsState:
        # Snapshots may carry derived figures (e.g. "outstanding"): keep only the fields.
        if "account_id" not in d:
            raise TypeError("SavingsState needs account_id")
        # Parsed for every account an import folds (decision 0276): defaults and snapshot
        # merged in one C step, movements built as `Movement(...)` builds them.
        vals = {**_DEFAULTS, **d}
        if len(vals) != _N_FIELDS:
            for name in vals.keys() - _FIELD_SET:
                del vals[name]
        new = tuple.__new__
        vals["movements"] = tuple([new(Movement, (date_of(m["value_date"]), m["kind"],
                                                  m["amount"], m["op_id"]))
                                   for m in d["movements"]])
        shortfalls = d["shortfalls"]
        vals["shortfalls"] = tuple(record(Shortfall, {"op_id": s["op_id"],
                                                      "amount": s["amount"]})
                                   for s in shortfalls) if shortfalls else ()
        vals["flags"] = tuple(d["flags"])
        for name in ("interest_through", "last_date"):
            v = d.get(name)
            vals[name] = date_of(v) if v else None
        # `cls(**vals)` without `__init__` (no `__post_init__`); snapshots written before
        # pruning carry every movement.
        return _pruned(record(cls, vals))


_FIELD_NAMES = tuple(f.name for f in fields(SavingsState))
_DEFAULTS = {f.name: f.default for f in fields(SavingsState) if f.name != "account_id"}
_FIELD_SET = frozenset(_FIELD_NAMES)
_N_FIELDS = len(_FIELD_SET)


def _movements_text(items: tuple[Movement, ...]) -> str | None:
    """The movements' canonical text (state_text.py), or None when a value is not of its
    proven type or a text needs an escape."""
    parts = []
    add, iso, date, int_, str_ = parts.append, state_text.iso, state_text.DATE, int, str
    for m in items:
        if type(m) is not Movement:
            return None
        day, kind, amount, op_id = m
        if (type(amount) is not int_ or type(day) is not date or type(kind) is not str_
                or type(op_id) is not str_ or not state_text.plain(kind + op_id)):
            return None
        add(f'{{"amount":{amount},"kind":"{kind}","op_id":"{op_id}",'
            f'"value_date":"{iso(day)}"}}')
    return "[" + ",".join(parts) + "]"


_SCALAR_NAMES = ("account_id", "person_id", "group_id", "point_code", "balance",
                 "interest_credited", "opening_balance", "interest_through", "last_date")
_SCALARS = itemgetter(*_SCALAR_NAMES)
_TEXT_FORMAT = (
    '{"account_id":"%s","balance":%d,"flags":%s,"group_id":"%s","interest_credited":%d,'
    '"interest_through":%s,"last_date":%s,"movements":%s,"opening_balance":%d,'
    '"outstanding":%d,"person_id":"%s","point_code":"%s","shortfalls":%s}')
assert {*_SCALAR_NAMES, "movements", "shortfalls", "flags"} == set(_FIELD_NAMES), "all written"


def _text(d: dict[str, Any], outstanding: int) -> str | None:
    """`to_dict()` with "outstanding", as canonical text (state_text.py), or None when a
    value is not of its proven type or a text may need an escape."""
    account, person, group, point, balance, credited, opening, through, last = _SCALARS(d)
    int_, str_, date = int, str, state_text.DATE
    if (type(balance) is not int_ or type(credited) is not int_ or type(opening) is not int_
            or type(outstanding) is not int_ or type(account) is not str_
            or type(person) is not str_ or type(group) is not str_ or type(point) is not str_
            or (through is not None and type(through) is not date)
            or (last is not None and type(last) is not date)
            or not state_text.plain(account + person + group + point)):
        return None
    movements = _movements_text(d["movements"])
    if movements is None:
        return None
    shortfalls = d["shortfalls"]
    return _TEXT_FORMAT % (
        account, balance, state_text.encoded(list(d["flags"])), group, credited,
        state_text.date_text(through), state_text.date_text(last), movements, opening,
        outstanding, person, point, state_text.encoded(
            [{"op_id": x.op_id, "amount": x.amount} for x in shortfalls]) if shortfalls else "[]")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _flag(state: SavingsState, flag: str) -> SavingsState:
    return state if flag in state.flags else evolve(state, flags=state.flags + (flag,))


def _pruned(state: SavingsState) -> SavingsState:
    """Movements valued before `interest_through` folded into `opening_balance`."""
    through = state.interest_through
    if through is None or all(m.value_date >= through for m in state.movements):
        return state
    old = sum(m.amount for m in state.movements if m.value_date < through)
    return evolve(state, opening_balance=state.opening_balance + old,
                   movements=tuple(m for m in state.movements if m.value_date >= through))


def _move(state: SavingsState, day: dt.date, kind: str, amount: int, op_id: str,
          made: list[Movement]) -> SavingsState:
    """Add (amount > 0) or take out (amount < 0) money; never below zero. The movement is
    appended to `made`; a day already credited only changes the opening balance."""
    if amount < 0 and -amount > state.balance:
        state = _flag(evolve(state, shortfalls=state.shortfalls
                              + (Shortfall(op_id, -amount - state.balance),)), "shortfall")
        amount = -state.balance
    if amount == 0:
        return state
    movement = Movement(day, kind, amount, op_id)
    made.append(movement)
    if state.interest_through is not None and day < state.interest_through:
        return evolve(state, balance=state.balance + amount,
                       opening_balance=state.opening_balance + amount)
    return evolve(state, balance=state.balance + amount,
                   movements=state.movements + (movement,))


def interest_numerator(state: SavingsState, start: dt.date, end: dt.date,
                       refs: Refs) -> tuple[int, bool]:
    """Interest numerator on the end-of-day balances of [start, end) at the rule sets' rate;
    the bool says whether some day had no rate configured. `start` is never before
    `interest_through`, so the opening balance is all of the balance before it."""
    events = sorted(state.movements, key=lambda m: m.value_date)
    balance = state.opening_balance + sum(m.amount for m in events if m.value_date < start)
    later = [m for m in events if start <= m.value_date < end]
    cuts = sorted({start, end, *(m.value_date for m in later)})
    total, missing = 0, False
    for a, b in pairwise(cuts):
        balance += sum(m.amount for m in later if m.value_date == a)
        for seg_a, seg_b, rate in _rate_segments(refs, a, b):
            if rate is None:
                missing = missing or balance > 0
                continue
            total += accrue(balance, seg_a, seg_b, [(seg_a, seg_b, rate)], "ACT/365")
    return total, missing


def _rate_segments(refs: Refs, a: dt.date, b: dt.date) -> list[tuple[dt.date, dt.date, Any]]:
    """Split [a, b) where the rule set in force (and so the savings rate) changes."""
    cuts = sorted({a, b, *(r.effective_from for r in refs.rule_sets.values()
                           if a < r.effective_from < b)})
    return [(x, y, refs.rules_at(x).savings_rate) for x, y in pairwise(cuts)]


def _credit(state: SavingsState, op: Operation, refs: Refs,
            made: list[Movement]) -> SavingsState:
    period_end = dt.date.fromisoformat(op.payload["period_end"])
    end = period_end + ONE_DAY
    start = state.interest_through or min((m.value_date for m in state.movements), default=end)
    if end <= start:
        return _flag(state, "credit_repeated")
    num, missing = interest_numerator(state, start, end, refs)
    if missing:
        state = _flag(state, "savings_rate_unset")
    rules = refs.rules_for(op.rules_version, op.business_date)
    amount = to_dong(num, rules.rounding)
    state = _pruned(evolve(state, interest_through=end,
                            interest_credited=state.interest_credited + amount))
    return _move(state, end, "interest", amount, op.op_id, made)


def apply(state: SavingsState | None, op: Operation, refs: Refs) -> SavingsState | None:
    """The savings account after `op` (total: never raises for a well-formed operation)."""
    return step(state, op, refs)[0]


def step(state: SavingsState | None, op: Operation, refs: Refs
         ) -> tuple[SavingsState | None, list[Movement]]:
    """`apply`, and the movements the operation made (what the movement history shows)."""
    p = op.payload
    made: list[Movement] = []
    if op.kind == REVERSE:
        return state, made
    day = op.business_date
    if state is None:
        account = p.get("savings_account_id") or p.get("target_id") or p.get("account_id")
        state = SavingsState(account, person_id=p.get("person_id") or "",
                             group_id=p.get("group_id") or "",
                             point_code=p.get("point_code") or "")
    if op.kind == "collection.record":
        state = _move(state, day, "deposit", p.get("savings", 0), op.op_id, made)
        state = _move(state, day, "to_loan", -p.get("from_savings", 0), op.op_id, made)
    elif op.kind == "savings.open":      # the balance the core system reports (TK 105)
        state = _move(state, day, "opening", p["balance"], op.op_id, made)
    elif op.kind == "savings.paid_elsewhere":   # deposited at the bank (Mẫu 10), no session
        state = _move(state, day, ELSEWHERE, p["amount"], op.op_id, made)
    elif op.kind == "savings.withdraw":
        state = _move(state, day, "withdraw", -p["amount"], op.op_id, made)
    elif op.kind == "savings.credit_interest":
        state = _credit(state, op, refs, made)
    elif (op.kind == "suspense.resolve" and p.get("to") == "savings"
          and p.get("target_id") == state.account_id):
        state = _move(state, day, "resolve", p["amount"], op.op_id, made)
    elif op.kind == "suspense.resolve":
        state = _flag(state, "resolve_ignored")   # savings keep no suspense of their own
    last = max(state.last_date, day) if state.last_date else day
    return evolve(state, last_date=last), made


def fold(state: SavingsState | None, ops: Iterable[Operation], refs: Refs
         ) -> tuple[SavingsState | None, list[Movement]]:
    """`step` over `ops` in the order given; every movement they made, in that order."""
    made: list[Movement] = []
    for op in ops:
        state, moved = step(state, op, refs)
        made += moved
    return state, made


def replay(ops: Iterable[Operation], refs: Refs) -> SavingsState | None:
    return fold(None, effective(ops), refs)[0]


def deposit_problem(amount: int, minimum: int) -> DomainError | None:
    """A deposit must be at least the rule set's minimum (5.000 đ); None when it is."""
    if 0 < amount < minimum:
        return DomainError("deposit_below_minimum",
                           f"Số tiền gửi tối thiểu là {minimum:,} đ.".replace(",", "."),
                           f"The minimum deposit is {minimum} đồng.", field="savings")
    return None


def check_deposit(amount: int, rules: RuleSet) -> None:
    """Decide-time: `deposit_problem` raised."""
    problem = deposit_problem(amount, rules.savings_min_deposit)
    if problem is not None:
        raise problem


def check_withdrawal(state: SavingsState | None, amount: int) -> None:
    """Decide-time: a withdrawal (or principal paid from savings) within the balance."""
    balance = state.balance if state else 0
    if amount <= 0 or amount > balance:
        raise DomainError("savings_insufficient",
                          "Số dư tiết kiệm không đủ để rút số tiền này.",
                          "The savings balance is too small for this withdrawal.",
                          field="amount")

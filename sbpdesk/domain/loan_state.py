"""The loan account's state: `LoanState` (a frozen record; `to_dict()`/`from_dict()` of ints,
strs and ISO dates, stored as canonical JSON in the snapshot) and its `SuspenseEntry`s.

The fold that changes it is loan.py; allocation.py splits payments over it. Both read the
state from here, so neither imports the other for it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from operator import itemgetter
from typing import Any

from . import state_text
from .canonical import state_json
from .records import date_of, record
from .schedule import Instalment


@dataclass(frozen=True)
class SuspenseEntry:
    """Cash the loan could not take (+ received, − paid out) or its settlement."""

    op_id: str
    amount: int
    reason: str


@dataclass(frozen=True)
class LoanState:
    loan_id: str
    application_id: str = ""
    household_id: str = ""
    person_id: str = ""
    group_id: str = ""
    point_code: str = ""
    programme_code: str = ""
    funding_source: str = ""
    investor_code: str = ""   # local funds: whose budget (the core's "Mã nhà đầu tư")
    contract_no: str = ""
    regime: str = ""        # "" = the programme's rates; "338": Decree 338 (contract date)
    # submitted (seed from application.submit), approved, active, frozen, written_off,
    # closed, cancelled
    status: str = "approved"
    approved_amount: int = 0
    term_months: int = 0
    frequency_months: int = 0
    # Instalments are rounded down to this many đồng, the remainder on the last: the unit
    # the approval recorded (decisions/0175); 1 = an exact split (approvals recorded before).
    instalment_unit: int = 1
    first_due: dt.date | None = None
    approved_on: dt.date | None = None
    disbursed: int = 0
    tranches: int = 0
    first_disbursed_on: dt.date | None = None
    instalments: tuple[Instalment, ...] = ()
    principal_in_term: int = 0
    principal_overdue: int = 0
    principal_frozen: int = 0
    principal_written_off: int = 0
    interest_in_term: int = 0
    interest_overdue: int = 0
    interest_grace: int = 0
    interest_frozen: int = 0
    interest_written_off: int = 0
    suspense: int = 0
    suspense_entries: tuple[SuspenseEntry, ...] = ()
    # Interest is accrued up to (not including) accrued_from; the numerators over
    # interest.DEN are what has accrued since the last rounding (zero after every op).
    accrued_from: dt.date | None = None
    acc_in_term: int = 0
    acc_overdue: int = 0
    acc_grace: int = 0
    # Retroactive reductions (domain/relief.py): exact reduction not yet billed / billed
    # before it was known, when it is known, how the excess goes, đồng taken off so far,
    # credit left for the next interest.
    acc_relief: int = 0
    acc_relief_billed: int = 0
    relief_known_on: dt.date | None = None
    relief_method: str = ""
    relief_op: str = ""
    interest_relief: int = 0
    interest_credit: int = 0
    refund_due: int = 0     # transient inside a bill: always 0 in a stored state
    interest_paid: int = 0
    principal_paid: int = 0
    last_date: dt.date | None = None
    classification: str = "in_term"
    classified_on: dt.date | None = None
    frozen_until: dt.date | None = None
    flags: tuple[str, ...] = ()

    @property
    def outstanding(self) -> int:
        """Principal owed (dư nợ): in-term + overdue + frozen."""
        return self.principal_in_term + self.principal_overdue + self.principal_frozen

    @property
    def interest_unpaid(self) -> int:
        return (self.interest_in_term + self.interest_overdue + self.interest_grace
                + self.interest_frozen)

    @property
    def final_date(self) -> dt.date | None:
        return self.instalments[-1].due_date if self.instalments else None

    def to_dict(self) -> dict[str, Any]:
        # Written for every snapshot an import folds: field lists are precomputed and the
        # records' own dicts copied, instead of walking `fields()` value by value.
        d = self.__dict__
        out = {name: d[name] for name in _PLAIN_FIELDS}
        for name in _DATE_FIELDS:
            v = d[name]
            out[name] = v.isoformat() if v is not None else None
        out["instalments"] = [{**i.__dict__, "due_date": i.due_date.isoformat()}
                              for i in self.instalments]
        out["suspense_entries"] = [dict(e.__dict__) for e in self.suspense_entries]
        out["flags"] = list(self.flags)
        for name in _OMITTED_AT_DEFAULT:   # absent = default: older snapshots stay equal
            if out[name] == _DEFAULTS[name]:
                del out[name]
        return out

    def to_json(self, **figures: int) -> bytes:
        """`state_json({**self.to_dict(), **figures})` written directly (state_text.py,
        decision 0276): the snapshot's bytes; `figures` are the ints the snapshot adds
        (services/loans.py: "outstanding")."""
        if tuple(figures) == _TEXT.figures:
            text = _TEXT.write(self.__dict__, tuple(figures.values()))
            if text is not None:
                return text.encode("utf-8")
        return state_json({**self.to_dict(), **figures})

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LoanState:
        # Parsed for every snapshot an import folds (decision 0276): the defaults and the
        # snapshot merged in one C step, what is not a field (the snapshot's
        # "outstanding") dropped, then dates and records built in place.
        if "loan_id" not in d:
            raise TypeError("LoanState needs loan_id")
        vals = {**_DEFAULTS, **d}
        if len(vals) != _N_FIELDS:
            for name in vals.keys() - _FIELD_SET:
                del vals[name]
        for name in _DATE_FIELDS:
            v = vals[name]
            if v is not None:
                vals[name] = date_of(v)
        vals["instalments"] = _instalments_of(vals["instalments"])
        entries = vals["suspense_entries"]
        vals["suspense_entries"] = tuple(record(SuspenseEntry, {
            "op_id": e["op_id"], "amount": e["amount"], "reason": e["reason"]})
            for e in entries) if entries else ()
        vals["flags"] = tuple(vals["flags"])
        return record(cls, vals)


def _instalments_of(items: list[dict[str, Any]]) -> tuple[Instalment, ...]:
    out = []
    add, new, set_dict = out.append, object.__new__, object.__setattr__
    for i in items:
        inst = new(Instalment)    # `records.record` inlined: ≈ 20 per loan
        set_dict(inst, "__dict__", {"due_date": date_of(i["due_date"]), "amount": i["amount"],
                                    "paid": i["paid"], "overdue": i["overdue"],
                                    "carried": i["carried"]})
        add(inst)
    return tuple(out)


_DATE_FIELDS = ("first_due", "approved_on", "first_disbursed_on", "accrued_from",
                "last_date", "classified_on", "frozen_until", "relief_known_on")
_NESTED = ("instalments", "suspense_entries", "flags")
_PLAIN_FIELDS = tuple(f.name for f in fields(LoanState)
                      if f.name not in _DATE_FIELDS and f.name not in _NESTED)
_DEFAULTS = {f.name: f.default for f in fields(LoanState) if f.name != "loan_id"}
_FIELD_SET = frozenset(f.name for f in fields(LoanState))
_N_FIELDS = len(_FIELD_SET)
# Fields added in 2026 (issue 13): left out of a snapshot while at their default, so a
# snapshot written before them is byte-equal to a replay today where no rule changed.
_OMITTED_AT_DEFAULT = ("investor_code", "regime", "acc_relief", "acc_relief_billed",
                       "relief_known_on", "relief_method", "relief_op", "interest_relief",
                       "interest_credit", "refund_due", "instalment_unit")


_INSTALMENT = itemgetter("amount", "carried", "due_date", "overdue", "paid")
_INSTALMENT_TEXT = {
    flag: '{"amount":%d,"carried":%d,"due_date":"%s","overdue":' + text + ',"paid":%d}'
    for flag, text in ((False, "false"), (True, "true"))}


def _instalments_text(items: tuple[Instalment, ...]) -> str | None:
    """The instalments' canonical text (state_text.py), or None when a value is not of its
    proven type (ints exactly `int`, the date a `datetime.date`, the flag a `bool`) or an
    instalment holds other attributes (`to_dict` would write them)."""
    parts = []
    add, iso, date, int_ = parts.append, state_text.iso, state_text.DATE, int
    for i in items:
        d = i.__dict__
        amount, carried, due, overdue, paid = _INSTALMENT(d)
        if (type(amount) is not int_ or type(carried) is not int_ or type(paid) is not int_
                or type(due) is not date or type(overdue) is not bool or len(d) != 5):
            return None
        add(_INSTALMENT_TEXT[overdue] % (amount, carried, iso(due), paid))
    return "[" + ",".join(parts) + "]"


_TYPES = {f.name: f.type for f in fields(LoanState)}
_TEXT = state_text.RecordText(
    ints=[n for n in _PLAIN_FIELDS if _TYPES[n] == "int"],
    strs=[n for n in _PLAIN_FIELDS if _TYPES[n] == "str"],
    dates=_DATE_FIELDS,
    nested={"instalments": _instalments_text,
            "suspense_entries": lambda v: state_text.encoded([dict(e.__dict__) for e in v]),
            "flags": lambda v: state_text.encoded(list(v))},
    omitted=_OMITTED_AT_DEFAULT, defaults=_DEFAULTS, figures=("outstanding",))
assert set(_TEXT.names) == set(_TYPES), "every field written, each with its type"

"""The application and loan lifecycle: which transitions exist, and the decide-time checks
that refuse the others with a Vietnamese and an English message.

application (submitted) → approved or refused; approved → active by the first disbursement
(later tranches keep it active) → closed when everything is repaid; an active loan may be
extended, adjusted, frozen (and unfrozen), written off, and classified; any operation may be
reversed (replay). `next_status` is the table; the `check_*` functions are what services call
before appending (apply itself stays total). `ApplicationState` is the small fold of an
application's own operations (submit, decide).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from .errors import DomainError
from .operation import REVERSE, Operation, effective
from .programmes import Programme

# (status, event) → new status
TRANSITIONS: dict[tuple[str, str], str] = {
    ("submitted", "approve"): "approved",
    ("submitted", "refuse"): "refused",
    ("approved", "disburse"): "active",
    ("approved", "refuse"): "cancelled",
    ("active", "disburse"): "active",
    ("active", "collect"): "active",
    ("frozen", "collect"): "frozen",
    ("active", "repay_all"): "closed",
    ("active", "extend"): "active",
    ("active", "adjust"): "active",
    ("active", "freeze"): "frozen",
    ("frozen", "unfreeze"): "active",
    ("active", "write_off"): "written_off",
    ("frozen", "write_off"): "written_off",
    ("active", "classify"): "active",
    ("frozen", "classify"): "frozen",
}

_EVENT_VI = {"approve": "phê duyệt", "refuse": "từ chối", "disburse": "giải ngân",
             "collect": "thu nợ", "repay_all": "tất toán", "extend": "gia hạn nợ",
             "adjust": "điều chỉnh kỳ hạn", "freeze": "khoanh nợ", "unfreeze": "hết khoanh nợ",
             "write_off": "xóa nợ", "classify": "chuyển nhóm nợ"}
_STATUS_VI = {"submitted": "đã nộp hồ sơ", "approved": "đã phê duyệt", "refused": "bị từ chối",
              "active": "đang vay", "frozen": "đang khoanh nợ", "written_off": "đã xóa nợ",
              "closed": "đã tất toán", "cancelled": "đã hủy"}


def next_status(status: str | None, event: str) -> str:
    """The status after `event`, or DomainError when the lifecycle does not allow it."""
    if status is None:
        raise DomainError("unknown_application", "Không tìm thấy hồ sơ vay.",
                          "Unknown application or loan.")
    new = TRANSITIONS.get((status, event))
    if new is None:
        raise DomainError(
            f"invalid_{event}",
            f"Không thể {_EVENT_VI.get(event, event)} khi khoản vay "
            f"{_STATUS_VI.get(status, status)}.",
            f"Cannot {event.replace('_', ' ')} a loan or application that is {status}.")
    return new


def check_application(programme: Programme | None, amount: int, term_months: int,
                      household_category: str | None = None, frequency_months: int | None = None,
                      study_months: int | None = None, funding_source: str | None = None,
                      contract_date: dt.date | None = None) -> None:
    """Eligibility and limits at submission or approval (01/TD, 04/TD); the limits of the
    programme's regime in force on `contract_date` (Decree 338: 200 M đ from 01/01/2026)."""
    if programme is None:
        raise DomainError("unknown_programme", "Chương trình cho vay không tồn tại.",
                          "Unknown loan programme.", field="programme_code")
    if amount <= 0:
        raise DomainError("amount_not_positive", "Số tiền vay phải lớn hơn 0.",
                          "The loan amount must be positive.", field="amount")
    if term_months <= 0:
        raise DomainError("term_not_positive", "Thời hạn vay phải lớn hơn 0.",
                          "The term must be positive.", field="term_months")
    max_amount, max_term = programme.limits_on(contract_date)
    if max_amount is not None and amount > max_amount:
        raise DomainError("amount_above_limit",
                          f"Số tiền vay vượt mức cho vay tối đa của chương trình "
                          f"({max_amount:,} đ).".replace(",", "."),
                          f"The amount exceeds the programme's maximum ({max_amount}).",
                          field="amount")
    if (programme.max_amount_per_month is not None and study_months is not None
            and amount > programme.max_amount_per_month * study_months):
        raise DomainError("amount_above_monthly_limit",
                          "Số tiền vay vượt mức cho vay tối đa theo tháng học.",
                          "The amount exceeds the monthly limit times the months of study.",
                          field="amount")
    if max_term is not None and term_months > max_term:
        raise DomainError("term_above_limit", f"Thời hạn vay vượt quá {max_term} tháng.",
                          f"The term exceeds {max_term} months.", field="term_months")
    if frequency_months is not None:
        if frequency_months <= 0 or frequency_months > term_months:
            raise DomainError("bad_frequency", "Định kỳ trả nợ không hợp lệ.",
                              "Invalid repayment frequency.", field="frequency_months")
        if programme.max_interval_months and frequency_months > programme.max_interval_months:
            raise DomainError("frequency_above_limit",
                              f"Các kỳ trả nợ cách nhau tối đa {programme.max_interval_months}"
                              " tháng.",
                              f"Instalments may be at most {programme.max_interval_months} "
                              "months apart.", field="frequency_months")
    if programme.category != "any" and household_category != programme.category:
        raise DomainError("household_not_eligible",
                          "Hộ không thuộc đối tượng của chương trình cho vay này.",
                          "The household is not eligible for this programme.",
                          field="household_id")
    if funding_source is not None and funding_source not in programme.funding_sources:
        raise DomainError("bad_funding_source", "Nguồn vốn không hợp lệ cho chương trình.",
                          "Invalid funding source for this programme.", field="funding_source")


@dataclass(frozen=True)
class ApplicationState:
    application_id: str
    household_id: str = ""
    person_id: str = ""
    group_id: str = ""
    programme_code: str = ""
    amount: int = 0
    term_months: int = 0
    frequency_months: int = 0
    funding_source: str = ""
    study_end: dt.date | None = None
    submitted_on: dt.date | None = None
    status: str = "submitted"     # submitted, approved, refused
    loan_id: str | None = None
    decided_on: dt.date | None = None
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        for k in ("study_end", "submitted_on", "decided_on"):
            d[k] = d[k].isoformat() if d[k] else None
        d["flags"] = list(self.flags)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ApplicationState:
        kw = dict(d)
        for k in ("study_end", "submitted_on", "decided_on"):
            kw[k] = dt.date.fromisoformat(d[k]) if d.get(k) else None
        kw["flags"] = tuple(d.get("flags", ()))
        return cls(**kw)


def apply(state: ApplicationState | None, op: Operation, refs: Any = None
          ) -> ApplicationState | None:
    """Total fold of an application's operations; a second decision is kept as a flag."""
    p = op.payload
    if op.kind == "application.submit":
        se = p.get("study_end")
        return ApplicationState(
            p["application_id"], p.get("household_id", ""), p.get("person_id", ""),
            p.get("group_id") or "", p.get("programme_code", ""), p.get("amount", 0),
            p.get("term_months", 0), p.get("frequency_months", 0),
            p.get("funding_source", ""), dt.date.fromisoformat(se) if se else None,
            op.business_date)
    if op.kind == "application.decide":
        if state is None:
            state = ApplicationState(p["application_id"], flags=("decided_before_submit",))
        if state.status != "submitted":
            return replace(state, flags=state.flags + ("duplicate_decision",))
        return replace(state, status="approved" if p.get("approved") else "refused",
                       loan_id=p.get("loan_id"), decided_on=op.business_date)
    if op.kind == REVERSE:
        return state
    return state


def replay(ops: list[Operation], refs: Any = None) -> ApplicationState | None:
    state = None
    for op in effective(ops):
        state = apply(state, op, refs)
    return state


def check_decide(state: ApplicationState | None, approved: bool) -> None:
    """An application is decided once; an unknown one cannot be decided."""
    if state is None:
        raise DomainError("unknown_application", "Không tìm thấy hồ sơ vay.",
                          "Unknown application.", field="application_id")
    if state.status != "submitted":
        raise DomainError("already_decided", "Hồ sơ vay đã được quyết định.",
                          "The application has already been decided.",
                          field="application_id")
    next_status(state.status, "approve" if approved else "refuse")


def check_disburse(status: str | None, approved_amount: int, disbursed: int,
                   amount: int) -> None:
    """Disbursement only against an approval and within the approved amount."""
    if status in ("refused", "cancelled"):
        raise DomainError("disburse_refused", "Không thể giải ngân hồ sơ đã bị từ chối hoặc hủy.",
                          "Cannot disburse a refused or cancelled application.")
    next_status(status, "disburse")
    if amount <= 0:
        raise DomainError("amount_not_positive", "Số tiền giải ngân phải lớn hơn 0.",
                          "The disbursement must be positive.", field="amount")
    if disbursed + amount > approved_amount:
        raise DomainError("over_approval",
                          f"Số tiền giải ngân vượt số được duyệt (còn "
                          f"{approved_amount - disbursed:,} đ).".replace(",", "."),
                          f"The disbursement exceeds the approval ({approved_amount - disbursed}"
                          " left).", field="amount")


def check_loan_decision(status: str | None, event: str) -> str:
    """extend / adjust / freeze / unfreeze / write_off / classify on a loan's status."""
    return next_status(status, event)

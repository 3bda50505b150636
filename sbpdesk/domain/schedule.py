"""Principal repayment schedules (kỳ hạn trả nợ) on the point's session days.

`build_schedule` splits an amount into equal instalments rounded down to the contract's unit
(100.000 đ by default, decisions/0175; the remainder on the last) every `frequency_months`
after the first disbursement, each due on the point's session of that month (a cancelled
session moves it to the next held one). Students pass `first_due` (about 12 months after the
course ends): instalments then run from it to the final date, at most `frequency_months`
apart. `adjust` (điều chỉnh kỳ hạn: the final date stays) and `extend` (gia hạn: a later
final date) validate a replacement for the unpaid in-term instalments and raise DomainError
with Vietnamese and English text.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .calendar import SessionCalendar
from .dates import add_months
from .errors import DomainError


@dataclass(frozen=True)
class Instalment:
    """One principal instalment. `paid` is principal paid against it; `overdue` marks that
    its unpaid part has moved to overdue principal; `carried` is what an unpaid instalment
    rolled into the next one (carry-forward policy) — its `amount` was reduced by that."""

    due_date: dt.date
    amount: int
    paid: int = 0
    overdue: bool = False
    carried: int = 0

    @property
    def unpaid(self) -> int:
        return self.amount - self.paid


def _due(calendar: SessionCalendar, base: dt.date, months: int, shift: str) -> dt.date:
    d = add_months(dt.date(base.year, base.month, 1), months)
    return calendar.session_on(d.year, d.month, shift)


def _split(amount: int, n: int, unit: int = 1) -> list[int]:
    """Equal parts rounded down to `unit` đồng, the remainder on the last one (as the bank
    rounds instalments: changes-2025-2026 §5). A part smaller than one unit is not rounded
    (it would be zero)."""
    part = amount // n
    if part >= unit > 1:
        part -= part % unit
    return [part] * (n - 1) + [amount - part * (n - 1)]


def build_schedule(amount: int, first_disbursed_on: dt.date, term_months: int,
                   frequency_months: int, calendar: SessionCalendar,
                   first_due: dt.date | None = None,
                   shift: str = "next_held_session", unit: int = 1) -> tuple[Instalment, ...]:
    """The instalments of a loan of `amount` first disbursed on `first_disbursed_on`, rounded
    down to `unit` đồng (the loan's `instalment_unit`, recorded by its approval)."""
    if amount <= 0 or term_months <= 0 or frequency_months <= 0:
        raise DomainError("bad_schedule", "Số tiền, thời hạn và định kỳ trả nợ phải dương.",
                          "Amount, term and repayment frequency must be positive.")
    final = _due(calendar, first_disbursed_on, term_months, shift)
    if first_due is None:
        offsets = list(range(frequency_months, term_months, frequency_months)) + [term_months]
        dates = [_due(calendar, first_disbursed_on, m, shift) for m in offsets]
    else:
        first = calendar.session_on(first_due.year, first_due.month, shift)
        if first > final:
            raise DomainError("schedule_first_due_late",
                              "Kỳ trả nợ đầu tiên sau ngày đến hạn cuối cùng.",
                              "The first due date is after the final due date.")
        dates = []
        k = 0
        while True:
            d = _due(calendar, first, k * frequency_months, shift)
            if d >= final:
                break
            dates.append(d)
            k += 1
        dates.append(final)
    parts = _split(amount, len(dates), unit)
    return tuple(Instalment(d, a) for d, a in zip(dates, parts, strict=True))


def resplit(amounts_unpaid: Sequence[int], extra: int, unit: int = 1) -> list[int]:
    """New unpaid parts when `extra` principal is added over the given instalments (a later
    tranche): the total re-split equally, rounded down to `unit`, the remainder on the last."""
    return _split(sum(amounts_unpaid) + extra, len(amounts_unpaid), unit)


def _check_new(new: Sequence[Instalment], unpaid_principal: int, on: dt.date | None) -> None:
    if not new:
        raise DomainError("schedule_empty", "Chưa có kỳ trả nợ nào.", "No instalments given.",
                          field="instalments")
    dates = [i.due_date for i in new]
    if any(b <= a for a, b in pairwise(dates)):
        raise DomainError("schedule_order", "Các kỳ trả nợ phải theo thứ tự ngày tăng dần.",
                          "Instalment dates must be strictly increasing.", field="instalments")
    if any(i.amount <= 0 for i in new):
        raise DomainError("schedule_amount", "Số tiền mỗi kỳ phải lớn hơn 0.",
                          "Each instalment amount must be positive.", field="instalments")
    if on is not None and dates[0] <= on:
        raise DomainError("schedule_past", "Kỳ trả nợ mới phải sau ngày quyết định.",
                          "New instalments must fall after the decision date.",
                          field="instalments")
    total = sum(i.amount for i in new)
    if total != unpaid_principal:
        raise DomainError("schedule_sum",
                          f"Tổng các kỳ ({total:,} đ) khác dư nợ trong hạn chưa trả "
                          f"({unpaid_principal:,} đ).".replace(",", "."),
                          f"Instalments total {total} but the unpaid in-term principal is "
                          f"{unpaid_principal}.", field="instalments")


def adjust(current_final: dt.date, new: Sequence[Instalment], unpaid_principal: int,
           on: dt.date | None = None) -> tuple[Instalment, ...]:
    """Term adjustment: new instalments for the unpaid in-term principal, same final date."""
    _check_new(new, unpaid_principal, on)
    if new[-1].due_date != current_final:
        raise DomainError("adjust_final_date",
                          "Điều chỉnh kỳ hạn không được thay đổi ngày đến hạn cuối cùng; "
                          "hãy dùng gia hạn nợ.",
                          "A term adjustment must keep the final due date; use an extension.",
                          field="instalments")
    return tuple(Instalment(i.due_date, i.amount) for i in new)


def extend(current_final: dt.date, new: Sequence[Instalment], unpaid_principal: int,
           new_final_date: dt.date | None = None, on: dt.date | None = None
           ) -> tuple[Instalment, ...]:
    """Extension: new instalments for the unpaid in-term principal ending at a later date
    (`new_final_date` defaults to the last new instalment's date)."""
    _check_new(new, unpaid_principal, on)
    new_final_date = new_final_date or new[-1].due_date
    if new_final_date <= current_final:
        raise DomainError("extend_not_later",
                          "Gia hạn nợ phải kéo dài ngày đến hạn cuối cùng.",
                          "An extension must move the final due date later.",
                          field="new_final_date")
    if new[-1].due_date != new_final_date:
        raise DomainError("extend_final_mismatch",
                          "Kỳ trả nợ cuối cùng phải đúng ngày đến hạn mới.",
                          "The last instalment must fall on the new final date.",
                          field="instalments")
    return tuple(Instalment(i.due_date, i.amount) for i in new)


def first_due_after_study(study_end: dt.date, months: int, calendar: SessionCalendar
                          ) -> dt.date:
    """STEM loans (Decision 29/2025/QĐ-TTg): the first instalment falls `months` after the
    end of study, at the first held session on or after that day."""
    day = add_months(study_end, months)
    return day if calendar.is_held(day) else calendar.next_session(day)


def instalments_from_payload(items: Sequence[dict]) -> tuple[Instalment, ...]:
    """`[{due_date, amount}]` of a payload → instalments."""
    return tuple(Instalment(dt.date.fromisoformat(i["due_date"]), int(i["amount"]))
                 for i in items)

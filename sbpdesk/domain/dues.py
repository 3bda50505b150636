"""What a loan owes at a session and what one member's 13/TD line may hold: one rule each.

`Dues` (made by `loan.dues`) says what is due now and the most that may be paid;
`line_problems` says, as values, what a line of the collection sheet would be refused for.
The sheet (cell, row colour, the check before saving), the collection decider
(`allocation.check_collection` raises the first problem) and the printed 13/TD all read
these, so no screen refuses what the services accept or the other way round.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import DomainError
from .savings import deposit_problem


@dataclass(frozen=True)
class Dues:
    """What a loan owes on a session date (`loan.dues`; the state is unchanged).

    Due now (`interest_due`, `principal_due`) is what the member is asked to pay; the most
    that may be paid (`interest_payable`, `principal_payable`) is everything unpaid. Frozen
    interest and students' study/grace interest are payable, not due: a freeze suspends the
    obligation, and grace interest is billed from the first instalment on (then it is due).
    docs/money-rules.md, "Interest owed at a session" (decision 0061)."""

    on: dt.date
    interest_in_term: int
    interest_overdue: int
    interest_grace: int
    interest_frozen: int
    principal_overdue: int
    principal_due_now: int
    principal_in_term: int
    principal_frozen: int
    outstanding: int
    next_due: tuple[dt.date, int] | None
    status: str
    grace_billed: bool = False    # the first instalment's day is on or before `on`

    @property
    def interest_total(self) -> int:
        return (self.interest_in_term + self.interest_overdue + self.interest_grace
                + self.interest_frozen)

    @property
    def interest_due(self) -> int:
        grace = self.interest_grace if self.grace_billed and self.status == "active" else 0
        return self.interest_in_term + self.interest_overdue + grace

    @property
    def interest_payable(self) -> int:
        return self.interest_total

    @property
    def principal_due(self) -> int:
        """Overdue principal and the instalments due on or before the date."""
        return self.principal_overdue + self.principal_due_now

    @property
    def principal_payable(self) -> int:
        """Beyond it the excess goes to savings, and only when confirmed."""
        return self.outstanding


def _problem(code: str, vi: str, en: str, field: str) -> DomainError:
    return DomainError(code, vi, en, field=field)


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def loan_problems(dues: Dues, interest: int, principal: int, *, from_savings: int = 0,
                  overpay_confirmed: bool = False, savings_balance: int | None = None
                  ) -> tuple[DomainError, ...]:
    """What the loan's columns of a line are refused for, in the order the decider reports
    them. `principal_excess` is the one a confirmation lifts."""
    for name, value in (("interest", interest), ("principal", principal),
                        ("from_savings", from_savings)):
        if value < 0:
            return (_problem("amount_negative", "Số tiền không được âm.",
                             "Amounts cannot be negative.", name),)
    if dues.status not in ("active", "frozen"):
        return (_problem("loan_not_collectable",
                         "Khoản vay không ở trạng thái thu nợ được (chưa giải ngân, đã tất "
                         "toán, đã xóa nợ hoặc đã hủy).",
                         "The loan cannot take collections (not disbursed, closed, written "
                         "off or cancelled).", "loan_id"),)
    out = []
    if interest > dues.interest_payable:
        out.append(_problem(
            "interest_excess",
            f"Số tiền lãi vượt quá số lãi phải trả ({_money(dues.interest_payable)} đ).",
            f"The interest exceeds the interest owed ({dues.interest_payable}).", "interest"))
    if savings_balance is not None and from_savings > savings_balance:
        out.append(_problem("savings_insufficient", "Số dư tiết kiệm không đủ để trả nợ gốc.",
                            "The savings balance is too small to pay this principal.",
                            "from_savings"))
    to_savings = max(0, principal + from_savings - dues.principal_payable)
    if to_savings and not overpay_confirmed:
        out.append(_problem(
            "principal_excess",
            f"Số tiền gốc vượt quá dư nợ ({_money(dues.outstanding)} đ); cần xác nhận để "
            "chuyển phần thừa vào tiết kiệm.",
            f"The principal exceeds the balance ({dues.outstanding}); confirm to put the "
            "excess into savings.", "principal"))
    if to_savings > principal:
        out.append(_problem("principal_excess_from_savings",
                            "Số tiền trích tiết kiệm trả gốc vượt quá dư nợ.",
                            "Principal paid from savings exceeds the balance.", "from_savings"))
    return tuple(out)


def line_problems(dues: Dues | None, interest: int = 0, principal: int = 0, savings: int = 0,
                  from_savings: int = 0, *, min_deposit: int, savings_balance: int = 0,
                  overpay_confirmed: bool = False) -> tuple[DomainError, ...]:
    """Everything one member's line would be refused for; `dues` None: a line without a
    loan. Empty when the collection decider would accept the line; an empty line is no
    line (the sheet posts only the lines with an amount)."""
    if not (interest or principal or savings or from_savings):
        return ()
    out = []
    deposit = deposit_problem(savings, min_deposit)
    if deposit is not None:
        out.append(deposit)
    if dues is not None:
        out.extend(loan_problems(dues, interest, principal, from_savings=from_savings,
                                 overpay_confirmed=overpay_confirmed,
                                 savings_balance=savings_balance))
    elif interest or principal or from_savings:
        out.append(_problem("loan_required", "Cần chọn khoản vay để thu lãi, thu gốc.",
                            "Choose the loan the interest or principal is for.", "loan_id"))
    return tuple(out)

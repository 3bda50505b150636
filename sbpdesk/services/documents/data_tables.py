"""The data of the tabular documents — 03/TD and 04/TD, the 13/TD statement, the session
report, the due lists, the public notice, the loan book page — as plain frozen dataclasses
(the shared parts, receipts and dossier are in `data`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .data import ORIGINAL, ContractRef, Issuer, PrintMark

# --- 03/TD and 04/TD ------------------------------------------------------------------------

@dataclass(frozen=True)
class ProposalRow:
    name: str
    category: str                     # "Hộ nghèo"
    amount: int
    purpose: str
    term_months: int
    approved_amount: int | None = None
    approved_term_months: int | None = None


@dataclass(frozen=True)
class ProposalList:
    """03/TD: Danh sách tổ viên đề nghị vay vốn NHCSXH."""
    issuer: Issuer
    group_name: str                   # named by its leader
    leader_name: str
    village: str
    commune: str
    province: str
    programme_name: str
    meeting_date: date
    rows: tuple[ProposalRow, ...]
    date: date | None = None
    mark: PrintMark = ORIGINAL


@dataclass(frozen=True)
class ApprovalRow:
    name: str
    group_name: str
    programme_name: str
    amount: int
    term_months: int
    note: str = ""


@dataclass(frozen=True)
class ApprovalNotice:
    """04/TD: Thông báo kết quả phê duyệt cho vay (reconstructed)."""
    issuer: Issuer
    number: str                       # "Số: 12/TB-PGD"
    commune: str                      # addressee "UBND xã …"
    list_date: date                   # the 03/TD list it answers
    group_name: str
    programme_name: str
    rows: tuple[ApprovalRow, ...]
    disbursement_date: date
    disbursement_time: str            # "08:00"
    disbursement_place: str
    date: date | None = None
    director_name: str = ""
    mark: PrintMark = ORIGINAL


# --- 13/TD group statement ------------------------------------------------------------------

@dataclass(frozen=True)
class StatementRow:
    name: str
    programme: str                    # short programme name
    contract: ContractRef
    outstanding: int
    interest_due: int
    interest_paid: int | None = None  # None before the session (blank column)
    savings_deposited: int | None = None
    from_savings: int | None = None
    savings_balance: int | None = None
    customer_code: str = ""
    interest_arrears: int = 0         # of interest_due: unpaid from earlier periods
    period_from: date | None = None   # this period's interest runs from here to the eve
    relief: int = 0                   # interest reduction recognised in this period's bill
    frozen: bool = False              # khoanh nợ: no interest is billed
    savings_elsewhere: int = 0        # deposited at the bank this month: not asked again

    @property
    def interest_period(self) -> int:
        return self.interest_due - self.interest_arrears


@dataclass(frozen=True)
class GroupStatement:
    """13/TD data: one row per member; `after_session` False prints the paid columns blank."""
    issuer: Issuer
    group_name: str
    leader_name: str
    organisation_name: str
    session_date: date
    rows: tuple[StatementRow, ...]
    after_session: bool = False
    mark: PrintMark = ORIGINAL


# --- session report -------------------------------------------------------------------------

@dataclass(frozen=True)
class PostingLine:
    """Total of one kind of posting for one group (or the point, group "")."""
    kind: str                         # label: "Thu lãi", "Thu nợ gốc", "Gửi tiết kiệm", …
    group_name: str
    count: int
    amount: int
    cash_in: int = 0
    cash_out: int = 0


@dataclass(frozen=True)
class CashCount:
    denomination: int                 # 500000, 200000, …
    pieces: int

    @property
    def amount(self) -> int:
        return self.denomination * self.pieces


@dataclass(frozen=True)
class ReceiptRange:
    """The receipts one origin issued in a session: first and last number, how many (the
    numbers carry the journal's seq, so gaps between them are normal)."""
    first: str
    last: str
    count: int


@dataclass(frozen=True)
class SessionReport:
    issuer: Issuer
    session_id: str
    date: date
    teller_name: str
    controller_name: str
    opening_cash: int
    postings: tuple[PostingLine, ...]
    cash: tuple[CashCount, ...]
    expected_total: int
    head_seq: int
    head_hash: str                    # full hex; the report prints the first 8 digits
    leader_name: str = ""             # point team leader (tổ trưởng tổ giao dịch), optional
    reversed_count: int = 0
    mark: PrintMark = ORIGINAL
    receipts: tuple[ReceiptRange, ...] = ()
    voided: tuple[str, ...] = ()      # numbers of the receipts whose operation was reversed
    label: str = ""                   # what people call it: "BB01 · 05/03/2026 · phiên 1"

    @property
    def counted_total(self) -> int:
        return sum(c.amount for c in self.cash)

    @property
    def difference(self) -> int:
        return self.counted_total - self.expected_total


# --- overdue and due-next-month lists -------------------------------------------------------

@dataclass(frozen=True)
class DueRow:
    name: str
    programme: str
    contract: ContractRef
    due_date: date
    principal: int                    # principal overdue (or due next month)
    interest: int                     # interest unpaid (or due)
    outstanding: int
    days_overdue: int | None = None
    household: str = ""               # the household's customer code: counts households


@dataclass(frozen=True)
class DueGroup:
    group_name: str
    leader_name: str
    rows: tuple[DueRow, ...]


@dataclass(frozen=True)
class DueList:
    """Overdue list (`kind="overdue"`) or due-next-month list (`kind="due_next_month"`)."""
    issuer: Issuer
    kind: str
    as_of: date
    groups: tuple[DueGroup, ...]
    period_label: str = ""            # "tháng 07/2026" for due_next_month
    mark: PrintMark = ORIGINAL


# --- public notice --------------------------------------------------------------------------

@dataclass(frozen=True)
class RateLine:
    programme_name: str
    annual_rate: str                  # "6,6"
    monthly_rate: str = ""            # "0,55"
    effective_from: date | None = None
    note: str = ""
    sourced: bool = True              # False: no current legal source (not "đang áp dụng")


@dataclass(frozen=True)
class SessionDate:
    date: date
    time: str                         # "07:30"
    place: str


@dataclass(frozen=True)
class BorrowerLine:
    name: str
    group_name: str
    programme: str
    outstanding: int
    next_due_date: date | None
    next_due_amount: int | None = None
    household: str = ""               # counts households, not loans


@dataclass(frozen=True)
class PublicNotice:
    issuer: Issuer
    as_of: date
    rates: tuple[RateLine, ...]
    sessions: tuple[SessionDate, ...]
    rules: tuple[str, ...]
    borrowers: tuple[BorrowerLine, ...]
    hotline: str = ""
    mark: PrintMark = ORIGINAL


# --- loan book page -------------------------------------------------------------------------

@dataclass(frozen=True)
class LoanMovement:
    date: date
    description: str                  # "Giải ngân", "Thu nợ gốc", "Gia hạn nợ", …
    disbursed: int = 0
    repaid: int = 0
    outstanding: int = 0              # total after the movement
    in_term: int = 0
    overdue: int = 0
    frozen: int = 0


@dataclass(frozen=True)
class LoanBookLoan:
    programme_name: str
    contract: ContractRef
    amount: int
    annual_rate: str
    term_months: int
    disbursed_on: date | None
    final_date: date | None
    movements: tuple[LoanMovement, ...] = ()
    rate_since: date | None = None    # when annual_rate (in force on the page's date) began
    disbursed_rate: str = ""          # the rate at disbursement, when it has changed since


@dataclass(frozen=True)
class LoanBookPage:
    issuer: Issuer
    customer_code: str
    borrower_name: str
    address: str
    loans: tuple[LoanBookLoan, ...]
    as_of: date
    group_name: str = ""
    authorisation_date: date | None = None
    mark: PrintMark = ORIGINAL


# --- retroactive reductions (decision 0078, 0156) ---------------------------------------------

@dataclass(frozen=True)
class ReliefRow:
    name: str
    programme: str
    contract: ContractRef
    reduction: int                    # interest taken off the loan so far
    credit_left: int                  # still to come off the next interest (next_interest)
    to_return: int                    # to pay back in cash or into savings (cash, savings)


@dataclass(frozen=True)
class ReliefGroup:
    group_name: str
    leader_name: str
    rows: tuple[ReliefRow, ...]


@dataclass(frozen=True)
class ReliefList:
    """Each borrower's difference under the reductions the office recorded, per group, as
    billed at `as_of` (the next session): "Danh sách khách hàng được giảm lãi suất"."""
    issuer: Issuer
    as_of: date
    decisions: tuple[str, ...]        # one line per reduction: decision, points, window, method
    groups: tuple[ReliefGroup, ...]
    mark: PrintMark = ORIGINAL
    session: date | None = None       # the point's session the figures are billed at

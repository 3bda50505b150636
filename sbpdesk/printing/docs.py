"""The data each printed document needs, as plain frozen dataclasses.

Printing never reads the book: a service (or a test) fills these and hands them to a render
function (`data -> PDF bytes`). Amounts are ints in đồng, dates are `datetime.date`, texts are
whatever the book holds (the renderers NFC-normalise them). A field left empty ("" / None / 0
where noted) prints as a dotted blank to be filled in by hand, the way the paper forms are used.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# --- shared ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Issuer:
    """Who prints: branch, transaction office and (at a commune) the point."""
    branch_name: str                  # "Chi nhánh NHCSXH tỉnh Quảng Trị"
    office_name: str                  # "Phòng giao dịch NHCSXH huyện Hải Lăng"
    point_name: str = ""              # "Điểm giao dịch xã Hải Thượng"
    place: str = ""                   # place for the date line: "Hải Thượng"


@dataclass(frozen=True)
class PrintMark:
    """How this copy is marked.

    `copy_no` 0 is the original; n ≥ 1 prints "BẢN SAO (lần n)". `cancelled` prints "ĐÃ HỦY"
    (a reversed operation's receipt reprints only that way). `demo` prints the "DỮ LIỆU MẪU"
    banner and watermark (a demo book).
    """
    copy_no: int = 0
    cancelled: bool = False
    demo: bool = False


ORIGINAL = PrintMark()


@dataclass(frozen=True)
class ContractRef:
    """A loan's contract / loan-book number; a provisional one (before the office confirms it)
    prints with "(tạm)"."""
    number: str = ""
    provisional: bool = False


# --- receipts -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CollectionReceipt:
    """A member's payment at a session (collection.record): one member, one loan."""
    issuer: Issuer
    number: str                       # sbpdesk receipt number
    date: date
    payer_name: str
    interest: int = 0                 # cash
    principal: int = 0                # cash
    savings: int = 0                  # cash deposit
    from_savings: int = 0             # principal paid out of savings (no cash)
    bl_no: str | None = None          # the 01/BL receipt number written by the group, if any
    customer_code: str = ""
    address: str = ""
    group_name: str = ""              # "Tổ TK&VV thôn Đông — Tổ trưởng Lê Thị Mai"
    leader_name: str = ""
    programme_name: str = ""
    contract: ContractRef = ContractRef()
    savings_balance: int | None = None   # after this payment, if known
    outstanding: int | None = None       # principal outstanding after, if known
    teller_name: str = ""
    mark: PrintMark = ORIGINAL

    @property
    def cash_total(self) -> int:
        return self.interest + self.principal + self.savings


@dataclass(frozen=True)
class HandoverMember:
    name: str
    interest: int
    savings: int


@dataclass(frozen=True)
class HandoverReceipt:
    """A group leader's hand-over of the members' interest and savings (group.handover)."""
    issuer: Issuer
    number: str
    date: date
    group_name: str
    leader_name: str
    interest: int                     # declared
    savings: int                      # declared
    counted: int                      # cash the teller counted
    members: tuple[HandoverMember, ...] = ()
    organisation_name: str = ""
    teller_name: str = ""
    mark: PrintMark = ORIGINAL

    @property
    def declared_total(self) -> int:
        return self.interest + self.savings

    @property
    def difference(self) -> int:
        return self.counted - self.declared_total


@dataclass(frozen=True)
class DisbursementReceipt:
    """Money paid out to a borrower (loan.disburse)."""
    issuer: Issuer
    number: str
    date: date
    receiver_name: str
    amount: int
    programme_name: str = ""
    contract: ContractRef = ContractRef()
    tranche: int = 1
    id_number: str = ""
    customer_code: str = ""
    address: str = ""
    group_name: str = ""
    purpose: str = ""
    teller_name: str = ""
    controller_name: str = ""
    mark: PrintMark = ORIGINAL


Receipt = CollectionReceipt | HandoverReceipt | DisbursementReceipt


# --- loan dossier ---------------------------------------------------------------------------

@dataclass(frozen=True)
class UsePlanLine:
    item: str                         # "Bò sinh sản"
    quantity: str                     # "02 Con"
    amount: int


@dataclass(frozen=True)
class BankApproval:
    """The bank's block on 01/TD ("PHÊ DUYỆT CỦA NGÂN HÀNG"); None = print blank lines."""
    amount: int
    annual_rate: str                  # "6,6" (as published; printed "%/năm")
    term_months: int
    frequency_months: int
    instalment_amount: int
    final_date: date
    last_instalment_amount: int | None = None   # printed only when it differs
    overdue_rate_pct: int = 130                 # "130% lãi suất khi cho vay"
    interest_day: int | None = None             # day of month interest is paid
    date: date | None = None


@dataclass(frozen=True)
class LoanApplication:
    """01/TD: Giấy đề nghị vay vốn kiêm phương án sử dụng vốn vay."""
    issuer: Issuer
    programme_name: str               # "Hộ nghèo"
    borrower_name: str
    amount: int
    purpose: str                      # "Nuôi bò sinh sản"
    birth_date: date | None = None
    birth_year: int | None = None     # SXKD copy prints "Năm sinh"
    id_number: str = ""
    id_issue_date: date | None = None
    id_issuer: str = ""
    address: str = ""
    leader_name: str = ""             # the group, named by its leader
    organisation_name: str = ""       # "Hội Nông dân xã Hải Thượng"
    total_need: int | None = None
    own_capital: int | None = None
    lines: tuple[UsePlanLine, ...] = ()
    term_months: int | None = None
    frequency_months: int | None = None
    final_date: date | None = None
    commune_certification: bool = False   # UBND box (SXKD vùng khó khăn)
    date: date | None = None
    approval: BankApproval | None = None
    mark: PrintMark = ORIGINAL


@dataclass(frozen=True)
class HouseholdMember:
    name: str
    birth_date: date | None = None
    id_number: str = ""
    residence: str = ""
    relation: str = ""                # to the representative: "Vợ", "Con", … ("" for him/herself)
    id_issue_date: date | None = None
    id_issuer: str = ""


@dataclass(frozen=True)
class Authorisation:
    """01/UQ: Giấy ủy quyền of a household. members[representative] is the representative."""
    issuer: Issuer
    household_size: int
    members: tuple[HouseholdMember, ...]
    representative: int = 0
    date: date | None = None
    village_head_name: str = ""
    mark: PrintMark = ORIGINAL


@dataclass(frozen=True)
class Instalment:
    due_date: date
    amount: int


@dataclass(frozen=True)
class CreditContract:
    """Hợp đồng tín dụng for a programme that has its own (job creation 07b/GQVL, social
    housing). Only the articles whose text is known are printed in full (see docs/printing.md).
    """
    issuer: Issuer
    programme_name: str               # "Cho vay hỗ trợ tạo việc làm"
    form_no: str                      # "07b/GQVL"
    contract: ContractRef
    year: int
    borrower_name: str
    amount: int
    annual_rate: str
    term_months: int
    final_date: date
    instalments: tuple[Instalment, ...] = ()
    purpose: str = ""                 # job target / use of the money
    place_of_use: str = ""
    birth_date: date | None = None
    id_number: str = ""
    id_issue_date: date | None = None
    id_issuer: str = ""
    id_expiry: date | None = None
    address: str = ""
    phone: str = ""
    office_address: str = ""
    office_phone: str = ""
    representative_name: str = ""     # bank's representative
    representative_title: str = "Giám đốc"
    overdue_rate: str = ""            # "%/năm"; "" → 130% of the loan rate
    disbursement: str = "Tiền mặt"    # or "Chuyển khoản: …"
    legal_basis: tuple[str, ...] = ()
    date: date | None = None
    mark: PrintMark = ORIGINAL


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


"""The data each printed document needs, as plain frozen dataclasses: the shared parts, the
receipts and the loan dossier (the tables — lists, statements, reports — are in
`data_tables`).

The services gather them from the book (`services.documents.*`); printing renders them
(`data -> PDF bytes`) and never reads the book. Amounts are ints in đồng, dates are
`datetime.date`, texts are whatever the book holds (the renderers NFC-normalise them). A field
left empty ("" / None / 0 where noted) prints as a dotted blank to be filled in by hand, the
way the paper forms are used.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# --- shared ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Issuer:
    """Who prints: branch, transaction office and (at a commune) the point."""
    branch_name: str                  # "Chi nhánh NHCSXH tỉnh Lâm Đồng" (names of the date)
    office_name: str                  # "Phòng giao dịch NHCSXH Bắc Bình"
    point_name: str = ""              # "Điểm giao dịch xã Phan Rí Thành" (the old commune)
    place: str = ""                   # the date line's commune of the day: "Bắc Bình"


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
class Cancellation:
    """Why, when and by whom a receipt's operation was reversed, and the receipt that replaces
    it ("" when none was issued): a cancelled receipt says all of it."""
    reason: str
    at: str                           # "05/06/2026 09:41" in Vietnam time
    by: str                           # who reversed it
    approved_by: str = ""             # the second user
    replaced_by: str = ""             # the replacing receipt's number


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
    cancellation: Cancellation | None = None

    @property
    def cash_total(self) -> int:
        return self.interest + self.principal + self.savings


@dataclass(frozen=True)
class HandoverMember:
    """One loan's line of a hand-over (a member with two loans has two lines, told apart by
    the customer code and the loan's number); `cancelled` lines were reversed since."""
    name: str
    interest: int
    savings: int
    customer_code: str = ""
    contract: ContractRef = ContractRef()
    cancelled: bool = False


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
    cancellation: Cancellation | None = None

    @property
    def standing(self) -> tuple[HandoverMember, ...]:
        return tuple(m for m in self.members if not m.cancelled)

    @property
    def member_count(self) -> int:
        """Distinct members (people), not their loans."""
        return len({m.customer_code or m.name for m in self.standing})

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
    cancellation: Cancellation | None = None


@dataclass(frozen=True)
class PaymentReceipt:
    """Cash paid out other than a disbursement (phiếu chi): a savings withdrawal
    (savings.withdraw) or a payable paid (fee.pay: union fee, group commission, refund)."""
    issuer: Issuer
    number: str
    date: date
    kind: str                         # "savings" | "union_fee" | "group_commission" | "refund"
    receiver_name: str
    amount: int
    customer_code: str = ""
    id_number: str = ""
    address: str = ""
    group_name: str = ""
    period: str = ""                  # a payable's "YYYY-MM"
    basis: str = ""                   # what the payable was computed from, one line
    balance_after: int | None = None  # a savings withdrawal's balance after
    teller_name: str = ""
    controller_name: str = ""
    mark: PrintMark = ORIGINAL
    cancellation: Cancellation | None = None


Receipt = CollectionReceipt | HandoverReceipt | DisbursementReceipt | PaymentReceipt


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

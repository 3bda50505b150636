"""Realistic data for every printed document (names with every tone mark)."""
from __future__ import annotations

from datetime import date, timedelta

from sbpdesk.services.documents.data import (
    ORIGINAL,
    Authorisation,
    BankApproval,
    CollectionReceipt,
    ContractRef,
    CreditContract,
    DisbursementReceipt,
    HandoverMember,
    HandoverReceipt,
    HouseholdMember,
    Instalment,
    Issuer,
    LoanApplication,
    PrintMark,
    UsePlanLine,
)
from sbpdesk.services.documents.data_tables import (
    ApprovalNotice,
    ApprovalRow,
    BorrowerLine,
    CashCount,
    DueGroup,
    DueList,
    DueRow,
    GroupStatement,
    LoanBookLoan,
    LoanBookPage,
    LoanMovement,
    PostingLine,
    ProposalList,
    ProposalRow,
    PublicNotice,
    RateLine,
    ReceiptRange,
    ReliefGroup,
    ReliefList,
    ReliefRow,
    SessionDate,
    SessionReport,
    StatementRow,
)

ISSUER = Issuer("Chi nhánh NHCSXH tỉnh Lâm Đồng", "Phòng giao dịch NHCSXH Bắc Bình",
                "Điểm giao dịch xã Phan Rí Thành", "Bắc Bình")
DAY = date(2026, 6, 5)

# Every Vietnamese tone mark (ngang, huyền, sắc, hỏi, ngã, nặng) and đ/Đ appear below.
NAMES = (
    "Nguyễn Thị Hằng", "Đặng Văn Bảy", "Hồ Ngọc Ẩn", "Trần Thị Thủy", "Lê Văn Phước",
    "Phạm Thị Ngọc Ánh", "Võ Đình Lũy", "Huỳnh Thị Mỹ Lệ", "Bùi Quang Vĩnh", "Đỗ Thị Hương",
    "Ngô Văn Khải", "Dương Thị Nguyệt", "Lý Văn Đức", "Trương Thị Diễm", "Phan Văn Tỵ",
)
LEADER = "Lê Thị Mai"
GROUP = "Tổ TK&VV thôn Đông"

COLLECTION = CollectionReceipt(
    ISSUER, "BB01-1-123", DAY, "Nguyễn Thị Hằng", interest=85_800, principal=1_000_000,
    savings=114_200, from_savings=200_000, bl_no="0045871", customer_code="BB01234567",
    address="Thôn Đông, xã Bắc Bình", group_name=GROUP, leader_name=LEADER,
    programme_name="Cho vay hộ nghèo", contract=ContractRef("BB01-T-0007", provisional=True),
    savings_balance=1_250_000, outstanding=14_000_000, teller_name="Hồ Ngọc Ẩn")

HANDOVER = HandoverReceipt(
    ISSUER, "BB01-1-140", DAY, GROUP, LEADER, interest=412_500, savings=300_000,
    counted=710_000, organisation_name="Hội Nông dân xã Bắc Bình",
    members=(HandoverMember("Nguyễn Thị Hằng", 85_800, 100_000),
             HandoverMember("Đặng Văn Bảy", 126_700, 100_000),
             HandoverMember("Hồ Ngọc Ẩn", 200_000, 100_000)),
    teller_name="Trương Thị Diễm")

DISBURSEMENT = DisbursementReceipt(
    ISSUER, "BB01-1-150", DAY, "Đặng Văn Bảy", 50_000_000,
    programme_name="Cho vay hộ cận nghèo", contract=ContractRef("BB-2026-0457"),
    id_number="060090001122", customer_code="BB01239876", group_name=GROUP,
    purpose="Nuôi bò sinh sản", teller_name="Hồ Ngọc Ẩn", controller_name="Phan Văn Tỵ")

APPLICATION = LoanApplication(
    ISSUER, "Hộ sản xuất kinh doanh vùng khó khăn", "Nguyễn Thị Hằng", 50_000_000,
    "Nuôi bò sinh sản", birth_date=date(1985, 3, 14), id_number="060185001234",
    id_issue_date=date(2021, 7, 1), id_issuer="Cục Cảnh sát QLHC về TTXH",
    address="Thôn Đông, xã Bắc Bình, tỉnh Lâm Đồng", leader_name=LEADER,
    organisation_name="Hội Nông dân xã Bắc Bình", total_need=62_000_000,
    own_capital=12_000_000,
    lines=(UsePlanLine("Bò cái sinh sản", "02 Con", 40_000_000),
           UsePlanLine("Làm chuồng trại", "01 Công trình", 10_000_000)),
    term_months=60, frequency_months=6, final_date=date(2031, 6, 5),
    commune_certification=True, date=date(2026, 5, 20),
    approval=BankApproval(50_000_000, "6,6", 60, 6, 5_000_000, date(2031, 6, 5),
                          interest_day=5, date=date(2026, 5, 28)))

AUTHORISATION = Authorisation(
    ISSUER, household_size=5, date=date(2026, 5, 18), village_head_name="Võ Đình Lũy",
    members=(HouseholdMember("Đặng Văn Bảy", date(1979, 2, 1), "060079000111",
                             "Thôn Đông, xã Bắc Bình", "", date(2021, 6, 3),
                             "Cục Cảnh sát QLHC về TTXH"),
             HouseholdMember("Hồ Ngọc Ẩn", date(1982, 9, 9), "060182000222",
                             "Thôn Đông, xã Bắc Bình", "Vợ"),
             HouseholdMember("Đặng Thị Hằng", date(2004, 12, 24), "060304000333",
                             "Thôn Đông, xã Bắc Bình", "Con")))

CONTRACT = CreditContract(
    ISSUER, "Cho vay hỗ trợ tạo việc làm, duy trì và mở rộng việc làm", "07b/GQVL",
    ContractRef("0123", provisional=True), 2026, "Trần Thị Thủy", 100_000_000, "6,6", 60,
    date(2031, 6, 5),
    instalments=tuple(Instalment(date(2027 + i, 6, 5), 20_000_000) for i in range(5)),
    purpose="Mở rộng xưởng may, tạo việc làm cho 02 lao động", place_of_use="Xã Bắc Bình",
    birth_date=date(1990, 4, 30), id_number="060190004567", id_expiry=date(2030, 4, 30),
    address="Thôn Tây, xã Bắc Bình", phone="0912 345 678",
    representative_name="Ngô Văn Khải",
    legal_basis=("Luật Việc làm số 74/2025/QH15", "Nghị định số 338/2025/NĐ-CP",
                 "Văn bản số 11055/HD-NHCS ngày 30/12/2025"),
    date=date(2026, 6, 1))

PROPOSAL = ProposalList(
    ISSUER, "Tổ bà Lê Thị Mai", LEADER, "Thôn Đông", "Bắc Bình", "Lâm Đồng", "Hộ nghèo",
    date(2026, 5, 10),
    rows=(ProposalRow("Nguyễn Thị Hằng", "Hộ nghèo", 50_000_000, "Nuôi bò sinh sản", 60,
                      50_000_000, 60),
          ProposalRow("Đặng Văn Bảy", "Hộ nghèo", 40_000_000, "Trồng cây cà phê", 36,
                      30_000_000, 36),
          ProposalRow("Hồ Ngọc Ẩn", "Hộ nghèo", 30_000_000, "Nuôi lợn thịt", 24, 0, None)))

APPROVAL = ApprovalNotice(
    ISSUER, "15/TB-PGD", "Bắc Bình", date(2026, 5, 10), "Tổ TK&VV bà Lê Thị Mai", "Hộ nghèo",
    rows=(ApprovalRow("Nguyễn Thị Hằng", "Tổ bà Lê Thị Mai", "Hộ nghèo", 50_000_000, 60),
          ApprovalRow("Đặng Văn Bảy", "Tổ bà Lê Thị Mai", "Hộ nghèo", 30_000_000, 36,
                      "Giảm số tiền")),
    disbursement_date=DAY, disbursement_time="08:00",
    disbursement_place="Điểm giao dịch xã Phan Rí Thành (nhà văn hóa thôn Đông)",
    date=date(2026, 5, 28), director_name="Bùi Quang Vĩnh")


def statement(n: int = 12, after: bool = True, mark: PrintMark = ORIGINAL) -> GroupStatement:
    rows = []
    for i in range(n):
        name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i // len(NAMES) + 1}")
        outstanding = 10_000_000 + 1_500_000 * (i % 7)
        due = outstanding * 55 // 10_000           # 0,55 %/tháng
        rows.append(StatementRow(
            name=name, programme="Hộ nghèo" if i % 3 else "GQVL",
            contract=ContractRef(f"BB-{1000 + i}", provisional=(i % 5 == 0)),
            outstanding=outstanding, interest_due=due,
            interest_paid=due if i % 4 else due // 2,
            savings_deposited=50_000 + 10_000 * (i % 3),
            from_savings=100_000 if i % 6 == 0 else 0,
            savings_balance=800_000 + 25_000 * i, customer_code=f"BB01{i:06d}",
            interest_arrears=due // 3 if i % 4 == 0 else 0, period_from=date(2026, 5, 5)))
    return GroupStatement(ISSUER, GROUP, LEADER, "Hội Phụ nữ xã Bắc Bình", DAY, tuple(rows),
                          after_session=after, mark=mark)


SESSION = SessionReport(
    ISSUER, "PGD-BB01-20260605", DAY, "Hồ Ngọc Ẩn", "Phan Văn Tỵ", opening_cash=0,
    postings=(PostingLine("Giải ngân", "Tổ TK&VV thôn Tây", 1, 50_000_000,
                          cash_out=50_000_000),
              PostingLine("Thu lãi", GROUP, 12, 1_412_500, cash_in=1_412_500),
              PostingLine("Thu lãi", "Tổ TK&VV thôn Tây", 9, 987_300, cash_in=987_300),
              PostingLine("Thu nợ gốc", GROUP, 2, 3_000_000, cash_in=3_000_000),
              PostingLine("Thu nợ gốc từ tiền gửi", GROUP, 1, 200_000),
              PostingLine("Gửi tiết kiệm", GROUP, 12, 700_000, cash_in=700_000),
              PostingLine("Rút tiền gửi", "Tổ TK&VV thôn Tây", 1, 150_000, cash_out=150_000),
              PostingLine("Tổ trưởng giao nộp tiền", GROUP, 1, 2_112_500)),
    cash=(CashCount(500_000, 7), CashCount(200_000, 2), CashCount(20_000, 2),
          CashCount(5_000, 2)),
    expected_total=-44_050_200, head_seq=1487,
    head_hash="9f3a61c2d4e5b6a7988776655443322110ffeeddccbbaa998877665544332211",
    reversed_count=1)
# The opening cash covers the disbursement in a real session; keep the sums consistent:
SESSION = SessionReport(**{**SESSION.__dict__, "opening_cash": 48_000_000,
                           "expected_total": 48_000_000 + 1_412_500 + 700_000 + 3_000_000
                           + 987_300 - 50_000_000 - 150_000,
                           "receipts": (ReceiptRange("BB01-1-1401", "BB01-1-1486", 27),),
                           "voided": ("BB01-1-1433",), "label": "BB01 · 05/06/2026 · phiên 1"})

OVERDUE = DueList(ISSUER, "overdue", DAY, groups=(
    DueGroup(GROUP, LEADER, (
        DueRow("Đặng Văn Bảy", "Hộ nghèo", ContractRef("BB-1001"), date(2026, 3, 5),
               5_000_000, 165_000, 25_000_000, 92),
        DueRow("Hồ Ngọc Ẩn", "Hộ cận nghèo", ContractRef("BB-1002", True), date(2026, 5, 5),
               3_000_000, 48_400, 12_000_000, 31))),
    DueGroup("Tổ TK&VV thôn Tây", "Phạm Thị Ngọc Ánh", (
        DueRow("Lê Văn Phước", "GQVL", ContractRef("BB-2001"), date(2026, 4, 5),
               10_000_000, 330_000, 40_000_000, 61),))))

DUE_NEXT = DueList(ISSUER, "due_next_month", DAY, period_label="Tháng 07/2026", groups=(
    DueGroup(GROUP, LEADER, (
        DueRow("Nguyễn Thị Hằng", "Hộ nghèo", ContractRef("BB-1000"), date(2026, 7, 5),
               5_000_000, 77_000, 14_000_000),)),))

NOTICE = PublicNotice(
    ISSUER, DAY,
    # the table in force in June 2026 (changes-2025-2026.md §3), each with its source
    rates=(RateLine("Cho vay hộ nghèo", "6,24", "0,52", date(2025, 12, 1), "QĐ 2553/QĐ-TTg"),
           RateLine("Cho vay hộ cận nghèo", "7,488", "0,624", date(2025, 12, 1),
                    "QĐ 2553/QĐ-TTg"),
           RateLine("Cho vay hỗ trợ tạo việc làm", "7,488", "0,624", date(2025, 12, 1),
                    "QĐ 2553/QĐ-TTg"),
           RateLine("Cho vay nhà ở xã hội", "5,4", "0,45", date(2025, 10, 10),
                    "NĐ 261/2025/NĐ-CP")),
    sessions=tuple(SessionDate(date(2026, m, 5), "07:30", "Nhà văn hóa thôn Đông, xã Bắc Bình")
                   for m in (6, 7, 8)),
    rules=("Người vay mang theo Sổ vay vốn và thẻ Căn cước khi đến giao dịch.",
           "Nhận biên lai sau mỗi lần nộp tiền; kiểm tra số tiền ghi trên biên lai.",
           "Tổ trưởng Tổ TK&VV không được thu nợ gốc của tổ viên.",
           "Mọi thắc mắc, góp ý xin bỏ vào hòm thư góp ý hoặc gọi điện thoại hỗ trợ."),
    borrowers=tuple(BorrowerLine(NAMES[i], GROUP if i % 2 else "Tổ TK&VV thôn Tây",
                                 "Hộ nghèo", 10_000_000 + 1_000_000 * i,
                                 date(2026, 7, 5) + timedelta(days=30 * (i % 3)),
                                 2_000_000) for i in range(len(NAMES))),
    hotline="0252 3 868 686")

LOANBOOK = LoanBookPage(
    ISSUER, "BB01234567", "Nguyễn Thị Hằng", "Thôn Đông, xã Bắc Bình, tỉnh Lâm Đồng",
    as_of=DAY, group_name=GROUP, authorisation_date=date(2021, 5, 18),
    loans=(LoanBookLoan("Cho vay hộ nghèo", ContractRef("BB-1000"), 20_000_000, "6,6", 60,
                        date(2024, 6, 5), date(2029, 6, 5), movements=(
                            LoanMovement(date(2024, 6, 5), "Giải ngân", disbursed=20_000_000,
                                         outstanding=20_000_000, in_term=20_000_000),
                            LoanMovement(date(2025, 6, 5), "Thu nợ gốc", repaid=4_000_000,
                                         outstanding=16_000_000, in_term=16_000_000),
                            LoanMovement(date(2026, 6, 5), "Thu nợ gốc từ tiền gửi",
                                         repaid=2_000_000, outstanding=14_000_000,
                                         in_term=14_000_000))),
           LoanBookLoan("Cho vay nước sạch và vệ sinh môi trường",
                        ContractRef("BB01-T-0009", True), 25_000_000, "9", 60,
                        date(2026, 6, 5), date(2031, 6, 5), movements=(
                            LoanMovement(date(2026, 6, 5), "Giải ngân", disbursed=25_000_000,
                                         outstanding=25_000_000, in_term=25_000_000),))))

RELIEF = ReliefList(
    ISSUER, DAY,
    decisions=("Quyết định 2731/QĐ-TTg ngày 16/12/2025: giảm 2 %/năm lãi suất từ 01/10/2025 "
               "đến 31/12/2025; số lãi đã thu thừa được trừ vào lãi các kỳ tới.",),
    groups=(ReliefGroup(GROUP, LEADER, (
        ReliefRow("Nguyễn Thị Hằng", "Hộ nghèo", ContractRef("BB-1000"), 70_575, 0, 0),
        ReliefRow("Đặng Văn Bảy", "GQVL", ContractRef("BB-1001"), 100_822, 38_663, 0))),
            ReliefGroup("Tổ TK&VV thôn Tây", "Phạm Thị Ngọc Ánh", (
                ReliefRow("Lê Văn Phước", "Hộ cận nghèo", ContractRef("BB-2001", True),
                          45_370, 12_250, 0),))))

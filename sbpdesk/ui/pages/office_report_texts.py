"""The office reports page's words: the reports' names, each report's one-line headline, and
the titles reports/tables.py gives its tables, columns and row labels, marked here for
translation (tests/ui/test_office_reports.py checks that every one of them is)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

REPORTS: dict[str, Callable[[], str]] = {
    "portfolio": lambda: translate("OfficeReports", "Dư nợ cho vay"),
    "strategy": lambda: translate("OfficeReports", "Chỉ tiêu chiến lược (QĐ 05)"),
    "overdue": lambda: translate("OfficeReports", "Nợ quá hạn, nợ khoanh"),
    "collections": lambda: translate("OfficeReports", "Thu nợ, thu lãi theo phiên"),
    "fees": lambda: translate("OfficeReports", "Phí ủy thác, hoa hồng"),
    "idle": lambda: translate("OfficeReports", "Món vay không phát sinh giao dịch"),
    "groups": lambda: translate("OfficeReports", "Xếp loại tổ (BC0437)"),
    "inspection": lambda: translate("OfficeReports", "Danh sách kiểm tra (HD 727)"),
}

TABLE_TEXTS = (
    QT_TRANSLATE_NOOP("ReportTables", "Mã"), QT_TRANSLATE_NOOP("ReportTables", "Tên"),
    QT_TRANSLATE_NOOP("ReportTables", "Dư nợ"), QT_TRANSLATE_NOOP("ReportTables", "Trong hạn"),
    QT_TRANSLATE_NOOP("ReportTables", "Quá hạn"), QT_TRANSLATE_NOOP("ReportTables", "Khoanh"),
    QT_TRANSLATE_NOOP("ReportTables", "Tỷ lệ NQH %"),
    QT_TRANSLATE_NOOP("ReportTables", "NQH + khoanh %"),
    QT_TRANSLATE_NOOP("ReportTables", "Món vay"), QT_TRANSLATE_NOOP("ReportTables", "Hộ vay"),
    QT_TRANSLATE_NOOP("ReportTables", "Dư nợ đầu kỳ"),
    QT_TRANSLATE_NOOP("ReportTables", "Tăng trưởng"),
    QT_TRANSLATE_NOOP("ReportTables", "Tăng %"),
    QT_TRANSLATE_NOOP("ReportTables", "Tăng nguồn ĐP"),
    QT_TRANSLATE_NOOP("ReportTables", "ĐP / tăng %"),
    QT_TRANSLATE_NOOP("ReportTables", "Theo điểm giao dịch"),
    QT_TRANSLATE_NOOP("ReportTables", "Theo chương trình"),
    QT_TRANSLATE_NOOP("ReportTables", "Theo hội đoàn thể"),
    QT_TRANSLATE_NOOP("ReportTables", "Theo tổ TK&VV"),
    QT_TRANSLATE_NOOP("ReportTables", "Theo nguồn vốn"),
    QT_TRANSLATE_NOOP("ReportTables", "Chỉ tiêu"),
    QT_TRANSLATE_NOOP("ReportTables", "Thực hiện %"),
    QT_TRANSLATE_NOOP("ReportTables", "Mục tiêu"), QT_TRANSLATE_NOOP("ReportTables", "Đánh giá"),
    QT_TRANSLATE_NOOP("ReportTables", "Theo điểm giao dịch (xã)"),
    QT_TRANSLATE_NOOP("ReportTables", "Tiếp cận vốn (số ngày: trung vị)"),
    QT_TRANSLATE_NOOP("ReportTables", "Đối tượng"),
    QT_TRANSLATE_NOOP("ReportTables", "Hộ trong DS"),
    QT_TRANSLATE_NOOP("ReportTables", "Đề nghị"),
    QT_TRANSLATE_NOOP("ReportTables", "Được duyệt"),
    QT_TRANSLATE_NOOP("ReportTables", "Từ chối"),
    QT_TRANSLATE_NOOP("ReportTables", "Đã nhận tiền"),
    QT_TRANSLATE_NOOP("ReportTables", "Ngày đến khi duyệt"),
    QT_TRANSLATE_NOOP("ReportTables", "Ngày đến khi nhận tiền"),
    QT_TRANSLATE_NOOP("ReportTables", "Diễn biến theo tháng"),
    QT_TRANSLATE_NOOP("ReportTables", "Ngày"),
    QT_TRANSLATE_NOOP("ReportTables", "Thu lãi"),
    QT_TRANSLATE_NOOP("ReportTables", "Thu nợ gốc"),
    QT_TRANSLATE_NOOP("ReportTables", "Gửi tiết kiệm"),
    QT_TRANSLATE_NOOP("ReportTables", "Theo điểm giao dịch: tỷ lệ giao dịch tại xã"),
    QT_TRANSLATE_NOOP("ReportTables", "Số phiên"),
    QT_TRANSLATE_NOOP("ReportTables", "Thu tại phiên"),
    QT_TRANSLATE_NOOP("ReportTables", "Thu tại PGD"),
    QT_TRANSLATE_NOOP("ReportTables", "Tỷ lệ GD tại xã %"),
    QT_TRANSLATE_NOOP("ReportTables", "Theo phiên giao dịch"),
    QT_TRANSLATE_NOOP("ReportTables", "Điểm"),
    QT_TRANSLATE_NOOP("ReportTables", "Giao dịch viên"),
    QT_TRANSLATE_NOOP("ReportTables", "Tổ viên"),
    QT_TRANSLATE_NOOP("ReportTables", "Tiền mặt thu"),
    QT_TRANSLATE_NOOP("ReportTables", "Phải trả"), QT_TRANSLATE_NOOP("ReportTables", "Đã trả"),
    QT_TRANSLATE_NOOP("ReportTables", "Còn phải trả"),
    QT_TRANSLATE_NOOP("ReportTables", "Phí ủy thác theo hội đoàn thể"),
    QT_TRANSLATE_NOOP("ReportTables", "Hoa hồng theo tổ TK&VV"),
    QT_TRANSLATE_NOOP("ReportTables", "Tổ TK&VV"),
    QT_TRANSLATE_NOOP("ReportTables", "Người vay"),
    QT_TRANSLATE_NOOP("ReportTables", "Số khế ước"),
    QT_TRANSLATE_NOOP("ReportTables", "Chương trình"),
    QT_TRANSLATE_NOOP("ReportTables", "Giao dịch cuối"),
    QT_TRANSLATE_NOOP("ReportTables", "Số ngày"),
    QT_TRANSLATE_NOOP("ReportTables", "Món vay không phát sinh giao dịch"),
    QT_TRANSLATE_NOOP("ReportTables", "Nợ quá hạn theo thời gian quá hạn (ngày)"),
    QT_TRANSLATE_NOOP("ReportTables", "Số ngày quá hạn"),
    QT_TRANSLATE_NOOP("ReportTables", "Nợ quá hạn"),
    QT_TRANSLATE_NOOP("ReportTables", "Số tổ theo xếp loại"),
    QT_TRANSLATE_NOOP("ReportTables", "Xếp loại"), QT_TRANSLATE_NOOP("ReportTables", "Số tổ"),
    QT_TRANSLATE_NOOP("ReportTables", "Tổ trưởng"),
    QT_TRANSLATE_NOOP("ReportTables", "Trả lãi 3 tháng"),
    QT_TRANSLATE_NOOP("ReportTables", "Không trả lãi 3 tháng"),
    QT_TRANSLATE_NOOP("ReportTables", "Tiền gửi tiết kiệm"),
    QT_TRANSLATE_NOOP("ReportTables", "Kiểm tra theo tổ: 100 % món vay mới, món vay không "
                      "giao dịch; 90 % món vay cũ"),
    QT_TRANSLATE_NOOP("ReportTables", "Vay mới (30 ngày)"),
    QT_TRANSLATE_NOOP("ReportTables", "Không giao dịch"),
    QT_TRANSLATE_NOOP("ReportTables", "Món vay cũ"),
    QT_TRANSLATE_NOOP("ReportTables", "Cần kiểm tra"),
    QT_TRANSLATE_NOOP("ReportTables", "Kiểm tra theo tổ: 100 % món vay mới, món vay không "
                      "giao dịch; 90 % món vay cũ, 75 % ở vùng khó khăn"),
    QT_TRANSLATE_NOOP("ReportTables", "Tỷ lệ KT %"),
    QT_TRANSLATE_NOOP("ReportTables", "Món vay giải ngân trong 30 ngày"),
    QT_TRANSLATE_NOOP("ReportTables", "Theo xã (đơn vị hành chính từ 01/07/2025)"),
    QT_TRANSLATE_NOOP("ReportTables", "Số tổ (đã xếp loại)"),
    QT_TRANSLATE_NOOP("ReportTables", "Số tổ (theo điểm tính)"),
    QT_TRANSLATE_NOOP("ReportTables", "Điểm tính"),
    QT_TRANSLATE_NOOP("ReportTables", "Loại theo điểm"),
    QT_TRANSLATE_NOOP("ReportTables", "Xếp loại ghi nhận"),
    QT_TRANSLATE_NOOP("ReportTables", "Cách tính điểm (cài đặt của phòng giao dịch)"),
    QT_TRANSLATE_NOOP("ReportTables", "Tiêu chí"),
    QT_TRANSLATE_NOOP("ReportTables", "Điểm tối đa"),
    QT_TRANSLATE_NOOP("ReportTables", "Xếp loại theo điểm"),
    QT_TRANSLATE_NOOP("ReportTables", "Từ điểm"),
    QT_TRANSLATE_NOOP("ReportTables", "Nợ quá hạn: đủ điểm khi không có, 0 điểm khi từ 2 % "
                      "dư nợ"),
    QT_TRANSLATE_NOOP("ReportTables", "Hộ vay có trả lãi trong 3 tháng / hộ vay"),
    QT_TRANSLATE_NOOP("ReportTables", "Hộ có tiền gửi tiết kiệm / tổ viên"),
    QT_TRANSLATE_NOOP("ReportTables", "Số tổ viên từ 5 đến 60"),
    QT_TRANSLATE_NOOP("ReportTables", "Ngày giải ngân"),
    # row labels
    QT_TRANSLATE_NOOP("ReportTables", "Tổng cộng"),
    QT_TRANSLATE_NOOP("ReportTables", "Tăng trưởng dư nợ"),
    QT_TRANSLATE_NOOP("ReportTables", "Tỷ lệ nợ quá hạn (trần 2 %)"),
    QT_TRANSLATE_NOOP("ReportTables", "Nguồn vốn địa phương / tăng trưởng dư nợ"),
    QT_TRANSLATE_NOOP("ReportTables", "Tất cả hồ sơ"),
    QT_TRANSLATE_NOOP("ReportTables", "Hộ nghèo"),
    QT_TRANSLATE_NOOP("ReportTables", "Hộ cận nghèo"),
    QT_TRANSLATE_NOOP("ReportTables", "Đạt"),
    QT_TRANSLATE_NOOP("ReportTables", "Chưa đạt"),
    QT_TRANSLATE_NOOP("ReportTables", "Tốt"), QT_TRANSLATE_NOOP("ReportTables", "Khá"),
    QT_TRANSLATE_NOOP("ReportTables", "Trung bình"), QT_TRANSLATE_NOOP("ReportTables", "Yếu"),
)


def table_text(text: str) -> str:
    return translate("ReportTables", text)


def _pct(value: str | None) -> str:
    return "—" if value is None else value.replace(".", ",")


def headline(name: str, r: dict, money: Callable[[int], str]) -> str:
    """The report's figures in one sentence, above its tables."""
    t = r["totals"]
    if name == "portfolio":
        return translate(
            "OfficeReports", "Dư nợ toàn phòng: {outstanding} — quá hạn {overdue}, khoanh "
            "{frozen}; {borrowers} hộ vay, {loans} khoản vay.").format(
            outstanding=money(t["outstanding"]), overdue=money(t["overdue"]),
            frozen=money(t["frozen"]), borrowers=t["borrowers"], loans=t["loans"])
    if name == "strategy":
        return translate(
            "OfficeReports", "Dư nợ tăng {growth} ({growth_pct} %) từ {since}; nợ quá hạn "
            "{ratio} % (trần 2 %); vốn địa phương {local} % của phần tăng (mục tiêu "
            "15–20 %).").format(
            growth=money(t["growth"]), growth_pct=_pct(t["growth_pct"]),
            since="/".join(reversed(r["since"].split("-"))),
            ratio=_pct(t["overdue_ratio_pct"]), local=_pct(t["local_share_of_growth_pct"]))
    if name == "overdue":
        return translate(
            "OfficeReports", "Nợ quá hạn {overdue} ({ratio} %), nợ khoanh {frozen}; quá hạn "
            "và khoanh {both} % dư nợ {outstanding}.").format(
            overdue=money(t["overdue"]), ratio=_pct(t["overdue_ratio_pct"]),
            frozen=money(t["frozen"]), both=_pct(t["overdue_frozen_ratio_pct"]),
            outstanding=money(t["outstanding"]))
    if name == "collections":
        return translate(
            "OfficeReports", "{sessions} phiên; thu tại xã {at_sessions}, tại phòng giao "
            "dịch {at_office}; tỷ lệ giao dịch tại xã {rate} %.").format(
            sessions=t["sessions"], at_sessions=money(t["at_sessions"]),
            at_office=money(t["at_office"]), rate=_pct(t["transaction_rate_pct"]))
    if name == "fees":
        return translate(
            "OfficeReports", "Phí và hoa hồng phải trả {issued}, đã trả {paid}, còn phải "
            "trả {due}.").format(issued=money(t["issued"]), paid=money(t["paid"]),
                                 due=money(t["due"]))
    if name == "groups":
        return translate(
            "OfficeReports", "{groups} tổ, {members} tổ viên; {not_paying} hộ vay không trả "
            "lãi trong 3 tháng; tiền gửi tiết kiệm {savings}.").format(
            groups=len(r["groups"]), members=t["members"],
            not_paying=t["not_paying_interest"], savings=money(t["savings"]))
    if name == "inspection":
        return translate(
            "OfficeReports", "Hội đoàn thể kiểm tra {groups} tổ: {new} món vay mới, {idle} món "
            "vay không giao dịch và {to_check} trong {earlier} món vay cũ.").format(
            groups=t["groups"], new=t["new"], idle=t["idle"], to_check=t["to_check"],
            earlier=t["earlier"])
    return translate(
        "OfficeReports", "{loans} món vay không phát sinh giao dịch từ {months} tháng trở lên "
        "({share} % số món), dư nợ {outstanding}.").format(
        loans=t["loans"], months=r["months"], share=_pct(t["share_of_loans_pct"]),
        outstanding=money(t["outstanding"]))

"""The office's reports as titled tables (issue 16): one shape for the screen, CSV, Excel and
PDF. `tables(name, report)` turns a report's JSON dict into `Table`s (Vietnamese titles,
columns with a kind: text, money, int, pct, date); `charts(name, report)` the figures a
person would rather look at (bars by point, the trend by month); `to_csv` and `to_xlsx`
write them. PDF: printing/report.py renders the same tables.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

NAMES = ("portfolio", "strategy", "overdue", "collections", "fees", "idle", "groups",
         "inspection")
TITLES = {"portfolio": "BÁO CÁO DƯ NỢ CHO VAY",
          "strategy": "CHỈ TIÊU CHIẾN LƯỢC (QUYẾT ĐỊNH 05/QĐ-TTg, CHỈ THỊ 39-CT/TW)",
          "overdue": "BÁO CÁO NỢ QUÁ HẠN, NỢ KHOANH",
          "collections": "BÁO CÁO THU NỢ, THU LÃI THEO PHIÊN GIAO DỊCH",
          "fees": "PHÍ ỦY THÁC VÀ HOA HỒNG PHẢI TRẢ",
          "idle": "DANH SÁCH MÓN VAY KHÔNG PHÁT SINH GIAO DỊCH",
          "groups": "XẾP LOẠI TỔ TIẾT KIỆM VÀ VAY VỐN (BC0437)",
          "inspection": "DANH SÁCH KIỂM TRA CỦA HỘI ĐOÀN THỂ (HƯỚNG DẪN 727/HD-NHCS)"}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"     # text | money | int | pct | date


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: list[dict]
    totals: dict | None = None     # printed bold as the last row


@dataclass(frozen=True)
class Chart:
    title: str
    kind: str                       # bar | line
    labels: list[str]
    series: dict[str, list[float]] = field(default_factory=dict)
    unit: str = ""


C = Column
CODE, NAME = C("code", "Mã"), C("name", "Tên")
SPLIT = (C("outstanding", "Dư nợ", "money"), C("in_term", "Trong hạn", "money"),
         C("overdue", "Quá hạn", "money"), C("frozen", "Khoanh", "money"),
         C("overdue_ratio_pct", "Tỷ lệ NQH %", "pct"),
         C("overdue_frozen_ratio_pct", "NQH + khoanh %", "pct"), C("loans", "Món vay", "int"))
PORTFOLIO = (C("outstanding", "Dư nợ", "money"), C("overdue", "Quá hạn", "money"),
             C("frozen", "Khoanh", "money"), C("borrowers", "Hộ vay", "int"),
             C("loans", "Món vay", "int"))
GROWTH = (C("outstanding_before", "Dư nợ đầu kỳ", "money"), C("outstanding", "Dư nợ", "money"),
          C("growth", "Tăng trưởng", "money"), C("growth_pct", "Tăng %", "pct"),
          C("local_growth", "Tăng nguồn ĐP", "money"),
          C("local_share_of_growth_pct", "ĐP / tăng %", "pct"),
          C("overdue_ratio_pct", "Tỷ lệ NQH %", "pct"))
DIMENSIONS = (("by_point", "Theo điểm giao dịch"),
              ("by_commune", "Theo xã (đơn vị hành chính từ 01/07/2025)"),
              ("by_programme", "Theo chương trình"),
              ("by_organisation", "Theo hội đoàn thể"), ("by_group", "Theo tổ TK&VV"),
              ("by_funding_source", "Theo nguồn vốn"))
INDICATORS = {"growth": "Tăng trưởng dư nợ",
              "overdue_ratio": "Tỷ lệ nợ quá hạn (trần 2 %)",
              "local_share_of_growth": "Nguồn vốn địa phương / tăng trưởng dư nợ"}
CATEGORIES = {"all": "Tất cả hồ sơ", "poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo"}
MET = {True: "Đạt", False: "Chưa đạt", None: ""}


def _dimensions(report: dict, columns: tuple[Column, ...]) -> list[Table]:
    return [Table(key, title, (CODE, NAME, *columns), report[key],
                  {"code": "", "name": "Tổng cộng", **report["totals"]})
            for key, title in DIMENSIONS if key in report]


def _strategy(r: dict) -> list[Table]:
    indicators = [{"name": INDICATORS[i["code"]], "value_pct": i["value_pct"],
                   "target": (i["target"] or "").replace(".", ","), "met": MET[i["met"]]}
                  for i in r["indicators"]]
    access = [{**a, "category": CATEGORIES[a["category"]]} for a in r["access"]["by_category"]]
    return [
        Table("indicators", "Chỉ tiêu", (C("name", "Chỉ tiêu"), C("value_pct", "Thực hiện %",
              "pct"), C("target", "Mục tiêu"), C("met", "Đánh giá")), indicators),
        Table("by_point", "Theo điểm giao dịch (xã)", (CODE, NAME, *GROWTH), r["by_point"],
              {"code": "", "name": "Tổng cộng", **r["totals"]}),
        Table("by_commune", "Theo xã (đơn vị hành chính từ 01/07/2025)", (CODE, NAME, *GROWTH),
              r["by_commune"], {"code": "", "name": "Tổng cộng", **r["totals"]}),
        Table("access", "Tiếp cận vốn (số ngày: trung vị)", (C("category", "Đối tượng"),
              C("households", "Hộ trong DS", "int"), C("applied", "Đề nghị", "int"),
              C("approved", "Được duyệt", "int"), C("refused", "Từ chối", "int"),
              C("received", "Đã nhận tiền", "int"),
              C("days_to_decision", "Ngày đến khi duyệt", "int"),
              C("days_to_money", "Ngày đến khi nhận tiền", "int")), access),
        _trend(r["trend"])]


def _trend(rows: list[dict]) -> Table:
    return Table("trend", "Diễn biến theo tháng", (C("date", "Ngày", "date"), *SPLIT), rows)


def _collections(r: dict) -> list[Table]:
    money = (C("interest", "Thu lãi", "money"), C("principal", "Thu nợ gốc", "money"),
             C("savings", "Gửi tiết kiệm", "money"))
    return [
        Table("by_point", "Theo điểm giao dịch: tỷ lệ giao dịch tại xã", (
            CODE, NAME, C("sessions", "Số phiên", "int"), *money,
            C("at_sessions", "Thu tại phiên", "money"), C("at_office", "Thu tại PGD", "money"),
            C("transaction_rate_pct", "Tỷ lệ GD tại xã %", "pct")), r["by_point"],
            {"code": "", "name": "Tổng cộng", **r["totals"]}),
        Table("by_session", "Theo phiên giao dịch", (
            C("date", "Ngày", "date"), C("point_code", "Điểm"), C("teller", "Giao dịch viên"),
            C("members", "Tổ viên", "int"), *money, C("cash_in", "Tiền mặt thu", "money")),
            r["by_session"])]


def _fees(r: dict) -> list[Table]:
    cols = (C("point_code", "Điểm"), CODE, NAME, C("issued", "Phải trả", "money"),
            C("paid", "Đã trả", "money"), C("due", "Còn phải trả", "money"))
    total = {"point_code": "", "code": "", "name": "Tổng cộng", **r["totals"]}
    return [Table("by_organisation", "Phí ủy thác theo hội đoàn thể", cols, r["by_organisation"]),
            Table("by_group", "Hoa hồng theo tổ TK&VV", cols, r["by_group"], total)]


def _idle(r: dict) -> list[Table]:
    return [
        Table("by_point", "Theo điểm giao dịch", (CODE, NAME, C("loans", "Món vay", "int"),
              C("outstanding", "Dư nợ", "money")), r["by_point"],
              {"code": "", "name": "Tổng cộng", **r["totals"]}),
        Table("loans", "Món vay không phát sinh giao dịch", IDLE_LOANS, r["loans"])]


IDLE_LOANS = (C("point_code", "Điểm"), C("group", "Tổ TK&VV"), C("borrower", "Người vay"),
              C("contract_no", "Số khế ước"), C("programme", "Chương trình"),
              C("outstanding", "Dư nợ", "money"), C("overdue", "Quá hạn", "money"),
              C("last_activity", "Giao dịch cuối", "date"), C("days_idle", "Số ngày", "int"))


SCORE_CRITERIA = {
    "overdue": "Nợ quá hạn: đủ điểm khi không có, 0 điểm khi từ 2 % dư nợ",
    "interest": "Hộ vay có trả lãi trong 3 tháng / hộ vay",
    "savings": "Hộ có tiền gửi tiết kiệm / tổ viên",
    "size": "Số tổ viên từ 5 đến 60"}


def _groups(r: dict) -> list[Table]:
    weights = [{"name": SCORE_CRITERIA.get(k, k), "points": v}
               for k, v in (r.get("score_weights") or {}).items()]
    bands = [{"grade_name": GRADE_NAMES.get(b["grade"], b["grade"]), "from": b["from"]}
             for b in r.get("grade_bands") or []]
    return [
        Table("by_grade", "Số tổ theo xếp loại", (C("grade_name", "Xếp loại"),
              C("groups", "Số tổ (đã xếp loại)", "int"),
              C("by_score", "Số tổ (theo điểm tính)", "int")), r["by_grade"]),
        Table("groups", "Theo tổ TK&VV", (
            C("point_code", "Điểm"), CODE, NAME, C("leader", "Tổ trưởng"),
            C("members", "Tổ viên", "int"), C("borrowers", "Hộ vay", "int"),
            C("paying_interest", "Trả lãi 3 tháng", "int"),
            C("not_paying_interest", "Không trả lãi 3 tháng", "int"),
            C("outstanding", "Dư nợ", "money"), C("overdue", "Quá hạn", "money"),
            C("frozen", "Khoanh", "money"), C("overdue_ratio_pct", "Tỷ lệ NQH %", "pct"),
            C("savings", "Tiền gửi tiết kiệm", "money"), C("score", "Điểm tính", "int"),
            C("score_grade_name", "Loại theo điểm"), C("grade_name", "Xếp loại ghi nhận")),
            r["groups"], {"point_code": "", "code": "", "name": "Tổng cộng", **r["totals"]}),
        Table("score", "Cách tính điểm (cài đặt của phòng giao dịch)",
              (C("name", "Tiêu chí"), C("points", "Điểm tối đa", "int")), weights),
        Table("score_bands", "Xếp loại theo điểm",
              (C("grade_name", "Xếp loại"), C("from", "Từ điểm", "int")), bands)]


GRADE_NAMES = {"good": "Tốt", "fair": "Khá", "average": "Trung bình", "weak": "Yếu"}


def _inspection(r: dict) -> list[Table]:
    return [
        Table("groups", f"Kiểm tra theo tổ: 100 % món vay mới, món vay không giao dịch; "
              f"{r['share_pct']} % món vay cũ"
              + (f", {r['difficult_share_pct']} % ở vùng khó khăn" if r.get("difficult_points")
                 else ""), (
                  C("point_code", "Điểm"), CODE, NAME, C("leader", "Tổ trưởng"),
                  C("new", "Vay mới (30 ngày)", "int"), C("idle", "Không giao dịch", "int"),
                  C("earlier", "Món vay cũ", "int"), C("share_pct", "Tỷ lệ KT %", "int"),
                  C("to_check", "Cần kiểm tra", "int")),
              r["groups"], {"point_code": "", "code": "", "name": "Tổng cộng",
                            **r["totals"]}),
        Table("new_loans", "Món vay giải ngân trong 30 ngày", (
            C("point_code", "Điểm"), C("group", "Tổ TK&VV"), C("borrower", "Người vay"),
            C("contract_no", "Số khế ước"), C("disbursed_on", "Ngày giải ngân", "date"),
            C("outstanding", "Dư nợ", "money")), r["new_loans"]),
        Table("idle_loans", "Món vay không phát sinh giao dịch", IDLE_LOANS, r["idle_loans"])]


def tables(name: str, report: dict) -> list[Table]:
    if name == "portfolio":
        return _dimensions(report, PORTFOLIO)
    if name == "overdue":
        age = Table("by_age", "Nợ quá hạn theo thời gian quá hạn (ngày)", (
            C("age", "Số ngày quá hạn"), C("overdue", "Nợ quá hạn", "money"),
            C("loans", "Món vay", "int")), report["by_age"])
        return [*_dimensions(report, SPLIT), age, _trend(report["trend"])]
    return {"strategy": _strategy, "collections": _collections, "fees": _fees,
            "idle": _idle, "groups": _groups, "inspection": _inspection}[name](report)


def subtitle(name: str, report: dict) -> str:
    """The report's period, as the PDF and the page say it (dd/mm/yyyy)."""
    d = (lambda iso: "/".join(reversed(iso.split("-"))))
    if name == "collections":
        text = f"Từ ngày {d(report['from'])} đến ngày {d(report['to'])}"
    elif name == "strategy":
        text = f"Đến ngày {d(report['as_of'])}, so với ngày {d(report['since'])}"
    else:
        text = f"Đến ngày {d(report['as_of'])}"
    return text + (f" — điểm {report['point']}" if report.get("point") else "")


def charts(name: str, report: dict) -> list[Chart]:
    """Bars by point and the trend by month (strategy and overdue); the portfolio's bars by
    commune."""
    if name == "portfolio" and report.get("by_commune"):
        communes = report["by_commune"]
        return [Chart("Dư nợ theo xã (triệu đồng)", "bar", [c["name"] for c in communes],
                      {"Dư nợ": [c["outstanding"] // 1_000_000 for c in communes],
                       "Quá hạn + khoanh": [(c["overdue"] + c["frozen"]) // 1_000_000
                                            for c in communes]})]
    if name not in ("strategy", "overdue"):
        return []
    points = report["by_point"]
    labels = [p["code"] for p in points]
    trend = report["trend"]
    ratio = (lambda v: float(v) if v is not None else 0.0)   # drawing only, never money
    out = []
    if name == "strategy":
        out.append(Chart("Tăng trưởng dư nợ theo điểm (triệu đồng)", "bar", labels,
                         {"Tăng trưởng": [p["growth"] // 1_000_000 for p in points],
                          "Nguồn ĐP": [p["local_growth"] // 1_000_000 for p in points]}))
    out.append(Chart("Tỷ lệ nợ quá hạn, nợ khoanh theo tháng (%)", "line",
                     [f"{t['date'][5:7]}/{t['date'][2:4]}" for t in trend],
                     {"Quá hạn": [ratio(t["overdue_ratio_pct"]) for t in trend],
                      "Quá hạn + khoanh": [ratio(t["overdue_frozen_ratio_pct"]) for t in trend]},
                     unit="%"))
    return out


def to_csv(tables_: list[Table]) -> str:
    """Every table one after another: its key in the first column, a header row each."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for t in tables_:
        w.writerow(["table", *(c.key for c in t.columns)])
        for row in (*t.rows, *([t.totals] if t.totals else [])):
            w.writerow([t.key if row is not t.totals else f"{t.key}_total",
                        *("" if row.get(c.key) is None else row[c.key] for c in t.columns)])
    return out.getvalue()


def to_xlsx(tables_: list[Table], title: str, subtitle_: str) -> bytes:
    """One sheet a table: the report's title, the table's, a header row, the rows (amounts as
    whole-đồng numbers, shares as numbers with two decimals), the totals bold."""
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.styles import Font
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for t in tables_:
        sheet = book.create_sheet(t.key[:31])
        sheet.append([title])
        sheet.append([f"{t.title} — {subtitle_}"])
        sheet.append([c.title for c in t.columns])
        for cell in sheet[3]:
            cell.font = bold
        for row in (*t.rows, *([t.totals] if t.totals else [])):
            values = []
            for c in t.columns:
                v = row.get(c.key)
                values.append(Decimal(v) if c.kind == "pct" and v is not None else v)
            sheet.append(values)
            for c, cell in zip(t.columns, sheet[sheet.max_row], strict=True):
                cell.number_format = {"money": "#,##0", "int": "0", "pct": "0.00"}.get(
                    c.kind, "General")
                if row is t.totals:
                    cell.font = bold
        sheet.cell(1, 1).font = Font(bold=True, size=13)
        for k, c in enumerate(t.columns, 1):
            sheet.column_dimensions[sheet.cell(3, k).column_letter].width = (
                36 if c.key in ("name", "group", "borrower", "programme") else 16)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(book, name: str, as_of, *, point: str | None = None, since=None, date_from=None,
        months: int | None = None, by_point: bool = True) -> dict:
    """The report `name` of `book` at `as_of` as its JSON dict (the CLI's and the page's);
    `by_point`: the portfolio's figures per point too (not in its JSON contract)."""
    import datetime as dt

    from sbpdesk.reports import activity, groups, overdue, portfolio, strategy
    if name == "portfolio":
        return portfolio.portfolio(book, as_of, point, by_point=by_point and point is None)
    if name == "strategy":
        return strategy.strategy(book, as_of, since, months=6 if months is None else months)
    if name == "overdue":
        return overdue.overdue(book, as_of, point, months=6 if months is None else months)
    if name == "collections":
        return activity.collections(book, date_from or dt.date(as_of.year, 1, 1), as_of, point)
    if name == "fees":
        return activity.fees(book, as_of, point)
    if name == "idle":
        return activity.idle(book, as_of, point, months=3 if months is None else months)
    if name == "groups":
        return groups.grades(book, as_of, point)
    if name == "inspection":
        return groups.inspection(book, as_of, point)
    raise ValueError(f"unknown report {name!r}")


def heading(book, report: dict):
    """Who issues the report (branch, office) and how it is marked (a demo book's banner)."""
    import datetime as dt

    from sbpdesk.services.documents.common import issuer, mark
    day = dt.date.fromisoformat(report.get("as_of") or report["to"])
    out = issuer(book, None, day), mark(book)
    book.end_read()
    return out

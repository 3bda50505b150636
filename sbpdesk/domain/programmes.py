"""Loan programmes as data: names, limits, eligibility category, funding sources, when
interest falls due.

The shipped table is vbsp-brief C1/C2; the office adds or changes programmes with
`programme.define`. `max_amount`/`max_term_months` of None mean the brief found no figure:
the check is skipped (and the office should set one). Students (`interest_due
"after_grace"`) are billed nothing until the first instalment; their limit is per month of
study (`max_amount_per_month`). `overdue_policy_from` overrides the rule set's switch date to
per-instalment overdue for this programme (None = use the rule set's); social housing ships
with a date in the past: its instalments go overdue one by one (Letter 597/NHCS-TDNN).

A programme may have regimes chosen by the contract's date (`Regime`): job-creation
contracts from 01/01/2026 follow Decree 338/2025 (127 % of the poor-household rate, priority
borrowers the poor rate, 200 M đ, 120 months). The regime names the loan's rate-table key
(`rates.regime_rate_code`) and its limits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MONTHLY = "monthly"
AFTER_GRACE = "after_grace"


@dataclass(frozen=True)
class Regime:
    code: str                      # "338"; a priority borrower's rate key adds "-priority"
    contract_from: dt.date         # contracts (approvals) on or after this date
    max_amount: int | None = None
    max_term_months: int | None = None
    has_priority: bool = False     # a priority borrower is charged the priority rate


@dataclass(frozen=True)
class Programme:
    code: str
    name_vi: str
    name_en: str
    max_amount: int | None
    max_term_months: int | None
    category: str                   # household category required: poor, near_poor, escaped, any
    funding_sources: tuple[str, ...] = ("central", "local")
    interest_due: str = MONTHLY     # "monthly" or "after_grace" (students)
    overdue_policy_from: dt.date | None = None
    max_amount_per_month: int | None = None   # students: 4.000.000 đ per month of study
    max_interval_months: int | None = None    # students: instalments at most 6 months apart
    regimes: tuple[Regime, ...] = ()
    first_due_after_months: int | None = None  # STEM: first instalment 12 months after study

    def regime_on(self, contract_date: dt.date | None) -> Regime | None:
        """The regime a contract of that date falls under (the latest started), if any."""
        live = [r for r in self.regimes
                if contract_date is not None and r.contract_from <= contract_date]
        return max(live, key=lambda r: r.contract_from) if live else None

    def limits_on(self, contract_date: dt.date | None) -> tuple[int | None, int | None]:
        """(max amount, max term in months) for a contract of that date."""
        r = self.regime_on(contract_date)
        if r is None:
            return self.max_amount, self.max_term_months
        return r.max_amount, r.max_term_months

    @classmethod
    def from_payload(cls, p: dict) -> Programme:
        """From a `programme.define` payload."""
        opf = p.get("overdue_policy_from")
        return cls(p["code"], p["name_vi"], p["name_en"], p.get("max_amount"),
                   p.get("max_term_months"), p.get("category", "any"),
                   tuple(p.get("funding_sources") or ("central", "local")),
                   p.get("interest_due", MONTHLY),
                   dt.date.fromisoformat(opf) if opf else None,
                   p.get("max_amount_per_month"), p.get("max_interval_months"),
                   tuple(Regime(r["code"], dt.date.fromisoformat(r["contract_from"]),
                                r.get("max_amount"), r.get("max_term_months"),
                                bool(r.get("has_priority"))) for r in p.get("regimes") or ()),
                   p.get("first_due_after_months"))


def regime_code(programme: Programme | None, contract_date: dt.date | None,
                priority: bool = False) -> str:
    """The loan's regime ("" = the programme's own rates; "338", "338-priority")."""
    r = programme.regime_on(contract_date) if programme else None
    if r is None:
        return ""
    return f"{r.code}-priority" if priority and r.has_priority else r.code


M = 1_000_000

SHIPPED_PROGRAMMES: dict[str, Programme] = {p.code: p for p in (
    Programme("poor", "Cho vay hộ nghèo", "Poor households", 100 * M, 120, "poor"),
    Programme("near_poor", "Cho vay hộ cận nghèo", "Near-poor households", 100 * M, 120,
              "near_poor"),
    Programme("escaped_poverty", "Cho vay hộ mới thoát nghèo", "Households newly escaped "
              "from poverty", 100 * M, 60, "escaped"),
    Programme("student", "Cho vay học sinh, sinh viên", "Students (HSSV)", None, None, "any",
              interest_due=AFTER_GRACE, max_amount_per_month=4 * M, max_interval_months=6),
    Programme("job_creation", "Cho vay giải quyết việc làm", "Job creation (workers)",
              100 * M, 120, "any", regimes=(
                  Regime("338", dt.date(2026, 1, 1), 200 * M, 120, has_priority=True),)),
    Programme("job_creation_pref", "Cho vay giải quyết việc làm (ưu đãi)",
              "Job creation (preferential cases)", 100 * M, 120, "any"),
    Programme("difficult_area_business", "Cho vay hộ gia đình sản xuất, kinh doanh tại vùng "
              "khó khăn", "Production/business households in difficult areas", 100 * M, 120,
              "any"),
    Programme("difficult_area_trader", "Cho vay thương nhân hoạt động thương mại tại vùng "
              "khó khăn", "Traders in difficult areas", None, None, "any"),
    Programme("clean_water", "Cho vay nước sạch và vệ sinh môi trường nông thôn",
              "Rural clean water and sanitation", 50 * M, 60, "any"),
    Programme("overseas_worker", "Cho vay người lao động đi làm việc ở nước ngoài",
              "Overseas contract workers", None, None, "any"),
    Programme("ex_prisoner", "Cho vay người chấp hành xong án phạt tù",
              "People who have served prison sentences", 100 * M, None, "any"),
    Programme("poor_30a", "Cho vay hộ nghèo tại huyện nghèo (30a)",
              "Poor households in poor (30a) districts", 100 * M, 120, "poor"),
    Programme("overseas_worker_27", "Cho vay người lao động đi làm việc ở nước ngoài "
              "(QĐ 27/2019)", "Workers from poor districts going abroad (Decision 27/2019)",
              None, None, "any"),
    Programme("forestry", "Cho vay phát triển lâm nghiệp", "Forestry development", None, None,
              "any"),
    Programme("poor_housing", "Cho vay hỗ trợ nhà ở hộ nghèo", "Poor-household housing",
              None, None, "poor"),
    Programme("social_housing", "Cho vay nhà ở xã hội (NĐ 100/2024)",
              "Social housing (Decree 100/2024)", 1000 * M, 300, "any",
              funding_sources=("central",), overdue_policy_from=dt.date(2000, 1, 1)),
    # Decision 29/2025/QĐ-TTg: tuition + up to 5 M đ a month, per school year; the first
    # instalment 12 months after graduation (first_due); no total cap found (None).
    Programme("stem_student", "Cho vay sinh viên ngành STEM (QĐ 29/2025)",
              "STEM students (Decision 29/2025)", None, None, "any",
              interest_due=AFTER_GRACE, max_interval_months=6, first_due_after_months=12),
    Programme("ethnic_housing", "Cho vay hỗ trợ nhà ở (NĐ 28/2022)",
              "Housing support (Decree 28/2022)", 40 * M, 180, "any"),
    Programme("ethnic_job_change", "Cho vay chuyển đổi nghề (NĐ 28/2022)",
              "Occupation change (Decree 28/2022)", 100 * M, 120, "any"),
)}

"""The point's lists: loans overdue, instalments due next month, the public notice."""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from sbpdesk.db.models import (
    AccountSnapshot,
    Group,
    Loan,
    Person,
)
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain.dates import add_months
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.loan import LoanState
from sbpdesk.domain.text import name_sort_key
from sbpdesk.services.context import Book

from .common import (
    LIVE,
    contract_ref,
    decimal_text,
    find_point,
    issuer,
    loan_on,
    mark,
    programme_short,
    rate_since,
)
from .data import ContractRef
from .data_tables import (
    BorrowerLine,
    DueGroup,
    DueList,
    DueRow,
    PublicNotice,
    RateLine,
    SessionDate,
)


def _live_loans(book: Book, point_code: str, as_of: dt.date) -> list[tuple[LoanState, Any]]:
    """(state at the end of as_of, advanced to as_of; snapshot) of the point's loans that
    have a balance then."""
    out = []
    for snap in book.db.scalars(select(AccountSnapshot).where(
            AccountSnapshot.account_kind == "loan", AccountSnapshot.point_code == point_code)):
        state = loan_on(book, snap, as_of)
        if state is None or state.status not in LIVE or not state.outstanding:
            continue
        out.append((domain_loan.advance(state, as_of, book.refs) or state, snap))
    return out


def due_list(book: Book, point_code: str, as_of: dt.date,
             kind: str = "overdue") -> DueList:
    """Loans with overdue principal or interest at `as_of` (kind "overdue"), or with an
    instalment falling due in the month after as_of ("due_next_month"), per group. The
    interest is the one rule's due now (`Dues.interest_due`) at as_of, or at the instalment's
    day."""
    if kind not in ("overdue", "due_next_month"):
        raise DomainError("print_bad_kind", f"Loại danh sách không hợp lệ: {kind}",
                          f"Unknown list kind: {kind}")
    point = find_point(book, point_code)
    next_month = add_months(dt.date(as_of.year, as_of.month, 1), 1)
    by_group: dict[str, list[DueRow]] = defaultdict(list)
    loans = {r.id: r for r in book.db.scalars(select(Loan).where(Loan.point_code == point.code))}
    for state, _ in _live_loans(book, point.code, as_of):
        person = book.db.get(Person, state.person_id or "")
        who = (person.full_name if person else "",
               programme_short(book, state.programme_code),
               contract_ref(state.loan_id, getattr(loans.get(state.loan_id), "contract_no", None)))
        row = _overdue_row(book, state, as_of, who) if kind == "overdue" else \
            _next_month_row(book, state, next_month, who)
        if row is not None:
            household = getattr(loans.get(state.loan_id), "household_id", None) or \
                state.person_id or state.loan_id
            by_group[state.group_id].append(replace(row, household=household))
    label = f"Tháng {next_month.month:02d}/{next_month.year}" if kind == "due_next_month" \
        else ""
    return DueList(issuer(book, point.code, as_of), kind, as_of, _groups(book, by_group),
                   period_label=label, mark=mark(book))


def _overdue_row(book: Book, state: LoanState, as_of: dt.date,
                 who: tuple[str, str, ContractRef]) -> DueRow | None:
    if not (state.principal_overdue or state.interest_overdue):
        return None
    overdue = [i.due_date for i in state.instalments if i.overdue and i.unpaid]
    due_date = min(overdue) if overdue else (state.classified_on or as_of)
    d = domain_loan.dues(state, as_of, book.refs)
    return DueRow(*who, due_date, state.principal_overdue, d.interest_due, state.outstanding,
                  max((as_of - due_date).days, 0))


def _next_month_row(book: Book, state: LoanState, month: dt.date,
                    who: tuple[str, str, ContractRef]) -> DueRow | None:
    insts = [i for i in state.instalments if i.unpaid and not i.overdue
             and (i.due_date.year, i.due_date.month) == (month.year, month.month)]
    if not insts or state.status != "active":
        return None
    due_date = insts[0].due_date
    d = domain_loan.dues(state, due_date, book.refs)
    return DueRow(*who, due_date, sum(i.unpaid for i in insts), d.interest_due,
                  state.outstanding)


def _groups(book: Book, by_group: dict[str, list[DueRow]]) -> tuple[DueGroup, ...]:
    """The rows per group in name order, the groups in code order."""
    groups = []
    for group_id, rows in by_group.items():
        g = book.db.get(Group, group_id or "")
        groups.append((g.code if g else "", DueGroup(
            g.name if g else "", (g.leader_name or "") if g else "",
            tuple(sorted(rows, key=lambda r: name_sort_key(r.name))))))
    groups.sort(key=lambda x: x[0])
    return tuple(g for _, g in groups)


# --- public notice --------------------------------------------------------------------------

NOTICE_RULES = (
    "Người vay mang theo Sổ vay vốn và thẻ Căn cước khi đến giao dịch.",
    "Nhận biên lai sau mỗi lần nộp tiền; kiểm tra số tiền ghi trên biên lai.",
    "Tổ trưởng Tổ TK&VV không được thu nợ gốc của tổ viên; nợ gốc nộp trực tiếp tại Điểm "
    "giao dịch xã hoặc trụ sở Ngân hàng Chính sách xã hội.",
    "Mọi thắc mắc, góp ý xin bỏ vào hòm thư góp ý đặt tại Điểm giao dịch.",
)


def notice(book: Book, point_code: str, as_of: dt.date, *, sessions: int = 3) -> PublicNotice:
    """Niêm yết công khai of a point: programme rates in force at as_of (book.refs), the
    next sessions, rules (from the rule set in force), active borrowers with balance and
    next due date."""
    point = find_point(book, point_code)
    refs = book.refs
    rates = []
    for code, prog in refs.programmes.items():
        rate = refs.rates.rate_on(code, as_of)
        if rate is None:
            continue
        # The bank quotes monthly rates to three decimals (7,488 %/năm → 0,624 %/tháng).
        monthly = (rate / 12).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        note = _note_in_force(refs, code, as_of)
        rates.append(RateLine(prog.name_vi, decimal_text(rate), decimal_text(monthly),
                              rate_since(refs, code, as_of), note if _sourced(note) else "",
                              sourced=_sourced(note)))
    cal = refs.calendar(point.code, point.session_day)
    first = cal.session_on(as_of.year, as_of.month)
    day = first if first >= as_of else cal.next_session(as_of)
    dates = [day]
    while len(dates) < sessions:
        dates.append(cal.next_session(dates[-1]))
    place = point.place or point.name
    rules = refs.rules_at(as_of)
    rule_lines = (*NOTICE_RULES[:3],
                  f"Nợ quá hạn chịu lãi suất bằng {rules.overdue_multiplier_pct}% lãi suất khi "
                  "cho vay; trả lãi, trả nợ đúng hạn để tránh phát sinh nợ quá hạn.",
                  f"Tổ viên gửi tiết kiệm tối thiểu {_money(rules.savings_min_deposit)} mỗi lần.",
                  NOTICE_RULES[3])
    borrowers = []
    groups = {g.id: g for g in book.db.scalars(select(Group).where(
        Group.point_code == point.code))}
    for state, _ in _live_loans(book, point.code, as_of):
        d = domain_loan.dues(state, as_of, refs)
        nxt = d.next_due
        person = book.db.get(Person, state.person_id or "")
        g = groups.get(state.group_id)
        borrowers.append(BorrowerLine(person.full_name if person else "",
                                      g.name if g else "",
                                      programme_short(book, state.programme_code),
                                      state.outstanding, nxt[0] if nxt else None,
                                      nxt[1] if nxt else None,
                                      household=(person.household_id if person else "")
                                      or state.loan_id))
    borrowers.sort(key=lambda b: (b.group_name, name_sort_key(b.name)))
    return PublicNotice(issuer(book, point.code, as_of), as_of, tuple(rates),
                        tuple(SessionDate(d_, point.session_time or "", cal.place_on(d_) or place)
                              for d_ in dates), rule_lines, tuple(borrowers),
                        mark=mark(book))


def _money(amount: int) -> str:
    from sbpdesk.domain.money import format_vnd
    return format_vnd(amount)


# A legal source: a decision, decree, circular or letter by its number ("QĐ 2553/QĐ-TTg",
# "NĐ 28/2022"). Research notes ("likely", "vbsp-brief C1") are not one.
_SOURCE = re.compile(r"\b(QĐ|NĐ|TT|CV|VB|Luật|Quyết định|Nghị định|Thông tư|Văn bản)\b.*\d"
                     r"|\d+/\d{4}|\d+/[A-ZĐ]")


def _sourced(note: str) -> bool:
    return bool(_SOURCE.search(note or ""))


def _note_in_force(refs: Any, code: str, as_of: dt.date) -> str:
    """The note (its legal source) of the rate entry in force at as_of."""
    live = [e for e in refs.rates.entries if e.programme == code and e.effective_from <= as_of
            and (e.until is None or as_of <= e.until)]
    if not live:
        return ""
    return max(live, key=lambda e: (e.until is not None, e.effective_from)).note or ""

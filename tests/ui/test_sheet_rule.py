"""One rule for what a collection line may hold: the 13/TD sheet's table model and the
collection decider are fed the same loans — in term, a student in grace, a student whose
grace interest is billed, frozen, overdue, approved but not disbursed — and the same
amounts around what is due and what is payable, and no amount is refused by one and taken
by the other (issue 12; before, the sheet refused frozen and unbilled grace interest that
the decider took)."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import collections, journal, loans, posting
from sbpdesk.services.auth import Approval
from sbpdesk.services.context import User
from sbpdesk.services.posting import Command
from sbpdesk.ui.pages.sheet_model import REFUSED, SheetModel, SheetRow, columns
from tests.conftest import PW, TODAY

DS = dt.date(2026, 3, 1)          # set-up and approvals
D0 = TODAY                        # 15/03/2026: disbursements
ON = dt.date(2026, 5, 15)         # the session the sheet is for
AMOUNTS = ("interest", "principal", "savings", "from_savings")


def _as(book, name):
    book.user = User(name, name, frozenset([name]))


def _payload_id(book, posted, key):
    return journal.get(book.db, posted.op_id).payload[key]


def _borrower(book, group_id, name, programme, amount, term, frequency, first_due=None,
              disburse=True):
    _as(book, "accountant")
    h = posting.post(book, "household.register", {
        "point_code": "P01", "group_id": group_id, "address": "Thôn 2", "village": "Thôn 2",
        "category": "poor"}, business_date=DS)
    household_id = _payload_id(book, h, "household_id")
    p = posting.post(book, "person.register", {
        "household_id": household_id, "full_name": name, "sex": "F",
        "birth_date": "1990-01-01", "is_representative": True}, business_date=DS)
    person_id = _payload_id(book, p, "person_id")
    a = posting.post(book, "application.submit", {
        "household_id": household_id, "person_id": person_id, "programme_code": programme,
        "amount": amount, "term_months": term, "frequency_months": frequency,
        "purpose": "Sản xuất"}, business_date=DS)
    _as(book, "director")
    d = posting.post(book, "application.decide", {
        "application_id": _payload_id(book, a, "application_id"), "approved": True,
        "first_due": first_due}, business_date=DS)
    loan_id = _payload_id(book, d, "loan_id")
    if disburse:
        _as(book, "teller")
        posting.post(book, "loan.disburse", {"loan_id": loan_id, "amount": amount,
                                             "id_checked": True}, business_date=D0,
                     approved_by=Approval("controller", PW))
    return loan_id


@pytest.fixture
def group(office):
    """P01's group with one borrower of each kind at ON."""
    with office.transaction():
        _as(office, "accountant")
        g = posting.post(office, "group.form", {
            "point_code": "P01", "organisation_code": "HPN-P01", "code": "T09",
            "name": "Tổ 9", "village": "Thôn 2", "leader_name": "Lê Thị Hoa"},
            business_date=DS)
        group_id = _payload_id(office, g, "group_id")
        _borrower(office, group_id, "An Thị Trong Hạn", "poor", 12_000_000, 12, 6)
        _borrower(office, group_id, "Bùi Thị Ân Hạn", "student", 7_300_000, 48, 6,
                  first_due="2027-07-15")
        _borrower(office, group_id, "Cao Thị Đã Đến Kỳ", "student", 7_300_000, 12, 6,
                  first_due="2026-05-15")
        frozen = _borrower(office, group_id, "Đỗ Thị Khoanh Nợ", "poor", 12_000_000, 12, 6)
        _borrower(office, group_id, "Lê Thị Quá Hạn", "poor", 6_000_000, 1, 1)
        _borrower(office, group_id, "Mai Thị Chưa Giải Ngân", "poor", 5_000_000, 12, 6,
                  disburse=False)
        _as(office, "director")
        posting.post(office, "loan.freeze", {"loan_id": frozen, "until": None,
                                             "reason": "Thiên tai"},
                     business_date=dt.date(2026, 4, 20))
    return group_id


def _candidates(book, line):
    """Amounts around what the loan owes, from the domain's own figures."""
    if line.loan_id is None:
        return {"interest": (0, 1), "principal": (0, 1), "savings": (0, 4_000, 50_000),
                "from_savings": (0, 1)}
    d = loans.loan_detail(book, line.loan_id, ON).dues
    due = d.interest_in_term + d.interest_overdue
    interest = sorted({0, due, due + 1, d.interest_total, d.interest_total + 1})
    principal = sorted({0, d.principal_overdue + d.principal_due_now, d.outstanding,
                        d.outstanding + 1})
    return {"interest": interest, "principal": principal, "savings": (0, 4_000),
            "from_savings": (0, 1)}


def _sheet_takes(model, amounts) -> bool:
    """The officer types each amount in its cell of an empty row: taken unless a cell or
    the row's colour refuses it."""
    model.replace_row(0, SheetRow(model.row_at(0).line))
    for key, value in zip(AMOUNTS, amounts, strict=True):
        if value and not model.setData(model.index(0, model.column_index(key)), str(value)):
            return False
    return model.row_at(0).state != REFUSED


def _decider_takes(book, group_id, line, amounts, confirmed) -> bool:
    payload = dict(zip(AMOUNTS, amounts, strict=True))
    payload.update(person_id=line.person_id, loan_id=line.loan_id, group_id=group_id,
                   overpay_confirmed=confirmed)
    try:
        posting.DECIDERS["collection.record"](book, Command("collection.record", payload, ON))
    except DomainError:
        return False
    return True


def test_the_sheet_and_the_decider_refuse_the_same_amounts(office, group, qapp):
    posting.load_subjects()
    sheet = collections.group_sheet(office, group, ON)
    lines = [x for x in sheet.lines if x.loan_id]
    assert len(lines) == 6
    owed = {x.full_name: loans.loan_detail(office, x.loan_id, ON).dues for x in lines}
    # The cases are the ones named: frozen interest, grace interest before and after it is
    # billed, overdue principal.
    assert owed["Đỗ Thị Khoanh Nợ"].interest_frozen > 0
    assert owed["Bùi Thị Ân Hạn"].interest_grace > 0
    assert owed["Cao Thị Đã Đến Kỳ"].interest_grace > 0
    assert owed["Lê Thị Quá Hạn"].principal_overdue > 0
    disagree, tried = [], 0
    for line in lines:
        model = SheetModel(columns(lambda code: code or ""))
        model.set_rows([SheetRow(line)])
        grid = _candidates(office, line)
        for amounts in itertools.product(*(grid[k] for k in AMOUNTS)):
            if not any(amounts):
                continue
            tried += 1
            on_sheet = _sheet_takes(model, amounts)
            confirmed = bool(line.loan_id) and amounts[1] + amounts[3] > line.outstanding
            by_decider = _decider_takes(office, group, line, amounts, confirmed)
            if on_sheet != by_decider:
                disagree.append((line.full_name, amounts, on_sheet, by_decider))
    office.end_read()
    assert tried > 200
    assert disagree == []


def test_frozen_and_grace_interest_are_payable_not_due(office, group):
    sheet = collections.group_sheet(office, group, ON)
    by_name = {x.full_name: x for x in sheet.lines}
    frozen, grace = by_name["Đỗ Thị Khoanh Nợ"], by_name["Bùi Thị Ân Hạn"]
    billed = by_name["Cao Thị Đã Đến Kỳ"]
    assert frozen.interest_due == 0 and frozen.interest_payable == frozen.dues.interest_frozen
    assert grace.interest_due == grace.dues.interest_in_term
    assert grace.interest_payable == grace.interest_due + grace.dues.interest_grace
    assert billed.interest_due == billed.interest_payable >= billed.dues.interest_grace > 0

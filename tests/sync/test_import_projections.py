"""After imports the office's loan, instalment and savings rows are what the folded states
say: the fold forward writes only the instalments whose values changed (0041)."""
from __future__ import annotations

from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot, Ack, Loan, SavingsAccount
from sbpdesk.db.models import Instalment as InstalmentRow
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.loan import LoanState
from sbpdesk.domain.savings import SavingsState
from sbpdesk.services import journal, loans
from tests.sync.test_enrol import fast_kdf  # noqa: F401
from tests.sync.test_equivalence import DAYS, session
from tests.sync.test_exchange import collect, export, imp, loan_pair

STATE_COLUMNS = ("status", "outstanding", "principal_overdue", "principal_frozen", "disbursed",
                 "next_due_date", "household_id", "point_code")


def assert_rows_follow_states(book):
    for snap in book.db.scalars(select(AccountSnapshot)).all():
        state = from_json(snap.state)
        if snap.account_kind == "loan":
            loan = LoanState.from_dict(state)
            row = book.db.get(Loan, loan.loan_id)
            want = loans.loan_row(loan, row.organisation_code, row.purpose)
            assert {c: getattr(row, c) for c in STATE_COLUMNS} == {c: want[c]
                                                                   for c in STATE_COLUMNS}
            insts = book.db.scalars(select(InstalmentRow).where(
                InstalmentRow.loan_id == loan.loan_id).order_by(InstalmentRow.no)).all()
            assert [dict(loan_id=i.loan_id, no=i.no, due_date=i.due_date, amount=i.amount,
                         paid=i.paid) for i in insts] == loans.instalment_rows(loan)
        elif snap.account_kind == "savings":
            acc = SavingsState.from_dict(state)
            assert book.db.get(SavingsAccount, acc.account_id).balance == acc.balance
    book.end_read()


def test_rows_follow_the_states_over_several_imports(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    amounts = ((40_000, 1_000_000, 50_000), (0, 0, 20_000), (60_000, 2_500_000, 0))
    for k, (day, (interest, principal, savings)) in enumerate(zip(DAYS, amounts,
                                                                   strict=True)):
        session(laptop, day, lambda d, i=interest, p=principal, s=savings:
                collect(laptop, ids, day=d, interest=i, principal=p, savings=s))
        result = imp(office, export(laptop, tmp_path, name=f"s{k}"))
        assert result["counts"]["applied"] >= 1
        with laptop.transaction():
            laptop.db.merge(Ack(peer="PGD01", highest=journal.head(laptop.db,
                                                                   laptop.origin).seq))
        assert_rows_follow_states(office)
    assert_rows_follow_states(laptop)

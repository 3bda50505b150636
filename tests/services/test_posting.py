"""posting.post: role, author and approval refusals, receipts, the account-snapshot fold
(with a stand-in account kind until the domain engine lands) and out-of-order replay."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot, Operation, Receipt
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import check, journal, posting, sessions
from sbpdesk.services.auth import Approval
from sbpdesk.services.context import User
from tests.conftest import PW, TODAY


def _refused(code, fn, *args, **kw):
    with pytest.raises(DomainError) as err:
        fn(*args, **kw)
    assert err.value.code == code, err.value.en
    assert err.value.vi and err.value.en
    return err.value


def test_role_refusal_names_the_roles(office):
    office.sign_in("teller", PW)
    err = _refused("role_refused", posting.post, office, "group.form",
                   {"point_code": "P01", "organisation_code": "HPN-P01", "code": "T1",
                    "name": "Tổ 1"}, business_date=TODAY)
    assert "Accountant" in err.en and "Kế toán" in err.vi and "không có quyền" in err.vi


def test_office_kind_refused_on_a_point_book(point):
    point.user = User("x", "X", frozenset({"accountant", "admin"}))
    _refused("office_only", posting.post, point, "group.form", {}, business_date=TODAY)
    _refused("office_only", posting.post, point, "user.set", {}, business_date=TODAY)


def test_point_kind_refused_on_an_office_book(office):
    office.sign_in("teller", PW)
    _refused("point_only", posting.post, office, "session.open", {"point_code": "P01"},
             business_date=TODAY)


def test_not_signed_in_unknown_kind_and_unenrolled(office, tmp_path, clock):
    office.user = None
    _refused("not_signed_in", posting.post, office, "office.define", {}, business_date=TODAY)
    office.sign_in("admin", PW)
    _refused("unknown_kind", posting.post, office, "loan.teleport", {}, business_date=TODAY)
    from sbpdesk.services.books import init_book
    laptop = init_book(tmp_path / "new", "point", admin_password=PW, clock=clock)
    laptop.sign_in("admin", PW)
    laptop.user = User("admin", "A", frozenset({"teller"}))
    _refused("not_enrolled", posting.post, laptop, "household.register", {},
             business_date=TODAY)
    laptop.close()


def test_refused_post_writes_nothing(office):
    before = office.db.scalar(select(Operation.seq).order_by(Operation.seq.desc()).limit(1))
    office.sign_in("accountant", PW)
    _refused("unknown_point", posting.post, office, "group.form",
             {"point_code": "NOPE", "organisation_code": "HPN-P01", "code": "T1", "name": "x"},
             business_date=TODAY)
    after = office.db.scalar(select(Operation.seq).order_by(Operation.seq.desc()).limit(1))
    assert before == after


def test_approval_must_be_another_user_with_the_role(point):
    sessions.open_session(point, "P01", TODAY, controller="controller")
    sid = sessions.current_session(point).id
    for who in (None, Approval("teller", PW), Approval("teller2", PW)):
        _refused("approval_required", sessions.record_cash_difference, point, sid, 1000,
                 "thừa", approved_by=who)
    for who in (Approval("nobody", PW), Approval("controller", "sai")):
        _refused("login_failed", sessions.record_cash_difference, point, sid, 1000,
                 "thừa", approved_by=who)
    ok = sessions.record_cash_difference(point, sid, 1000, "thừa quỹ",
                                         approved_by=Approval("controller", PW))
    assert journal.get(point.db, ok.op_id).approved_by == "controller"


def test_a_bare_approver_name_is_no_approval(point):
    """The approver's name without their password proves nothing: refused (issue 12; the
    four-eyes rule was checked only by the GUI dialog before)."""
    sessions.open_session(point, "P01", TODAY, controller="controller")
    sid = sessions.current_session(point).id
    _refused("approval_required", sessions.record_cash_difference, point, sid, 1000,
             "thừa quỹ", approved_by="controller")
    _refused("approval_required", posting.post, point, "session.cash_difference",
             {"session_id": sid, "amount": 1000, "reason": "thừa quỹ"}, business_date=TODAY,
             approved_by="controller")
    assert sessions.expected_cash(point, sid) == 0


def test_cash_kind_gets_a_receipt_number(point):
    sessions.open_session(point, "P01", TODAY, controller="controller")
    sid = sessions.current_session(point).id
    posted = sessions.record_cash_difference(point, sid, -2000, "thiếu quỹ",
                                             approved_by=Approval("controller", PW))
    assert posted.receipt_no == f"P01-{point.origin}-{posted.seq}"
    receipt = point.db.get(Receipt, posted.receipt_no)
    assert (receipt.op_id, receipt.amount, receipt.kind) == (posted.op_id, -2000,
                                                             "session.cash_difference")


def test_cash_amount_signs():
    assert posting.cash_amount("collection.record",
                               {"interest": 10, "principal": 20, "savings": 5,
                                "from_savings": 99}) == 35
    assert posting.cash_amount("loan.disburse", {"amount": 100}) == -100
    assert posting.cash_amount("fee.pay", {"amount": 7}) == -7
    assert posting.cash_amount("household.register", {"amount": 7}) == 0


def test_every_kind_in_the_catalogue_has_a_rule():
    from sbpdesk.domain.operation import CLASS
    assert set(CLASS) == set(posting.KINDS)
    for kind, rule in posting.KINDS.items():
        # office-only kinds are exactly the decisions
        assert (rule.author == "office") == (CLASS[kind] == "decision"), kind


# --- account snapshots, with a stand-in "savings" fold --------------------------------------

@dataclasses.dataclass(frozen=True)
class Box:
    """A toy account: balance and the list of business dates folded (order-sensitive)."""
    balance: int = 0
    dates: tuple[str, ...] = ()
    suspense: int = 0

    def to_dict(self):
        return {"balance": self.balance, "dates": list(self.dates), "suspense": self.suspense,
                "outstanding": self.balance, "status": "open"}

    @classmethod
    def from_dict(cls, d):
        return cls(d["balance"], tuple(d["dates"]), d["suspense"])


def _box_apply(state, op, refs):
    state = state or Box()
    amount = -op.payload["amount"]
    if state.balance + amount < 0:  # cash a rule refuses goes to suspense
        return dataclasses.replace(state, suspense=state.suspense - amount,
                                   dates=state.dates + (op.business_date.isoformat(),))
    return dataclasses.replace(state, balance=state.balance + amount,
                               dates=state.dates + (op.business_date.isoformat(),))


def _box_replay(ops, refs):
    from sbpdesk.domain.operation import effective
    state = None
    for op in effective(ops):
        state = _box_apply(state, op, refs)
    return state or Box()


@pytest.fixture
def box(monkeypatch):
    kind = posting.AccountKind(_box_apply, _box_replay, Box.from_dict, lambda s: s.to_dict())
    monkeypatch.setitem(posting.ACCOUNT_KINDS, "savings", kind)
    monkeypatch.delitem(posting.PROJECTORS, "savings", raising=False)  # no rows for a toy
    monkeypatch.setitem(posting.DECIDERS, "savings.withdraw", lambda book, cmd: cmd)
    monkeypatch.setitem(posting.APPLIERS, "savings.withdraw", posting.apply_accounts)
    # The toy's deposits are negative withdrawals, which the real payload schema refuses.
    monkeypatch.setattr(posting.schema, "check_payload", lambda kind, payload: None)
    return kind


def _withdraw(book, amount, day, account="acc-1"):
    return posting.post(book, "savings.withdraw", {"savings_account_id": account,
                                                   "amount": amount},
                        business_date=day, approved_by=Approval("controller", PW))


def test_apply_folds_into_the_snapshot_and_flags_suspense(office, box):
    office.sign_in("teller", PW)
    assert _withdraw(office, -500, TODAY).outcome == "applied"  # a deposit, in toy terms
    assert _withdraw(office, 200, TODAY).outcome == "applied"
    assert _withdraw(office, 900, TODAY).outcome == "suspense"
    snap = office.db.get(AccountSnapshot, ("savings", "acc-1"))
    assert (snap.outstanding, snap.suspense, snap.status) == (300, 900, "open")
    outcomes = [r.outcome for r in office.db.scalars(
        select(Operation).where(Operation.kind == "savings.withdraw").order_by(Operation.seq))]
    assert outcomes == ["applied", "applied", "suspense"]
    assert check.check_book(office, replay=True).ok


def test_back_dated_operation_replays_the_account(office, box):
    office.sign_in("teller", PW)
    _withdraw(office, -100, TODAY)
    _withdraw(office, 50, TODAY - dt.timedelta(days=10))  # sorts first: refused → suspense
    snap = office.db.get(AccountSnapshot, ("savings", "acc-1"))
    state = Box.from_dict(__import__("json").loads(snap.state))
    assert state.dates == ("2026-03-05", "2026-03-15")
    assert (state.balance, state.suspense) == (100, 50)
    assert check.check_book(office, replay=True).ok


def test_check_replay_finds_a_wrong_snapshot(office, box):
    office.sign_in("teller", PW)
    _withdraw(office, -100, TODAY)
    with office.transaction():
        office.db.get(AccountSnapshot, ("savings", "acc-1")).state = b'{"balance":1}'
    report = check.check_book(office, replay=True)
    assert not report.ok and report.snapshots[0].code == "mismatch"
    assert "acc-1" in report.first_problem()


def test_unknown_version_is_held_and_flags_the_account(office, box):
    office.sign_in("teller", PW)
    _withdraw(office, -100, TODAY)
    entry = journal.get(office.db, _withdraw(office, 10, TODAY).op_id)
    newer = dataclasses.replace(entry, kind_version=99)
    with office.transaction():
        assert posting.apply_entry(office, newer) == "held"
    assert office.db.get(Operation, entry.op_id).outcome == "held"
    assert office.db.get(AccountSnapshot, ("savings", "acc-1")).needs_update

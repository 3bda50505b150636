"""Sign-in: lock-out with growing delays after repeated failures (per user, recorded in the
book, visible to the administrator), minimum password strength. Before: ≈ 0,3 s per guess
without end, and passwords of 4 characters."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.db.models import Operation
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import auth, posting, users
from sbpdesk.services.auth import Approval
from sbpdesk.services.books import init_book, open_book
from tests.conftest import NOW, PW, TODAY


@pytest.fixture
def strict(monkeypatch):
    """The real strength rule (the suite's books use the short PW: tests/conftest.py)."""
    from tests import conftest
    monkeypatch.setattr(auth, "password_problem", conftest.REAL_PASSWORD_RULE)


class Clock:
    def __init__(self):
        self.at = NOW

    def __call__(self):
        return self.at


def _fail(book, user="teller", password="sai-mat-khau"):
    with pytest.raises(DomainError) as e:
        book.sign_in(user, password)
    return e.value.code


def test_three_failures_then_growing_delays_then_success_clears(office):
    clock = Clock()
    office._clock = clock
    assert [_fail(office) for _ in range(3)] == ["login_failed"] * 3
    assert _fail(office, password=PW) == "locked_out"    # even the right password waits
    err = None
    try:
        office.sign_in("teller", PW)
    except DomainError as exc:
        err = exc
    assert "tạm khóa" in err.message("vi") and "locked" in err.message("en")
    clock.at += dt.timedelta(seconds=31)
    assert _fail(office) == "login_failed"                 # 4th failure: 60 s this time
    clock.at += dt.timedelta(seconds=45)
    assert _fail(office, password=PW) == "locked_out"
    row = {u.username: u for u in users.list_users(office)}["teller"]
    assert row.failed_sign_ins == 4 and row.locked_until == NOW + dt.timedelta(seconds=91)
    clock.at += dt.timedelta(seconds=16)
    assert office.sign_in("teller", PW).username == "teller"
    assert {u.username: u for u in users.list_users(office)}["teller"].failed_sign_ins == 0


def test_the_delay_is_capped_and_recorded_in_the_book(tmp_path, office):
    clock = Clock()
    office._clock = clock
    for _ in range(12):
        _fail(office)
        clock.at += dt.timedelta(hours=1)
    lock = auth.lock_state(office.db, "teller")
    assert lock.failures == 12
    assert lock.locked_until - (clock.at - dt.timedelta(hours=1)) == dt.timedelta(minutes=15)
    path = office.data_dir
    office.close()
    again = open_book(path, clock=clock)      # the count survives closing the program
    assert auth.lock_state(again.db, "teller").failures == 12
    again.close()


def test_an_administrators_change_unlocks(office):
    clock = Clock()
    office._clock = clock
    for _ in range(4):
        _fail(office)
    assert _fail(office, password=PW) == "locked_out"
    office.sign_in("admin", PW)
    users.set_user(office, "teller", "Teller", ["teller"], "Thu-quy-2026", business_date=TODAY)
    assert office.sign_in("teller", "Thu-quy-2026").username == "teller"


def test_wrong_approval_passwords_count_too(office):
    clock = Clock()
    office._clock = clock
    office.sign_in("teller", PW)
    for _ in range(3):
        with pytest.raises(DomainError) as e:
            users.check_approval(office, Approval("controller", "sai"), "controller")
        assert e.value.code == "login_failed"
    with pytest.raises(DomainError) as e:
        users.check_approval(office, Approval("controller", PW), "controller")
    assert e.value.code == "locked_out"
    with pytest.raises(DomainError) as e:   # posting checks the lock as well
        posting.post(office, "loan.disburse", {"loan_id": "x", "amount": 1, "id_checked": True},
                     business_date=TODAY, approved_by=Approval("controller", PW))
    assert e.value.code == "locked_out"


@pytest.mark.parametrize("weak", ["demo", "abcdefgh", "12345678", "ngắn1", "Password1",
                                  "matkhau123", "xteller99"])
def test_weak_passwords_are_refused(office, strict, weak):
    office.sign_in("admin", PW)
    with pytest.raises(DomainError) as e:
        users.set_user(office, "xteller", "X", ["teller"], weak, business_date=TODAY)
    assert (e.value.code, e.value.field) == ("weak_password", "password")
    assert "ít nhất 8" in e.value.message("vi") and "at least 8" in e.value.message("en")


def test_a_strong_password_is_accepted_and_a_demo_book_keeps_demo(tmp_path, clock, strict):
    book = init_book(tmp_path / "o", "office", "PGD9", admin_password="Quan-tri-2026",
                     clock=clock)
    book.sign_in("admin", "Quan-tri-2026")
    users.set_user(book, "thuquy", "Thủ quỹ", ["teller"], "Thu quy 2026", business_date=TODAY)
    book.close()
    with pytest.raises(DomainError):
        init_book(tmp_path / "p", "point", admin_password="demo", clock=clock)
    init_book(tmp_path / "d", "point", admin_password="demo", demo=True, clock=clock).close()


def test_the_administrator_lifts_a_lock_and_the_journal_says_who(office):
    clock = Clock()
    office._clock = clock
    for _ in range(3):
        _fail(office)
    clock.at += dt.timedelta(seconds=31)
    _fail(office)                                   # the 4th: 60 s
    with pytest.raises(DomainError) as e:
        office.sign_in("teller", PW)
    assert "1 phút" in e.value.message("vi") and "1 minute," in e.value.message("en")
    office.sign_in("admin", PW)
    before = {u.username: u for u in users.list_users(office)}["teller"]
    posted = users.lift_lock(office, "teller", business_date=TODAY)
    op = office.db.get(Operation, posted.op_id)
    assert (op.kind, op.actor) == ("user.set", "admin")
    after = {u.username: u for u in users.list_users(office)}["teller"]
    assert (after.failed_sign_ins, after.locked_until) == (0, None)
    assert (after.full_name, after.roles, after.active) == (before.full_name, before.roles,
                                                             before.active)
    assert office.sign_in("teller", PW).username == "teller"   # the same password as before
    office.sign_in("admin", PW)
    with pytest.raises(DomainError) as e:      # nothing to lift: no empty operation
        users.lift_lock(office, "teller", business_date=TODAY)
    assert e.value.code == "not_locked"


def test_only_the_administrator_lifts_a_lock(office):
    for _ in range(3):
        _fail(office)
    office.sign_in("accountant", PW)
    with pytest.raises(DomainError) as e:
        users.lift_lock(office, "teller", business_date=TODAY)
    assert e.value.code == "role_refused"


def test_waits_are_said_in_seconds_then_minutes():
    assert auth.wait_text(30) == ("30 giây", "30 seconds")
    assert auth.wait_text(1) == ("1 giây", "1 second")
    assert auth.wait_text(61) == ("2 phút", "2 minutes")
    assert auth.wait_text(900) == ("15 phút", "15 minutes")


def test_the_command_line_lists_locks_and_the_administrator_lifts_one(office, monkeypatch,
                                                                      capsys):
    import json

    from sbpdesk.cli.main import main
    with office.transaction():   # the command runs on the real clock: a lock of 15 min from now
        for _ in range(8):
            auth.record_failure(office.db, "teller", dt.datetime.now(dt.UTC))
    data = office.data_dir
    office.close()
    monkeypatch.setenv("SBPDESK_PASSWORD", PW)
    assert main(["users", "--data-dir", str(data), "--user", "accountant"]) == 0
    listed = {u["username"]: u for u in json.loads(capsys.readouterr().out)}
    assert listed["teller"]["failed_sign_ins"] == 8 and listed["teller"]["locked_until"]
    assert listed["accountant"]["roles"] == ["accountant"]
    assert main(["users", "--data-dir", str(data), "--user", "accountant",
                 "--unlock", "teller"]) == 2                       # not the accountant's
    assert "needs: Administrator" in capsys.readouterr().err
    assert main(["users", "--data-dir", str(data), "--user", "admin", "--unlock",
                 "teller"]) == 0
    listed = {u["username"]: u for u in json.loads(capsys.readouterr().out)}
    assert (listed["teller"]["failed_sign_ins"], listed["teller"]["locked_until"]) == (0, None)

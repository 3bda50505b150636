"""DbWorker: one background thread, results and errors delivered on the GUI thread."""
from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QThread

from sbpdesk.domain.errors import DomainError
from sbpdesk.ui import errors
from sbpdesk.ui.worker import DbWorker


@dataclass(frozen=True)
class Row:
    name: str
    amount: int


@pytest.fixture
def worker(app):
    w = DbWorker()
    yield w
    w.close()


def test_result_arrives_on_gui_thread_and_work_runs_off_it(worker, app):
    seen = {}

    def fn(ctx):
        seen["fn_thread"] = threading.get_ident()
        return (Row("Nguyễn Văn Ánh", 1_200_000),)

    def done(result):
        seen["done_thread"] = threading.get_ident()
        seen["qt_gui_thread"] = QThread.currentThread() is app.thread()
        seen["result"] = result

    worker.run(fn, done)
    assert worker.wait_idle()
    assert seen["fn_thread"] != threading.main_thread().ident
    assert seen["done_thread"] == threading.main_thread().ident
    assert seen["qt_gui_thread"]
    assert seen["result"] == (Row("Nguyễn Văn Ánh", 1_200_000),)


def test_all_tasks_share_one_thread_in_order(worker):
    threads, order = set(), []
    for i in range(20):
        worker.run(lambda ctx, i=i: (threads.add(threading.get_ident()), i)[1], order.append)
    assert worker.wait_idle()
    assert order == list(range(20))
    assert len(threads) == 1


def test_context_is_made_once_on_the_worker_thread_and_closed_there(app):
    made, closed = [], []

    class Book:
        def close(self):
            closed.append(threading.get_ident())

    def factory():
        made.append(threading.get_ident())
        return Book()

    worker = DbWorker(factory)
    got = []
    worker.run(lambda book: type(book).__name__, got.append)
    worker.run(lambda book: type(book).__name__, got.append)
    assert worker.wait_idle()
    worker.close()
    assert got == ["Book", "Book"]
    assert len(made) == 1 and made[0] != threading.main_thread().ident
    assert closed == made


def test_domain_error_goes_to_on_error_then_on_finally(worker, messages):
    calls = []

    def fn(ctx):
        raise DomainError("amount_negative", "Số tiền không được âm.", "Negative.", "amount")

    worker.run(fn, on_done=lambda r: calls.append("done"),
               on_error=lambda e: calls.append(("error", e.code, threading.get_ident())),
               on_finally=lambda: calls.append("finally"))
    assert worker.wait_idle()
    assert calls == [("error", "amount_negative", threading.main_thread().ident), "finally"]
    assert messages == []


def test_domain_error_without_handler_is_shown_as_a_message(worker, messages):
    worker.run(lambda ctx: (_ for _ in ()).throw(
        DomainError("x", "Không đủ số dư.", "Not enough balance.")))
    assert worker.wait_idle()
    assert messages == [("domain", "Không thực hiện được", "Không đủ số dư.")]


def test_unexpected_error_is_logged_with_traceback_and_names_the_log(worker, messages):
    calls = []

    def broken(ctx):
        return {}["missing"]

    worker.run(broken, on_error=lambda e: calls.append("error"),
               on_finally=lambda: calls.append("finally"))
    assert worker.wait_idle()
    assert calls == ["finally"]          # bugs are not handed to on_error
    (kind, title, text), = messages
    assert kind == "bug" and title == "Lỗi chương trình"
    log_file = errors.log_file()
    assert str(log_file) in text
    for handler in __import__("logging").getLogger("sbpdesk").handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "KeyError: 'missing'" in logged and "broken" in logged


def test_orm_objects_are_refused(worker, messages):
    class Mapped:
        _sa_instance_state = object()

    got = []
    worker.run(lambda ctx: [Mapped()], got.append)
    assert worker.wait_idle()
    assert got == []
    assert messages and messages[0][0] == "bug"


def test_bug_in_gui_callback_is_reported_not_raised(worker, messages):
    worker.run(lambda ctx: 1, lambda r: 1 / 0)
    assert worker.wait_idle()
    assert messages[0][0] == "bug"


def test_busy_signal_brackets_the_work(worker, qtbot):
    states = []
    worker.busy_changed.connect(states.append)
    gate = threading.Event()
    worker.run(lambda ctx: gate.wait(5))
    worker.run(lambda ctx: None)
    assert worker.is_busy() and worker.pending == 2
    gate.set()
    assert worker.wait_idle()
    assert states == [True, False]


def test_write_owns_the_transaction_and_read_closes_its_snapshot(app, office, clock):
    """On a real book: `write` commits what `fn` wrote, or nothing when `fn` fails after
    writing; `read` leaves no read transaction open (an open one pins an old WAL snapshot)."""
    from sbpdesk.services import customers
    from sbpdesk.services.books import open_book
    from tests.conftest import PW, TODAY

    data_dir = office.data_dir
    office.close()

    def factory():
        book = open_book(data_dir, clock=clock)
        book.sign_in("accountant", PW)
        return book

    worker = DbWorker(factory)
    household = customers.NewHousehold("P01", "Thôn 1", "Thôn 1")
    head = customers.NewPerson("Phạm Văn An", "M", relation="Chủ hộ", is_representative=True)
    got, errors_seen = [], []

    def register_then_fail(book):
        customers.register_household(book, household, [head], business_date=TODAY)
        raise DomainError("later_refusal", "Từ chối.", "Refused.")

    def count(book):
        rows = customers.list_households(book, "P01")
        return len(rows), book.db.in_transaction()

    worker.write(register_then_fail, on_error=errors_seen.append)
    worker.read(count, got.append)
    worker.write(lambda book: customers.register_household(
        book, household, [head], business_date=TODAY).written, got.append)
    worker.read(count, got.append)
    worker.run(lambda book: book.db.in_transaction(), got.append)
    assert worker.wait_idle()
    worker.close()
    assert [e.code for e in errors_seen] == ["later_refusal"]
    (before, _), written, (after, _), open_after_read = got
    assert before == 0 and after == 1 and written.households
    assert open_after_read is False

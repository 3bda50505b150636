"""The office window's "Đối chiếu ngân hàng" page (issue 17): the core's files against the
book, the differences with their rows, the core's figure accepted (reason + the director's
password), a difference explained, payments at the bank recorded from Mẫu 10."""
from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from tests.bridge.test_elsewhere import M10, m10_rows
from tests.bridge.test_reader import write
from tests.bridge.test_seed import M31, quirk_rows

from .pages_support import PASSWORD, call, focus_type, sign_in

D = __import__("datetime").date(2026, 9, 30)


@pytest.fixture
def core_worker(app, tmp_path):
    """An office book seeded from a Mẫu 31 (user `seeder`: accountant), with a director."""
    from sbpdesk.bridge.seed import seed
    from sbpdesk.services import users
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    from tests.bridge.conftest import new_office
    book = new_office(tmp_path / "office")
    try:
        seed(book, [write(tmp_path / "m31.xlsx", M31, quirk_rows())])
        book.sign_in("admin", PASSWORD)
        with book.transaction():
            users.set_user(book, "giamdoc", "Giám đốc", ["director"], PASSWORD,
                           business_date=D)
    finally:
        book.close()
    gc.collect()
    w = DbWorker(lambda: open_book(tmp_path / "office"))
    yield w
    w.close()
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QCoreApplication.sendPostedEvents(None, 0)
    QCoreApplication.processEvents()
    gc.collect()


def core_page(qtbot, worker):
    from sbpdesk.app import make_state
    from sbpdesk.ui.pages.office_core import CorePage
    state = make_state(sign_in(worker, "seeder"))
    page = CorePage(worker, state)
    qtbot.addWidget(page)
    page.show()
    page.as_of.set_date(D)
    return page


def select(page, key: str, figure: str) -> None:
    row = next(i for i, r in enumerate(page.model.rows()) if (r.key, r.figure) == (key, figure))
    page.view.setCurrentIndex(page.model.index(row, 0))


def reconciled(qtbot, page, n: int) -> None:
    page.reconcile_button.click()
    qtbot.waitUntil(lambda: page.report is not None and page.reconcile_button.isEnabled()
                    and len(page.model.rows()) == n, timeout=30_000)


def test_the_office_reconciles_accepts_and_explains_in_the_window(qtbot, core_worker, tmp_path):
    rows = quirk_rows()
    for r in rows[:2]:
        r[15], r[16] = 28_000_000, 2_000_000        # the core moved 2 million to overdue
    rows[3][19] = 2_500_000                          # and the saver has more
    later = write(tmp_path / "m31b.xlsx", M31, rows)
    page = core_page(qtbot, core_worker)
    page.reconcile_button.click()                    # no file yet: said, nothing read
    assert page.report is None and page.message.text()
    page.set_files([str(later)])
    assert "m31b.xlsx" in page.files_label.text()
    reconciled(qtbot, page, 3)
    assert {(r.key, r.figure, r.core, r.book) for r in page.model.rows()} == {
        ("6600000000000001", "in_term", 28_000_000, 30_000_000),
        ("6600000000000001", "overdue", 2_000_000, 0),
        ("6800000003", "savings", 2_500_000, 2_000_000)}
    assert next(r for r in page.model.rows() if r.figure == "overdue").rows == "6, 7"

    select(page, "6800000003", "savings")
    assert not page.accept_button.isEnabled()        # a savings figure cannot be accepted
    select(page, "6600000000000001", "overdue")
    assert page.accept_button.isEnabled()
    page.accept_button.click()                       # no reason: refused on the page
    assert page.error.isVisible() and page._approval is None
    focus_type(page.reason, "Ngan hang chuyen qua han ky 15/09")
    page.accept_button.click()
    qtbot.waitUntil(lambda: page._approval is not None and page._approval.isVisible(),
                    timeout=5000)
    dialog = page._approval
    dialog.username.clear()
    focus_type(dialog.username, "giamdoc")
    focus_type(dialog.password, PASSWORD)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.last is not None and len(page.model.rows()) == 1,
                    timeout=30_000)
    [left] = page.model.rows()
    assert (left.key, left.explained) == ("6800000003", "")

    def adjust(book):
        from sqlalchemy import select as sql

        from sbpdesk.db.models import Operation
        op = book.db.scalar(sql(Operation).where(Operation.kind == "loan.core_adjust"))
        return op.actor, op.approved_by
    assert call(core_worker, adjust) == ("seeder", "giamdoc")

    page.last = None
    select(page, "6800000003", "savings")
    focus_type(page.reason, "Gui qua ung dung ngay 30/09")
    page.explain_button.click()
    qtbot.waitUntil(lambda: page.last is not None and page.model.rows()
                    and page.model.rows()[0].explained == "Gui qua ung dung ngay 30/09",
                    timeout=30_000)
    assert not page.explain_button.isEnabled()       # already explained
    assert "1 chênh lệch, 1 đã giải trình" in page.summary.text()


def test_payments_at_the_bank_are_recorded_from_the_page(qtbot, core_worker, tmp_path):
    page = core_page(qtbot, core_worker)
    page.set_files([str(write(tmp_path / "Mau10_10102026.xlsx", M10, m10_rows(),
                              title="Sao kê chi tiết (DL Ngày)"))])
    page.elsewhere_button.click()
    qtbot.waitUntil(lambda: page.last is not None, timeout=30_000)
    assert (page.last["recorded"], page.last["already"]) == (1, 0)
    assert "Đã ghi 1 khoản" in page.message.text()
    page.last = None
    page.elsewhere_button.click()                    # the same file again: nothing twice
    qtbot.waitUntil(lambda: page.last is not None, timeout=30_000)
    assert (page.last["recorded"], page.last["already"]) == (0, 1)


def test_the_page_is_in_the_office_window_for_who_may_post_its_kinds():
    from sbpdesk.ui.office import visible_pages
    assert "core" in visible_pages(("accountant",))
    assert "core" not in visible_pages(("credit_officer",))


def test_a_new_office_book_starts_from_the_core_files_with_a_progress_bar(qtbot, app, tmp_path):
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    from tests.bridge.conftest import new_office
    new_office(tmp_path / "office").close()
    worker = DbWorker(lambda: open_book(tmp_path / "office"))
    try:
        page = core_page(qtbot, worker)
        steps = []
        page._progress.moved.connect(lambda done, total: steps.append((done, total)))
        page.refresh()
        qtbot.waitUntil(page.seed_button.isEnabled, timeout=20_000)   # no loan yet
        page.set_files([str(write(tmp_path / "m31.xlsx", M31, quirk_rows()))])
        page.seed_button.click()
        qtbot.waitUntil(lambda: page.last is not None, timeout=60_000)
        assert page.last["opened"]["loans"] == 2 and page.last["data_date"] == "2026-09-30"
        assert steps == [(k, 5) for k in range(1, 6)]
        assert (page.progress.value(), page.progress.maximum()) == (5, 5)
        assert "2 khoản vay" in page.message.text() and not page.seed_button.isEnabled()
        page.refresh()                                   # the book has loans now
        worker.wait_idle(20_000)
        assert not page.seed_button.isEnabled()
        reconciled(qtbot, page, 0)                       # the same files: no difference
    finally:
        worker.close()


def test_a_household_count_shows_as_a_number_not_dong(qtbot, core_worker, tmp_path):
    """Per point (Dư nợ chi tiết) the households differ beside the amounts: the count is a
    number in the bank / book / difference columns; the amounts stay in đồng."""
    from tests.bridge.test_reconcile import DU_NO
    du_no = write(tmp_path / "du_no.xlsx", DU_NO, [
        ["6600000000000001", "OPEN", "6800000001", "TXN680001", 15, "680001",
         30_000_000, 0, 0, D],
        ["6600000000000002", "OPEN", "6800000002", "TXN680002", 20, "680001",
         190_000_000, 10_000_000, 0, D]], title="Dư nợ chi tiết")
    page = core_page(qtbot, core_worker)
    page.set_files([str(du_no)])
    reconciled(qtbot, page, 8)
    model = page.model

    def shown(key: str, figure: str) -> list[str]:
        row = next(i for i, r in enumerate(model.rows()) if (r.key, r.figure) == (key, figure))
        return [model.index(row, c).data() for c in (3, 4, 5)]
    assert shown("TXN680001", "households") == ["1", "2", "-1"]
    assert shown("TXN680002", "households") == ["1", "0", "1"]
    assert shown("TXN680001", "outstanding") == ["30.000.000 đ", "230.000.000 đ",
                                                 "-200.000.000 đ"]

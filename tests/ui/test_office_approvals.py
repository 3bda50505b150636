"""The approvals page checks each application against its commune's poor / near-poor list and
the office's lending plan (issue 16, decision 0190): the plan is recorded in the window, an
application beyond it cannot be approved, a household off the list needs a stated reason."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from . import test_office_window as window_tests
from .pages_support import PASSWORD, call, focus_type, type_amount
from .test_office_window import office_window

office_demo = pytest.fixture(window_tests.office_demo.__wrapped__, name="office_demo")
office_worker = pytest.fixture(window_tests.office_worker.__wrapped__, name="office_worker")


def submit_two(book):
    """Two applications of one poor household of the first point (at the office, as its
    accountant would type them), and that commune's 2026 list without the household."""
    from sbpdesk.db.models import Household, Person
    from sbpdesk.services import applications, plans
    from sbpdesk.services.context import User
    signed_in = book.user
    book.user = User("accountant", "Accountant", frozenset({"accountant"}))
    try:
        household = book.db.scalars(select(Household).where(
            Household.category == "poor").order_by(Household.id)).first()
        person = book.db.scalars(select(Person).where(
            Person.household_id == household.id)).first()
        others = book.db.scalars(select(Household.id).where(
            Household.point_code == household.point_code, Household.id != household.id)
            .limit(3)).all()
        ids = []
        for amount in (10_000_000, 40_000_000):
            new = applications.NewApplication(household.id, person.id, household.group_id,
                                              "poor", amount, 36, 12, "Nuôi bò sinh sản")
            (_, app_id), = applications.submit(book, new, business_date=book.today()).accounts
            ids.append(app_id)
        plans.record_list(book, household.point_code, 2026, "poor", list(others),
                          reference="QĐ 5/QĐ-UBND", business_date=book.today())
        used = plans.plan_for(book, 2026, "poor", "central").used
        return ids, used
    finally:
        book.user = signed_in


def test_the_plan_and_the_list_stop_or_explain_an_approval(qtbot, office_worker):
    (small, large), used = call(office_worker, submit_two)
    window, _ = office_window(qtbot, office_worker, "director")
    page = window.page("approvals")
    window.show_page("approvals")
    qtbot.waitUntil(lambda: {small, large} <= {p.row.id for p in page.rows}, timeout=20_000)
    mine = {p.row.id: p for p in page.rows}
    assert mine[small].listing == mine[large].listing == "not_listed"
    assert mine[small].plan is None                  # no plan recorded yet

    page.plan_button.click()                         # the year's plan, in the window
    dialog = page.plan_dialog
    qtbot.waitUntil(lambda: dialog.programme.count() > 0, timeout=10_000)
    dialog.programme.setCurrentIndex(dialog.programme.findData("poor"))
    dialog.source.setCurrentIndex(dialog.source.findData("central"))
    focus_type(dialog.reference, "QD 35/QD-NHCS 10/01/2026")
    type_amount(dialog.amount, str(used + 25_000_000))   # Enter records it (the default)
    qtbot.waitUntil(lambda: len(dialog.lines) == 1, timeout=20_000)
    line = dialog.lines[0]
    assert (line.amount, line.used) == (used + 25_000_000, used)
    dialog.reject()

    qtbot.waitUntil(lambda: next((p for p in page.rows if p.row.id == small),
                                 mine[small]).plan is not None, timeout=20_000)
    mine = {p.row.id: p for p in page.rows}
    assert (mine[small].plan_left, mine[large].plan_left) == (15_000_000, -15_000_000)
    column = [c.key for c in page.model.columns].index("listing")
    rows = [p.row.id for p in page.model.rows()]
    assert page.model.index(rows.index(small), column).data() == "KHÔNG có tên"
    # every column in sight at 1366×768, the plan left included (no sideways scrolling)
    qtbot.waitUntil(lambda: page.view.viewport().width() > 0, timeout=5000)
    assert page.view.horizontalScrollBar().maximum() == 0

    page.view.setCurrentIndex(page.model.index(rows.index(large), 0))
    assert not page.approve_button.isEnabled()       # beyond the plan
    assert page.check_note.text().endswith("vượt kế hoạch cho vay năm: điều chỉnh kế hoạch "
                                           "trước")
    assert page.refuse_button.isEnabled()
    page.view.setCurrentIndex(page.model.index(rows.index(small), 0))
    assert page.approve_button.isEnabled() and page.exception.isEnabled()
    focus_type(page.reason, "Du dieu kien")
    page.approve_button.click()                      # off the list, no reason for it
    assert page.exception_error.isVisible() and page._approval is None
    focus_type(page.exception, "Ho ngheo phat sinh, xac nhan UBND xa so 15")
    page.approve_button.click()
    qtbot.waitUntil(lambda: page._approval is not None and page._approval.isVisible(),
                    timeout=5000)
    approval = page._approval
    approval.username.clear()
    focus_type(approval.username, "accountant")
    focus_type(approval.password, PASSWORD)
    approval.ok_button.click()
    qtbot.waitUntil(lambda: page.decided is not None, timeout=30_000)
    from sbpdesk.services import journal
    entry = call(office_worker, lambda book: journal.get(book.db, page.decided[1].op_id))
    assert entry.payload["list_exception"] == "Ho ngheo phat sinh, xac nhan UBND xa so 15"

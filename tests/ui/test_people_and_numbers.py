"""Issue 14, "people are codes": full names and Vietnamese roles, laptops by the name given at
enrolment, short readable receipt numbers, and no operation kind or internal code in texts."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

import re

from sbpdesk.services.kinds import KINDS
from sbpdesk.ui.main_window import role_name
from sbpdesk.ui.pages.common import kind_name

from .pages_support import (  # noqa: F401 - fixtures
    TODAY,
    book_dir,
    call,
    gui,
    open_session,
    settle,
    show,
    worker,
)

CODES = re.compile(r"\b(teller|controller|accountant|director)\b|\b[a-z]+\.[a-z_]+\b|D-[0-9a-f]{6}")


def test_people_are_full_names_and_roles_in_vietnamese(gui, qtbot):
    window, worker, state = gui
    assert state.full_name and state.full_name in window.user_label.text()
    assert "Giao dịch viên" in window.user_label.text()
    page = open_session(window, qtbot)
    names = call(worker, lambda book: {u.username: u.full_name for u in
                                       __import__("sbpdesk.services.users", fromlist=["x"])
                                       .list_users(book)})
    assert names["teller"] in page.status.text() and names["controller"] in page.status.text()
    assert not CODES.search(page.status.text())
    assert page.controller_box.currentText() == names["controller"]
    reports = show(window, "reports")
    ops = reports.op_model
    column = ops.column_index("actor_name")
    assert ops.rowCount() >= 1
    assert {ops.index(r, column).data() for r in range(ops.rowCount())} == {names["teller"]}
    roles = {role for rule in KINDS.values() for role in rule.roles}
    assert all(role_name(r) != r for r in roles | {"controller"})


def test_laptops_are_shown_by_the_name_given_at_enrolment(gui):
    window, worker, state = gui
    home = show(window, "home")
    named = call(worker, lambda book: __import__("sbpdesk.services.receipts", fromlist=["x"])
                 .device_name(book, book.device_id))
    assert home.lease.text() == named and not CODES.search(named), named
    assert home.device.text() == home.lease.text()
    assert not CODES.search(window.sync_label.toolTip())
    assert named in window.sync_label.toolTip()


def test_receipt_numbers_are_short_and_readable(gui, qtbot):
    window, worker, state = gui
    open_session(window, qtbot)

    def pay(book):
        from sbpdesk.services import collections, ui_queries
        group = ui_queries.first_examples(book, state.point_code).group_id
        line = next(x for x in collections.group_sheet(book, group, TODAY).lines
                    if x.savings_account_id)
        done = collections.record_group(
            book, group, [collections.LineInput(line.person_id, line.loan_id, savings=50_000)],
            counted=50_000, business_date=TODAY, session_id=state.session.id)
        return done.posted[0].receipt_no
    number = call(worker, pay)
    assert re.fullmatch(rf"{state.point_code}-\d{{1,3}}-\d+", number), number
    assert len(number) <= 14


def test_no_operation_kind_or_internal_code_in_any_text(gui, qtbot):
    """Trial: `state.pack`, `lease.grant`, `session.open` appeared in texts."""
    for kind in KINDS:
        assert not CODES.search(kind_name(kind)), kind
    assert not CODES.search(kind_name("some.future_kind"))
    window, worker, state = gui
    open_session(window, qtbot)
    reports = show(window, "reports")
    model = reports.op_model
    cells = [str(model.index(r, c).data() or "") for r in range(model.rowCount())
             for c in range(model.columnCount())]
    assert cells and not any(CODES.search(c) for c in cells), cells

    def refused(book):
        from sbpdesk.domain.errors import DomainError
        from sbpdesk.services import posting
        try:
            posting.post(book, "loan.write_off", {"loan_id": "x"}, business_date=TODAY)
        except DomainError as e:
            return e.vi
    assert not CODES.search(call(worker, refused))

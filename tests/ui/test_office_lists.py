"""The points page records a commune's poor / near-poor list and a point's difficult-area flag
(issue 16, decisions 0190, 0192): the accountant ticks the households of the committee's
list in the window, the approvals then check against it; the administrator marks a point as
serving a difficult area; the buttons follow the kind table and the services refuse the
others (a director's list is refused by the service, not only by a disabled button)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from . import test_office_window as window_tests
from .keys import press
from .pages_support import call, focus_type
from .test_office_window import office_window

office_demo = pytest.fixture(window_tests.office_demo.__wrapped__, name="office_demo")
office_worker = pytest.fixture(window_tests.office_worker.__wrapped__, name="office_worker")


def recorded_list(book, year=2026, category="poor"):
    from sbpdesk.db.models import EligibilityList
    out = set(book.db.scalars(select(EligibilityList.household_id).where(
        EligibilityList.year == year, EligibilityList.category == category)))
    book.end_read()
    return out


def open_list(qtbot, window):
    page = window.page("points")
    qtbot.waitUntil(lambda: page.overview is not None and page.list_button.isEnabled(),
                    timeout=20_000)
    page.list_button.click()
    dialog = page.list_dialog
    qtbot.waitUntil(lambda: dialog.draft is not None and dialog.households.count() > 0,
                    timeout=20_000)
    return page, dialog


def test_the_accountant_records_a_communes_list_in_the_window(qtbot, office_worker):
    window, _ = office_window(qtbot, office_worker, "accountant")
    page, dialog = open_list(qtbot, window)
    point = page.points_model.rows()[0]
    assert dialog.point_code == point.code and not page.difficult_button.isEnabled()
    draft = dialog.draft
    assert (draft.year, draft.category, draft.recorded) == (2026, "poor", False)
    proposed = {h.id for h in draft.households if h.category == "poor"}
    assert proposed and set(dialog.ticked()) == proposed     # registered poor, proposed

    first = dialog.households.item(0)
    first_id = first.data(Qt.ItemDataRole.UserRole)
    first.setCheckState(Qt.CheckState.Unchecked if first_id in proposed
                        else Qt.CheckState.Checked)          # the paper list differs
    wanted = proposed ^ {first_id}
    assert set(dialog.ticked()) == wanted

    focus_type(dialog.search, dialog.draft.households[1].name.split()[-1])  # find by name
    assert not dialog.households.item(1).isHidden()
    assert any(dialog.households.item(i).isHidden() for i in range(dialog.households.count()))
    dialog.search.clear()

    dialog.reference.clear()
    dialog.ok_button.click()                                 # no document: nothing recorded
    assert dialog.reference_error.isVisible()
    assert call(office_worker, recorded_list) == set()
    focus_type(dialog.reference, "QĐ 12/QĐ-UBND ngày 05/01/2026")
    press(dialog.reference, Qt.Key.Key_Return)               # Enter records (the default)
    qtbot.waitUntil(lambda: dialog.draft.recorded, timeout=20_000)
    assert call(office_worker, recorded_list) == wanted
    assert dialog.draft.reference == "QĐ 12/QĐ-UBND ngày 05/01/2026"
    assert "Đã nhập danh sách năm 2026" in dialog.state_label.text()
    assert page.point_note.text() == "Đã ghi danh sách hộ của xã."

    def listing_of(book, household_id):
        from sbpdesk.db.models import Household
        from sbpdesk.services import plans
        status = plans.listing(book, book.db.get(Household, household_id), "poor", 2026).status
        book.end_read()
        return status
    assert call(office_worker, lambda b: listing_of(b, first_id)) == (
        "listed" if first_id in wanted else "not_listed")


def test_a_directors_list_is_refused_by_the_service(qtbot, office_worker):
    from sbpdesk.ui.dialogs.eligibility import EligibilityDialog
    window, state = office_window(qtbot, office_worker, "director")
    page = window.page("points")
    qtbot.waitUntil(lambda: page.overview is not None, timeout=20_000)
    assert not page.list_button.isEnabled() and not page.difficult_button.isEnabled()
    dialog = EligibilityDialog(office_worker, state, page.points_model.rows()[0].code,
                               parent=page)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.draft is not None, timeout=20_000)
    focus_type(dialog.reference, "QD 12")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20_000)
    assert "Director" not in dialog.error.text()         # Vietnamese, the service's refusal
    assert call(office_worker, recorded_list) == set()


def test_the_administrator_marks_a_difficult_area_point(qtbot, office_worker):
    from sbpdesk.services import places
    window, _ = office_window(qtbot, office_worker, "admin")
    page = window.page("points")
    window.show_page("points")
    qtbot.waitUntil(lambda: page.overview is not None and page.difficult_button.isEnabled(),
                    timeout=20_000)
    assert not page.list_button.isEnabled()                  # lists are not the admin's
    last = page.points_model.rows()[-1].code
    page.points_view.setCurrentIndex(page.points_model.index(len(page.overview.points) - 1, 0))
    assert page.difficult_button.text() == "Đánh dấu vùng &khó khăn"
    page.difficult_button.click()
    column = page.points_model.column_index("difficult")
    row = len(page.overview.points) - 1
    qtbot.waitUntil(lambda: page.points_model.index(row, column).data() == "có",
                    timeout=20_000)
    assert call(office_worker, places.difficult_points) == {last}
    assert page.difficult_button.text() == "Bỏ đánh dấu vùng &khó khăn"
    assert page.point_note.text() == f"Điểm {last}: đã đánh dấu vùng khó khăn."
    qtbot.waitUntil(lambda: page.difficult_button.isEnabled(), timeout=20_000)
    page.difficult_button.click()                            # and back
    qtbot.waitUntil(lambda: page.points_model.index(row, column).data() == "",
                    timeout=20_000)
    assert call(office_worker, places.difficult_points) == set()

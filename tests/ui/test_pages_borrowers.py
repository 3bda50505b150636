"""Borrowers: accent-insensitive search as you type, household details, registration."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from .keys import type_text
from .pages_support import book_dir, call, focus_type, gui, settle, show, worker  # noqa: F401


def test_search_without_accents_finds_vietnamese_names(gui, qtbot):
    window, worker, state = gui
    page = show(window, "borrower")
    page.search.setFocus()
    type_text(page.search, "nguyen")
    qtbot.waitUntil(lambda: page.searches > 0, timeout=3000)
    settle(worker)
    names = [r.full_name for r in page.person_model.rows()]
    assert names and all("nguyen" in n.lower().replace("ễ", "e") for n in names)
    assert page.view_data is not None and page.member_model.rowCount() >= 1
    assert page.household_title.text().startswith("Hộ ")
    if page.loan_model.rowCount():
        page.open_selected_loan()
        settle(worker)
        assert window.current_key() == "loan"
        assert window.page("loan").data is not None


def test_register_a_household_gets_a_provisional_number(gui, qtbot):
    window, worker, state = gui
    page = show(window, "borrower")
    page.register_button.click()
    settle(worker)
    dialog = page.register_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.save_button.click()
    settle(worker)
    assert dialog.address.error_label.text() == "Thiếu thông tin: address"
    focus_type(dialog.address, "Thôn 3, xã Phan Rí Thành")
    focus_type(dialog.village, "Thôn 3")
    focus_type(dialog.full_name, "Đặng Thị Hường")
    dialog.sex.setCurrentIndex(dialog.sex.findData("F"))
    focus_type(dialog.birth_date, "12/04/1990")
    dialog.save_button.click()
    settle(worker)
    assert not dialog.isVisible(), dialog.error.text()
    h = page.view_data.household
    assert h.customer_code is None and h.provisional_no
    assert "(tạm)" in page.household_title.text()
    assert "Đặng Thị Hường" in page.household_title.text()

    def find(book):
        from sbpdesk.services import customers
        return customers.search_persons(book, "dang thi huong")
    assert [p.full_name for p in call(worker, find)] == ["Đặng Thị Hường"]


def test_a_group_outside_5_to_60_members_warns_on_the_household(gui, qtbot):
    # the demo's first "nguyen" household is in BB01-T05, a group of 4 households
    window, worker, state = gui
    page = show(window, "borrower")
    page.search.setFocus()
    type_text(page.search, "nguyen")
    qtbot.waitUntil(lambda: page.searches > 0, timeout=3000)
    settle(worker)
    h = page.view_data.household

    def group(book):
        from sbpdesk.services import groups
        return groups.get_group(book, h.group_id)
    assert call(worker, group).members == 4
    assert page.household_info.text().endswith(
        "\n⚠ Tổ chỉ có 4 thành viên: tổ TK&VV cần từ 5 đến 60 thành viên.")


def test_a_card_s_issue_date_gives_its_expiry_and_an_expired_card_is_flagged(gui, qtbot):
    """Decisions 0079, 0155: born 12/04/1990, card issued 01/06/2012 (at 22, more than two
    years before 25) → valid to 12/04/2015; on 05/03/2026 the household page flags it."""
    import datetime as dt
    window, worker, state = gui
    page = show(window, "borrower")
    page.register_button.click()
    settle(worker)
    dialog = page.register_dialog
    focus_type(dialog.address, "Thôn 3, xã Phan Rí Thành")
    focus_type(dialog.village, "Thôn 3")
    focus_type(dialog.full_name, "Đặng Thị Hường")
    dialog.sex.setCurrentIndex(dialog.sex.findData("F"))
    focus_type(dialog.birth_date, "12/04/1990")
    focus_type(dialog.id_issued_on, "01/06/2027")       # after today: refused, nothing kept
    dialog.save_button.click()
    settle(worker)
    assert dialog.isVisible() and "sau ngày ghi nhận" in dialog.id_issued_on.error_label.text()
    dialog.id_issued_on.clear()
    focus_type(dialog.id_issued_on, "01/06/2012")
    dialog.save_button.click()
    settle(worker)
    assert not dialog.isVisible(), dialog.error.text()
    (member,) = page.member_model.rows()
    assert member.id_expiry == dt.date(2015, 4, 12)
    column = page.member_model.column_index("id_expiry")
    assert page.member_model.index(0, column).data() == "12/04/2015"
    assert page.household_info.text().endswith(
        "\n⚠ Đặng Thị Hường: Thẻ CCCD hết hạn ngày 12/04/2015.")


def test_an_address_written_before_the_merger_says_where_it_is_now(gui, qtbot):
    """Decision 0106: the demo's households keep "Thôn …, xã Hòa Thắng" as written; the
    household page adds the commune of today (Hòa Thắng was split by village)."""
    window, worker, state = gui
    page = show(window, "borrower")

    def find(book):
        from sqlalchemy import select

        from sbpdesk.db.models import Household
        rows = book.db.scalars(select(Household).where(Household.point_code == "BB02")).all()
        split = next(h for h in rows if h.village in ("Thôn Xuân Quang", "Thôn Hồng Lâm"))
        stay = next(h for h in rows if h.village not in ("Thôn Xuân Quang", "Thôn Hồng Lâm"))
        return split.id, split.address, stay.id
    split, written, stay = call(worker, find)
    assert written.endswith(", xã Hòa Thắng")
    page.show_household(split)
    settle(worker)
    text = page.household_info.text()
    assert f"Địa chỉ: {written}" in text
    assert "\nĐịa chỉ nay thuộc: xã Hồng Thái, tỉnh Lâm Đồng" in text
    page.show_household(stay)
    settle(worker)
    assert "\nĐịa chỉ nay thuộc: xã Hòa Thắng, tỉnh Lâm Đồng" in page.household_info.text()

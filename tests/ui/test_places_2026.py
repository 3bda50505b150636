"""The 2026 map in the GUI (issue 13): a point's session day moved from a date shows on the
office's points page as the day in force today, with the move and its date beside it."""
from __future__ import annotations

from .pages_support import PASSWORD, call
from .test_office_window import office_demo, office_window, office_worker  # noqa: F401


def test_a_moved_session_day_takes_effect_on_its_date(qtbot, office_worker,  # noqa: F811
                                                      office_demo):  # noqa: F811
    from sbpdesk.services import posting
    _, points = office_demo
    code = points[0]

    def publish(book):     # today is 05/03/2026: moved to the 12th from January, to the
        book.sign_in("admin", PASSWORD)                  # 20th from April
        with book.transaction():
            posting.post(book, "calendar.publish", {
                "point_code": code, "session_day": 5, "session_time": "07:30",
                "moves": [{"from": "2026-01-01", "session_day": 12},
                          {"from": "2026-04-01", "session_day": 20}]},
                business_date=book.today())
    call(office_worker, publish)
    window, _ = office_window(qtbot, office_worker, "director")
    page = window.page("points")
    qtbot.waitUntil(lambda: page.overview is not None, timeout=20_000)
    model = page.points_model
    row = [r.code for r in model.rows()].index(code)
    column = model.column_index("schedule")
    assert model.index(row, column).data() == "ngày 12 hằng tháng, 07:30 (từ 01/04/2026: ngày 20)"

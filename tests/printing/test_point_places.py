"""A point's schedule has dated history (issue 13): a moved day and a new place (some points
moved to a village's cultural house after the 2025 merger) take effect from their date —
on the public notice's session list (read back from the PDF), the approval notice and the
laptop's home page (decision 0157)."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.printing import record
from sbpdesk.services import posting, ui_queries
from sbpdesk.services.documents import lists
from tests.printing import pdfread
from tests.services.test_loans_collections import as_user

D = dt.date
MOVED = "Nhà văn hóa thôn 2, xã Hải Ninh"


def _move(office):
    # P01 meets on the 15th at "UBND xã"; from 01/05/2026 on the 20th at the cultural house
    as_user(office, "admin", ["admin"])
    posting.post(office, "calendar.publish", {
        "point_code": "P01", "session_day": 15, "session_time": "07:30",
        "moves": [{"from": "2026-05-01", "session_day": 20, "place": f"  {MOVED} "}]},
        business_date=D(2026, 3, 15))
    as_user(office, "accountant", ["accountant"])


def test_the_notice_lists_each_session_at_its_day_and_place(office):
    _move(office)
    data = lists.notice(office, "P01", D(2026, 3, 15))
    assert [(s.date, s.place) for s in data.sessions] == [
        (D(2026, 3, 15), "UBND xã"), (D(2026, 4, 15), "UBND xã"), (D(2026, 5, 20), MOVED)]
    text = pdfread.flat(record.produce(office, "notice", point="P01",
                                       as_of=D(2026, 3, 15)).pdf)
    assert f"20/05/2026 Thứ Tư 07:30 {MOVED}" in text
    assert "15/04/2026 Thứ Tư 07:30 UBND xã" in text


def test_the_home_page_names_the_place_of_the_next_session(office):
    _move(office)
    assert ui_queries.home_summary(office, "P01").point.place == "UBND xã"
    office._clock = lambda: dt.datetime(2026, 4, 16, 3, tzinfo=dt.UTC)
    summary = ui_queries.home_summary(office, "P01")
    assert (summary.next_session, summary.point.place) == (D(2026, 5, 20), MOVED)


def test_a_move_without_its_day_is_refused(office):
    as_user(office, "admin", ["admin"])
    with pytest.raises(DomainError) as err:
        posting.post(office, "calendar.publish", {
            "point_code": "P01", "session_day": 15,
            "moves": [{"from": "2026-05-01", "place": MOVED}]}, business_date=D(2026, 3, 15))
    assert err.value.field == "session_day" and err.value.vi

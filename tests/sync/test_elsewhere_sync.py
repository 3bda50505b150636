"""A deposit the core recorded outside our sessions (Mẫu 10, decision 0260) reaches the
laptop of its point like any office decision: after the office's bundle, the laptop's sheet
of that month shows the member's deposit as made, and a bundle received twice changes
nothing."""
from __future__ import annotations

import datetime as dt

from sbpdesk.bridge import elsewhere
from sbpdesk.db.ids import uuid7
from sbpdesk.services import check, collections, posting
from tests.bridge.test_elsewhere import M10_BOOK
from tests.bridge.test_reader import write
from tests.sync.test_enrol import (  # noqa: F401  (fast_kdf is an autouse fixture)
    enrol_laptop,
    export,
    fast_kdf,
    imp,
    new_laptop,
)
from tests.sync.test_exchange import D0, D1, as_user, office_with_loan, on

AT_BANK = D1 - dt.timedelta(days=5)        # through the bank's app, before the session


def elsewhere_line(book, group_id, person_id):
    [line] = [x for x in collections.group_sheet(book, group_id, D1).lines
              if x.person_id == person_id]
    book.end_read()
    return line


def test_a_deposit_at_the_bank_reaches_the_points_sheet(tmp_path, clock):
    office, ids = office_with_loan(tmp_path, clock)
    with office.transaction():
        as_user(office, "accountant", ["accountant"])
        posting.post(office, "savings.open", {
            "savings_account_id": uuid7(), "person_id": ids["person"], "group_id": ids["group"],
            "point_code": "P01", "book_no": "105000000009", "balance": 200_000},
            business_date=D0)
    laptop = new_laptop(tmp_path / "laptop", clock)
    enrol_laptop(office, laptop, tmp_path)
    on(laptop, D1)
    on(office, D1)
    assert elsewhere_line(laptop, ids["group"], ids["person"]).savings_elsewhere == 0
    as_user(office, "accountant", ["accountant"])
    m10 = write(tmp_path / f"Mau10_{AT_BANK:%d%m%Y}.xlsx", M10_BOOK, [
        [AT_BANK, None, "", "Nguyễn Thị Hằng", "App", None, None, 70_000, "105000000009",
         "FT26100001"]], title="Sao kê chi tiết (DL Ngày)")
    assert elsewhere.record(office, [m10])["deposits"] == 1
    down = export(office, tmp_path, name="down")
    result = imp(laptop, down)
    assert result["counts"]["applied"] >= 1 and result["counts"]["rejected"] == 0
    line = elsewhere_line(laptop, ids["group"], ids["person"])
    assert (line.savings_elsewhere, line.savings_balance) == (70_000, 270_000)
    assert elsewhere_line(office, ids["group"], ids["person"]) == line
    again = imp(laptop, export(office, tmp_path, name="again"))
    assert again["counts"]["applied"] == 0                         # duplicates only
    assert elsewhere_line(laptop, ids["group"], ids["person"]).savings_elsewhere == 70_000
    assert check.check_book(laptop, replay=True).ok

"""`sbpdesk eligibility show|record` and `sbpdesk difficult-area` (issue 16): a commune's list
recorded from a file of household ids and the difficult-area flag of a point, each checked
by the service against the signed-in user's roles (refusals readable, exit 2)."""
from __future__ import annotations

import json

from sbpdesk.services import places, plans
from sbpdesk.services.books import open_book
from tests.conftest import PW, make_office
from tests.services.test_cli import run
from tests.services.test_loans_collections import set_up_loan


def test_a_communes_list_and_a_difficult_area_from_the_command_line(tmp_path, clock):
    data = tmp_path / "office"
    office = make_office(data, clock)
    with office.transaction():
        _, household_id, _, _ = set_up_loan(office)
    office.close()
    d = str(data)
    shown = run("eligibility", "show", "--data-dir", d, "--point", "P01", "--year", "2026",
                "--category", "poor")
    assert shown.returncode == 0, shown.stderr
    draft = json.loads(shown.stdout)
    assert not draft["recorded"] and [h["id"] for h in draft["households"]] == [household_id]

    ids = tmp_path / "ds.txt"
    ids.write_text(f"# danh sách hộ nghèo 2026\n{household_id}\n\n", "utf-8")
    args = ("eligibility", "record", "--data-dir", d, "--point", "P01", "--year", "2026",
            "--category", "poor", "--households", str(ids), "--reference", "QĐ 12/QĐ-UBND")
    refused = run(*args, "--user", "director", password=PW)
    assert refused.returncode == 2 and "Error:" in refused.stderr and refused.stdout == ""
    done = run(*args, "--user", "accountant", password=PW)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["households"] == 1

    refused = run("difficult-area", "--data-dir", d, "--set", "P02", "--user", "accountant",
                  password=PW)
    assert refused.returncode == 2 and "Lỗi:" in refused.stderr
    done = run("difficult-area", "--data-dir", d, "--set", "P02", "--user", "admin",
               password=PW)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"difficult_area_points": ["P02"]}

    book = open_book(data)
    try:
        draft = plans.list_draft(book, "P01", 2026, "poor")
        assert draft.recorded and draft.reference == "QĐ 12/QĐ-UBND"
        assert [h.on_list for h in draft.households] == [True]
        assert places.difficult_points(book) == {"P02"}
    finally:
        book.close()

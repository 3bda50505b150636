"""The list of borrowers a retroactive reduction lowered (decisions/0078, 0156), printed per
point and per group and read back from the PDF. Figures by hand (tests/services/test_relief.py):
on 12.000.000 at P01, the reduction −2 %/year over 15/03–14/04/2026 (31 days) is
240.000 × 31 / 365 = 20.383,56 → 20.384 đ; April's interest 63.597 had been collected, so
the 20.384 was collected in excess: with the "cash" method it is to be paid back at the next
session (15/05/2026); with the default it comes off May's interest (61.545 → 41.161)."""
from __future__ import annotations

import dataclasses

from sbpdesk.printing import record
from sbpdesk.services import posting
from sbpdesk.services.documents import relief as relief_docs
from tests.printing import pdfread
from tests.services.test_loans_collections import D1, _disbursed, as_user
from tests.services.test_relief import D2, D_REC, RELIEF


def _reduced(office, method):
    group_id, _, person_id, loan_id = _disbursed(office)
    posting.post(office, "collection.record", {"person_id": person_id, "loan_id": loan_id,
                                               "interest": 63_597}, business_date=D1)
    as_user(office, "admin", ["admin"])
    posting.post(office, "rate.relief", {**RELIEF, "method": method}, business_date=D_REC)
    as_user(office, "accountant", ["accountant"])
    return group_id


def test_the_point_s_list_shows_each_borrower_s_difference_by_group(office):
    group_id = _reduced(office, "cash")
    data = relief_docs.relief_list(office, "P01", D2)
    (group,) = data.groups
    assert (group.group_name, group.leader_name) == ("Tổ 1 thôn 2", "Lê Thị Hoa")
    (row,) = group.rows
    assert (row.name, row.reduction, row.credit_left, row.to_return) == \
        ("Nguyễn Thị Hằng", 20_384, 0, 20_384)
    text = pdfread.flat(record.produce(office, "relief", point="P01", as_of=D2).pdf)
    assert "DANH SÁCH KHÁCH HÀNG ĐƯỢC GIẢM LÃI SUẤT" in text
    assert "Tính đến phiên ngày 15/05/2026" in text
    assert ("Quyết định 9999/QĐ-TTg (thử): giảm 2 %/năm lãi suất từ 15/03/2026 đến "
            "14/04/2026; số lãi đã thu thừa được trả lại bằng tiền mặt tại phiên tới.") in text
    assert "Tổ TK&VV: Tổ 1 thôn 2 — Tổ trưởng: Lê Thị Hoa" in text
    assert "Nguyễn Thị Hằng" in text and text.count("20.384") >= 3   # row, group, total
    assert "trả lại 20.384 đ" in text
    assert "Người lập" in text and "Kiểm soát" in text and "Giám đốc" in text
    # the same for the group alone; another point has nobody on it
    one = record.produce(office, "relief", point="P01", as_of=D2, group="T01")
    assert one.key == f"P01:2026-05-15:{group_id}" and "Nguyễn Thị Hằng" in pdfread.flat(one.pdf)
    empty = pdfread.flat(record.produce(office, "relief", point="P02", as_of=D2).pdf)
    assert "Không có khoản vay nào được giảm lãi suất." in empty


def test_credited_to_the_next_interest_by_default(office):
    _reduced(office, "next_interest")
    # at 15/05 the credit has come off May's bill (61.545 − 20.384 = 41.161): nothing left
    (group,) = relief_docs.relief_list(office, "P01", D2).groups
    assert dataclasses.astuple(group.rows[0])[3:] == (20_384, 0, 0)
    text = pdfread.flat(record.produce(office, "relief", point="P01", as_of=D2).pdf)
    assert "số lãi đã thu thừa được trừ vào lãi các kỳ tới." in text

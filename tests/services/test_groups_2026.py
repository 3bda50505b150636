"""Groups as offices run them in 2026 (decisions/0079): outside 5–60 members a group warns
with the reason; a leader and deputy who are close relatives by the household records are
refused."""
from __future__ import annotations

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import groups, journal, posting
from tests.services.test_loans_collections import DS, as_user, set_up_loan


def member(office, household_id, name, relation):
    p = posting.post(office, "person.register", {"household_id": household_id,
                                                 "full_name": name, "sex": "M",
                                                 "birth_date": "1980-01-01",
                                                 "relation": relation}, business_date=DS)
    return journal.get(office.db, p.op_id).payload["person_id"]


def test_a_group_of_one_household_warns_why(office):
    with office.transaction():
        group_id, *_ = set_up_loan(office)
    (row,) = groups.list_groups(office, "P01")
    assert row.members == 1
    assert row.warning_vi == "Tổ chỉ có 1 thành viên: tổ TK&VV cần từ 5 đến 60 thành viên."
    assert row.warning_en.startswith("The group has 1 members")
    assert groups.get_group(office, group_id).warning_vi == row.warning_vi


def test_leader_and_deputy_may_not_be_close_relatives(office):
    with office.transaction():
        group_id, household_id, _, _ = set_up_loan(office)
    as_user(office, "accountant", ["accountant"])
    head = member(office, household_id, "Trần Văn Bình", "chủ hộ")
    wife = member(office, household_id, "Lê Thị Lan", "vợ/chồng")
    son = member(office, household_id, "Trần Văn Cường", "con")
    for leader, deputy in ((head, wife), (head, son), (wife, son)):
        with pytest.raises(DomainError) as err:
            posting.post(office, "group.update", {"group_id": group_id, "fields": {
                "leader_person_id": leader, "deputy_person_id": deputy}}, business_date=DS)
        assert err.value.code == "leaders_related" and err.value.field == "deputy_person_id"
    h2 = posting.post(office, "household.register", {"point_code": "P01", "group_id": group_id,
                                                     "address": "Thôn 2, xã Hải Ninh",
                                                     "village": "Thôn 2", "category": "poor"},
                      business_date=DS)
    other = member(office, journal.get(office.db, h2.op_id).payload["household_id"],
                   "Phạm Văn Dũng", "chủ hộ")
    posting.post(office, "group.update", {"group_id": group_id, "fields": {
        "leader_person_id": head, "deputy_person_id": other}}, business_date=DS)
    assert groups.get_group(office, group_id).leader_person_id == head

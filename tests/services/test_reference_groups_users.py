"""Reference data and Refs, groups with member counts, users and sign-in, and check_book."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text

from sbpdesk.db.models import AppUser
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import check, groups, posting, reference, users
from sbpdesk.services.books import open_book
from tests.conftest import PW, TODAY
from tests.services.test_customers import household


def _refused(code, fn, *args, **kw):
    with pytest.raises(DomainError) as err:
        fn(*args, **kw)
    assert err.value.code == code, err.value.en
    return err.value


def test_points_and_organisations_are_queryable(office):
    points = reference.list_points(office)
    assert [(p.code, p.session_day, p.office_code) for p in points] == [
        ("P01", 15, "PGD01"), ("P02", 20, "PGD01")]
    assert reference.list_organisations(office, "P01")[0].kind == "women"


def test_refs_follow_published_rules_rates_programmes_and_calendars(office):
    office.sign_in("admin", PW)
    assert reference.rules_version_on(office, TODAY) == "default-1"
    posting.post(office, "rules.publish", {"version": "2026-1", "effective_from": "2026-01-01",
                                           "values": {"savings_rate": "0.5"}},
                 business_date=TODAY)
    posting.post(office, "programme.rate", {"programme_code": "poor", "effective_from":
                                            "2026-01-01", "annual_rate": "6.600"},
                 business_date=TODAY)
    posting.post(office, "programme.define", {"code": "xyz", "name_vi": "Thử", "name_en": "Test",
                                              "max_amount": 10_000_000, "category": "any"},
                 business_date=TODAY)
    posting.post(office, "calendar.publish", {"point_code": "P02", "session_day": 21,
                                              "cancelled": ["2026-04-21"]}, business_date=TODAY)
    refs = office.refs
    assert refs.rules_at(TODAY).version == "2026-1"
    assert refs.rules_at(TODAY).savings_rate == Decimal("0.5")
    assert refs.rates.rate_on("poor", TODAY) == Decimal("6.6")
    assert refs.programme("xyz").max_amount == 10_000_000
    assert refs.calendar("P02").session_day == 21
    assert not refs.calendar("P02").is_held(dt.date(2026, 4, 21))
    assert refs.calendar("P01").session_day == 15
    assert reference.get_point(office, "P02").session_day == 21
    # the next operation records the rules it was decided under
    p = posting.post(office, "office.define", {"office_code": "PGD01", "name": "PGD"},
                     business_date=TODAY)
    from sbpdesk.services import journal
    assert journal.get(office.db, p.op_id).rules_version == "2026-1"
    _refused("rules_version_exists", posting.post, office, "rules.publish",
             {"version": "2026-1", "effective_from": "2026-01-01"}, business_date=TODAY)
    _refused("bad_rate", posting.post, office, "programme.rate",
             {"programme_code": "poor", "effective_from": "2026-01-01", "annual_rate": "abc"},
             business_date=TODAY)


def test_groups_form_update_and_count_members(office):
    office.sign_in("accountant", PW)
    p = posting.post(office, "group.form", {"point_code": "P01", "organisation_code": "HPN-P01",
                                            "code": "T01", "name": "Tổ Thôn 1",
                                            "village": "Thôn 1", "leader_name": "Bà Hoa",
                                            "rating": "good"}, business_date=TODAY)
    from sbpdesk.services import journal
    gid = journal.get(office.db, p.op_id).payload["group_id"]
    _refused("group_code_taken", posting.post, office, "group.form",
             {"point_code": "P01", "organisation_code": "HPN-P01", "code": "T01", "name": "x"},
             business_date=TODAY)
    _refused("bad_rating", posting.post, office, "group.update",
             {"group_id": gid, "fields": {"rating": "excellent"}}, business_date=TODAY)
    posting.post(office, "group.update", {"group_id": gid, "fields": {"rating": "fair",
                                                                       "deputy_name": "Ông Ba"}},
                 business_date=TODAY)
    household(office, group_id=gid)
    household(office, "Thôn 2", group_id=gid)
    (row,) = groups.list_groups(office, "P01")
    assert (row.code, row.rating, row.deputy_name, row.members) == ("T01", "fair", "Ông Ba", 2)
    assert groups.list_groups(office, "P02") == []


def test_sign_in_and_wrong_password(office):
    office.close()
    book = open_book(office.data_dir, user="teller", password=PW)
    assert book.user.roles == frozenset({"teller"})
    err = _refused("login_failed", book.sign_in, "teller", "wrong")
    assert err.vi == "Sai tên đăng nhập hoặc mật khẩu."
    _refused("login_failed", book.sign_in, "ghost", PW)
    book.close()


def test_users_are_office_data_with_argon2id_hashes(office, point):
    row = office.db.get(AppUser, "teller")
    assert row.password_hash.startswith("$argon2id$")
    assert {u.username for u in users.list_users(point)} >= {"admin", "teller", "controller"}
    point.user = point.user.__class__("admin", "A", frozenset({"admin"}))
    _refused("office_only", users.set_user, point, "new", "New", ["teller"], "secret")
    office.sign_in("admin", PW)
    users.set_user(office, "teller", "Teller", ["teller"], active=False)  # keeps the hash
    assert office.db.get(AppUser, "teller").password_hash == row.password_hash
    _refused("login_failed", office.sign_in, "teller", PW)
    _refused("bad_roles", users.set_user, office, "x1", "X", ["boss"], "secret")
    _refused("password_required", users.set_user, office, "x1", "X", ["teller"])
    _refused("bad_username", users.set_user, office, "Nguyễn", "X", ["teller"], "secret")


def test_unenrolled_laptop_has_only_its_local_admin(tmp_path, clock):
    from sbpdesk.services.books import init_book
    book = init_book(tmp_path, "point", admin_password="secret", clock=clock)
    assert [u.username for u in users.list_users(book)] == ["admin"]
    assert book.origin == "" and book.role == "point"
    book.sign_in("admin", "secret")
    book.close()


def test_check_book_reports_integrity_and_chain(office):
    report = check.check_book(office, replay=True)
    assert report.ok and report.first_problem() is None
    with office.transaction():
        office.db.execute(text("UPDATE operation SET actor = 'x' WHERE seq = 3"))
    report = check.check_book(office)
    assert not report.ok and report.chains[0].seq == 3
    assert "PGD01" in report.first_problem("en")


def test_book_today_is_vietnam_date(tmp_path):
    from sbpdesk.services.books import init_book
    late = lambda: dt.datetime(2026, 3, 14, 18, 30, tzinfo=dt.UTC)  # 01:30 on the 15th
    book = init_book(tmp_path, "point", admin_password="secret", clock=late)
    assert book.today() == dt.date(2026, 3, 15)
    book.close()

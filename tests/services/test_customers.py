"""Households and persons: registration, CCCD checks, accent-blind search, contact
last-writer-wins in canonical order, and the office's confirm/alias."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import customers, journal, posting
from tests.conftest import PW, TODAY

CCCD_M_1980 = "068080000123"   # Lâm Đồng, male, 1980
CCCD_F_1985 = "068185000456"   # Lâm Đồng, female, 1985


def _refused(code, fn, *args, **kw):
    with pytest.raises(DomainError) as err:
        fn(*args, **kw)
    assert err.value.code == code, err.value.en
    return err.value


def household(book, address="Thôn 1, xã Hải Ninh", **extra):
    p = posting.post(book, "household.register", {"point_code": "P01", "address": address,
                                                  "village": "Thôn 1", "category": "poor",
                                                  "category_year": 2025, **extra},
                     business_date=TODAY)
    return journal.get(book.db, p.op_id).payload["household_id"]


def person(book, household_id, name, id_number=None, sex="M", birth="1980-05-02", **extra):
    p = posting.post(book, "person.register",
                     {"household_id": household_id, "full_name": name, "id_number": id_number,
                      "birth_date": birth, "sex": sex, "ethnicity": "Kinh",
                      "relation": "chủ hộ", "phone": "0912 345 678",
                      "is_representative": True, **extra}, business_date=TODAY)
    return journal.get(book.db, p.op_id).payload["person_id"]


@pytest.fixture
def teller_office(office):
    office.sign_in("teller", PW)
    return office


def test_register_household_and_person(teller_office):
    book = teller_office
    hid = household(book)
    pid = person(book, hid, "  Đặng   Thi\u0323 Hoa ", CCCD_F_1985, sex="F", birth="1985-01-01")
    row = customers.get_household(book, hid)
    assert row.provisional_no == "T00001" and row.category == "poor"
    (member,) = row.members
    assert member.id == pid and member.full_name == "Đặng Thị Hoa"  # NFC, spaces folded
    assert member.id_number == CCCD_F_1985 and member.phone == "0912345678"


def test_cccd_is_checked_against_birth_year_and_sex(teller_office):
    hid = household(teller_office)
    _refused("id_birth_year", person, teller_office, hid, "Lê Văn A", CCCD_M_1980,
             birth="1981-01-01")
    _refused("id_sex", person, teller_office, hid, "Lê Văn A", CCCD_M_1980, sex="F")
    _refused("id_length", person, teller_office, hid, "Lê Văn A", "12345")


def test_duplicate_cccd_is_refused_with_the_holder(teller_office):
    hid = household(teller_office)
    person(teller_office, hid, "Nguyễn Văn Bình", CCCD_M_1980)
    other = household(teller_office, "Thôn 2")
    err = _refused("id_number_taken", person, teller_office, other, "Nguyễn Văn Bình",
                   CCCD_M_1980)
    assert "Nguyễn Văn Bình" in err.vi and "T00001" in err.vi


def test_search_ignores_accents_case_and_finds_infix(teller_office):
    book = teller_office
    hid = household(book)
    for name in ("Đặng Văn Hùng", "Nguyễn Thị Đào", "Trần Đăng Khoa", "Lê Văn Dũng"):
        person(book, hid, name)
    names = lambda text: [r.full_name for r in customers.search_persons(book, text)]
    assert names("dang") == ["Đặng Văn Hùng", "Trần Đăng Khoa"]  # name start before word
    assert names("ĐẶNG VĂN") == ["Đặng Văn Hùng"]
    assert names("dao") == ["Nguyễn Thị Đào"]
    assert names("van") == ["Đặng Văn Hùng", "Lê Văn Dũng"]
    assert names("an h") == ["Đặng Văn Hùng"]  # infix across words
    assert names("100%") == [] and names("_") == []  # LIKE wildcards are literal
    assert names("") == []
    assert names("0912") and names("0912")[0]  # phone prefix


def test_search_is_indexed_and_fast_enough(teller_office):
    from sqlalchemy import insert

    from sbpdesk.db.models import Household, Person
    book = teller_office
    with book.transaction():
        book.db.execute(insert(Household), [{"id": f"h{i}", "point_code": "P01"}
                                             for i in range(2000)])
        book.db.execute(insert(Person), [
            {"id": f"p{i}", "household_id": f"h{i % 2000}", "full_name": f"Người {i}",
             "search_key": f"nguoi {i}"} for i in range(20000)])
    import time
    start = time.perf_counter()
    rows = customers.search_persons(book, "ngươi 1999", limit=20)
    assert rows[0].full_name == "Người 1999"
    assert time.perf_counter() - start < 0.5


def test_search_ranks_match_one_ranked_query_across_limits_points_and_digits(teller_office):
    """The search asks rank by rank (starts, a word starts, anywhere) with LIMITs and a
    separate path for digits and for one point; the rows must be exactly those of one query
    ordered by (rank, search_key)."""
    from sqlalchemy import insert

    from sbpdesk.db.models import Household, Person
    from sbpdesk.domain.text import search_key
    book = teller_office
    given = ("an", "anh", "lan", "nam", "hoa", "van", "tuan", "ha")
    names = [f"{f} {m} {g} {i}" for i, (f, m, g) in enumerate(
        (f, m, g) for f in ("Nguyễn", "Văn", "An", "Lê") for m in ("Văn", "Thị", "Ngọc")
        for g in given)]
    with book.transaction():
        book.db.execute(insert(Household), [
            {"id": f"h{i}", "point_code": "P01" if i % 3 else "P02", "provisional_no": f"T{i}"}
            for i in range(20)])
        book.db.execute(insert(Person), [
            {"id": f"p{i}", "household_id": f"h{i % 20}", "full_name": name,
             "search_key": search_key(name), "id_number": f"0680{i:08d}",
             "phone": f"09{i % 7}{i:07d}" if i % 2 else None}
            for i, name in enumerate(names)])
    rows = {p.id: p for p in book.db.query(Person)}
    points = {h.id: h.point_code for h in book.db.query(Household)}
    book.end_read()

    def expected(text, limit, point):
        key = search_key(text)
        digits = key.replace(" ", "")
        number = digits.isdigit()
        hits = []
        for p in rows.values():
            sk = p.search_key
            rank = 0 if sk.startswith(key) else 1 if f" {key}" in sk else 2
            match = key in sk or (number and any(
                (v or "").startswith(digits) for v in (p.id_number, p.phone)))
            if match and (point is None or points[p.household_id] == point):
                hits.append((rank, sk, p.id))
        return [i for _r, _s, i in sorted(hits)[:limit]]

    for text in ("n", "an", "van", "an h", "a", "nguyen van", "ha", "z", "0", "09", "091",
                 "068000000012", "3", "1 1"):
        for limit in (1, 5, 20, 200):
            for point in (None, "P01"):
                got = [r.id for r in customers.search_persons(book, text, limit, point)]
                assert got == expected(text, limit, point), (text, limit, point)
                book.end_read()
    (row,) = customers.search_persons(book, "068000000012")
    assert row.household_no == "T12" and row.full_name == names[12]


def test_contact_update_last_writer_wins_in_canonical_order(teller_office):
    book = teller_office
    hid = household(book)
    pid = person(book, hid, "Lê Văn Dũng")

    def update(day, **fields):
        posting.post(book, "contact.update", {"person_id": pid, "fields": fields},
                     business_date=day)
    update(TODAY, phone="0988000111", address="Thôn 3")
    # recorded later, but dated earlier: it must not win
    update(TODAY - dt.timedelta(days=3), phone="0977000222", address="Thôn 9")
    row = customers.get_household(book, hid)
    assert row.members[0].phone == "0988000111" and row.address == "Thôn 3"
    update(TODAY, phone="0966000333")  # same date, later seq: wins, address untouched
    row = customers.get_household(book, hid)
    assert row.members[0].phone == "0966000333" and row.address == "Thôn 3"


def test_contact_update_accepts_only_contact_fields(teller_office):
    hid = household(teller_office)
    pid = person(teller_office, hid, "Lê Văn Dũng")
    _refused("bad_fields", posting.post, teller_office, "contact.update",
             {"person_id": pid, "fields": {"full_name": "X"}}, business_date=TODAY)
    _refused("bad_phone", posting.post, teller_office, "contact.update",
             {"person_id": pid, "fields": {"phone": "12"}}, business_date=TODAY)


def test_confirm_and_alias_are_the_accountants(office):
    office.sign_in("teller", PW)
    a, b = household(office), household(office, "Thôn 2")
    _refused("role_refused", posting.post, office, "household.confirm",
             {"household_id": a, "customer_code": "KH001"}, business_date=TODAY)
    office.sign_in("accountant", PW)
    posting.post(office, "household.confirm", {"household_id": a, "customer_code": "KH001"},
                 business_date=TODAY)
    _refused("customer_code_taken", posting.post, office, "household.confirm",
             {"household_id": b, "customer_code": "KH001"}, business_date=TODAY)
    posting.post(office, "household.alias", {"household_id": b, "alias_of": a},
                 business_date=TODAY)
    assert customers.get_household(office, a).customer_code == "KH001"
    assert customers.get_household(office, b).alias_of == a
    _refused("alias_self", posting.post, office, "household.alias",
             {"household_id": a, "alias_of": a}, business_date=TODAY)


def test_point_registers_with_a_session_free_fact(point):
    hid = household(point)
    assert customers.list_households(point, "P01")[0].id == hid


# --- identity papers in 2026 (decisions/0079, 0155) ------------------------------------------

CCCD_M_1983 = "068083000111"   # Lâm Đồng, male, born 10/08/1983


def test_a_card_s_expiry_is_stored_and_flags_the_person_after_it(teller_office):
    book = teller_office
    hid = household(book)
    # issued 15/04/2021 at 37, more than 2 years before 40: valid to 10/08/2023 (by hand)
    pid = person(book, hid, "Lê Văn Tâm", CCCD_M_1983, birth="1983-08-10",
                 id_issued_on="2021-04-15")
    (member,) = customers.get_household(book, hid).members
    assert member.id_expiry == dt.date(2023, 8, 10)
    assert member.card_warning(TODAY).code == "id_expired"
    assert "10/08/2023" in member.card_warning(TODAY).vi
    assert member.card_warning(dt.date(2023, 8, 10)) is None
    # the renewed card, issued 20/02/2026 at 42: valid to the 60th birthday, 10/08/2043
    customers.record_card(book, pid, dt.date(2026, 2, 20), business_date=TODAY)
    (member,) = customers.get_household(book, hid).members
    assert member.id_expiry == dt.date(2043, 8, 10) and member.card_warning(TODAY) is None
    # an older card recorded later but dated earlier does not win (canonical order)
    customers.record_card(book, pid, dt.date(2021, 4, 15),
                          business_date=TODAY - dt.timedelta(days=30))
    (member,) = customers.get_household(book, hid).members
    assert member.id_expiry == dt.date(2043, 8, 10)
    # a printed expiry typed as it is
    customers.record_card(book, pid, None, expiry=dt.date(2043, 8, 10), business_date=TODAY)
    assert customers.get_household(book, hid).members[0].id_expiry == dt.date(2043, 8, 10)


def test_card_dates_that_cannot_hold_are_refused_and_nothing_is_kept(teller_office):
    book = teller_office
    hid = household(book)
    err = _refused("id_issued_later", person, book, hid, "Lê Văn Tâm", CCCD_M_1983,
                   birth="1983-08-10", id_issued_on="2026-03-16")
    assert err.field == "id_issued_on" and err.vi and err.en
    pid = person(book, hid, "Lê Văn Tâm", CCCD_M_1983, birth="1983-08-10")
    _refused("id_expiry_before_issue", customers.record_card, book, pid,
             dt.date(2021, 4, 15), expiry=dt.date(2020, 1, 1), business_date=TODAY)
    assert customers.get_household(book, hid).members[0].id_expiry is None


def test_a_9_digit_cmnd_is_refused_on_a_2026_record_and_flagged_on_an_older_one(teller_office):
    book = teller_office
    hid = household(book)
    _refused("id_cmnd_void", person, book, hid, "Lê Văn Tâm", "123456789")
    p = posting.post(book, "person.register", {
        "household_id": hid, "full_name": "Lê Văn Tâm", "id_number": "123456789",
        "birth_date": "1983-08-10", "sex": "M"}, business_date=dt.date(2024, 12, 31))
    assert journal.get(book.db, p.op_id).payload["id_number"] == "123456789"
    (member,) = customers.get_household(book, hid).members
    assert member.card_warning(dt.date(2024, 12, 31)) is None
    assert member.card_warning(TODAY).code == "id_cmnd_void"

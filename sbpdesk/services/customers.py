"""Households and their members: registration, contact changes, the office's confirmation
(customer code) and aliases, and person search.

A point registers with provisional numbers; only the office assigns customer codes
(`household.confirm`). A duplicate CCCD found later is recorded with `household.alias`, never
by rewriting operations. Phone and address are field-level last-writer-wins in canonical
order (not arrival order): each field remembers the operation that last set it. Search uses
the precomputed `search_key` (accents stripped, đ→d, casefolded) because SQLite's LIKE and
lower() only fold ASCII.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal_column, not_, or_, select

from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import Group, Household, Person, Point, SavingsAccount
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.people import Warning_, card_warning, check_card, check_id_on_record
from sbpdesk.domain.text import name_sort_key, nfc, normalise_spaces, search_key
from sbpdesk.services import absent, journal, opening, posting
from sbpdesk.services.changes import Written, given, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.posting import Command, applier, decider, replace

CATEGORIES = ("poor", "near_poor", "escaped", "other")
CONTACT_FIELDS = ("phone", "address")
CARD_FIELDS = ("id_issued_on", "id_expiry")     # a renewed card (decision 0155)


@dataclass(frozen=True)
class PersonRow:
    id: str
    household_id: str
    full_name: str
    id_number: str | None
    birth_date: dt.date | None
    sex: str | None
    relation: str | None
    phone: str | None
    is_representative: bool
    household_no: str | None  # customer code, or the provisional number until confirmed
    address: str | None
    village: str | None
    group_id: str | None
    point_code: str
    id_expiry: dt.date | None = None    # the card's expiry, when recorded (decision 0155)

    def card_warning(self, on: dt.date) -> Warning_ | None:
        """An expired card or a void CMND on `on` (the borrower page and the sheet)."""
        return card_warning(self.id_number, self.id_expiry, on)


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    point_code: str
    group_id: str | None
    provisional_no: str | None
    customer_code: str | None
    address: str | None
    village: str | None
    category: str | None
    category_year: int | None
    alias_of: str | None
    members: tuple[PersonRow, ...] = ()


def _text(value) -> str | None:
    if value is None:
        return None
    value = normalise_spaces(nfc(str(value)))
    return value or None


def _missing(name: str) -> DomainError:
    return DomainError("missing_field", f"Thiếu thông tin: {name}", f"Missing field: {name}",
                       field=name)


def _phone(value) -> str | None:
    if value is None or not str(value).strip():
        return None
    digits = "".join(c for c in str(value) if c.isdigit())
    if not 9 <= len(digits) <= 11:
        raise DomainError("bad_phone", "Số điện thoại không hợp lệ.", "Invalid phone number.",
                          field="phone")
    return digits


# --- write verbs ----------------------------------------------------------------------------

@dataclass(frozen=True)
class NewHousehold:
    point_code: str
    address: str
    village: str | None = None
    group_id: str | None = None
    category: str = "other"
    category_year: int | None = None
    household_id: str | None = None   # None: a new id
    commune_code: str | None = None   # the unit the address names (decisions/0106)
    provisional_no: str | None = None   # None: the point's next (needed in bulk: 0255)


@dataclass(frozen=True)
class NewPerson:
    full_name: str
    sex: str                          # M | F
    birth_date: dt.date | None = None
    id_number: str | None = None
    phone: str | None = None
    relation: str | None = None
    is_representative: bool = False
    ethnicity: str | None = None
    person_id: str | None = None      # None: a new id
    id_issued_on: dt.date | None = None   # the card's dates; the expiry follows from the
    id_expiry: dt.date | None = None      # issue date when not typed (decision 0155)


@dataclass(frozen=True)
class Registered:
    """A household registered with its members: the write and the household as it now is."""
    written: Written
    household: HouseholdRow | None


def register_household(book: Book, household: NewHousehold, persons: list[NewPerson], *,
                       business_date: dt.date, session_id: str | None = None,
                       with_row: bool = True) -> Registered:
    """Register a household and its members in one transaction (household.register, then a
    person.register each): a refused member leaves no household behind. `with_row=False`
    leaves the household's row out of the result (`household` None: the demo's thousands)."""
    with book.transaction():
        made = posting.post(book, "household.register", _household_payload(household),
                            business_date=business_date, session_id=session_id)
        household_id = journal.get(book.db, made.op_id).payload["household_id"]
        posted = [made] + [posting.post(book, "person.register",
                                        _person_payload(household_id, p),
                                        business_date=business_date, session_id=session_id)
                           for p in persons]
        row = get_household(book, household_id) if with_row else None
    return Registered(written(*posted, households=(household_id,)), row)


def register_many(book: Book, households: list[tuple[NewHousehold, list[NewPerson]]], *,
                  business_date: dt.date) -> Written:
    """Register many households (the demo's, decision 0255): every household.register,
    then every member's person.register, each kind decided, appended and applied in bulk
    (`opening.post_many`), in the caller's transaction. The ids and provisional numbers are
    given (the deciders of one batch see the book as it was before it)."""
    if any(h.household_id is None or h.provisional_no is None
           or any(p.person_id is None for p in members) for h, members in households):
        raise ValueError("register_many needs the ids and provisional numbers")
    entries = opening.post_many(book, "household.register",
                                [_household_payload(h) for h, _ in households],
                                business_date=business_date)
    entries += opening.post_many(book, "person.register",
                                 [_person_payload(h.household_id, p)
                                  for h, members in households for p in members],
                                 business_date=business_date)
    return written(*_posted(entries), households=tuple(h.household_id for h, _ in households))


def confirm_many(book: Book, codes: list[tuple[str, str]], *,
                 business_date: dt.date) -> Written:
    """Give many households their customer codes, (household id, code) each, in bulk."""
    entries = opening.post_many(book, "household.confirm", [
        {"household_id": household_id, "customer_code": code} for household_id, code in codes],
        business_date=business_date)
    return written(*_posted(entries), households=tuple(h for h, _ in codes))


def _posted(entries: list[Entry]) -> list[posting.Posted]:
    return [posting.Posted(e.op_id, e.seq, "applied") for e in entries]


def _household_payload(household: NewHousehold) -> dict:
    return {"point_code": household.point_code, "group_id": household.group_id,
            "category": household.category, "address": household.address,
            "village": household.village, **given(household_id=household.household_id,
                                                  category_year=household.category_year,
                                                  commune_code=household.commune_code,
                                                  provisional_no=household.provisional_no)}


def _person_payload(household_id: str, p: NewPerson) -> dict:
    return {"household_id": household_id, "full_name": p.full_name, "sex": p.sex,
            "birth_date": p.birth_date.isoformat() if p.birth_date else None,
            "id_number": p.id_number, "phone": p.phone, "relation": p.relation,
            "is_representative": p.is_representative,
            **given(person_id=p.person_id, ethnicity=p.ethnicity,
                    id_issued_on=_iso(p.id_issued_on), id_expiry=_iso(p.id_expiry))}


def record_card(book: Book, person_id: str, issued_on: dt.date | None, *,
                expiry: dt.date | None = None, business_date: dt.date,
                session_id: str | None = None) -> Written:
    """A person's (renewed) identity card: its issue date and, when printed, its expiry
    (else the 14/25/40/60 rule gives it). Last writer wins in canonical order, like the
    phone (`contact.update`)."""
    with book.transaction():
        posted = posting.post(book, "contact.update", {"person_id": person_id, "fields": given(
            id_issued_on=_iso(issued_on), id_expiry=_iso(expiry))},
            business_date=business_date, session_id=session_id)
    household = book.db.get(Person, person_id).household_id
    return written(posted, households=(household,))


def confirm_household(book: Book, household_id: str, customer_code: str, *,
                      business_date: dt.date) -> Written:
    """Give a household its customer code (household.confirm, the office)."""
    return written(posting.post(book, "household.confirm", {
        "household_id": household_id, "customer_code": customer_code},
        business_date=business_date), households=(household_id,))


# --- households -----------------------------------------------------------------------------

@decider("household.register")
def _decide_household(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    p["household_id"] = p.get("household_id") or uuid7()
    point = book.db.get(Point, p.get("point_code") or "")
    if point is None:
        raise DomainError("unknown_point", "Không có điểm giao dịch này.", "Unknown point.",
                          field="point_code")
    if p.get("group_id"):
        group = book.db.get(Group, p["group_id"])
        if group is None or group.point_code != point.code:
            raise DomainError("unknown_group", "Tổ TK&VV không thuộc điểm giao dịch này.",
                              "The group does not belong to this point.", field="group_id")
    if p.get("category", "other") not in CATEGORIES:
        raise DomainError("bad_category", "Phân loại hộ không hợp lệ.",
                          "Unknown household category.", field="category")
    for name in ("address", "village"):
        p[name] = _text(p.get(name))
    if not p["address"]:
        raise _missing("address")
    if not p.get("provisional_no"):
        count = book.db.scalar(select(func.count()).select_from(Household)
                               .where(Household.point_code == point.code))
        p["provisional_no"] = f"T{count + 1:05d}"
    p.setdefault("group_id", None)
    p.setdefault("commune_code", point.commune)
    p.setdefault("category", "other")
    p.setdefault("category_year", None)
    return replace(cmd, payload=p)


@applier("household.register")
def _apply_household(book: Book, e: Entry) -> None:
    p = e.payload
    absent.add(book, Household(
        id=p["household_id"], point_code=p["point_code"], group_id=p.get("group_id"),
        provisional_no=p.get("provisional_no"), address=p.get("address"),
        address_op_id=e.op_id, village=p.get("village"), village_code=p.get("village_code"),
        commune_code=p.get("commune_code"), category=p.get("category"),
        category_year=p.get("category_year")), p["household_id"])


@decider("household.confirm")
def _decide_confirm(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    _household(book, p.get("household_id"))
    code = _text(p.get("customer_code"))
    if not code:
        raise _missing("customer_code")
    other = not absent.is_absent(book, (Household, "customer_code"), code) and book.db.scalar(
        select(Household.id).where(Household.customer_code == code,
                                   Household.id != p["household_id"]))
    if other:
        raise DomainError("customer_code_taken", f"Mã khách hàng {code} đã được dùng.",
                          f"Customer code {code} is already used.", field="customer_code")
    p["customer_code"] = code
    return replace(cmd, payload=p)


@applier("household.confirm")
def _apply_confirm(book: Book, e: Entry) -> None:
    row = book.db.get(Household, e.payload["household_id"])
    if row is not None:
        row.customer_code = e.payload["customer_code"]


@decider("household.alias")
def _decide_alias(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    _household(book, p.get("household_id"))
    _household(book, p.get("alias_of"))
    if p["household_id"] == p["alias_of"]:
        raise DomainError("alias_self", "Hộ không thể là bí danh của chính nó.",
                          "A household cannot be an alias of itself.", field="alias_of")
    return replace(cmd, payload=p)


@applier("household.alias")
def _apply_alias(book: Book, e: Entry) -> None:
    row = book.db.get(Household, e.payload["household_id"])
    if row is not None:
        row.alias_of = e.payload["alias_of"]


def _household(book: Book, household_id: str | None) -> Household:
    row = book.db.get(Household, household_id) if household_id else None
    if row is None:
        raise DomainError("unknown_household", "Không tìm thấy hộ.", "Household not found.",
                          field="household_id")
    return row


# --- persons --------------------------------------------------------------------------------

@decider("person.register")
def _decide_person(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    p["person_id"] = p.get("person_id") or uuid7()
    _household(book, p.get("household_id"))
    p["full_name"] = _text(p.get("full_name"))
    if not p["full_name"]:
        raise _missing("full_name")
    if p.get("sex") not in ("M", "F"):
        raise DomainError("bad_sex", "Giới tính phải là Nam hoặc Nữ.", "Sex must be M or F.",
                          field="sex")
    birth = p.get("birth_date")
    birth_date = dt.date.fromisoformat(birth) if isinstance(birth, str) else birth
    if p.get("id_number"):
        # a 9-digit CMND only on records made before 01/01/2025 (decisions/0079)
        p["id_number"] = check_id_on_record(p["id_number"], cmd.business_date, birth_date,
                                            p["sex"]).number
        _refuse_duplicate_id(book, p["id_number"])
    else:
        p["id_number"] = None
    p["birth_date"] = birth_date.isoformat() if birth_date else None
    if p.get("id_issued_on") or p.get("id_expiry"):
        p.update(_card(p, birth_date, cmd.business_date))
    p["phone"] = _phone(p.get("phone"))
    for name in ("ethnicity", "relation"):
        p[name] = _text(p.get(name))
    p["is_representative"] = bool(p.get("is_representative"))
    return replace(cmd, payload=p)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DomainError("bad_date", f"Ngày không hợp lệ: {field}", f"Invalid date: {field}",
                          field=field) from None


def _card(values: dict, birth: dt.date | None, recorded_on: dt.date) -> dict:
    """The card's issue date as typed and its expiry: printed, or by the 14/25/40/60 rule."""
    issued = _day(values.get("id_issued_on"), "id_issued_on")
    expiry = check_card(birth, issued, _day(values.get("id_expiry"), "id_expiry"), recorded_on)
    return {"id_issued_on": _iso(issued), "id_expiry": _iso(expiry)}


def _refuse_duplicate_id(book: Book, id_number: str) -> None:
    if absent.is_absent(book, (Person, "id_number"), id_number):
        return      # a bulk post knows no one holds it (asked once for all, decision 0256)
    other = book.db.execute(select(Person.full_name, Household.customer_code,
                                   Household.provisional_no)
                            .join(Household, Household.id == Person.household_id)
                            .where(Person.id_number == id_number)).first()
    if other is not None:
        no = other.customer_code or other.provisional_no
        raise DomainError("id_number_taken",
                          f"Số CCCD {id_number} đã được đăng ký cho {other.full_name} (hộ {no}).",
                          f"ID number {id_number} is already registered to {other.full_name}"
                          f" (household {no}).", field="id_number")


@applier("person.register")
def _apply_person(book: Book, e: Entry) -> None:
    p = e.payload
    birth = p.get("birth_date")
    absent.add(book, Person(
        id=p["person_id"], household_id=p["household_id"], full_name=p["full_name"],
        search_key=search_key(p["full_name"]), id_number=p.get("id_number"),
        birth_date=dt.date.fromisoformat(birth) if birth else None, sex=p.get("sex"),
        ethnicity=p.get("ethnicity"), relation=p.get("relation"), phone=p.get("phone"),
        phone_op_id=e.op_id, is_representative=bool(p.get("is_representative")),
        id_issued_on=_day(p.get("id_issued_on"), "id_issued_on"),
        id_expiry=_day(p.get("id_expiry"), "id_expiry"),
        id_card_op_id=e.op_id if p.get("id_issued_on") or p.get("id_expiry") else None),
        p["person_id"])


# --- contact details (last writer wins per field, in canonical order) ----------------------

@decider("contact.update")
def _decide_contact(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    person = book.db.get(Person, p.get("person_id") or "")
    if person is None:
        raise DomainError("unknown_person", "Không tìm thấy thành viên.", "Person not found.",
                          field="person_id")
    fields = dict(p.get("fields") or {})
    if not fields or set(fields) - set(CONTACT_FIELDS + CARD_FIELDS):
        raise DomainError("bad_fields", "Chỉ cập nhật được số điện thoại, địa chỉ và ngày "
                          "cấp, hạn thẻ CCCD.", "Only phone, address and the ID card's dates "
                          "can be updated.", field="fields")
    if set(fields) & set(CARD_FIELDS):     # a renewed card: both dates, the expiry derived
        fields.update(_card(fields, person.birth_date, cmd.business_date))
    if "phone" in fields:
        fields["phone"] = _phone(fields["phone"])
    if "address" in fields:
        fields["address"] = _text(fields["address"])
        if not fields["address"]:
            raise _missing("address")
    p["fields"] = fields
    return replace(cmd, payload=p)


@applier("contact.update")
def _apply_contact(book: Book, e: Entry) -> None:
    person = book.db.get(Person, e.payload["person_id"])
    if person is None:
        return  # the register operation is elsewhere; the journal keeps this value
    fields = e.payload["fields"]
    if "phone" in fields and _newer(book, e, person.phone_op_id):
        person.phone, person.phone_op_id = fields["phone"], e.op_id
    if set(fields) & set(CARD_FIELDS) and _newer(book, e, person.id_card_op_id):
        person.id_issued_on = _day(fields.get("id_issued_on"), "id_issued_on")
        person.id_expiry = _day(fields.get("id_expiry"), "id_expiry")
        person.id_card_op_id = e.op_id
    household = book.db.get(Household, person.household_id)
    if "address" in fields and household is not None and _newer(book, e, household.address_op_id):
        household.address, household.address_op_id = fields["address"], e.op_id


def _newer(book: Book, e: Entry, last_op_id: str | None) -> bool:
    last = journal.get(book.db, last_op_id) if last_op_id else None
    return last is None or domain_op.order_key(e.operation()) > domain_op.order_key(
        last.operation())


# --- queries --------------------------------------------------------------------------------

def _person_row(p: Person, h: Household) -> PersonRow:
    return PersonRow(p.id, p.household_id, p.full_name, p.id_number, p.birth_date, p.sex,
                     p.relation, p.phone, p.is_representative,
                     h.customer_code or h.provisional_no, h.address, h.village, h.group_id,
                     h.point_code, p.id_expiry)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_persons(book: Book, text: str, limit: int = 50,
                   point_code: str | None = None) -> list[PersonRow]:
    """Persons whose name contains `text` ignoring accents and case (name starts first, then
    a word of it, then anywhere), or whose ID number, phone, customer code, village code or
    TK 105 savings book (the core's identifiers) starts with the digits typed;
    in (rank, search_key) order, at most `limit`, of one point if `point_code` is given.

    As fast as the teller types over 50.000 persons (issue 7). Across the whole book the
    ranks are asked one after the other in `search_key` order, each with the rows still
    wanted as its LIMIT and only when the earlier ranks gave too few: "starts with" is a
    range of the `search_key` index (on SQLite), so typing a family name reads about `limit`
    index entries; "a word starts with" and "anywhere" walk that index in order and stop
    once they have enough. Digits are matched against the phone too, which has no index:
    one scan of the table sorts only the ids. Within one point the point's households bound
    the work, so a single ranked query is cheapest there."""
    key = search_key(text or "")
    if not key or limit <= 0:
        return []
    k = _like(key)
    sk = Person.search_key
    starts = sk.like(f"{k}%", escape="\\")
    word = sk.like(f"% {k}%", escape="\\")
    anywhere = sk.like(f"%{k}%", escape="\\")
    digits = "".join(c for c in key if c.isdigit())
    if digits and digits == key.replace(" ", ""):
        anywhere = or_(anywhere, Person.id_number.like(f"{digits}%"),
                       Person.phone.like(f"{digits}%"), *_core_codes(digits))
    else:
        digits = ""
    rank = case((starts, 0), (word, 1), else_=2)
    if point_code is not None:
        return _person_rows(book, [anywhere, Household.point_code == point_code],
                            order=(rank, sk), limit=limit)
    first = [starts]
    sqlite = book.db.get_bind().dialect.name == "sqlite"
    if sqlite:
        # SQLite's LIKE ignores ASCII case, so it cannot use the (binary) index; this range
        # can, and says the same of a casefolded search_key.
        first += [sk >= key, sk < key[:-1] + chr(ord(key[-1]) + 1)]
    rows = _person_rows(book, first, order=(sk,), limit=limit)
    if len(rows) >= limit:
        return rows
    if not digits:
        for where in ([word, not_(starts)], [anywhere, not_(starts), not_(word)]):
            rows += _person_rows(book, where, order=(sk,), limit=limit - len(rows))
            if len(rows) >= limit:
                break
        return rows
    # Ranks 1 and 2 in one scan (unary + keeps SQLite from walking the index, which would
    # read every row in a random order), sorting only the ids. Every rank-0 row is already in
    # `rows` (there are fewer than `limit`), so they are dropped here, not excluded in SQL.
    seen = {r.id for r in rows}
    by_name = literal_column("+person.search_key") if sqlite else sk
    ids = select(Person.id).where(anywhere).order_by(rank, by_name).limit(limit)
    ids = [i for i in book.db.scalars(ids) if i not in seen][:limit - len(rows)]
    found = {r.id: r for r in _person_rows(book, [Person.id.in_(ids)])}
    return rows + [found[i] for i in ids if i in found]


def _core_codes(digits: str) -> list:
    """The core system's identifiers starting with `digits`: the household's customer code
    and village code, the person's TK 105 savings books (each an index range, not a LIKE:
    SQLite's LIKE ignores case and so cannot use the index)."""
    end = digits[:-1] + chr(ord(digits[-1]) + 1)
    households = select(Household.id).where(or_(
        and_(Household.customer_code >= digits, Household.customer_code < end),
        and_(Household.village_code >= digits, Household.village_code < end)))
    books = select(SavingsAccount.person_id).where(SavingsAccount.book_no >= digits,
                                                   SavingsAccount.book_no < end)
    return [Person.household_id.in_(households), Person.id.in_(books)]


_PERSON_ROW_COLUMNS = (
    Person.id, Person.household_id, Person.full_name, Person.id_number, Person.birth_date,
    Person.sex, Person.relation, Person.phone, Person.is_representative,
    Household.customer_code, Household.provisional_no, Household.address, Household.village,
    Household.group_id, Household.point_code, Person.id_expiry)


def _person_rows(book: Book, where, order=(), limit: int | None = None) -> list[PersonRow]:
    """PersonRow straight from the columns (no ORM objects: search runs per keystroke)."""
    query = (select(*_PERSON_ROW_COLUMNS)
             .join(Household, Household.id == Person.household_id).where(*where)
             .order_by(*order).limit(limit))
    return [PersonRow(*r[:9], r[9] or r[10], *r[11:]) for r in book.db.execute(query)]


def get_household(book: Book, household_id: str) -> HouseholdRow | None:
    h = book.db.get(Household, household_id)
    if h is None:
        return None
    people = book.db.scalars(select(Person).where(Person.household_id == h.id))
    members = sorted((_person_row(p, h) for p in people),
                     key=lambda r: (not r.is_representative, name_sort_key(r.full_name)))
    return HouseholdRow(h.id, h.point_code, h.group_id, h.provisional_no, h.customer_code,
                        h.address, h.village, h.category, h.category_year, h.alias_of,
                        tuple(members))


def list_households(book: Book, point_code: str, group_id: str | None = None
                    ) -> list[HouseholdRow]:
    query = select(Household).where(Household.point_code == point_code)
    if group_id is not None:
        query = query.where(Household.group_id == group_id)
    return [HouseholdRow(h.id, h.point_code, h.group_id, h.provisional_no, h.customer_code,
                         h.address, h.village, h.category, h.category_year, h.alias_of)
            for h in book.db.scalars(query.order_by(Household.provisional_no))]

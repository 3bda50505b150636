"""Opening balances from the bank's core system (docs/core-bridge.md): `loan.open` (a loan as
the core reports it on the data date: balances by bucket, interest arrears, the instalments
still to fall due, the core's 16-digit number as the contract number) and `savings.open` (a
TK 105 savings book and its balance). The office posts them once, when it starts its book
from the core (`sbpdesk core seed`); they replay and sync like any operation. The deciders
check that the figures add up and that the account does not exist yet. `post_many` posts
many operations of one kind at once (the seed's households, persons, loans, savings)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from sbpdesk.db import bulk
from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import (
    AccountSnapshot,
    Application,
    Group,
    Household,
    Organisation,
    Person,
    Point,
)
from sbpdesk.domain.canonical import canonical_json, from_json, state_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.text import nfc
from sbpdesk.services import absent, identities, journal, loans, posting, schema, scope
from sbpdesk.services.context import Book
from sbpdesk.services.posting import Command, applier, decider, replace

LOAN_MONEY = ("amount", "principal_in_term", "principal_overdue", "principal_frozen",
              "interest_in_term", "interest_overdue")
LOAN_TEXT = ("loan_id", "contract_no", "household_id", "person_id", "group_id", "point_code",
             "programme_code", "funding_source")
STATUSES = ("active", "frozen", "closed")


def _error(code: str, vi: str, en: str, field: str) -> DomainError:
    return DomainError(code, vi, en, field=field)


def _money(p: dict[str, Any], name: str) -> int:
    v = p.get(name, 0)
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise _error("amount_required", f"{name}: số tiền phải là số nguyên không âm (đồng).",
                     f"{name}: the amount must be a whole, non-negative number of đồng.", name)
    return v


def _new_account(book: Book, kind: str, account_id: Any) -> str:
    if not isinstance(account_id, str) or not account_id:
        raise _error("missing_field", "Thiếu mã tài khoản.", "The account id is missing.",
                     f"{kind}_id")
    if absent.exists(book, AccountSnapshot, (kind, account_id)):
        raise _error("account_exists", "Tài khoản này đã có số dư đầu kỳ.",
                     "This account already has its opening balance.", f"{kind}_id")
    return account_id


def _date(p: dict[str, Any], name: str) -> str | None:
    v = p.get(name)
    if v is None:
        return None
    try:
        return dt.date.fromisoformat(v).isoformat()
    except (TypeError, ValueError):
        raise _error("date_format", f"{name}: ngày không hợp lệ.", f"{name}: not a date.",
                     name) from None


@decider("loan.open")
def _decide_loan(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    out: dict[str, Any] = {name: _money(p, name) for name in LOAN_MONEY}
    out |= {name: p.get(name) or "" for name in LOAN_TEXT}
    out["loan_id"] = _new_account(book, "loan", p.get("loan_id"))
    if p.get("investor_code"):      # local funds: whose budget (decisions/0107)
        out["investor_code"] = str(p["investor_code"])
    if book.db.get(Household, out["household_id"]) is None:
        raise _error("unknown_household", "Không tìm thấy hộ vay.", "Household not found.",
                     "household_id")
    if book.db.get(Point, out["point_code"]) is None:
        raise _error("unknown_point", "Không có điểm giao dịch này.", "Unknown point.",
                     "point_code")
    if p.get("status") not in STATUSES:
        raise _error("bad_status", "Trạng thái khoản vay không hợp lệ.", "Unknown loan status.",
                     "status")
    insts = [[_date({"d": d}, "d"), _money({"a": a}, "a")] for d, a in p.get("instalments", [])]
    if sum(a for _, a in insts) != out["principal_in_term"]:
        raise _error("instalments_sum",
                     "Tổng các kỳ trả nợ phải bằng dư nợ trong hạn.",
                     "The instalments must add up to the in-term principal.", "instalments")
    if out["principal_overdue"] and not p.get("overdue_since"):
        raise _error("missing_field", "Thiếu ngày chuyển nợ quá hạn.",
                     "The date the principal went overdue is missing.", "overdue_since")
    out |= {"status": p["status"], "instalments": insts,
            "overdue_since": _date(p, "overdue_since"), "disbursed_on": _date(p, "disbursed_on"),
            "term_months": p.get("term_months") or 0,
            "frequency_months": p.get("frequency_months") or 0}
    return replace(cmd, payload=out)


@decider("savings.open")
def _decide_savings(book: Book, cmd: Command) -> Command:
    p = cmd.payload
    account_id = _new_account(book, "savings", p.get("savings_account_id"))
    if book.db.get(Person, p.get("person_id") or "") is None:
        raise _error("unknown_person", "Không tìm thấy người gửi.", "Depositor not found.",
                     "person_id")
    return replace(cmd, payload={
        "savings_account_id": account_id, "person_id": p["person_id"],
        "group_id": p.get("group_id") or "", "point_code": p.get("point_code") or "",
        "book_no": p.get("book_no") or "", "balance": _money(p, "balance")})


for _kind in ("loan.open", "savings.open"):
    applier(_kind)(loans.apply_and_project)


def post_many(book: Book, kind: str, payloads: list[dict[str, Any]], *,
              business_date: dt.date, labels: list[str] | None = None,
              session_id: str | None = None) -> list[journal.Entry]:
    """Decide, append and apply many operations of one kind (a seed's thousands, a group's
    13/TD lines): each is checked against the payload schema (as `sbpdesk post` checks a
    file's), decided and checked to create nothing that exists exactly as `posting.post`
    does, then all are appended with one bulk insert (chained and hashed under the book's
    origin, as `journal.append` would) and applied. The book, the user's role and the session
    (a kind that needs one, or `session_id`) are checked once, as `posting.post` checks each.
    Whether the rows they create exist is asked once per kind of key (`absent`), not once per
    payload; a key created twice in the batch is refused. The caller holds the transaction;
    inside `posting.batch` the accounts are folded once (the deciders then see the state
    before the batch: the caller keeps each account to one payload). A refusal names the
    payload's label (its file row) and nothing is appended."""
    if not payloads:
        return []
    posting.load_subjects()
    posting.check_writable(book)
    rule = posting._check_allowed(book, kind)
    if rule.approver is not None or kind in posting.WAIVERS:
        raise DomainError("approval_needed", "Nghiệp vụ này cần người duyệt: ghi từng cái.",
                          "This kind needs an approver: post it one at a time.")
    session = None
    if posting.needs_session(book, kind, rule) or session_id is not None:
        session = posting._session_for(book, kind, rule, {}, business_date, session_id)
    version = posting._rules_version(book, business_date)
    head = journal.head(book.db, book.origin, lock=True)
    held = _held(book, payloads)   # noqa: F841 (alive while the batch runs)
    with book.db.no_autoflush, absent.known(book, _absent(book, kind, payloads)):
        envelopes = _decided(book, kind, payloads, business_date, labels, version, head,
                             session.id if session is not None else None)
        entries = _stored_and_applied(book, envelopes)
    book.db.flush()
    return entries


# The rows the deciders and appliers look up by key: loaded with one query per kind and
# held, since the session keeps clean rows only by weak reference (a lookup of a row nobody
# holds is a query again).
LOOKED_UP = {"point_code": Point, "group_id": Group, "household_id": Household,
             "person_id": Person, "organisation_code": Organisation}
# What each kind creates, by payload field (or fields: unique together in one batch) and
# the key whose absence is asked in bulk: a primary key (model), an account's snapshot key
# (AccountSnapshot, account kind) or a value unique in the book (model, column) — for a group
# code (unique at its point), a code no group has.
CREATES: dict[str, tuple[tuple[str | tuple[str, ...], Any], ...]] = {
    "loan.open": (("loan_id", (AccountSnapshot, "loan")),),
    "savings.open": (("savings_account_id", (AccountSnapshot, "savings")),),
    "application.submit": (("application_id", Application),),
    "household.register": (("household_id", Household),),
    "person.register": (("person_id", Person), ("id_number", (Person, "id_number"))),
    "household.confirm": (("customer_code", (Household, "customer_code")),),
    "group.form": (("group_id", Group), (("point_code", "code"), (Group, "code"))),
}


def _held(book: Book, payloads: list[dict[str, Any]]) -> list[Any]:
    held: list[Any] = []
    rows = book.db.identity_map
    for key, model in LOOKED_UP.items():
        ids, identity = [], model.__mapper__.identity_key_from_primary_key
        for value in sorted({p[key] for p in payloads if isinstance(p.get(key), str)
                             and p[key]}):
            row = rows.get(identity((value,)))    # in the session: held, not loaded
            if row is None:
                ids.append(value)
            else:
                held.append(row)
        for chunk in _chunks(ids):
            held += book.db.scalars(select(model).where(
                bulk.in_ids(model.__mapper__.primary_key[0])), {"ids": chunk}).all()
    return held


def _chunks(values: list) -> list[list]:
    return [values[k:k + 5000] for k in range(0, len(values), 5000)]


def _absent(book: Book, kind: str, payloads: list[dict[str, Any]]) -> dict[Any, set]:
    """The keys the payloads would create that do not exist: one query per kind of key."""
    out: dict[Any, set] = {}
    for fields, what in CREATES.get(kind, ()):
        name = fields if isinstance(fields, str) else fields[-1]
        values = sorted({p[name] for p in payloads if isinstance(p.get(name), str) and p[name]})
        if isinstance(what, tuple) and what[0] is AccountSnapshot:
            column = AccountSnapshot.account_id
            query = select(column).where(AccountSnapshot.account_kind == what[1])
        else:
            column = (getattr(what[0], what[1]) if isinstance(what, tuple)
                      else what.__mapper__.primary_key[0])
            query = select(column)
        found = {v for chunk in _chunks(values)
                 for v in book.db.scalars(query.where(bulk.in_ids(column)), {"ids": chunk})}
        keys = {v for v in values if v not in found}
        if isinstance(what, tuple) and what[0] is AccountSnapshot:
            out.setdefault(AccountSnapshot, set()).update((what[1], v) for v in keys)
        else:
            out[what] = keys
    return out


def new_keys(book: Book, envelopes: list[Any]) -> dict[Any, set]:
    """`_absent` of many operations of any kinds (an enrolment pack): for `absent.known`, so
    that their appliers add the rows they create without a lookup each."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for env in envelopes:
        if isinstance(env, dict) and isinstance(env.get("payload"), dict):
            by_kind.setdefault(env.get("kind"), []).append(env["payload"])
    out: dict[Any, set] = {}
    for kind, payloads in by_kind.items():
        for what, keys in _absent(book, kind, payloads).items():
            out.setdefault(what, set()).update(keys)
    return out


def _twice(kind: str, payload: dict[str, Any], seen: set) -> None:
    """Refuse a key the batch already creates (nothing is stored until all are decided)."""
    for fields, _ in CREATES.get(kind, ()):
        names = (fields,) if isinstance(fields, str) else fields
        value = tuple(payload.get(name) for name in names)
        if value[-1] is None:
            continue
        if (names, value) in seen:
            shown = " / ".join(str(v) for v in value)
            raise DomainError("id_taken", f"Trường {names[-1]}: {shown} lặp lại trong cùng một "
                              "lần ghi.", f"Field {names[-1]}: {shown} appears twice in one "
                              "batch.", field=names[-1])
        seen.add((names, value))


def _decided(book: Book, kind: str, payloads: list[dict[str, Any]], business_date: dt.date,
             labels: list[str] | None, version: str | None, head,
             session_id: str | None = None) -> list[dict[str, Any]]:
    """The envelopes of the decided payloads, chained after `head`; each payload made
    canonical once, its parsed form hashed as it is."""
    seq, prev = head.seq, head.hash
    stamp = journal.utc_stamp(book.now())
    actor, day = nfc(book.user.username), business_date.isoformat()
    envelopes, seen = [], set()
    for k, payload in enumerate(payloads):
        try:
            schema.check_payload(kind, payload)     # the values come from outside files
            cmd = posting.DECIDERS[kind](book, Command(kind, dict(payload), business_date,
                                                        session_id, None, version))
            identities.check_new(book, kind, cmd.payload)
            if not book.is_office:
                scope.check_own_points(book, kind, cmd.payload)
            _twice(kind, cmd.payload, seen)
            data = canonical_json(cmd.payload)
        except DomainError as exc:
            if not labels:
                raise
            raise DomainError(exc.code, f"{labels[k]}: {exc.message('vi')}",
                              f"{labels[k]}: {exc.message('en')}", field=exc.field) from None
        seq += 1
        env = {"op_id": uuid7(), "origin": book.origin, "seq": seq, "kind": kind,
               "kind_version": posting.VERSIONS[kind], "payload": from_json(data),
               "business_date": day, "session_id": cmd.session_id, "actor": actor,
               "approved_by": None, "rules_version": cmd.rules_version and nfc(
                   cmd.rules_version), "recorded_at": stamp, "prev_hash": prev}
        env["hash"] = prev = journal.compute_hash_parsed(env)
        envelopes.append(env)
    return envelopes


def _stored_and_applied(book: Book, envelopes: list[dict[str, Any]]) -> list[journal.Entry]:
    # Each envelope's canonical line: stored and checked as read, not normalised again.
    stored = journal.store_received_many(book.db, envelopes, feed=book.is_office,
                                         applying=True,
                                         lines=[state_json(env) for env in envelopes])
    entries = []
    for received in stored:
        if received.status != "stored":     # cannot happen for a fresh chain: say so loudly
            raise DomainError("bulk_append", f"Không ghi được nghiệp vụ ({received.reason}).",
                              f"An operation could not be appended ({received.reason}).")
        posting.apply_entry(book, received.entry, record=False)
        entries.append(received.entry)
    return entries

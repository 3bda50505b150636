"""The book's tables as plain SQLAlchemy 2 typed models, one module.

`operation` is the journal (the truth); everything else is reference data, projections kept
current by `apply` (snapshots, loans, households…), or local bookkeeping (receipts, prints,
settings, keys). Money is BIGINT đồng; payloads and account states are canonical JSON bytes
(BLOB/BYTEA), never JSON columns. Ids of rows created on more than one machine are UUIDv7
strings. A naming convention keeps constraint names stable for Alembic batch mode on SQLite.
Table `group` is a reserved word in SQL: SQLAlchemy quotes it; raw SQL must write "group".
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Id = Annotated[str, mapped_column(String(36), primary_key=True)]   # UUIDv7
Code = Annotated[str, mapped_column(String(40))]
Money = Annotated[int, mapped_column(BigInteger, default=0)]
Name = Annotated[str, mapped_column(String(200))]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    # SQLAlchemy reads this mapping once, at class creation.
    type_annotation_map = {str: String(200), int: Integer, bytes: LargeBinary,
                           dt.date: Date, bool: Boolean}


# --- organisation of the bank -------------------------------------------------------------

class Office(Base):
    __tablename__ = "office"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[Name]
    branch_name: Mapped[str | None]


class Point(Base):
    __tablename__ = "point"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    office_code: Mapped[Code]
    name: Mapped[Name]
    commune: Mapped[str | None]
    legacy_commune: Mapped[str | None]
    place: Mapped[str | None]
    session_day: Mapped[int | None]
    session_time: Mapped[str | None] = mapped_column(String(5))
    lease_device_id: Mapped[str | None] = mapped_column(String(64))


class PointCalendarChange(Base):
    """A cancelled session day (flood) or an extra one, from `calendar.publish`."""
    __tablename__ = "point_calendar_change"
    point_code: Mapped[str] = mapped_column(ForeignKey("point.code"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    change: Mapped[str] = mapped_column(String(10))  # cancelled | extra


class AdminUnit(Base):
    __tablename__ = "admin_unit"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[Name]
    level: Mapped[str] = mapped_column(String(20))  # province | district | commune
    current: Mapped[bool] = mapped_column(default=True)  # False: before the 2025 reform
    parent_code: Mapped[str | None] = mapped_column(String(20))


class Organisation(Base):
    __tablename__ = "organisation"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # women | farmers | veterans | youth
    name: Mapped[Name]
    point_code: Mapped[str | None] = mapped_column(String(40))  # the commune chapter


# --- customers ----------------------------------------------------------------------------

class Group(Base):
    __tablename__ = "group"
    id: Mapped[Id]
    point_code: Mapped[Code] = mapped_column(index=True)
    organisation_code: Mapped[Code]
    code: Mapped[Code]
    name: Mapped[Name]
    village: Mapped[str | None]
    leader_person_id: Mapped[str | None] = mapped_column(String(36))
    leader_name: Mapped[str | None]
    deputy_name: Mapped[str | None]
    rating: Mapped[str | None] = mapped_column(String(10))


class Household(Base):
    __tablename__ = "household"
    id: Mapped[Id]
    point_code: Mapped[Code] = mapped_column(index=True)
    group_id: Mapped[str | None] = mapped_column(String(36), index=True)
    provisional_no: Mapped[str | None] = mapped_column(String(40))
    customer_code: Mapped[str | None] = mapped_column(String(40), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    address_op_id: Mapped[str | None] = mapped_column(String(36))  # last writer (LWW)
    village: Mapped[str | None]
    village_code: Mapped[str | None] = mapped_column(String(20), index=True)  # the core's (0008)
    commune_code: Mapped[str | None] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(10))
    category_year: Mapped[int | None]
    alias_of: Mapped[str | None] = mapped_column(String(36))


class Person(Base):
    __tablename__ = "person"
    id: Mapped[Id]
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    full_name: Mapped[Name]
    search_key: Mapped[Name] = mapped_column(index=True)
    id_number: Mapped[str | None] = mapped_column(String(12), index=True)
    birth_date: Mapped[dt.date | None]
    sex: Mapped[str | None] = mapped_column(String(1))
    ethnicity: Mapped[str | None] = mapped_column(String(40))
    relation: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20))
    phone_op_id: Mapped[str | None] = mapped_column(String(36))  # last writer (LWW)
    is_representative: Mapped[bool] = mapped_column(default=False)
    # the identity card's dates (decision 0155); the card op is the last writer (LWW)
    id_issued_on: Mapped[dt.date | None]
    id_expiry: Mapped[dt.date | None]
    id_card_op_id: Mapped[str | None] = mapped_column(String(36))


class Authorisation(Base):
    """01/UQ: a household authorises one of its members to deal with the bank."""
    __tablename__ = "authorisation"
    id: Mapped[Id]
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    person_id: Mapped[str] = mapped_column(String(36))
    signed_on: Mapped[dt.date]


class EligibilityList(Base):
    __tablename__ = "eligibility_list"
    id: Mapped[Id]
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    category: Mapped[str] = mapped_column(String(10))  # poor | near_poor | escaped
    year: Mapped[int]
    commune_code: Mapped[str | None] = mapped_column(String(20))


# --- programmes and rules -----------------------------------------------------------------

class Programme(Base):
    __tablename__ = "programme"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_vi: Mapped[Name]
    name_en: Mapped[str | None]
    max_amount: Mapped[int | None] = mapped_column(BigInteger)
    max_term_months: Mapped[int | None]
    category: Mapped[str | None] = mapped_column(String(40))
    funding_sources: Mapped[str | None] = mapped_column(String(100))  # csv
    interest_due: Mapped[str | None] = mapped_column(String(20))
    overdue_policy_from: Mapped[dt.date | None]


class ProgrammeRate(Base):
    __tablename__ = "programme_rate"
    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    programme_code: Mapped[Code] = mapped_column(index=True)
    effective_from: Mapped[dt.date]
    until: Mapped[dt.date | None]
    annual_rate: Mapped[str] = mapped_column(String(20))  # decimal string, "6.24"
    note: Mapped[str | None] = mapped_column(Text)


class RuleSet(Base):
    __tablename__ = "rule_set"
    version: Mapped[str] = mapped_column(String(40), primary_key=True)
    effective_from: Mapped[dt.date]
    values: Mapped[bytes]  # canonical JSON of the RuleSet fields


# --- accounts (projections kept current by apply) -----------------------------------------

class Application(Base):
    __tablename__ = "application"
    id: Mapped[Id]
    household_id: Mapped[str] = mapped_column(String(36), index=True)
    person_id: Mapped[str] = mapped_column(String(36))
    group_id: Mapped[str | None] = mapped_column(String(36))
    point_code: Mapped[str | None] = mapped_column(String(40))
    programme_code: Mapped[Code]
    amount: Mapped[Money]
    term_months: Mapped[int]
    frequency_months: Mapped[int | None]
    purpose: Mapped[str | None] = mapped_column(String(300))
    funding_source: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))  # submitted | approved | refused
    submitted_on: Mapped[dt.date]
    decided_on: Mapped[dt.date | None]


class Loan(Base):
    __tablename__ = "loan"
    id: Mapped[Id]
    application_id: Mapped[str | None] = mapped_column(String(36))
    contract_no: Mapped[str | None] = mapped_column(String(40))
    programme_code: Mapped[Code] = mapped_column(index=True)
    purpose: Mapped[str | None] = mapped_column(String(300))
    funding_source: Mapped[str | None] = mapped_column(String(20))
    organisation_code: Mapped[str | None] = mapped_column(String(40))
    group_id: Mapped[str | None] = mapped_column(String(36), index=True)
    household_id: Mapped[str] = mapped_column(String(36), index=True)
    person_id: Mapped[str | None] = mapped_column(String(36))
    point_code: Mapped[Code] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(20))
    approved_amount: Mapped[Money]
    disbursed: Mapped[Money]
    outstanding: Mapped[Money]
    principal_overdue: Mapped[Money]
    principal_frozen: Mapped[Money]
    next_due_date: Mapped[dt.date | None]


class Instalment(Base):
    __tablename__ = "instalment"
    loan_id: Mapped[str] = mapped_column(ForeignKey("loan.id"), primary_key=True)
    no: Mapped[int] = mapped_column(primary_key=True)
    due_date: Mapped[dt.date]
    amount: Mapped[Money]
    paid: Mapped[Money]


class AccountSnapshot(Base):
    """The complete fold state of one account (canonical JSON), plus columns for reports."""
    __tablename__ = "account_snapshot"
    account_kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    state: Mapped[bytes]
    last_op_id: Mapped[str | None] = mapped_column(String(36))
    last_date: Mapped[dt.date | None]
    point_code: Mapped[str | None] = mapped_column(String(40), index=True)
    group_id: Mapped[str | None] = mapped_column(String(36), index=True)
    household_id: Mapped[str | None] = mapped_column(String(36), index=True)
    programme_code: Mapped[str | None] = mapped_column(String(40), index=True)
    organisation_code: Mapped[str | None] = mapped_column(String(40), index=True)
    funding_source: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str | None] = mapped_column(String(20), index=True)
    outstanding: Mapped[Money]
    principal_overdue: Mapped[Money]
    principal_frozen: Mapped[Money]
    suspense: Mapped[Money]
    needs_update: Mapped[bool] = mapped_column(default=False)  # a held op of a newer version


class SavingsAccount(Base):
    __tablename__ = "savings_account"
    id: Mapped[Id]
    person_id: Mapped[str] = mapped_column(String(36), index=True)
    household_id: Mapped[str | None] = mapped_column(String(36), index=True)
    group_id: Mapped[str | None] = mapped_column(String(36), index=True)
    point_code: Mapped[str | None] = mapped_column(String(40))
    book_no: Mapped[str | None] = mapped_column(String(40), index=True)  # TK 105 number (0008)
    balance: Mapped[Money]
    opened_on: Mapped[dt.date]


class SavingsMovement(Base):
    __tablename__ = "savings_movement"
    # A projection rewritten per account: without this every save scanned the table (0002).
    __table_args__ = (Index("ix_savings_movement_account_id", "account_id"),)
    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("savings_account.id"), primary_key=True)
    business_date: Mapped[dt.date]
    amount: Mapped[int] = mapped_column(BigInteger)  # + deposit/interest, − withdrawal
    kind: Mapped[str] = mapped_column(String(40))


class Payable(Base):
    __tablename__ = "payable"
    id: Mapped[Id]
    kind: Mapped[str] = mapped_column(String(20))
    payee_kind: Mapped[str] = mapped_column(String(20))
    payee_id: Mapped[str] = mapped_column(String(40))
    point_code: Mapped[Code] = mapped_column(index=True)
    amount: Mapped[Money]
    paid: Mapped[Money]
    period: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(10))  # issued | paid


# --- sessions and vouchers ----------------------------------------------------------------

class Session(Base):
    """A phiên giao dịch at a point (not a database session)."""
    __tablename__ = "session"
    id: Mapped[Id]
    point_code: Mapped[Code] = mapped_column(index=True)
    business_date: Mapped[dt.date]
    origin: Mapped[str] = mapped_column(String(64))
    teller: Mapped[str] = mapped_column(String(64))
    controller: Mapped[str | None] = mapped_column(String(64))
    opening_cash: Mapped[Money]
    status: Mapped[str] = mapped_column(String(10))  # open | closed
    counted: Mapped[bytes | None]  # canonical JSON {denomination: count}
    counted_total: Mapped[int | None] = mapped_column(BigInteger)
    expected_total: Mapped[int | None] = mapped_column(BigInteger)
    head_seq: Mapped[int | None]
    head_hash: Mapped[str | None] = mapped_column(String(64))


class Receipt(Base):
    __tablename__ = "receipt"
    receipt_no: Mapped[str] = mapped_column(String(120), primary_key=True)
    op_id: Mapped[str] = mapped_column(ForeignKey("operation.op_id"), index=True)
    bl_no: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)  # + cash in, − cash out


class PrintLog(Base):
    __tablename__ = "print_log"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    document: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(120), index=True)
    count: Mapped[int] = mapped_column(default=1)
    printed_at: Mapped[str] = mapped_column(String(40))  # UTC ISO
    user: Mapped[str] = mapped_column(String(64))
    # "a4", "a5" or "thermal" (80 mm); None: printed before the register kept it
    paper: Mapped[str | None] = mapped_column(String(16))


# --- users, settings, devices, keys -------------------------------------------------------

class AppUser(Base):
    __tablename__ = "app_user"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    full_name: Mapped[Name]
    roles: Mapped[str] = mapped_column(String(200))  # csv
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)


class BookSetting(Base):
    __tablename__ = "book_setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Device(Base):
    __tablename__ = "device"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sign_key: Mapped[str | None] = mapped_column(Text)
    seal_key: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str | None] = mapped_column(String(100))
    points: Mapped[str | None] = mapped_column(Text)  # csv
    demo: Mapped[bool] = mapped_column(default=False)
    revoked_last_seq: Mapped[int | None] = mapped_column(BigInteger)


class BookKey(Base):
    """This book's private keys wrapped under a user's password key (filled by sync.keys)."""
    __tablename__ = "book_key"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20), primary_key=True)  # sign | seal
    kdf: Mapped[str] = mapped_column(String(200))
    salt: Mapped[bytes]
    nonce: Mapped[bytes]
    wrapped: Mapped[bytes]
    public_key: Mapped[bytes]


# --- the journal --------------------------------------------------------------------------

class Operation(Base):
    __tablename__ = "operation"
    __table_args__ = (
        UniqueConstraint("origin", "seq"),
        UniqueConstraint("feed_no"),
        Index("ix_operation_business_date", "business_date"),
        Index("ix_operation_session_id", "session_id"),
        Index("ix_operation_kind", "kind"),
        # Imports look for held rows after each bundle: few, in a journal of millions (0004).
        Index("ix_operation_held", "reason", sqlite_where=text("outcome = 'held'"),
              postgresql_where=text("outcome = 'held'")),
    )
    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    origin: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(40))
    kind_version: Mapped[int]
    payload: Mapped[bytes]  # canonical JSON
    business_date: Mapped[dt.date]
    session_id: Mapped[str | None] = mapped_column(String(36))
    actor: Mapped[str] = mapped_column(String(64))
    approved_by: Mapped[str | None] = mapped_column(String(64))
    rules_version: Mapped[str | None] = mapped_column(String(40))
    recorded_at: Mapped[str] = mapped_column(String(40))  # UTC ISO text: hashed as stored
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    feed_no: Mapped[int | None] = mapped_column(BigInteger)
    outcome: Mapped[str] = mapped_column(String(10))  # applied|suspense|held|rejected|fork
    reason: Mapped[str | None] = mapped_column(Text)
    # On a laptop, for its own rows only: the office's verdict (None until the office has
    # answered; `outcome` stays what applying it here gave). Decision 0022.
    office_outcome: Mapped[str | None] = mapped_column(String(10))
    office_reason: Mapped[str | None] = mapped_column(Text)


class OperationAccount(Base):
    __tablename__ = "operation_account"
    __table_args__ = (Index("ix_operation_account_account", "account_kind", "account_id"),)
    op_id: Mapped[str] = mapped_column(ForeignKey("operation.op_id"), primary_key=True)
    account_kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class OriginHead(Base):
    __tablename__ = "origin_head"
    origin: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class FeedHead(Base):
    __tablename__ = "feed_head"
    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    last_feed_no: Mapped[int] = mapped_column(BigInteger, default=0)


class Ack(Base):
    """What a peer has durably stored: its highest laptop seq or office feed_no."""
    __tablename__ = "ack"
    peer: Mapped[str] = mapped_column(String(64), primary_key=True)
    highest: Mapped[int] = mapped_column(BigInteger, default=0)


class LoanMonthEnd(Base):
    """A loan's portfolio figures as of a past month end (its operations dated up to that day
    replayed and advanced to it): a cache for reports/month_end.py, filled when a report
    asks, dropped for a loan whenever posting rebuilds it from the journal (decision 0042)."""
    __tablename__ = "loan_month_end"
    month_end: Mapped[dt.date] = mapped_column(primary_key=True)
    loan_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    status: Mapped[str | None] = mapped_column(String(20))   # None: no state on that day
    household_id: Mapped[str | None] = mapped_column(String(36))
    programme_code: Mapped[str | None] = mapped_column(String(40))
    group_id: Mapped[str | None] = mapped_column(String(36))
    funding_source: Mapped[str | None] = mapped_column(String(20))
    outstanding: Mapped[Money]
    principal_overdue: Mapped[Money]
    principal_frozen: Mapped[Money]

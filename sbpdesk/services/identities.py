"""Identities an operation creates must be new: a household, person, group, application,
loan, contract number, payable or device that already exists is never "created" again.

Before this check an `application.decide` naming an existing `loan_id` said "applied" and made
no loan, a duplicate contract number was accepted, and an existing `application_id` was
"applied" and did nothing (the appliers skip rows that exist). `check_new` runs after the
decider (so ids it generates are checked too) and at the office on every laptop operation
before it is applied (`import_problem`): a clear field error, or a rejection with
`id_taken:<field>`, and nothing changes.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from sbpdesk.db.models import (
    Application,
    Device,
    Group,
    Household,
    Loan,
    OriginHead,
    Payable,
    Person,
)
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import absent
from sbpdesk.services.context import Book

# kind: (payload field, model whose primary key it is), for every identity the kind creates.
NEW_IDS: dict[str, tuple[tuple[str, type], ...]] = {
    "household.register": (("household_id", Household),),
    "person.register": (("person_id", Person),),
    "group.form": (("group_id", Group),),
    "application.submit": (("application_id", Application),),
    "application.decide": (("loan_id", Loan),),
    "payable.issue": (("payable_id", Payable),),
    "device.enrol": (("device_id", Device), ("device_id", OriginHead)),
}


def taken(book: Book, kind: str, payload: Mapping[str, Any]) -> str | None:
    """The first field of `payload` naming an identity that already exists, or None."""
    for field, model in NEW_IDS.get(kind, ()):
        value = payload.get(field)
        if isinstance(value, str) and value and absent.exists(book, model, value):
            return field
    contract_no = payload.get("contract_no") if kind == "application.decide" else None
    if isinstance(contract_no, str) and contract_no and book.db.scalar(
            select(Loan.id).where(Loan.contract_no == contract_no).limit(1)) is not None:
        return "contract_no"
    return None


def check_new(book: Book, kind: str, payload: Mapping[str, Any]) -> None:
    field = taken(book, kind, payload)
    if field is not None:
        value = payload.get(field)
        raise DomainError("id_taken", f"Trường {field}: {value} đã tồn tại; nghiệp vụ tạo mới "
                          "phải dùng mã mới.", f"Field {field}: {value} already exists; an "
                          "operation that creates it needs a new one.", field=field)


def import_problem(book: Book, kind: str, payload: Mapping[str, Any]) -> str | None:
    """The reason an imported operation is rejected (`id_taken:<field>`), or None."""
    field = taken(book, kind, payload)
    return f"id_taken:{field}" if field else None

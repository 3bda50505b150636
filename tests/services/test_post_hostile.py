"""`sbpdesk post` given hostile commands: a clear field error in both languages, exit 2,
nothing stored, never a traceback; an idempotency key makes a re-run "already recorded"."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from sbpdesk.cli.main import main
from sbpdesk.db.models import Operation
from tests.conftest import PW

ORG = {"code": "HND-P02", "kind": "farmers", "name": "Hội Nông dân xã Phan Rí Thành",
       "point_code": "P02"}


@pytest.fixture
def post(office, tmp_path, monkeypatch, capsys):
    """Runs `sbpdesk post KIND --json FILE` as admin on the office book; (rc, out, err)."""
    monkeypatch.setenv("SBPDESK_PASSWORD", PW)
    monkeypatch.setenv("SBPDESK_USER", "admin")

    def run(kind: str, command: str | object, *extra: str):
        path = tmp_path / "command.json"
        if isinstance(command, str):
            path.write_text(command, encoding="utf-8")
        else:
            path.write_bytes(json.dumps(command, ensure_ascii=False).encode("utf-8"))
        rc = main(["post", kind, "--json", str(path), "--data-dir", str(tmp_path / "office"),
                   *extra])
        out, err = capsys.readouterr()
        return rc, out, err
    return run


def count(office) -> int:
    n = office.db.scalar(select(func.count()).select_from(Operation))
    office.end_read()
    return n


TRACEBACKS_BEFORE = [
    ("organisation.define", "{"), ("organisation.define", "not json"),
    ("organisation.define", "[]"), ("organisation.define", "1"),
    ("organisation.define", '"text"'), ("organisation.define", "null"),
    ("organisation.define", '{"payload": [1, 2]}'),
    ("organisation.define", '{"payload": "x"}'),
    ("organisation.define", {**ORG, "business_date": "2026-13-45"}),
    ("organisation.define", {**ORG, "business_date": 20260315}),
    ("organisation.define", {**ORG, "session_id": 5}),
    ("organisation.define", {**ORG, "approved_by": ["x"]}),
    ("savings.withdraw", {"savings_account_id": "s", "amount": 2 ** 63}),
    ("savings.withdraw", {"savings_account_id": "s", "amount": 2 ** 64 + 1}),
    ("organisation.define", '{"code": "X", "name": "\\ud800"}'),
]

ACCEPTED_BEFORE = [
    ("application.decide", {"application_id": "a", "approved": "no"}),
    ("application.decide", {"application_id": "a", "approved": 0}),
    ("savings.deposit", {"savings_account_id": "s", "amount": 9 * 10 ** 15}),
    ("collection.record", {"loan_id": "l", "interest": -1, "principal": 0, "savings": 0}),
    ("collection.record", {"loan_id": "l", "interest": "100", "principal": 0, "savings": 0}),
    ("organisation.define", {**ORG, "name": "x" * 10_000_000}),
    ("organisation.define", {**ORG, "name": {"a": 1}}),
    ("organisation.define", {**ORG, "name": "Hội\u200b Nông dân"}),
    ("organisation.define", {**ORG, "name": "\u202eHội Nông dân"}),
    ("organisation.define", {**ORG, "name": "Hội\x00Nông dân"}),
    ("person.register", {"person_id": "p", "birth_date": "0001-01-01"}),
    ("person.register", {"person_id": "p", "birth_date": "9999-12-31"}),
    ("person.register", {"person_id": "p", "birth_date": "31/12/1990"}),
    ("person.register", {"person_id": "p", "is_representative": "yes"}),
]


@pytest.mark.parametrize("kind,command", TRACEBACKS_BEFORE + ACCEPTED_BEFORE,
                         ids=lambda v: repr(v)[:40])
def test_a_hostile_command_is_refused_clearly_and_stores_nothing(office, post, kind, command):
    before = count(office)
    rc, out, err = post(kind, command)
    assert rc == 2, (out, err)
    assert err.startswith("Lỗi: ") and "\nError: " in err and "Traceback" not in err
    assert count(office) == before


def test_a_field_error_names_the_field(post):
    rc, _, err = post("application.decide", {"application_id": "a", "approved": "no"})
    assert rc == 2 and "approved" in err and "true/false" in err


def test_the_same_key_twice_posts_once(office, post):
    before = count(office)
    rc, out, _ = post("organisation.define", ORG, "--key", "org-hnd-p02")
    first = json.loads(out)
    assert rc == 0 and "already_recorded" not in first
    rc, out, err = post("organisation.define", ORG, "--key", "org-hnd-p02")
    again = json.loads(out)
    assert rc == 0 and again["already_recorded"] and again["op_id"] == first["op_id"]
    assert "Already recorded" in err
    assert count(office) == before + 1


def test_a_key_in_the_command_and_reused_for_another_command(office, post):
    rc, _, _ = post("organisation.define", {**ORG, "idempotency_key": "k1"})
    assert rc == 0
    before = count(office)
    rc, _, err = post("organisation.define", {**ORG, "code": "HND-2", "idempotency_key": "k1"})
    assert rc == 2 and "different command" in err
    assert count(office) == before

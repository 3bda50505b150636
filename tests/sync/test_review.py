"""Review at the office and the sync commands as office IT uses them (real books and files)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sbpdesk.cli import sync as sync_cli
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import posting
from sbpdesk.sync import review
from tests.conftest import PW, make_office
from tests.sync.test_enrol import fast_kdf, new_laptop  # noqa: F401
from tests.sync.test_exchange import (
    D1,
    INTEREST,
    as_user,
    collect,
    export,
    imp,
    loan_of,
    loan_pair,
    open_session,
)


def run(capsys, monkeypatch, *argv, user=None):
    monkeypatch.setenv("SBPDESK_PASSWORD", PW)
    if user:
        monkeypatch.setenv("SBPDESK_USER", user)
    else:
        monkeypatch.delenv("SBPDESK_USER", raising=False)
    parser = argparse.ArgumentParser(prog="sbpdesk")
    sync_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args([str(a) for a in argv])
    assert args.func(args) == 0
    out = capsys.readouterr()
    return json.loads(out.out), out.err


def test_commands_enrol_exchange_and_review(tmp_path, clock, capsys, monkeypatch):
    office = make_office(tmp_path / "office", clock)
    office.close()
    laptop = new_laptop(tmp_path / "laptop", clock)
    laptop.close()
    o, lp = tmp_path / "office", tmp_path / "laptop"
    req, err = run(capsys, monkeypatch, "enrol", "request", "--data-dir", lp, "--out",
                   tmp_path / "lap.req", user="admin")
    assert req["fingerprint"] in err and len(req["fingerprint"]) == 35
    acc, err = run(capsys, monkeypatch, "enrol", "accept", "--data-dir", o,
                   tmp_path / "lap.req", "--point", "P01", "--out", tmp_path / "lap.resp",
                   "--user", "admin")
    assert acc["request_fingerprint"] == req["fingerprint"] and req["fingerprint"] in err
    done, err = run(capsys, monkeypatch, "enrol", "complete", "--data-dir", lp,
                    tmp_path / "lap.resp")
    assert done["office_fingerprint"] == acc["office_fingerprint"] in err
    assert done["device_id"] == acc["device_id"]
    # Nothing to send yet: an acknowledgement-only bundle, then the office's return.
    out = tmp_path / "stick"
    out.mkdir()
    exp, err = run(capsys, monkeypatch, "bundle", "export", "--data-dir", lp, "--to", "office",
                   "--out", out, "--user", "teller")
    assert exp["op_count"] == 0 and "Exported" in err
    seen, _ = run(capsys, monkeypatch, "bundle", "inspect", exp["bundle"])
    assert seen["from"] == acc["device_id"] and seen["to"] == "PGD01"
    got, _ = run(capsys, monkeypatch, "bundle", "import", "--data-dir", o, exp["bundle"],
                 "--user", "admin")
    assert got["counts"] == dict.fromkeys(("applied", "duplicate", "suspense", "rejected",
                                           "held", "fork"), 0)
    assert got["from"] == acc["device_id"] and got["ops"] == []
    down, _ = run(capsys, monkeypatch, "bundle", "export", "--data-dir", o, "--to",
                  "point:P01", "--out", out, "--user", "admin")
    back, _ = run(capsys, monkeypatch, "bundle", "import", "--data-dir", lp, down["bundle"],
                  "--user", "teller")
    assert back["counts"]["applied"] == 1      # the record of the state pack
    granted, _ = run(capsys, monkeypatch, "lease", "grant", "--data-dir", o, "--point", "P01",
                     "--device", acc["device_id"], "--user", "admin")
    assert granted["device"] == acc["device_id"]
    listed, _ = run(capsys, monkeypatch, "review", "list", "--data-dir", o)
    assert listed == {"suspense": [], "forks": [], "held": [], "rejected": []}
    # A refused bundle: non-zero exit, Vietnamese and English, from the real command.
    tampered = tmp_path / "tampered.sbpbundle"
    data = bytearray(Path(down["bundle"]).read_bytes())
    data[-30] ^= 0xFF
    tampered.write_bytes(bytes(data))
    env = {**os.environ, "SBPDESK_PASSWORD": PW, "SBPDESK_USER": "teller"}
    done = subprocess.run([sys.executable, "-m", "sbpdesk", "bundle", "import", "--data-dir",
                           str(lp), str(tampered)], capture_output=True, text=True, env=env)
    assert done.returncode != 0
    assert done.stderr.startswith("Lỗi: ") and "\nError: " in done.stderr


def test_review_lists_shows_and_resolves_suspense(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    as_user(office, "director", ["director"])
    posting.post(office, "loan.write_off", {"loan_id": ids["loan"], "reason": "thiên tai"},
                 business_date=dt.date(2026, 4, 10))
    open_session(laptop)
    collect(laptop, ids, savings=0)
    imp(office, export(laptop, tmp_path))
    listed = review.review_list(office)
    assert [h["total"] for h in listed["suspense"]] == [INTEREST]
    shown = review.show(office, ids["loan"])["accounts"][0]
    assert shown["suspense"] == INTEREST
    assert [e["amount"] for e in shown["suspense_entries"]] == [INTEREST]
    assert [o["kind"] for o in shown["operations"]][-1] == "collection.record"
    with pytest.raises(DomainError) as e:       # an accountant's decision
        review.resolve(office, ids["loan"], INTEREST, "recovery")
    assert e.value.code == "role_refused"
    as_user(office, "accountant", ["accountant"])
    with pytest.raises(DomainError) as e:
        review.resolve(office, ids["loan"], INTEREST + 1, "recovery")
    assert e.value.code == "resolve_too_much"
    on_date = office.today()
    review.resolve(office, ids["loan"], INTEREST, "refund")
    assert review.review_list(office)["suspense"] == []
    assert loan_of(office, ids["loan"]).suspense == 0
    assert on_date == D1
    with pytest.raises(DomainError) as e:
        review.show(office, "nothing-here")
    assert e.value.code == "review_not_found"

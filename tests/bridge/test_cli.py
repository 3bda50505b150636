"""`sbpdesk core read|seed|reconcile` as office IT runs them: JSON out, refusals readable."""
from __future__ import annotations

import json

from tests.bridge.test_reader import write
from tests.bridge.test_seed import M31, quirk_rows
from tests.services.test_cli import run


def test_read_seed_and_reconcile_from_the_command_line(tmp_path):
    path = str(write(tmp_path / "m31.xlsx", M31, quirk_rows()))
    done = run("core", "read", path)
    assert done.returncode == 0, done.stderr
    [summary] = json.loads(done.stdout)
    assert (summary["kind"], summary["data_date"]) == ("mau31", "2026-09-30")
    d = str(tmp_path / "office")
    assert run("init", "--data-dir", d, "--role", "office", "--office-code", "BB").returncode == 0
    user = json.dumps({"username": "ketoan", "full_name": "Kế toán", "password": "Secret-2026",
                       "roles": ["accountant", "admin"], "business_date": "30/09/2026"})
    assert run("post", "user.set", "--data-dir", d, "--user", "admin", "--json", "-",
               stdin=user).returncode == 0
    refused = run("core", "seed", "--data-dir", d, "--user", "admin", path)
    assert refused.returncode == 2 and "Error:" in refused.stderr    # admin is no accountant
    done = run("core", "seed", "--data-dir", d, "--user", "ketoan", path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["opened"]["loans"] == 2
    done = run("core", "reconcile", "--data-dir", d, "--as-of", "30/09/2026", path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["differences"] == []


def test_not_a_workbook_is_a_readable_error(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("?")
    done = run("core", "read", str(bad))
    assert done.returncode == 2 and "Lỗi" in done.stderr and "Error" in done.stderr


def test_accept_and_explain_from_the_command_line(tmp_path, monkeypatch):
    d = str(tmp_path / "office")
    assert run("init", "--data-dir", d, "--role", "office", "--office-code", "BB").returncode == 0
    for name, roles in (("ketoan", ["accountant", "admin"]), ("giamdoc", ["director"])):
        user = json.dumps({"username": name, "full_name": name, "password": "Secret-2026",
                           "roles": roles, "business_date": "30/09/2026"})
        assert run("post", "user.set", "--data-dir", d, "--user", "admin", "--json", "-",
                   stdin=user).returncode == 0
    assert run("core", "seed", "--data-dir", d, "--user", "ketoan",
               str(write(tmp_path / "m31.xlsx", M31, quirk_rows()))).returncode == 0
    rows = quirk_rows()
    rows[2][15], rows[2][16] = 185_000_000, 15_000_000      # the direct loan: 5 million overdue
    rows[3][19] = 2_500_000                                # the saver
    later = str(write(tmp_path / "m31b.xlsx", M31, rows))
    common = ("--data-dir", d, "--user", "ketoan", "--as-of", "30/09/2026")
    unapproved = run("core", "accept", *common, "--loan", "6600000000000002", "--reason",
                     "Theo ngân hàng", later)
    assert unapproved.returncode == 2 and "approval" in unapproved.stderr
    monkeypatch.setenv("SBPDESK_APPROVER_PASSWORD", "Secret-2026")
    done = run("core", "accept", *common, "--loan", "6600000000000002", "--reason",
               "Theo ngân hàng", "--approver", "giamdoc", later)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["accepted"] == {"in_term": 185_000_000, "overdue": 15_000_000}
    done = run("core", "explain", *common, "--key", "6800000003", "--reason", "Gửi qua app",
               later)
    assert done.returncode == 0, done.stderr
    done = run("core", "reconcile", "--data-dir", d, "--as-of", "30/09/2026", later)
    [left] = json.loads(done.stdout)["differences"]
    assert (left["key"], left["explained"]) == ("6800000003", "Gửi qua app")
    nothing = run("core", "explain", *common, "--key", "6600000000000002", "--reason", "x",
                  later)
    assert nothing.returncode == 2 and "No such difference" in nothing.stderr

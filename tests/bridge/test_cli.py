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

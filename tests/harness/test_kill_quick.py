"""A quick run of the kill harness in CI: one trial of each piece of work (the full run,
`python tests/harness/kill.py --trials 200`, is in docs/backup.md)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_sqlcipher

HARNESS = Path(__file__).with_name("kill.py")


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_four_kills_leave_sound_books(tmp_path, encrypted):
    if encrypted:
        require_sqlcipher()
    work = tmp_path / "not" / "yet"   # --work names a folder that does not exist yet
    run = subprocess.run([sys.executable, str(HARNESS), "--trials", "4", "--seed", "7",
                          "--work", str(work), *(["--encrypted"] if encrypted else [])],
                         capture_output=True, text=True, timeout=1200)
    lines = [json.loads(x) for x in run.stdout.splitlines() if x.startswith("{")]
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert [x["work"] for x in lines[:-1]] == ["practice", "export", "import", "post"]
    assert lines[-1]["trials"] == 4 and lines[-1]["failed"] == 0
    assert lines[-1]["encrypted"] is encrypted

"""The layer rules of ARCHITECTURE.md, checked by import-linter (contracts in pyproject.toml):
imports go one way (cli/app → ui → printing|sync|reports → services → db → domain), the
domain imports no I/O, database, Qt or PDF library, and the UI never touches the database."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(exe).exists():
        pytest.fail("import-linter is not installed (pip install -e '.[dev]')")
    done = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_the_domain_reads_no_clock_and_uses_no_float():
    """The domain gets dates passed in and keeps money in int and rates in Decimal."""
    pattern = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time|float)\(")
    offenders = [f"{path.name}: {m.group(0)}"
                 for path in (ROOT / "sbpdesk" / "domain").glob("*.py")
                 for m in pattern.finditer(path.read_text("utf-8"))]
    assert offenders == []

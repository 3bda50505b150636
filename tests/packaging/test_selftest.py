"""`sbpdesk selftest` from the source tree (the frozen build runs the same steps in
test_frozen.py): every step passes, and a failing step is named and gives exit status 1."""
from __future__ import annotations

import os
import subprocess
import sys

from sbpdesk.cli import selftest


def run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    return subprocess.run([sys.executable, "-m", "sbpdesk", "selftest", *args], cwd=tmp_path,
                          env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=600)


def test_every_step_passes_and_the_report_says_so(tmp_path):
    done = run(tmp_path, "--report", str(tmp_path / "report.txt"))
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    report = (tmp_path / "report.txt").read_text("utf-8").splitlines()
    assert [line.split(":")[0] for line in report[1:-1]] == [
        f"ok   {name}" for name, _ in selftest.STEPS]
    assert report[-1] == "self-test passed"


def test_a_failing_step_is_named_and_fails_the_run(tmp_path, monkeypatch, capsys):
    def broken(ctx):
        raise RuntimeError("no font")
    monkeypatch.setattr(selftest, "STEPS", [("receipt", broken)])
    assert selftest.run(report=tmp_path / "r.txt") == 1
    text = (tmp_path / "r.txt").read_text("utf-8")
    assert "FAIL receipt: RuntimeError: no font" in text and "self-test passed" not in text

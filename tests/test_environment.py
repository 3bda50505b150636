"""The suite gives the same result whatever SBPDESK_* variables the shell holds (issue 21)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_shell_with_sbpdesk_variables_does_not_change_the_tests(tmp_path):
    """CLI tests that pass a password or a user themselves, run under a shell that sets the
    README's variables to other values: they must still pass."""
    env = {**os.environ, "SBPDESK_PASSWORD": "not-the-password", "SBPDESK_USER": "nobody",
           "SBPDESK_DATA_DIR": str(tmp_path / "someone-elses-book"),
           "SBPDESK_KEY_PASSPHRASE": "the-shell's", "SBPDESK_TRANS_SCALE": "150",
           "QT_QPA_PLATFORM": "offscreen"}
    tests = ["tests/ui/test_models.py::test_headers_follow_the_language",
             "tests/ui/test_worker.py::test_unexpected_error_is_logged_with_traceback_and_"
             "names_the_log",
             "tests/test_environment.py::test_no_user_variable_reaches_a_test"]
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          *tests], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout[-3000:]


def test_no_user_variable_reaches_a_test():
    from tests.conftest import TEST_VARIABLES
    assert {n for n in os.environ if n.startswith("SBPDESK_")} <= TEST_VARIABLES

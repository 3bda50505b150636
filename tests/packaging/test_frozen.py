"""The PyInstaller one-folder build (packaging/sbpdesk.spec) is built and run as CI runs it.

The build (≈ 35 s and ≈ 220 MB on a quiet 2-core machine) goes to a temporary folder; the
frozen program then runs from there, in another working directory, with no PYTHONPATH and
no SBPDESK_* variables, so nothing can come from the source tree: its self-test (a new book
through every migration, operations, a receipt with the bundled font, the main window,
bundles both ways) must pass, and its version, data files and licence list must be the ones
the source tree has. Marked `frozen`: `-m "not frozen"` leaves it out of a quick local run.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sbpdesk import licences
from sbpdesk.db import migrate
from sbpdesk.version import version

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.frozen


def clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SBPDESK_", "PYTHON")) and k not in ("VIRTUAL_ENV",)}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), QT_QPA_PLATFORM="offscreen")
    return env


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    """The built folder (`…/dist/sbpdesk`)."""
    out = tmp_path_factory.mktemp("frozen")
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "build"),
         str(ROOT / "packaging" / "sbpdesk.spec")],
        cwd=out, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    folder = out / "dist" / "sbpdesk"
    for program in ("sbpdesk", "sbpdesk-cli"):
        assert (folder / (program + (".exe" if os.name == "nt" else ""))).is_file()
    return folder


def run_frozen(folder: Path, tmp_path: Path, *args: str,
               program: str = "sbpdesk-cli") -> subprocess.CompletedProcess:
    exe = folder / (program + (".exe" if os.name == "nt" else ""))
    return subprocess.run([str(exe), *args], cwd=tmp_path, env=clean_env(tmp_path),
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


def test_the_frozen_self_test_passes_from_the_built_folder(frozen, tmp_path):
    done = run_frozen(frozen, tmp_path, "selftest")
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0] == f"sbpdesk {version()} self-test (frozen {frozen})"
    for step in ("migrations", "post", "receipt", "window", "bundles"):
        assert any(line.startswith(f"ok   {step}: ") for line in lines), (step, done.stdout)
    head = migrate.head_revision()
    internal = frozen / "_internal" / "migrations"
    assert f"revisions to {head} from {internal}" in done.stdout
    assert lines[-1] == "self-test passed"


def test_the_frozen_program_has_the_same_version_and_licences(frozen, tmp_path):
    for program in ("sbpdesk", "sbpdesk-cli"):
        done = run_frozen(frozen, tmp_path, "--version", program=program)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"sbpdesk {version()} (schema {migrate.head_revision()})"
    listed = (frozen / "LICENCES.txt").read_text("utf-8")
    for dist in licences.distributions():
        assert f"  {dist.metadata['Name']} {dist.version} — {licences.licence_of(dist)}" \
            in listed
    assert "OFL-1.1" in listed and "GNU LESSER GENERAL PUBLIC LICENSE" in listed
    assert (frozen / "_internal" / "resources" / "i18n" / "sbpdesk_en.qm").stat().st_size > 1000

"""Issue 14, "first start": without a display `sbpdesk` died in Qt's abort (a core dump and a
message about xcb plugins); it now says so, and how to run it, in Vietnamese and English."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(sys.platform.startswith(("win", "darwin")), reason="X11/Wayland only")
def test_without_a_display_sbpdesk_says_so_and_how_to_run_it(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["SBPDESK_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-m", "sbpdesk", "gui", "--data-dir",
                           str(tmp_path / "book")], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert "Không có màn hình" in done.stderr and "No display" in done.stderr
    assert "xvfb-run -a sbpdesk" in done.stderr and "--screenshot" in done.stderr
    assert not (tmp_path / "book").exists()          # nothing built for a window never shown

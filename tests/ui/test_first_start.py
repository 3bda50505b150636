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


def test_the_demo_build_says_what_it_does_on_a_progress_bar(app, tmp_path, monkeypatch):
    from sbpdesk import app as A
    from sbpdesk.demo import point
    from sbpdesk.sync import enrol
    from sbpdesk.sync.keys import KDF_FAST_FOR_TESTS
    from sbpdesk.ui.dialogs import progress

    monkeypatch.setattr(enrol, "WRAP_PARAMS", KDF_FAST_FOR_TESTS)
    real = point.build_point_demo
    monkeypatch.setattr(point, "build_point_demo", lambda root, progress=None: real(
        root, households=60, years=1, progress=progress))
    seen: list[tuple[str, int]] = []

    class Watched(progress.DemoProgressDialog):
        def _show(self, step, done, total):
            super()._show(step, done, total)
            seen.append((self.step.text(), self.bar.value()))
    monkeypatch.setattr(progress, "DemoProgressDialog", Watched)
    assert A._build_demo(tmp_path / "demo", show=True)
    texts = [t for t, _ in seen]
    assert texts[0].startswith("Tạo văn phòng, điểm giao dịch")
    assert any(t.startswith("Ghi các phiên giao dịch mẫu: tháng 1/1") for t in texts)
    assert "Ghi sổ…" in texts and texts[-1].startswith("Ghi danh máy xách tay")
    # the enrolment, a good half of the build, says which side works (decision 0256)
    laptop = [t for t in texts if t.startswith("Ghi danh")]
    assert laptop[:3] == ["Ghi danh máy xách tay với văn phòng…",
                          "Ghi danh máy xách tay: văn phòng lập gói dữ liệu…",
                          "Ghi danh máy xách tay: máy nạp dữ liệu văn phòng…"]
    values = [v for _, v in seen]
    assert values == sorted(values) and values[-1] == 100

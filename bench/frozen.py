"""The frozen build (PyInstaller one-folder, packaging/sbpdesk.spec): size and start-up.

- size: the built folder on disk (information; the installer compresses it) and the time
  the build took;
- start to a usable main window: `sbpdesk gui --data-dir BOOK --screenshot OUT` from
  spawning the process until it exits (the book opened on the worker, the teller signed in,
  the main window built, shown on the home page, every load finished, the PNG written) —
  the frozen program against the same command from the source tree (`python -m sbpdesk`)
  in the same run, interleaved, on the same copy of the point book;
- start and exit: `sbpdesk --version`, frozen against source: what the bootloader and the
  unpacked interpreter cost before any sbpdesk code runs.

`python bench/run.py --only frozen` builds the folder into the run's work folder (≈ 35 s on
a quiet machine); `SBPDESK_FROZEN=DIR` measures an existing build instead.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import figure, median

ROOT = Path(__file__).resolve().parents[1]
# Issue 19 asks for the figures, not for targets: these are information (no verdict).
SIZE_TARGET_MB = None
START_RATIO_TARGET = None


def build(work: Path) -> tuple[Path, float]:
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level",
                           "WARN", "--distpath", str(work / "dist"), "--workpath",
                           str(work / "build"), str(ROOT / "packaging" / "sbpdesk.spec")],
                          cwd=work, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return work / "dist" / "sbpdesk", time.perf_counter() - t


def folder_mb(folder: Path) -> float:
    """Bytes on disk once: PyInstaller links some libraries to their copy elsewhere."""
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.is_symlink()) / 2**20


def _timed(cmd: list[str], cwd: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {done.stderr[-1500:]}")
    return elapsed


def frozen_figures(point_dir: Path, work: Path, repeat: int = 5) -> list[dict]:
    from bench.books import working_copy
    work.mkdir(parents=True, exist_ok=True)
    given = os.environ.get("SBPDESK_FROZEN")
    folder, build_s = (Path(given), None) if given else build(work)
    exe = folder / ("sbpdesk-cli.exe" if os.name == "nt" else "sbpdesk-cli")
    book = working_copy(point_dir, work / "book")
    png = work / "shot.png"
    gui = ["gui", "--data-dir", str(book), "--screenshot", str(png)]
    kinds = {"frozen_gui": [str(exe), *gui], "source_gui": [sys.executable, "-m", "sbpdesk", *gui],
             "frozen_version": [str(exe), "--version"],
             "source_version": [sys.executable, "-m", "sbpdesk", "--version"]}
    for cmd in kinds.values():                   # warm the file cache for each
        _timed(cmd, work)
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(repeat):                      # interleaved: the machine's noise is shared
        for k, cmd in kinds.items():
            times[k].append(_timed(cmd, work))
    m = {k: median(v) for k, v in times.items()}
    same = f"median of {repeat}, interleaved with the source tree's same command (warm cache)"
    size = folder_mb(folder)
    return [
        figure("frozen.folder_size", round(size, 1), "MB", SIZE_TARGET_MB,
               detail=f"{folder} on disk, {sum(1 for _ in folder.rglob('*'))} entries"
                      + (f"; built in {build_s:.1f} s" if build_s else "")),
        figure("frozen.start_to_main_window", round(m["frozen_gui"], 3), "s", None,
               baseline=round(m["source_gui"], 3),
               detail=f"{same}; `sbpdesk gui --screenshot` spawn to exit"),
        figure("frozen.start_ratio_to_source", round(m["frozen_gui"] / m["source_gui"], 2), "×",
               START_RATIO_TARGET, detail="frozen ÷ source, main window, same run"),
        figure("frozen.version_start", round(m["frozen_version"], 3), "s", None,
               baseline=round(m["source_version"], 3),
               detail=f"{same}; `sbpdesk --version` spawn to exit")]

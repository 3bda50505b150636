"""Start-up and memory of the GUI, each in a fresh subprocess, offscreen.

- start to a usable main window: from just before the child process is spawned until the
  child has the point book open on its worker thread, a user signed in (the teller, without
  the login dialog — the screenshot path of `sbpdesk.app`, in its order: the sign-in is
  queued on the worker before the application is themed, so no human typing is timed), the
  main window built with every page in its navigation (each page is built when first shown),
  shown on the home page and every load finished;
- the baseline: a bare PySide6 QApplication + QMainWindow shown, same measurement;
- memory: VmHWM (peak RSS) of the point GUI on the office-scale point book after the home
  page and then the collection sheet of the first group and a borrower search were shown.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import figure, median, not_built

ROOT = Path(__file__).resolve().parents[1]
START_TARGET_S = 1.5
RATIO_TARGET = 3.0
RSS_TARGET_MB = 400

BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QCoreApplication
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show()
for _ in range(3):
    QCoreApplication.processEvents()
print("READY", flush=True)
"""

APP = r"""
import json, sys, time
folder, mode = sys.argv[1], sys.argv[2]
from PySide6.QtCore import QCoreApplication
from sbpdesk import app as A
# As `sbpdesk gui --screenshot` does (sbpdesk.app.run): the sign-in is queued on the worker
# first, so the book opens there while the GUI thread themes the application.
worker, signed = A.start_worker(folder, A.sign_in_as_teller)
from sbpdesk.ui.shell import create_application
from sbpdesk.ui import i18n
qapp = create_application(lang=i18n.DEFAULT_LANGUAGE)
A.settle(worker)
if "result" not in signed:
    print("ERROR", signed.get("error"), flush=True); sys.exit(2)
state = A.make_state(signed["result"])
window = A.build_window(worker, state)
window.show_page("home")
window.show()
A.settle(worker)
QCoreApplication.processEvents()
def rss():
    vals = {}
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS", "VmHWM")):
            k, v = line.split(":")
            vals[k] = int(v.split()[0]) // 1024
    return vals
print("READY", json.dumps(rss()), flush=True)
if mode == "memory":
    A.show_examples(window, worker, "sheet")
    window.show_page("sheet")
    A.settle(worker)
    print("SHEET", json.dumps(rss()), flush=True)
    A.show_examples(window, worker, "borrower")
    window.show_page("borrower")
    A.settle(worker)
    print("BORROWER", json.dumps(rss()), flush=True)
worker.close()
"""


def available() -> bool:
    try:
        from sbpdesk import app
        return all(hasattr(app, n) for n in ("build_window", "sign_in_as_teller", "start_worker"))
    except ImportError:
        return False


def _env() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("PYTHONSTARTUP", None)
    return env


def _run(code: str, *args: str, timeout: int = 300) -> tuple[float, list[str]]:
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(), cwd=str(ROOT))
    lines, ready = [], None
    for line in proc.stdout:
        lines.append(line.strip())
        if line.startswith("READY") and ready is None:
            ready = time.perf_counter() - t
        if line.startswith("ERROR"):
            break
    proc.wait(timeout=timeout)
    if ready is None:
        raise RuntimeError(f"child failed: {lines} {proc.stderr.read()[-2000:]}")
    return ready, lines


def start_figures(point_dir: Path, repeat: int = 5) -> list[dict]:
    if not available():
        return [not_built("gui.start_to_main_window", "s", START_TARGET_S)]
    _run(BARE)                                   # warm the OS file cache for both
    _run(APP, str(point_dir), "start")
    bare, app = [], []
    for _ in range(repeat):
        bare.append(_run(BARE)[0])
        app.append(_run(APP, str(point_dir), "start")[0])
    b, a = median(bare), median(app)
    return [figure("gui.start_to_main_window", round(a, 3), "s", START_TARGET_S,
                   baseline=round(b, 3),
                   detail=f"median of {repeat} (warm file cache); bare QMainWindow "
                          f"{round(b, 3)} s; ratio {a / b:.2f}× (target ≤ {RATIO_TARGET}×)"),
            figure("gui.start_ratio_to_bare", round(a / b, 2), "×", RATIO_TARGET,
                   detail="start to usable main window ÷ bare PySide6 window, same run")]


def memory_figures(point_dir: Path, scale: str = "office") -> list[dict]:
    name = f"gui.rss_point_on_{scale}_book"
    if not available():
        return [not_built(name, "MB", RSS_TARGET_MB)]
    _t, lines = _run(APP, str(point_dir), "memory")
    marks = {ln.split(" ", 1)[0]: json.loads(ln.split(" ", 1)[1]) for ln in lines
             if ln.split(" ", 1)[0] in ("READY", "SHEET", "BORROWER")}
    peak = max(v["VmHWM"] for v in marks.values())
    return [figure(name, peak, "MB", RSS_TARGET_MB,
                   detail="peak RSS (VmHWM); RSS after home/sheet/borrower: "
                          + ", ".join(f"{k} {v['VmRSS']}" for k, v in marks.items()))]

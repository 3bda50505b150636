"""The 13/TD sheet as the teller uses it (issue 14 "Speed"): real widgets offscreen, the real
database worker on a fresh copy of the bench point book, a session open at the point.

- `sheet_gui.fill_60`: "thu đủ cả tổ" (Shift+F5) on a loaded 60-line group, to the totals
  shown (undone between samples); baseline: the same 60 rows × 2 amounts written with
  setData into a bare QStandardItemModel behind a QTableView (what Qt itself costs);
- `sheet_gui.cell_commit`: one amount typed into a cell and committed (refusal check,
  totals, undo step, draft queued); baseline: one setData on the bare model;
- `sheet_gui.save_60`: Ctrl+S on a filled 60-line group until the page has the result
  (decide, append, apply, draft removed, one transaction on the worker); one sample per
  dedicated group; baseline: a no-op round trip through the worker;
- `sheet_gui.preview_first`: Ctrl+P after the save until our preview shows its first page
  (every receipt made on the worker; the thumbnails go on in the background); baseline:
  rendering the same receipts' PDFs alone (ReportLab), no book;
- `reports_gui.open`: the reports page built, shown and loaded; baseline: a no-op round trip;
  `reports_gui.open_cpu`: the CPU time of those opens, beside their wall time.
"""
from __future__ import annotations

import time
from pathlib import Path

from bench.common import figure, median, ms

FILL_MS, CELL_MS, SAVE_MS, PREVIEW_MS, REPORTS_MS = 100, 30, 300, 1500, 1000


def _wait(worker, done, timeout: float = 60.0) -> None:
    from PySide6.QtCore import QCoreApplication
    end = time.perf_counter() + timeout
    while not done():
        QCoreApplication.processEvents()
        if time.perf_counter() > end:
            raise TimeoutError("the page did not answer")
        time.sleep(0.0005)


def _call(worker, fn):
    out: dict = {}
    worker.run(fn, on_done=lambda r: out.setdefault("r", r),
               on_error=lambda e: out.setdefault("e", e))
    _wait(worker, lambda: "r" in out or "e" in out)
    if "e" in out:
        raise out["e"]
    return out["r"]


def _round_trips(worker, n: int) -> float:
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        _call(worker, lambda book: None)
        samples.append(time.perf_counter() - t)
    return median(samples)


def _bare_model(rows: int, cols: int):
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView
    model = QStandardItemModel(rows, cols)
    view = QTableView()
    view.setModel(model)
    view.resize(1300, 600)
    view.show()
    return model, view


def figures(point_src: Path, work: Path, big: list[str], day, repeat: int = 5) -> list[dict]:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from bench import books as B
    from sbpdesk import app as A
    app = QApplication.instance() or QApplication([])
    A.pin_bool_singletons()
    folder = B.working_copy(point_src, work / "point-gui")
    holder: dict = {}
    worker = A.book_worker(folder, holder)

    def prepare(book):
        from sbpdesk.demo import office as demo
        from sbpdesk.services import sessions
        B.set_clock(book, day)
        demo._as(book, "teller")
        sessions.open_session(book, B.BIG_POINT, day, controller="controller",
                              opening_cash=50_000_000)
        return A.load_workplace(book)
    try:
        state = A.make_state(_call(worker, prepare))
        state.point_code = B.BIG_POINT
        figs = _sheet_figures(app, worker, state, big, repeat)
        figs += _reports_figure(app, worker, state, repeat)
    finally:
        worker.close()
        QCoreApplication.processEvents()
    return figs


def _sheet_figures(app, worker, state, big: list[str], repeat: int) -> list[dict]:
    from PySide6.QtCore import QCoreApplication

    from sbpdesk.ui.pages.sheet import SheetPage
    from sbpdesk.ui.preview import PreviewDialog
    page = SheetPage(worker, state)
    page.resize(1366, 700)
    page.show()
    fills, cells, saves, previews, shown = [], [], [], [], None
    for group in big:
        page.load_group(group)
        _wait(worker, lambda g=group: page.sheet is not None and page.sheet.group_id == g
              and not worker.is_busy())
        for _ in range(repeat):
            t = time.perf_counter()
            page.fill_all()
            QCoreApplication.processEvents()
            fills.append(time.perf_counter() - t)
            page.undo_stack.undo()
        rows = [n for n, r in enumerate(page.model.rows()) if r.line.loan_id]
        for n in rows[:repeat]:
            index = page.model.index(n, page.model.column_index("savings"))
            t = time.perf_counter()
            page.model.setData(index, "50000")
            QCoreApplication.processEvents()
            cells.append(time.perf_counter() - t)
        page.fill_all()
        _wait(worker, lambda: not worker.is_busy())
        page.last_result = None
        t = time.perf_counter()
        page.save()
        _wait(worker, lambda: page.last_result is not None)
        saves.append(time.perf_counter() - t)
        shown = len(page.receipt_numbers())
        _wait(worker, lambda: not worker.is_busy())
        t = time.perf_counter()
        page.print_receipts()
        _wait(worker, lambda: isinstance(page.print_dialog, PreviewDialog)
              and page.print_dialog.view.pixmap() is not None)
        previews.append(time.perf_counter() - t)
        page.print_dialog.reject()
        _wait(worker, lambda: page.print_dialog is None)
    fill_base, cell_base = _bare_fill(len(rows)), _bare_cell(repeat)
    trip = _round_trips(worker, 20)
    render_base = _bare_receipts(shown or 61)
    return [
        figure("sheet_gui.fill_60", ms(median(fills)), "ms", FILL_MS, baseline=ms(fill_base),
               detail=f"Shift+F5 on {len(rows)} lines to totals shown; median of {len(fills)};"
                      " baseline: bare QStandardItemModel, same cells"),
        figure("sheet_gui.cell_commit", ms(median(cells)), "ms", CELL_MS,
               baseline=ms(cell_base), detail=f"median of {len(cells)}; baseline: one "
                                              "setData on a bare model"),
        figure("sheet_gui.save_60", ms(median(saves)), "ms", SAVE_MS, baseline=ms(trip),
               detail=f"Ctrl+S to result, {len(saves)} groups; baseline: no-op worker trip"),
        figure("sheet_gui.preview_first", ms(median(previews)), "ms", PREVIEW_MS,
               baseline=ms(render_base),
               detail=f"Ctrl+P to the first page of {shown} receipts; baseline: rendering "
                      "those receipts' PDFs alone"),
    ]


def _bare_fill(rows: int) -> float:
    from PySide6.QtCore import QCoreApplication
    model, view = _bare_model(rows, 15)
    samples = []
    for k in range(5):
        t = time.perf_counter()
        for r in range(rows):
            model.setData(model.index(r, 9), f"{120_000 + k:,}")
            model.setData(model.index(r, 10), f"{1_000_000 + k:,}")
        QCoreApplication.processEvents()
        samples.append(time.perf_counter() - t)
    view.close()
    return median(samples)


def _bare_cell(n: int) -> float:
    from PySide6.QtCore import QCoreApplication
    model, view = _bare_model(60, 15)
    samples = []
    for k in range(max(5, n)):
        t = time.perf_counter()
        model.setData(model.index(k % 60, 11), "50.000")
        QCoreApplication.processEvents()
        samples.append(time.perf_counter() - t)
    view.close()
    return median(samples)


def _bare_receipts(n: int) -> float:
    from bench.print_bench import receipt
    from sbpdesk.printing import render_receipt
    data = receipt()
    render_receipt(data, "a5")      # warm-up: fonts
    t = time.perf_counter()
    for _ in range(n):
        render_receipt(data, "a5")
    return time.perf_counter() - t


def _reports_figure(app, worker, state, repeat: int) -> list[dict]:
    """Wall time and the process's CPU time (both threads: the page and its worker) beside
    it: under other helpers' load the wall figure is mostly waiting."""
    from sbpdesk.ui.pages.reports import ReportsPage
    samples, cpus = [], []
    for _ in range(min(repeat, 3)):
        t, c = time.perf_counter(), time.process_time()
        page = ReportsPage(worker, state)
        page.resize(1366, 700)
        page.show()
        page.refresh()
        _wait(worker, lambda p=page: not worker.is_busy() and p.session_totals is not None)
        app.processEvents()
        samples.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        page.close()
        page.deleteLater()
    trip = ms(_round_trips(worker, 20))
    return [figure("reports_gui.open", ms(median(samples)), "ms", REPORTS_MS, baseline=trip,
                   detail=f"built, shown, loaded; median of {len(samples)}; CPU "
                          f"{ms(median(cpus))} ms; baseline: no-op worker trip"),
            figure("reports_gui.open_cpu", ms(median(cpus)), "ms", REPORTS_MS,
                   baseline=ms(median(samples)),
                   detail="CPU time of the same opens (process_time, page and worker "
                          "threads); baseline: their wall time")]

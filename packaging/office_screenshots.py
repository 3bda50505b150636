"""Screenshots of the office window (issue 16) at 1366×768 into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python packaging/office_screenshots.py [--out docs/screenshots]

The same three-point demo office as the window's tests (tests/ui/office_support.py: three
laptops enrolled, a practice session each, their bundles imported), on the tests' clock,
signed in as the accountant: the points page and the reports page with each report.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REPORTS = ("portfolio", "strategy", "overdue", "collections", "fees", "idle", "groups",
           "inspection")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    out = Path(parser.parse_args(argv).out)
    from sbpdesk.app import build_window, make_state, settle
    from sbpdesk.services.books import open_book
    from sbpdesk.sync import enrol, exchange
    from sbpdesk.ui.shell import create_application, grab_screenshot
    from sbpdesk.ui.worker import DbWorker
    from tests.ui.office_support import build_three
    from tests.ui.pages_support import PASSWORD, clock, sign_in

    root = Path(tempfile.mkdtemp(prefix="sbpdesk-office-shots-"))
    build_three(root)
    office = open_book(root / "office", clock=clock, user="admin", password=PASSWORD)
    try:
        keys = enrol.book_keys(office, "admin", PASSWORD)
        for bundle in sorted((root / "usb").glob("*.sbpbundle")):
            exchange.import_bundle(office, keys, bundle)
    finally:
        office.close()
    create_application()
    worker = DbWorker(lambda: open_book(root / "office", clock=clock))
    try:
        window = build_window(worker, make_state(sign_in(worker, "accountant")))
        window.resize(1366, 768)
        window.show()
        settle(worker)
        window.show_page("points")
        settle(worker)
        print(grab_screenshot(window, out / "office-points.png"))
        page = window.page("reports")
        window.show_page("reports")
        for name in REPORTS:
            page.kind.setCurrentIndex(page.kind.findData(name))
            page.report = None
            page.refresh()
            settle(worker)
            file = "office-reports.png" if name == "portfolio" else f"office-reports-{name}.png"
            print(grab_screenshot(window, out / file))
        window.close()
    finally:
        worker.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Screenshots of the office window (issue 16) at 1366×768 into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python packaging/office_screenshots.py [--out docs/screenshots]

The same three-point demo office as the window's tests (tests/ui/office_support.py: three
laptops enrolled, a practice session each, their bundles imported), on the tests' clock,
every page as a role that sees it (the accountant, the director for approvals, the
administrator for laptops and users), the reports page with each report, the commune list
dialog of the points page; `_stage` records
what the approvals page checks (a plan, a commune's list, two applications).
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
# every page of the office window, each as a role that sees it
ROLES = (("accountant", ("points", "imports", "review", "reports", "core", "settings")),
         ("director", ("approvals",)), ("admin", ("devices", "users")))


def _stage(office_dir: Path) -> None:
    """What the approvals page shows: the 2026 lending plan, one commune's list (without the
    household), two applications of a poor household — one within the plan, one beyond it;
    and the last point marked as serving a difficult area (the inspection list's 75 %)."""
    from sqlalchemy import select

    from sbpdesk.db.models import Household, Person, Point
    from sbpdesk.services import applications, places, plans
    from sbpdesk.services.books import open_book
    from tests.ui.pages_support import PASSWORD, clock
    book = open_book(office_dir, clock=clock, user="accountant", password=PASSWORD)
    try:
        household = book.db.scalars(select(Household).where(
            Household.category == "poor").order_by(Household.id)).first()
        person = book.db.scalars(select(Person).where(
            Person.household_id == household.id)).first()
        for amount, purpose in ((30_000_000, "Nuôi bò sinh sản"), (90_000_000, "Mua máy cày")):
            applications.submit(book, applications.NewApplication(
                household.id, person.id, household.group_id, "poor", amount, 36, 12, purpose),
                business_date=book.today())
        others = book.db.scalars(select(Household.id).where(
            Household.point_code == household.point_code, Household.id != household.id,
            Household.category == "poor")).all()
        plans.record_list(book, household.point_code, 2026, "poor", list(others),
                          reference="QĐ 12/QĐ-UBND ngày 05/01/2026", business_date=book.today())
        book.sign_in("director", PASSWORD)
        used = plans.plan_for(book, 2026, "poor", "central").used
        plans.set_plan(book, 2026, "poor", "central", used + 80_000_000,
                       reference="QĐ 35/QĐ-NHCS ngày 10/01/2026", business_date=book.today())
        book.sign_in("admin", PASSWORD)
        last = book.db.scalars(select(Point.code).order_by(Point.code.desc())).first()
        places.set_difficult_area(book, last, True, business_date=book.today())
    finally:
        book.close()


def _reports(window, worker, out: Path) -> None:
    from sbpdesk.app import settle
    from sbpdesk.ui.shell import grab_screenshot
    page = window.page("reports")
    for name in REPORTS:
        page.kind.setCurrentIndex(page.kind.findData(name))
        page.report = None
        page.refresh()
        settle(worker)
        file = "office-reports.png" if name == "portfolio" else f"office-reports-{name}.png"
        print(grab_screenshot(window, out / file))


def _list_dialog(window, worker, out: Path) -> None:
    """The commune's list of the first point, as the accountant opens it on the points page."""
    from sbpdesk.app import settle
    from sbpdesk.ui.shell import grab_screenshot
    page = window.page("points")
    page.list_button.click()
    settle(worker)
    print(grab_screenshot(page.list_dialog, out / "office-points-list.png", (900, 640)))
    page.list_dialog.reject()


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
    _stage(root / "office")
    create_application()
    worker = DbWorker(lambda: open_book(root / "office", clock=clock))
    try:
        for user, pages in ROLES:
            window = build_window(worker, make_state(sign_in(worker, user)))
            window.resize(1366, 768)
            window.show()
            settle(worker)
            for key in pages:
                window.show_page(key)
                settle(worker)
                if key == "reports":
                    _reports(window, worker, out)
                else:
                    print(grab_screenshot(window, out / f"office-{key}.png"))
                if key == "points":
                    _list_dialog(window, worker, out)
            window.close()
    finally:
        worker.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

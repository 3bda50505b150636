"""The transaction office's window (issue 16): the book's role decides the window, the
signed-in role the pages; the points page; the import desk taking a USB folder of three
points' bundles in one go."""
from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from .office_support import copy_demo
from .pages_support import PASSWORD, call, clock, focus_type, settle, sign_in


@pytest.fixture
def office_demo(tmp_path_factory, tmp_path):
    return copy_demo(tmp_path_factory, tmp_path / "demo")


@pytest.fixture
def office_worker(app, office_demo):
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    root, _ = office_demo
    gc.collect()
    w = DbWorker(lambda: open_book(root / "office", clock=clock))
    yield w
    w.close()
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QCoreApplication.sendPostedEvents(None, 0)
    QCoreApplication.processEvents()
    gc.collect()


def office_window(qtbot, worker, username: str):
    from sbpdesk.app import build_window, make_state
    state = make_state(sign_in(worker, username))
    window = build_window(worker, state)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    settle(worker)
    return window, state


def test_an_office_book_opens_the_office_window_with_pages_by_role(qtbot, office_worker):
    window, state = office_window(qtbot, office_worker, "accountant")
    assert state.is_office and window.office
    keys = window.keys()
    assert keys[0] == "points" and "imports" in keys and "review" in keys
    assert not {"session", "sheet", "sync", "home"} & set(keys)   # none of the laptop's
    assert "devices" not in keys             # the accountant may not enrol or grant leases
    assert "Phòng giao dịch" in window.point_label.text()
    assert not window.sync_label.isVisible()
    admin, _ = office_window(qtbot, office_worker, "admin")
    admin_keys = list(admin.keys())
    assert "devices" in admin_keys and "review" not in admin_keys


def test_the_points_page_shows_each_point_its_laptop_and_what_waits(qtbot, office_worker,
                                                                    office_demo):
    _, points = office_demo
    window, _ = office_window(qtbot, office_worker, "director")
    page = window.page("points")
    qtbot.waitUntil(lambda: page.overview is not None, timeout=20_000)
    rows = page.points_model.rows()
    assert [r.code for r in rows] == points
    assert all(r.lease_device_id and r.laptops == (r.lease_device_id,) for r in rows)
    # the laptop the demo's history was recorded on is an earlier one, revoked (decision 0220)
    (earlier,) = [lap for lap in page.laptops_model.rows() if lap.revoked]
    assert earlier.name == "Máy xách tay 1 – BB01" and earlier.leases == ()
    laptops = [lap for lap in page.laptops_model.rows() if not lap.revoked]
    assert len(laptops) == 3 and all(lap.sent_ops == 0 for lap in laptops)
    assert all(lap.last_contact is None for lap in laptops)
    assert "3 điểm giao dịch, 3 máy điểm" in page.summary.text()


def test_the_laptops_are_listed_by_enrolment_number(qtbot, office_worker):
    """Not by their random device ids: the list keeps its order from one book to the next."""
    from sbpdesk.services.receipts import laptops
    window, _ = office_window(qtbot, office_worker, "director")
    page = window.page("points")
    qtbot.waitUntil(lambda: page.overview is not None, timeout=20_000)
    numbers = call(office_worker, lambda book: {k: v.number for k, v in laptops(book).items()})
    listed = [numbers[lap.device_id] for lap in page.laptops_model.rows()]
    assert listed == sorted(listed) and len(listed) == 4
    assert page.laptops_model.rows()[0].name == "Máy xách tay 1 – BB01"   # the revoked one


def test_a_revoked_laptop_gets_no_bundle_and_the_page_says_why(qtbot, office_worker,
                                                               tmp_path):
    window, _ = office_window(qtbot, office_worker, "admin")
    page = window.page("points")
    window.show_page("points")
    qtbot.waitUntil(lambda: page.overview is not None, timeout=20_000)
    rows = page.laptops_model.rows()
    revoked = next(i for i, lap in enumerate(rows) if lap.revoked)
    page.laptops_view.setCurrentIndex(page.laptops_model.index(revoked, 0))
    (tmp_path / "usb").mkdir()
    page.export_to(str(tmp_path / "usb"), pack=True)
    settle(office_worker)
    assert page.exported is None and not list((tmp_path / "usb").iterdir())
    note = page.export_note.text()
    assert "Máy xách tay 1 – BB01" in note and "đã bị thu hồi" in note


def import_usb(qtbot, window, usb, *, admin_needed: bool, count: int = 3):
    """Choose the USB folder on the import desk, press "Nhận tất cả" and open the keys."""
    page = window.page("imports")
    window.show_page("imports")
    page.found = None
    page.choose_paths([str(usb)])
    qtbot.waitUntil(lambda: page.found is not None, timeout=20_000)
    assert len(page.found.bundles) == count and page.import_button.isEnabled()
    page.import_button.click()
    qtbot.waitUntil(lambda: getattr(page, "_keys_dialog", None) is not None
                    and page._keys_dialog.isVisible(), timeout=5000)
    dialog = page._keys_dialog
    focus_type(dialog.password, PASSWORD)
    dialog.ok_button.click()
    if admin_needed:      # no copy of the office's keys yet: an administrator opens them
        qtbot.waitUntil(lambda: dialog.admin.isVisible(), timeout=20_000)
        assert dialog.need_admin
        focus_type(dialog.admin, "admin")
        focus_type(dialog.admin_password, PASSWORD)
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(page.results) == count and page.pending == 0, timeout=60_000)
    return page


def test_the_import_desk_imports_a_folder_and_links_each_count_to_its_operations(
        qtbot, office_worker, office_demo):
    root, points = office_demo
    window, state = office_window(qtbot, office_worker, "accountant")
    page = import_usb(qtbot, window, root / "usb", admin_needed=True)
    assert state.sync_keys is not None
    assert page.progress.value() == 3 and page.progress.maximum() == 3
    assert all(r.refused is None and r.count("applied") == len(r.ops) > 0
               for r in page.results)
    qtbot.waitUntil(lambda: page.recent_model.rowCount() == 3, timeout=20_000)
    assert {r.last_bundle for r in page.recent_model.rows()} == {r.name for r in page.results}
    tallies = {t.point_code: t for t in page.point_model.rows()}
    assert sorted(tallies) == points
    # a count is a link: the operations of that point and outcome
    col = page.point_model.column_index("applied")
    page._clicked(page.point_model, page.point_model.index(0, col), "point")
    shown = page.ops_model.rows()
    assert shown and {op.point_code for op in shown} == {points[0]}
    assert len(shown) == tallies[points[0]].count("applied")
    # the same folder again: everything is a duplicate, nothing applied twice
    page.choose_paths([str(root / "usb")])
    qtbot.waitUntil(lambda: not page.pending and page.found is not None, timeout=20_000)
    page.import_button.click()       # the keys stay open for the sign-in
    qtbot.waitUntil(lambda: page.pending == 0 and bool(page.results)
                    and all(r.count("duplicate") for r in page.results), timeout=60_000)
    assert all(r.count("applied") == 0 for r in page.results)
    points_page = window.page("points")
    window.show_page("points")
    qtbot.waitUntil(lambda: points_page.overview is not None and all(
        lap.last_contact for lap in points_page.overview.laptops if not lap.revoked),
        timeout=20_000)
    assert all(lap.sent_ops > 0 for lap in points_page.overview.laptops)


def test_a_refused_bundle_is_listed_and_the_others_go_on(qtbot, office_worker, office_demo):
    root, _ = office_demo
    first = sorted((root / "usb").glob("*.sbpbundle"))[0]
    data = bytearray(first.read_bytes())
    data[len(data) // 2] ^= 0xFF           # a damaged stick: inside the sealed operations
    first.write_bytes(bytes(data))
    window, _ = office_window(qtbot, office_worker, "accountant")
    page = import_usb(qtbot, window, root / "usb", admin_needed=True)
    refused = [r for r in page.results if r.refused is not None]
    assert [r.name for r in refused] == [first.name]
    assert all(r.count("applied") > 0 for r in page.results if r.refused is None)
    row = page.results.index(refused[0])
    text = page.bundle_model.data(page.bundle_model.index(
        row, page.bundle_model.column_index("state")))
    assert text.startswith("không nhận")


def write_off_a_collected_loan(root, code: str) -> str:
    """At the office, before the point's bundle arrives: the director writes off a loan the
    point collected on at its session, dated the day before (so the cash goes to suspense)."""
    import datetime as dt

    from sqlalchemy import select

    from sbpdesk.db.models import Operation
    from sbpdesk.domain.canonical import from_json
    from sbpdesk.services import posting
    from sbpdesk.services.books import open_book
    laptop = open_book(root / f"laptop-{code}")
    try:
        rows = laptop.db.scalars(select(Operation).where(
            Operation.kind == "collection.record").order_by(Operation.seq)).all()
        row = next(r for r in rows if from_json(r.payload).get("principal")
                   or from_json(r.payload).get("interest"))
        loan_id, day = from_json(row.payload)["loan_id"], row.business_date
    finally:
        laptop.close()
    office = open_book(root / "office", user="director", password=PASSWORD, clock=clock)
    try:
        with office.transaction():
            posting.post(office, "loan.write_off", {"loan_id": loan_id, "reason": "thiên tai"},
                         business_date=day - dt.timedelta(days=1))
    finally:
        office.close()
    return loan_id


def test_review_resolves_suspense_with_a_reason_that_travels_to_the_point(
        qtbot, app, office_demo, tmp_path):
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    root, points = office_demo
    loan_id = write_off_a_collected_loan(root, points[0])
    worker = DbWorker(lambda: open_book(root / "office", clock=clock))
    try:
        window, state = office_window(qtbot, worker, "accountant")
        import_usb(qtbot, window, root / "usb", admin_needed=True)
        page = window.page("review")
        window.show_page("review")
        qtbot.waitUntil(lambda: page.data is not None and bool(page.data.suspense), timeout=20_000)
        line = next(s for s in page.data.suspense if s.account_id == loan_id)
        assert "loan_written_off" in line.reasons and line.point_code == points[0]
        row = page.models["suspense"].rows().index(line)
        page.views["suspense"].setCurrentIndex(page.models["suspense"].index(row, 0))
        assert page.resolve_button.isVisible() and page.resolve_button.isEnabled()
        page.resolve_button.click()
        dialog = page._dialog
        qtbot.waitUntil(lambda: dialog.isVisible(), timeout=5000)
        dialog.ok_button.click()                       # no reason: refused in the dialog
        assert dialog.reason_error.isVisible() and dialog.isVisible()
        dialog.to.setCurrentIndex(dialog.to.findData("recovery"))
        focus_type(dialog.reason, "Thu hoi no da xoa theo bien ban")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
        qtbot.waitUntil(lambda: page.data is not None and bool(page.data.resolutions),
                        timeout=20_000)
        done = page.data.resolutions[0]
        assert (done.actor, done.account_id, done.to, done.amount) == (
            "accountant", loan_id, "recovery", abs(line.suspense))
        assert done.reason == "Thu hoi no da xoa theo bien ban"
        assert all(s.account_id != loan_id for s in page.data.suspense)

        def feed_of_point(book):   # what the point's laptop gets in its next bundle
            from sbpdesk.db.models import Device
            from sbpdesk.sync import feed
            device = next(d for d in book.db.query(Device).all() if d.points == points[0])
            rows, _ = feed.select_feed(book, device.id, 0)
            book.end_read()
            return [e.op_id for e in rows]
        from .pages_support import call
        assert done.op_id in call(worker, feed_of_point)
    finally:
        worker.close()


def test_only_who_may_resolve_sees_the_button_and_the_service_refuses_the_others(
        qtbot, office_worker):
    window, _ = office_window(qtbot, office_worker, "director")
    page = window.page("review")
    assert not page.may_resolve and not page.resolve_button.isVisible()
    from sbpdesk.domain.errors import DomainError
    from sbpdesk.services import loans

    from .pages_support import call
    with pytest.raises(DomainError) as refused:
        call(office_worker, lambda book: loans.resolve_suspense(
            book, "no-such-loan", 1000, "refund", reason="x", business_date=book.today()))
    assert refused.value.code == "role_refused"


def test_devices_page_accepts_a_request_names_the_laptop_and_moves_leases(
        qtbot, office_worker, office_demo, tmp_path):
    from sbpdesk.services.books import init_book
    from sbpdesk.sync import enrol
    root, points = office_demo
    laptop = init_book(tmp_path / "new-laptop", "point", admin_password=PASSWORD, demo=True)
    laptop.sign_in("admin", PASSWORD)
    request = enrol.request(laptop, PASSWORD, tmp_path / "yeu-cau.sbpenrol")
    window, state = office_window(qtbot, office_worker, "admin")
    page = window.page("devices")
    window.show_page("devices")
    qtbot.waitUntil(lambda: page.overview is not None, timeout=20_000)
    page.open_request(str(request.path))
    qtbot.waitUntil(lambda: page._dialog is not None and page._dialog.isVisible(),
                    timeout=10_000)
    dialog = page._dialog
    assert dialog.fingerprint.text().split() == request.fingerprint.split()
    focus_type(dialog.password, PASSWORD)
    dialog.ok_button.click()                # not compared yet: refused in the dialog
    assert dialog.isVisible() and dialog.error.text()
    dialog.match.setChecked(True)
    focus_type(dialog.name, "May xa 2")
    dialog.point_boxes[points[1]].setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.accepted is not None, timeout=30_000)
    new = page.accepted.device_id
    assert page.answer.isVisible() and page.office_fingerprint.text()
    # the response is a real one: the laptop completes its enrolment from it
    done = enrol.complete(laptop, "admin", PASSWORD, page.accepted.path)
    laptop.close()
    assert done.device_id == new and done.points == (points[1],)
    qtbot.waitUntil(lambda: page.overview is not None and any(
        r.device_id == new for r in page.overview.laptops), timeout=20_000)
    row = next(r for r in page.overview.laptops if r.device_id == new)
    assert row.name == "May xa 2" and row.leases == (points[1],)
    # the lease moves back to the point's first laptop
    old = next(r for r in page.overview.laptops if r.points == (points[1],)
               and r.device_id != new)
    page.view.setCurrentIndex(page.model.index(page.model.rows().index(old), 0))
    assert page.point_box.currentData() == points[1]
    page.lease_button.click()
    qtbot.waitUntil(lambda: page.overview is not None and next(
        r for r in page.overview.laptops if r.device_id == old.device_id).leases
        == (points[1],), timeout=20_000)
    # revoke the new laptop, after the confirmation
    page.view.setCurrentIndex(page.model.index(
        [r.device_id for r in page.model.rows()].index(new), 0))
    page.revoke_button.click()
    qtbot.waitUntil(lambda: page._confirm is not None and page._confirm.isVisible(),
                    timeout=5000)
    from PySide6.QtWidgets import QMessageBox
    page._confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: next(r for r in page.overview.laptops
                                 if r.device_id == new).revoked, timeout=20_000)
    assert not page.revoke_button.isEnabled() or page.selected().device_id != new


def test_three_points_imported_through_the_desk_give_office_totals_equal_to_their_books(
        qtbot, office_worker, office_demo):
    """Issue 16, done-when: three demo points' bundles imported through the import desk give
    office reports whose totals equal the sum of the points' books (SQLite)."""
    root, points = office_demo
    check_totals_after_import(qtbot, office_worker, root, points)


def test_the_same_on_postgresql(qtbot, app, pg_url, tmp_path):
    """The same with the office book in PostgreSQL (`.ci/run` sets SBPDESK_TEST_PG_URL)."""
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker

    from .office_support import build_three
    points = build_three(tmp_path, db_url=pg_url, households=40)
    worker = DbWorker(lambda: open_book(tmp_path / "office", db_url=pg_url, clock=clock))
    try:
        check_totals_after_import(qtbot, worker, tmp_path, points)
    finally:
        worker.close()


def check_totals_after_import(qtbot, worker, root, points):
    import datetime as dt

    from sbpdesk.reports.portfolio import FIGURES, portfolio
    from sbpdesk.services.books import open_book
    as_of = dt.date(2026, 3, 31)               # after every point's session
    books = {}
    for code in points:
        laptop = open_book(root / f"laptop-{code}", clock=clock)
        try:
            books[code] = portfolio(laptop, as_of)["totals"]
        finally:
            laptop.close()
    window, _ = office_window(qtbot, worker, "accountant")
    page = window.page("reports")
    window.show_page("reports")
    page.as_of.set_date(as_of)
    page.report = None
    page.refresh()
    qtbot.waitUntil(lambda: page.report is not None and page.report["as_of"] == "2026-03-31",
                    timeout=30_000)
    before = {r.code: r for r in page.models["by_point"].rows()}
    assert any(before[c].outstanding != books[c]["outstanding"]
               or before[c].loans != books[c]["loans"] for c in points)   # not yet imported

    import_usb(qtbot, window, root / "usb", admin_needed=True)
    window.show_page("reports")
    settle(worker)
    page.report = None
    page.refresh()
    qtbot.waitUntil(lambda: page.report is not None, timeout=30_000)
    after = {r.code: r for r in page.models["by_point"].rows()}
    for code in points:
        assert {f: getattr(after[code], f) for f in FIGURES} == books[code], code
    totals = page.report["totals"]
    for figure in ("outstanding", "overdue", "frozen", "loans", "borrowers"):
        assert totals[figure] == sum(books[c][figure] for c in points), figure
    assert page.totals.text().startswith("Dư nợ toàn phòng")


def test_an_application_from_a_point_is_approved_in_the_window_and_disbursed_there(
        qtbot, office_worker, office_demo, tmp_path):
    """Issue 16, done-when: submitted at a point, approved in the office window (maker-checker,
    with a reason), back to the point in the office's bundle, disbursed at its next session."""
    import datetime as dt

    from sqlalchemy import select

    from sbpdesk.db.models import Household, Person
    from sbpdesk.services import applications, loans, sessions
    from sbpdesk.services.auth import Approval
    from sbpdesk.services.books import open_book
    from sbpdesk.sync import enrol, exchange

    from .pages_support import call
    root, points = office_demo
    code = points[0]

    def on(day):
        return lambda: dt.datetime.combine(day, dt.time(3), dt.UTC)
    laptop = open_book(root / f"laptop-{code}", clock=on(dt.date(2026, 3, 20)))
    try:
        laptop.sign_in("teller", PASSWORD)
        household = laptop.db.scalars(select(Household).where(
            Household.point_code == code, Household.category == "poor")).first()
        person = laptop.db.scalars(select(Person).where(
            Person.household_id == household.id)).first()
        member = person.full_name
        new = applications.NewApplication(household.id, person.id, household.group_id, "poor",
                                          30_000_000, 36, 36, "Nuôi bò sinh sản")
        with laptop.transaction():
            applications.submit(laptop, new, business_date=laptop.today())
        keys = enrol.book_keys(laptop, "teller", PASSWORD)
        exchange.export_bundle(laptop, keys, "office", tmp_path / "usb2")
    finally:
        laptop.close()

    window, state = office_window(qtbot, office_worker, "director")
    assert "approvals" in list(window.keys())
    import_usb(qtbot, window, tmp_path / "usb2", admin_needed=True, count=1)
    page = window.page("approvals")
    window.show_page("approvals")
    qtbot.waitUntil(lambda: len(page.rows) == 1, timeout=20_000)
    pending = page.rows[0]
    assert pending.member == member and pending.problem_vi == ""
    assert page.approve_button.isEnabled()
    page.approve_button.click()                      # no reason yet: refused on the page
    assert page.error.isVisible() and page._approval is None
    focus_type(page.reason, "Du dieu kien, to TK&VV binh xet")
    page.approve_button.click()
    qtbot.waitUntil(lambda: page._approval is not None and page._approval.isVisible(),
                    timeout=5000)
    dialog = page._approval
    dialog.username.clear()
    focus_type(dialog.username, "accountant")        # the checker: another user
    focus_type(dialog.password, PASSWORD)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.decided is not None, timeout=30_000)
    app_id, decided = page.decided
    assert app_id == pending.row.id and decided.outcome == "applied"

    from sbpdesk.services import journal
    entry = call(office_worker, lambda book: journal.get(book.db, decided.op_id))
    assert (entry.actor, entry.payload["checked_by"]) == ("director", "accountant")
    assert entry.payload["reason"] == "Du dieu kien, to TK&VV binh xet"
    notice = call(office_worker, lambda book: __import__(
        "sbpdesk.printing.record", fromlist=["preview"]).preview(
        book, "approval", application=app_id))
    assert notice.pdf.startswith(b"%PDF")            # the 04/TD of this decision

    # the points page writes the point's next bundle (the approval travels in it)
    points_page = window.page("points")
    window.show_page("points")
    qtbot.waitUntil(lambda: points_page.overview is not None, timeout=20_000)
    rows = points_page.laptops_model.rows()
    row = next(i for i, lap in enumerate(rows) if lap.points == (code,))
    points_page.laptops_view.setCurrentIndex(points_page.laptops_model.index(row, 0))
    (tmp_path / "usb3").mkdir()
    points_page.export_to(str(tmp_path / "usb3"))
    qtbot.waitUntil(lambda: points_page.exported is not None, timeout=30_000)
    bundle, count, _ = points_page.exported
    assert count >= 2 and "usb3" in bundle      # the decision and the approval notice data

    next_session = dt.date(2026, 4, 5)               # the point meets on the 5th
    laptop = open_book(root / f"laptop-{code}", clock=on(next_session))
    try:
        laptop.sign_in("teller", PASSWORD)
        keys = enrol.book_keys(laptop, "teller", PASSWORD)
        exchange.import_bundle(laptop, keys, bundle)
        loan_id = next(a for k, a in decided.accounts if k == "loan")
        assert loans.loan_state(laptop, loan_id).approved_amount == 30_000_000
        with laptop.transaction():
            sessions.open_session(laptop, code, next_session, controller="controller",
                                  opening_cash=40_000_000)
        with laptop.transaction():
            loans.disburse(laptop, loan_id, 30_000_000, id_checked=True,
                           business_date=next_session,
                           approved_by=Approval("controller", PASSWORD))
        assert loans.loan_state(laptop, loan_id).outstanding == 30_000_000
    finally:
        laptop.close()


def test_the_desk_shows_bundles_that_arrived_over_the_network(qtbot, office_worker,
                                                              office_demo):
    """`sbpdesk serve` imports with the same `exchange.import_bundle`: the desk lists it."""
    from sbpdesk.sync import enrol, exchange

    from .pages_support import call
    root, _ = office_demo
    bundle = sorted((root / "usb").glob("*.sbpbundle"))[0]

    def as_the_server(book):
        keys = enrol.serve_keys(book, None)        # the demo's passphrase copy
        return exchange.import_bundle(book, keys, bundle)
    call(office_worker, as_the_server)
    window, _ = office_window(qtbot, office_worker, "accountant")
    page = window.page("imports")
    window.show_page("imports")
    qtbot.waitUntil(lambda: page.recent_model.rowCount() == 1, timeout=20_000)
    assert page.recent_model.rows()[0].last_bundle == bundle.name
    assert page.tabs.currentIndex() == 2

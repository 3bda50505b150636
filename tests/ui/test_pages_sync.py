"""The sync page (Đồng bộ) on a copy of the demo laptop and of its demo office.

The laptop's bundle is written from the page into a temporary folder picked with
"Chọn thư mục…", imported at the office through `sbpdesk.sync.exchange` (as the office's
`sbpdesk bundle import` would), the office's answer exported back and imported from the page.
"""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

import gc
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from .keys import press
from .pages_support import (  # noqa: F401 - fixtures
    PASSWORD,
    book_dir,
    call,
    clock,
    demo_point_book,
    focus_type,
    gui,
    open_session,
    settle,
    show,
    worker,
)


@pytest.fixture
def office_dir(tmp_path_factory, tmp_path) -> Path:
    """A copy of the demo office the laptop is enrolled at (beside the point in the demo)."""
    target = tmp_path / "office"
    shutil.copytree(demo_point_book(tmp_path_factory).parent / "office", target)
    return target


@pytest.fixture
def usb(tmp_path, monkeypatch) -> Path:
    """A folder standing for the USB stick; "Chọn thư mục…" picks it."""
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    return folder


def open_office(office_dir):
    from sbpdesk.services.books import open_book
    from sbpdesk.sync import enrol
    office = open_book(office_dir, user="admin", password=PASSWORD, clock=clock)
    return office, enrol.book_keys(office, "admin", PASSWORD)


def pick(page, usb: Path) -> None:
    page.pick_button.click()
    settle(page.worker)
    assert page.folder() == str(usb)


def unlock(page, qtbot, password: str = PASSWORD) -> None:
    qtbot.waitUntil(lambda: page._unlock is not None and page._unlock.isVisible(), timeout=5000)
    dialog = page._unlock
    dialog.password.clear()
    focus_type(dialog.password, password)
    press(dialog.password, Qt.Key.Key_Return)
    settle(page.worker)


def status_texts(page) -> list[str]:
    model = page.ops_model
    column = model.column_index("status")
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def book_state(worker):
    """What a refused bundle must leave alone."""
    def read(book):
        from sbpdesk.services import sync_status
        s = sync_status.sync_status(book)
        ops = sync_status.own_operations(book)
        from sbpdesk.services.ui_queries import laptop_points
        return (s.acknowledged_seq, s.feed_cursor, s.last_import, s.office_data_to,
                tuple((o.op_id, o.outcome) for o in ops), len(laptop_points(book)))
    return call(worker, read)


def test_round_trip_from_the_page_marks_operations_received(gui, qtbot, usb, office_dir):
    from sbpdesk.sync import exchange
    window, worker, state = gui
    open_session(window, qtbot)                       # posts session.open on the laptop
    page = show(window, "sync")
    assert page.export_hint.text() == "Gói sẽ mang 1 nghiệp vụ văn phòng chưa xác nhận."
    assert "chưa đồng bộ — 1 nghiệp vụ chờ gửi" in page.message.text()
    pick(page, usb)
    assert any(d.path == str(usb) and d.picked for d in page.drives)
    assert page.drive_list.currentItem().text().startswith("usb")
    waiting = page.ops_model.rows()
    assert waiting and {o.status for o in waiting} == {"waiting"}
    assert set(status_texts(page)) == {"chờ gửi"}

    # Export: the teller's password is refused first, so the dialog explains the enrolment
    # password; the demo's enrolment password opens the keys.
    page.export_button.click()
    unlock(page, qtbot, password="sai")
    dialog = page._unlock
    assert dialog.isVisible() and dialog.enrol_password
    assert "mật khẩu đăng ký máy" in dialog.explain.text()
    unlock(page, qtbot)
    assert not dialog.isVisible() and page.keys is not None
    done = page.last_export
    assert done is not None and done.op_count == len(waiting)
    assert page.result.text().startswith(f"Đã ghi gói {done.name} ({done.op_count} nghiệp vụ) "
                                         "và đọc lại kiểm tra")
    assert (usb / done.name).is_file() and not page.problem.isVisible()
    assert set(status_texts(page)) == {"đã xuất gói, chờ văn phòng nhận"}
    assert page.bundle_list.count() == 0               # our own bundle is for the office
    assert "1 gói khác" in page.bundle_note.text()

    # The office imports it and answers.
    office, keys = open_office(office_dir)
    try:
        report = exchange.import_bundle(office, keys, usb / done.name)
        assert report["counts"]["applied"] == len(waiting)
        device = call(worker, lambda book: book.device_id)
        from sbpdesk.sync import enrol
        enrol.grant_lease(office, state.point_code, device)   # something new for the laptop
        answer = exchange.export_bundle(office, keys, f"device:{device}", usb)
    finally:
        office.close()

    page.refresh_button.click()
    page.refresh()
    settle(worker)
    assert page.bundle_list.count() == 1
    assert page.selected_bundle().name == answer.path.name
    assert "mới" in page.bundle_list.item(0).text()
    page.import_button.click()                         # keys already open: one click
    settle(worker)
    assert not page.problem.isVisible()
    n = answer.manifest.op_count
    assert page.result.text() == (f"Đã nhận gói {answer.path.name}: {n} nghiệp vụ "
                                  f"(đã ghi vào sổ: {n}).")
    lines = page.import_model.rows()
    assert len(lines) == n and {line.outcome for line in lines} == {"applied"}
    assert "lease.grant" in {line.kind for line in lines}
    assert set(status_texts(page)) == {"văn phòng đã nhận"}
    assert "đã nhận" in page.bundle_list.item(0).text()
    assert "văn phòng đã nhận hết nghiệp vụ" in page.message.text()
    assert window.sync_label.text() == "Đồng bộ: văn phòng đã nhận hết nghiệp vụ"
    home = show(window, "home")
    assert home.sync_state.text() == "văn phòng đã nhận hết nghiệp vụ"
    assert home.bundles.text() == "gửi 05/03/2026 · nhận 05/03/2026"

    # Importing the same bundle again changes nothing.
    page = show(window, "sync")
    page.bundle_list.setCurrentRow(0)
    page.import_button.click()
    settle(worker)
    assert f"đã có, bỏ qua: {n}" in page.result.text()


def _office_answer(office_dir, worker, usb: Path, point_code: str) -> Path:
    from sbpdesk.sync import enrol, exchange
    office, keys = open_office(office_dir)
    try:
        device = call(worker, lambda book: book.device_id)
        enrol.grant_lease(office, point_code, device)
        return exchange.export_bundle(office, keys, f"device:{device}", usb).path
    finally:
        office.close()


def test_a_tampered_bundle_is_refused_and_changes_nothing(gui, qtbot, usb, office_dir):
    from sbpdesk.sync.errors import SyncError
    window, worker, state = gui
    path = _office_answer(office_dir, worker, usb, state.point_code)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01                      # flip one byte in the middle
    path.write_bytes(bytes(data))
    before = book_state(worker)
    page = show(window, "sync")
    pick(page, usb)
    assert page.bundle_list.count() == 1
    page.import_button.click()
    unlock(page, qtbot)
    assert page.problem.isVisible() and not page.result.isVisible()
    assert page.problem.title.text() == "Không nhận gói này. Sổ không thay đổi."
    error = page.problem.error
    assert isinstance(error, SyncError)
    assert page.problem.text.text().startswith(error.vi)
    assert book_state(worker) == before

    # A manifest rewritten by hand: the signature no longer matches.
    path.unlink()
    path = _office_answer(office_dir, worker, usb, state.point_code)
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist()}
    members["manifest.json"] = members["manifest.json"].replace(b'"ack":', b'"ack": ', 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, content in members.items():
            z.writestr(name, content)
    path.write_bytes(buffer.getvalue())
    page.refresh()
    settle(worker)
    page.import_button.click()
    settle(worker)
    assert page.problem.error.code == "bundle_signature_bad"
    assert "Gói bị sửa đổi hoặc không phải của văn phòng" in page.problem.text.text()
    assert book_state(worker) == before


def test_drives_are_listed_and_a_picked_folder_is_kept(gui, usb):
    from sbpdesk.ui.drives import removable_drives
    window, worker, _ = gui
    page = show(window, "sync")
    drives = removable_drives()                        # whatever this machine has mounted
    assert all(not d.picked for d in drives)
    pick(page, usb)
    page.refresh_drives()                              # the timer's refresh keeps it
    assert page.folder() == str(usb)
    assert page.timer.isActive()
    assert page.export_button.isEnabled() and not page.import_button.isEnabled()
    assert "Không có gói nào gửi cho máy này" in page.bundle_note.text()


@pytest.fixture
def fresh(app, tmp_path):
    """A point laptop book just created (not enrolled), its worker, signed in as admin."""
    from sbpdesk.services.books import init_book, open_book
    from sbpdesk.ui.worker import DbWorker
    folder = tmp_path / "fresh"
    init_book(folder, "point", admin_password=PASSWORD, demo=True, clock=clock).close()
    gc.collect()
    w = DbWorker(lambda: open_book(folder, clock=clock))
    call(w, lambda book: book.sign_in("admin", PASSWORD) and None)
    yield w
    w.close()
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QCoreApplication.sendPostedEvents(None, 0)
    QCoreApplication.processEvents()
    gc.collect()


def test_enrolment_from_the_page(fresh, qtbot, usb, office_dir):
    from sbpdesk.services.reference import list_points
    from sbpdesk.sync import enrol
    from sbpdesk.ui.pages.common import AppState
    from sbpdesk.ui.pages.enrol_panel import REQUEST_NAME
    from sbpdesk.ui.pages.sync import SyncPage
    state = AppState(username="admin", full_name="Quản trị", roles=("admin",), demo=True)
    page = SyncPage(fresh, state)
    panel = page.enrol_box                              # the enrolment panel
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.refresh()
    settle(fresh)
    assert panel.isVisible() and not page.export_button.isEnabled()
    assert "chưa đăng ký" in page.message.text()
    pick(page, usb)

    panel.complete_button.click()                       # no request yet
    settle(fresh)
    assert "chưa tạo yêu cầu đăng ký" in page.problem.text.text()

    panel.request_button.click()
    qtbot.waitUntil(lambda: panel._dialog is not None and panel._dialog.isVisible(), timeout=5000)
    focus_type(panel._dialog.password, PASSWORD)
    press(panel._dialog.password, Qt.Key.Key_Return)
    settle(fresh)
    request = usb / REQUEST_NAME
    assert request.is_file() and panel.fingerprint.isVisible()
    fingerprint = enrol.read_request(request)["fingerprint"]
    assert panel.fingerprint.text().split() == fingerprint.split()

    office, _ = open_office(office_dir)
    try:
        code = list_points(office)[0].code
        accepted = enrol.accept(office, PASSWORD, request, [code], usb / "tra-loi.sbpenrol")
    finally:
        office.close()

    panel.complete_button.click()                       # the response is found on the drive
    settle(fresh)
    dialog = panel._dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and hasattr(dialog, "match"), timeout=5000)
    assert dialog.fingerprint.text().split() == accepted.office_fingerprint.split()
    focus_type(dialog.password, PASSWORD)
    press(dialog.password, Qt.Key.Key_Return)           # not ticked: refused
    assert dialog.isVisible() and "so sánh dấu vân tay" in dialog.error.text()
    dialog.match.setChecked(True)
    press(dialog.password, Qt.Key.Key_Return)
    settle(fresh)
    assert not page.problem.isVisible(), page.problem.text.text()
    assert "hãy đóng chương trình, mở lại" in page.result.text()
    assert panel.quit_button.isVisible() and not panel.request_button.isEnabled()
    assert call(fresh, lambda book: book.origin) == accepted.device_id

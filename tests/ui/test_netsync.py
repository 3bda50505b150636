"""The "Đồng bộ" button (ui/netsync.py) on a copy of the demo laptop, against `sbpdesk
serve`'s app on 127.0.0.1 over a copy of the demo office: the exchange happens, the DbWorker
stays free while the network is slow, an absent office is said in Vietnamese, and after a
failure the panel syncs by itself once the server answers again."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

import shutil
import socket

import pytest

from sbpdesk.sync import client

from .pages_support import (  # noqa: F401 - fixtures
    PASSWORD,
    book_dir,
    call,
    clock,
    demo_point_book,
    gui,
    worker,
)

FAST = client.Policy(connect_s=1, idle_s=1, answer_s=1, deadline_s=1.5, first_backoff_s=0.1,
                     max_backoff_s=0.2)


@pytest.fixture
def office(tmp_path_factory, tmp_path):
    from sbpdesk.sync.server import Office
    target = tmp_path / "office"
    shutil.copytree(demo_point_book(tmp_path_factory).parent / "office", target)
    server = Office(target, None, passphrase="demo", clock=clock)   # a demo book: "demo"
    yield server
    server.close()


@pytest.fixture
def panel(qtbot, worker):
    from sbpdesk.sync import enrol
    from sbpdesk.ui.netsync import NetSyncPanel
    keys = call(worker, lambda book: enrol.unlock_keys(book, "admin", PASSWORD))
    asked = []
    p = NetSyncPanel(worker, lambda action, then: (asked.append(action), then(keys)))
    p.net.policy = FAST
    p.asked = asked
    qtbot.addWidget(p)
    return p


def own_unacknowledged(worker) -> int:
    from sbpdesk.services import sync_status
    return call(worker, lambda book: sync_status.sync_status(book).unsent)


def test_the_button_syncs_and_the_worker_stays_free(qtbot, panel, office, worker):
    from tests.sync.net import running
    with running(office) as url:
        panel._loaded((url, 0))
        assert panel.button.isEnabled() and url in panel.server_label.text()
        panel.button.click()
        assert panel.asked == ["Đồng bộ với phòng giao dịch."]
        qtbot.waitUntil(lambda: not panel.net.busy, timeout=60_000)
    assert panel.result.text().startswith("Đã đồng bộ với phòng giao dịch"), panel.result.text()
    assert panel.bar.isHidden()


def test_a_silent_server_leaves_the_worker_free_and_is_reported(qtbot, panel, worker):
    silent = socket.socket()              # accepts connections, never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    panel._loaded((url, 5))
    assert panel.timer.isActive() and "5 phút" in panel.server_label.text()
    assert not panel.sync_by_itself()     # no keys opened in this sign-in yet
    panel.button.click()
    qtbot.waitUntil(lambda: panel.net.busy and not panel.bar.isHidden(), timeout=10_000)
    # the transfer waits on the network; the teller's work on the book goes on
    assert call(worker, lambda book: book.origin)
    qtbot.waitUntil(lambda: not panel.net.busy, timeout=30_000)
    silent.close()
    assert "Không kết nối được máy chủ" in panel.result.text()
    assert panel.last_failed and panel.probe.isActive()


def test_after_a_failure_it_syncs_once_the_server_is_back(qtbot, panel, office, worker):
    from tests.sync.net import free_port, running
    dead = f"http://127.0.0.1:{free_port()}"
    panel._loaded((dead, 5))
    panel.button.click()
    qtbot.waitUntil(lambda: panel.last_failed and not panel.net.busy, timeout=30_000)
    with running(office) as url:
        panel._loaded((url, 5))
        panel._probe()                    # what the 30-second probe timer does
        qtbot.waitUntil(lambda: not panel.last_failed and not panel.net.busy, timeout=60_000)
    assert panel.result.text().startswith("Đã đồng bộ")
    assert not panel.probe.isActive()


def test_the_sync_page_button_marks_operations_received(gui, qtbot, office):
    from tests.sync.net import running

    from .pages_support import open_session, settle, show
    from .test_pages_sync import status_texts, unlock
    window, worker, state = gui
    open_session(window, qtbot)                      # one operation waiting to be sent
    page = show(window, "sync")
    assert set(status_texts(page)) == {"chờ gửi"}
    assert not page.netsync.button.isEnabled()       # no server address yet
    with running(office) as url:
        call(worker, lambda book: client.set_server_url(book, url))
        page.refresh()
        settle(worker)
        assert page.netsync.button.isEnabled()
        page.netsync.net.policy = FAST
        page.netsync.button.click()
        unlock(page, qtbot)                          # the keys, once per sign-in
        qtbot.waitUntil(lambda: not page.netsync.net.busy, timeout=60_000)
        settle(worker)
    assert page.netsync.result.text().startswith("Đã đồng bộ"), page.netsync.result.text()
    assert set(status_texts(page)) == {"văn phòng đã nhận"}
    assert window.statusBar().currentMessage().startswith("Đã đồng bộ")

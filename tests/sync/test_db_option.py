"""`--db` means it everywhere: every command that opens or makes a book, given a PostgreSQL
URL, works on that database and leaves no SQLite book in --data-dir (demo, init, enrol,
bundle, review, report, print, check, points, serve, sync, gui). The
demo on PostgreSQL gives the same portfolio as on SQLite with the same seed."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from sbpdesk import paths
from sbpdesk.cli import main
from sbpdesk.demo.office import PASSWORD
from sbpdesk.services.books import open_book
from sbpdesk.sync import enrol
from tests.sync.net import free_port, wait_for
from tests.sync.test_enrol import fast_kdf  # noqa: F401

AS_OF = "2026-05-31"
DEMO = ["--households", "20", "--years", "1", "--seed", "3", "--as-of", AS_OF]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out) if out.strip() else None


def test_every_command_honours_db(tmp_path, pg_url, capsys, monkeypatch):
    monkeypatch.setenv("SBPDESK_PASSWORD", PASSWORD)
    monkeypatch.delenv("SBPDESK_USER", raising=False)
    root = tmp_path / "pg"
    office = root / "office"
    pg = ["--data-dir", str(office), "--db", pg_url]
    built = run(capsys, "demo", "--role", "point", "--data-dir", str(root), "--db", pg_url,
                *DEMO)
    assert not paths.book_path(office).exists()          # the office book is in PostgreSQL
    point = built["data_dir"]
    run(capsys, "demo", "--data-dir", str(tmp_path / "lite"), *DEMO)
    lite = ["--data-dir", str(tmp_path / "lite")]
    report = ["report", "portfolio", "--as-of", AS_OF]
    on_pg = run(capsys, *report, *pg)
    assert on_pg == run(capsys, *report, *lite)
    assert on_pg["totals"]["outstanding"] > 0
    assert run(capsys, "check", "--replay", *pg)["ok"]
    codes = [p["code"] for p in run(capsys, "points", *pg)]
    assert codes == built["points"]
    assert run(capsys, "review", "list", *pg) is not None
    # bundles both ways, the office's side on PostgreSQL
    down = run(capsys, "bundle", "export", "--to", f"point:{codes[0]}", "--out",
               str(tmp_path / "down"), "--user", "admin", *pg)
    run(capsys, "bundle", "import", down["bundle"], "--data-dir", point, "--user", "admin")
    up = run(capsys, "bundle", "export", "--to", "office", "--out", str(tmp_path / "up"),
             "--data-dir", point, "--user", "admin")
    got = run(capsys, "bundle", "import", up["bundle"], "--user", "admin", *pg)
    assert got["from"] == built["device_id"]
    out = tmp_path / "overdue.pdf"
    run(capsys, "print", "overdue", "--point", codes[0], "--as-of", AS_OF, "--out", str(out),
        "--user", "admin", *pg)
    assert out.read_bytes()[:5] == b"%PDF-"
    # enrolment of a second laptop at the PostgreSQL office
    run(capsys, "init", "--role", "point", "--data-dir", str(tmp_path / "lap2"))
    req = run(capsys, "enrol", "request", "--out", str(tmp_path / "lap2.req"), "--data-dir",
              str(tmp_path / "lap2"), "--user", "admin")
    acc = run(capsys, "enrol", "accept", req["request"], "--point", codes[1], "--out",
              str(tmp_path / "lap2.resp"), "--user", "admin", "--server-url",
              "http://127.0.0.1:1", "--auto-sync", "5", *pg)
    run(capsys, "enrol", "complete", acc["response"], "--data-dir", str(tmp_path / "lap2"),
        "--user", "admin")
    # serve on the PostgreSQL book (a real process), and the new laptop syncs through it
    port = free_port()
    env = {**os.environ, "SBPDESK_KEY_PASSPHRASE": "demo"}
    server = subprocess.Popen([sys.executable, "-m", "sbpdesk", "serve", *pg, "--port",
                               str(port)], env=env, stderr=subprocess.PIPE, text=True)
    from sbpdesk.sync import client
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: client.reachable(url), timeout=60)
        synced = run(capsys, "sync", "--data-dir", str(tmp_path / "lap2"), "--user", "admin",
                     "--server", url, "--quiet")
        assert synced["server"] == url and synced["attempts"] == 1
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    assert '"event": "exchange"' in log and '"status": 200' in log
    assert not paths.book_path(office).exists()
    lap2 = open_book(tmp_path / "lap2")
    assert lap2.setting(enrol.AUTO_KEY) == "5"             # the office's word at enrolment
    assert lap2.setting(enrol.SERVER_KEY) == url            # `sync --server` replaced it
    lap2.close()
    # the GUI opens the office's window on the PostgreSQL book (issue 16)
    shot = tmp_path / "office-points.png"
    done = subprocess.run([sys.executable, "-m", "sbpdesk", "gui", *pg, "--screenshot",
                           str(shot), "--page", "points"], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

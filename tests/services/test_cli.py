"""The command line as office IT uses it: init, post from JSON, refusals as readable errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys


def run(*args, password="Secret-2026", stdin=None, user=None):
    env = {**os.environ, "SBPDESK_PASSWORD": password}
    if user:
        env["SBPDESK_USER"] = user
    return subprocess.run([sys.executable, "-m", "sbpdesk", *args], capture_output=True,
                          text=True, input=stdin, env=env)


def test_init_post_and_points(tmp_path):
    d = str(tmp_path / "office")
    done = run("init", "--data-dir", d, "--role", "office", "--office-code", "PGD9")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["origin"] == "PGD9"
    command = {"business_date": "01/03/2026", "point_code": "P9", "office_code": "PGD9",
               "name": "Điểm giao dịch xã Phan Thanh", "commune": "Phan Thanh",
               "session_day": 12, "session_time": "08:00"}
    done = run("post", "point.define", "--data-dir", d, "--user", "admin", "--json", "-",
               stdin=json.dumps(command, ensure_ascii=False))
    assert done.returncode == 0, done.stderr
    posted = json.loads(done.stdout)
    assert posted["seq"] == 2 and posted["outcome"] == "applied"   # seq 1 is the admin
    points = json.loads(run("points", "--data-dir", d).stdout)
    assert points == [{"office_code": "PGD9", "code": "P9",
                       "name": "Điểm giao dịch xã Phan Thanh", "commune": "Phan Thanh",
                       "session_day": 12, "session_time": "08:00", "groups": 0}]


def test_refusals_are_readable_and_exit_non_zero(tmp_path):
    d = str(tmp_path / "office")
    run("init", "--data-dir", d, "--role", "office", "--office-code", "PGD9")
    wrong = run("post", "point.define", "--data-dir", d, "--user", "admin", "--json", "-",
                password="nope", stdin="{}")
    assert wrong.returncode == 2
    assert "Lỗi:" in wrong.stderr and "Error:" in wrong.stderr
    bad_day = run("post", "point.define", "--data-dir", d, "--json", "-", user="admin",
                  stdin=json.dumps({"point_code": "P1", "name": "X", "session_day": 40}))
    assert bad_day.returncode == 2
    assert "Ngày giao dịch cố định phải từ 1 đến 31" in bad_day.stderr
    missing = run("points", "--data-dir", str(tmp_path / "nothing"))
    assert missing.returncode == 2 and "sbpdesk init" in missing.stderr


def test_post_takes_an_approver_credential_never_a_bare_name(tmp_path):
    """`approved_by` in the JSON is refused (it proved nothing: the four-eyes rule could be
    bypassed from the command line); `--approver NAME` with the approver's password posts."""
    d = str(tmp_path / "office")
    run("init", "--data-dir", d, "--role", "office", "--office-code", "PGD9")
    for name in ("acc", "acc2"):
        done = run("post", "user.set", "--data-dir", d, "--json", "-", user="admin",
                   stdin=json.dumps({"username": name, "full_name": name, "roles":
                                     ["accountant"], "password": "Secret2-2026"}))
        assert done.returncode == 0, done.stderr
    done = run("post", "point.define", "--data-dir", d, "--json", "-", user="admin",
               stdin=json.dumps({"point_code": "P9", "office_code": "PGD9", "name": "Xã X",
                                 "commune": "X", "session_day": 12}))
    assert done.returncode == 0, done.stderr
    household = run("post", "household.register", "--data-dir", d, "--json", "-", user="acc",
                    password="Secret2-2026", stdin=json.dumps({"point_code": "P9",
                                                          "address": "Thôn 1"}))
    assert household.returncode == 0, household.stderr
    target = json.loads(household.stdout)["op_id"]

    def reverse(*extra, stdin_extra=None, approver_password=None):
        env_pw = {} if approver_password is None else {
            "SBPDESK_APPROVER_PASSWORD": approver_password}
        command = {"target_op_id": target, "reason": "Ghi nhầm", **(stdin_extra or {})}
        env = {**os.environ, "SBPDESK_PASSWORD": "Secret2-2026", "SBPDESK_USER": "acc", **env_pw}
        return subprocess.run([sys.executable, "-m", "sbpdesk", "post", "op.reverse",
                               "--data-dir", d, "--json", "-", *extra], capture_output=True,
                              text=True, input=json.dumps(command), env=env)

    bare = reverse(stdin_extra={"approved_by": "acc2"})
    assert bare.returncode == 2 and "--approver" in bare.stderr, bare.stdout
    nobody = reverse()
    assert nobody.returncode == 2 and "Cần người duyệt" in nobody.stderr
    wrong = reverse("--approver", "acc2", approver_password="nope")
    assert wrong.returncode == 2 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.stderr
    done = reverse("--approver", "acc2", approver_password="Secret2-2026")
    assert done.returncode == 0, done.stderr
    from sbpdesk.services.books import open_book
    book = open_book(d)
    try:
        from sbpdesk.services import journal
        entry = journal.get(book.db, json.loads(done.stdout)["op_id"])
        assert (entry.kind, entry.actor, entry.approved_by) == ("op.reverse", "acc", "acc2")
    finally:
        book.close()

"""The office window's tests share one demo office with three points and three laptops, each
enrolled for one point through the real enrolment files, each having recorded a practice
session and exported its bundle to `<root>/usb` — built once per pytest process (like
pages_support's demo) and copied per test.
"""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

from .pages_support import AS_OF, PASSWORD

_built: dict[str, Path] = {}
_lock = threading.Lock()


def _laptop(root: Path, office_dir: Path, code: str, db_url: str | None = None) -> Path:
    from sbpdesk.demo import practice
    from sbpdesk.services.books import init_book, open_book
    from sbpdesk.sync import enrol, exchange
    files = root / "enrolment"
    files.mkdir(exist_ok=True)
    laptop = init_book(root / f"laptop-{code}", "point", admin_password=PASSWORD, demo=True)
    office = open_book(office_dir, db_url=db_url, user="admin", password=PASSWORD)
    try:
        laptop.sign_in("admin", PASSWORD)
        req = enrol.request(laptop, PASSWORD, files / f"request-{code}.sbpenrol")
        done = enrol.accept(office, PASSWORD, req.path, [code],
                            files / f"response-{code}.sbpenrol", name=f"Máy điểm {code}")
        enrol.complete(laptop, "admin", PASSWORD, done.path)
    finally:
        office.close()
    try:
        point = laptop.db.get(practice.Point, code)
        practice.record_practice_session(laptop, code,
                                         date=practice.next_session_day(laptop, point))
        laptop.sign_in("admin", PASSWORD)
        keys = enrol.book_keys(laptop, "admin", PASSWORD)
        (root / "usb").mkdir(exist_ok=True)
        exchange.export_bundle(laptop, keys, "office", root / "usb")
    finally:
        laptop.close()
    return root / f"laptop-{code}"


def build_three(root: Path, *, db_url: str | None = None, households: int = 90) -> list[str]:
    """The office (in `db_url` when given: PostgreSQL), three laptops and their bundles."""
    from sbpdesk.demo.office import build_demo
    from sbpdesk.sync import enrol
    from sbpdesk.sync.keys import KDF_FAST_FOR_TESTS
    enrol.WRAP_PARAMS = KDF_FAST_FOR_TESTS
    result = build_demo(root / "office", households=households, years=1, points=3,
                        as_of=AS_OF, db_url=db_url)
    for code in result["points"]:
        _laptop(root, root / "office", code, db_url)
    return list(result["points"])


def three_points_demo(tmp_path_factory) -> Path:
    """`<root>/office`, `<root>/laptop-<code>` ×3 and `<root>/usb` with their bundles."""
    with _lock:
        if "root" not in _built:
            root = tmp_path_factory.mktemp("office-demo")
            _built["points"] = build_three(root)
            _built["root"] = root
    return _built["root"]


def copy_demo(tmp_path_factory, target: Path) -> tuple[Path, list[str]]:
    shutil.copytree(three_points_demo(tmp_path_factory), target)
    return target, list(_built["points"])

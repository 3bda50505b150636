"""The demo pair for the GUI's first run and for training: an office demo book and a point
laptop enrolled at it through the real enrolment files (request → accept → complete), so
that the two can exchange bundles like a real office and laptop.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sbpdesk.demo import office as demo_office
from sbpdesk.demo.world import PASSWORD
from sbpdesk.services.books import init_book, open_book
from sbpdesk.sync import enrol, exchange


def build_point_demo(data_dir: str | Path, *, households: int | None = None, years: int = 3,
                     seed: int = 1, as_of: dt.date | None = None,
                     points: int | None = None, db_url: str | None = None,
                     progress=None) -> dict[str, Any]:
    """`D/office` (the demo office; in `db_url` if given) and `D/point` (a laptop, always
    SQLite, enrolled for all its points). `progress(step, done, total)`: see
    `demo.office.build_demo`; then "laptop" (the enrolment: the laptop's request 0, the
    office's pack 1, the laptop applying it 2, of 3)."""
    with exchange.gc_paused():   # ≈ 10 % of the build was the collector's (decision 0226)
        return _build(Path(data_dir), households, years, seed, as_of, points, db_url,
                      progress)


def _build(data_dir: Path, households, years, seed, as_of, points, db_url, progress
           ) -> dict[str, Any]:
    result = demo_office.build_demo(data_dir / "office", households=households, years=years,
                                    seed=seed, as_of=as_of, points=points, db_url=db_url,
                                    progress=progress)
    progress = progress or (lambda step, done, total: None)
    progress("laptop", 0, 3)            # the laptop's request
    files = data_dir / "enrolment"
    files.mkdir(parents=True, exist_ok=True)
    point = init_book(data_dir / "point", "point", admin_password=PASSWORD, demo=True)
    office = open_book(data_dir / "office", db_url=db_url, user="admin", password=PASSWORD)
    try:
        point.sign_in("admin", PASSWORD)
        req = enrol.request(point, PASSWORD, files / "request.sbpenrol")
        progress("laptop", 1, 3)        # the office selects, seals and signs the pack
        accepted = enrol.accept(office, PASSWORD, req.path, result["points"],
                                files / "response.sbpenrol", name="Máy điểm mẫu")
        progress("laptop", 2, 3)        # the laptop stores and applies it
        enrol.complete(point, "admin", PASSWORD, accepted.path)
        progress("laptop", 3, 3)
    finally:
        office.close()
        point.close()
    return {**result, "role": "point", "office_data_dir": str(data_dir / "office"),
            "data_dir": str(data_dir / "point"), "device_id": accepted.device_id}

"""Office rows applied in chunks (decision 0226): one savepoint per chunk, and a chunk in
which an applier raises is rolled back and applied again one row at a time — the same
outcomes as a savepoint per row, and nothing of the rolled-back attempt left behind."""
from __future__ import annotations

import datetime as dt

from sbpdesk.db.models import Group
from sbpdesk.services import posting
from sbpdesk.services.journal import Entry
from sbpdesk.sync import applying

D = dt.date(2026, 3, 1)


def form(n: int, group_id: str | None) -> Entry:
    payload = {"point_code": "P01", "organisation_code": "HPN-P01", "code": f"C{n:02d}",
               "name": f"Tổ {n}", "village": "Thôn 1", "leader_name": "Lê Thị Hoa"}
    if group_id is not None:
        payload["group_id"] = group_id
    return Entry(f"op-{n}", "PGD01", 1000 + n, "group.form", 1, payload, D, None, "office",
                 None, None, "2026-03-01T00:00:00Z", "0" * 64, f"{n:064x}")


def test_a_chunk_with_a_failing_row_gives_each_row_its_own_outcome(point, monkeypatch):
    monkeypatch.setattr(applying, "CHUNK", 3)
    entries = [form(1, "G-1"), form(2, None), form(3, "G-3"), form(4, "G-4"),
               form(5, "G-5")]     # the second has no group id: its applier raises KeyError
    with point.transaction(), posting.batch(point):
        point._batch[("loan", "noted-before")] = [entries[0]]
        got = applying.apply_many(point, entries)
        # the rolled-back first attempt left no note of its own behind
        assert point._batch == {("loan", "noted-before"): [entries[0]]}
        point._batch.clear()
    assert got == [("applied", None), ("held", "apply:KeyError"), ("applied", None),
                   ("applied", None), ("applied", None)]
    for group_id in ("G-1", "G-3", "G-4", "G-5"):
        assert point.db.get(Group, group_id) is not None


def test_a_rolled_back_chunk_forgets_what_it_noted_for_the_batch(point):
    with point.transaction(), posting.batch(point):
        point._batch[("loan", "a")] = ["x"]
        mark = applying._batch_mark(point)
        point._batch[("loan", "a")].append("y")
        point._batch[("savings", "b")] = ["z"]
        applying._batch_reset(point, mark)
        assert point._batch == {("loan", "a"): ["x"]}
        point._batch.clear()

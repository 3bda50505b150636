"""One PostgreSQL office book written at once by the sync server (imports from several
laptops over HTTP) and two office desktops (counter payments on the same loans), each a real
process started with "spawn": no duplicate seq or feed number, nothing lost, no deadlock, and
`check --replay` passes on the office and on every laptop afterwards."""
from __future__ import annotations

import datetime as dt
import multiprocessing

from sqlalchemy import func, select

from sbpdesk.db.models import Operation
from sbpdesk.services import journal, posting, sessions
from sbpdesk.services.auth import Approval
from sbpdesk.services.books import open_book
from sbpdesk.services.check import check_book
from sbpdesk.sync import client, enrol
from tests.conftest import PW, make_office
from tests.services.test_loans_collections import DS
from tests.sync import procs
from tests.sync.net import free_port, wait_for
from tests.sync.test_enrol import enrol_laptop, export, fast_kdf, new_laptop  # noqa: F401
from tests.sync.test_equivalence import canonical_dump
from tests.sync.test_exchange import D0, D1, as_user, on

N_COLLECT = 12     # collections per laptop session
ROUNDS = 4         # counter payment rounds per desktop


def loan_at(office, point: str, n: int):
    """A borrower with a disbursed loan at `point` (its own organisation and group)."""
    post = lambda kind, payload, day=DS, **kw: journal.get(office.db, posting.post(
        office, kind, payload, business_date=day, **kw).op_id).payload
    org = f"HPN-{point}-{n}"
    as_user(office, "admin", ["admin"])
    post("organisation.define", {"code": org, "kind": "women", "name": f"Hội LHPN {point}",
                                 "point_code": point})
    as_user(office, "accountant", ["accountant"])
    group = post("group.form", {"point_code": point, "organisation_code": org,
                                "code": f"T{n}", "name": f"Tổ {n}", "village": "Thôn 1",
                                "leader_name": "Lê Thị Hoa"})["group_id"]
    household = post("household.register", {"point_code": point, "group_id": group,
                                             "address": "Thôn 1", "village": "Thôn 1",
                                             "category": "poor"})["household_id"]
    person = post("person.register", {"household_id": household,
                                      "full_name": f"Nguyễn Thị {n}", "sex": "F",
                                      "birth_date": "1985-04-02",
                                      "is_representative": True})["person_id"]
    app = post("application.submit", {
        "household_id": household, "person_id": person, "programme_code": "poor",
        "amount": 20_000_000, "term_months": 24, "frequency_months": 6,
        "purpose": "Chăn nuôi"})["application_id"]
    as_user(office, "director", ["director"])
    loan = post("application.decide", {"application_id": app, "approved": True})["loan_id"]
    as_user(office, "teller", ["teller"])
    post("loan.disburse", {"loan_id": loan, "amount": 20_000_000, "id_checked": True},
         day=D0, approved_by=Approval("controller", PW))
    return person, loan


DAYS = {"P01": D1, "P02": dt.date(2026, 4, 20)}    # the points' session days


def laptop_session(laptop, point, loans):
    day = DAYS[point]
    on(laptop, day)
    laptop.sign_in("teller", PW)
    sessions.open_session(laptop, point, day, controller="controller")
    for k in range(N_COLLECT):
        person, loan = loans[k % len(loans)]
        posting.post(laptop, "collection.record", {
            "person_id": person, "loan_id": loan, "interest": 0, "principal": 20_000,
            "savings": 10_000}, business_date=day)
    laptop.sign_in("admin", PW)


def test_server_and_two_desktops_write_one_postgres_book(tmp_path, clock, pg_url):
    office = make_office(tmp_path / "office", clock, db_url=pg_url)
    with office.transaction():
        loans = {p: [loan_at(office, p, k) for k in range(2)] for p in ("P01", "P02")}
    office.end_read()
    laptops = []
    for point in ("P01", "P02"):
        laptop = new_laptop(tmp_path / f"laptop-{point}", clock)
        enrol_laptop(office, laptop, tmp_path, (point,), name=point)
        laptop_session(laptop, point, loans[point])
        laptops.append(laptop)
    enrol.serve_keys(office, "serve-secret", user="admin", password=PW)
    before = office.db.scalar(select(func.count()).select_from(Operation))
    office.end_read()

    ctx = multiprocessing.get_context("spawn")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = ctx.Process(target=procs.serve, args=(str(office.data_dir), pg_url, port,
                                                   D1.isoformat()))
    server.start()
    try:
        wait_for(lambda: client.reachable(url), timeout=60)
        go, results = ctx.Event(), ctx.Queue()
        payments = [pl for p in ("P01", "P02") for pl in loans[p]]
        workers = [ctx.Process(target=procs.desk, args=(
            str(office.data_dir), pg_url, payments, ROUNDS, D1.isoformat(), go, results))
            for _ in range(2)]
        workers += [ctx.Process(target=procs.laptop, args=(str(lap.data_dir), url, 2, go,
                                                           results)) for lap in laptops]
        for w in workers:
            w.start()
        go.set()
        got = [results.get(timeout=180) for _ in workers]
        for w in workers:
            w.join(60)
        assert [w.exitcode for w in workers] == [0] * len(workers), got
        for k, lap in enumerate(laptops):   # then each laptop gets the desktops' payments
            lap.close()      # (on a fresh book: the processes changed its settings)
            laptops[k] = lap = open_book(lap.data_dir, clock=clock)
            client.sync_once(lap, enrol.unlock_keys(lap, "admin", PW), url)
    finally:
        server.terminate()
        server.join(20)

    desk_ops = 2 * ROUNDS * len(payments)
    laptop_ops = sum(1 + N_COLLECT for _ in laptops)
    assert sorted(got) == sorted([("desk", ROUNDS * len(payments))] * 2
                                 + [("laptop", 1 + N_COLLECT)] * 2)
    office.close()    # its identity map holds the snapshots as they were before the run
    office = open_book(tmp_path / "office", db_url=pg_url, clock=clock)
    rows = office.db.scalars(select(Operation)).all()
    assert len(rows) == before + desk_ops + laptop_ops
    assert len({(r.origin, r.seq) for r in rows}) == len(rows)
    feed = sorted(r.feed_no for r in rows)
    assert feed == list(range(1, len(rows) + 1))
    office_seqs = sorted(r.seq for r in rows if r.origin == "PGD01")
    assert office_seqs == list(range(1, len(office_seqs) + 1))
    assert {r.outcome for r in rows if r.origin != "PGD01"} == {"applied"}
    office.end_read()
    assert check_book(office, replay=True).ok
    for lap, point in zip(laptops, ("P01", "P02"), strict=True):
        mine = {loan for _, loan in loans[point]}
        assert canonical_dump(lap, mine)[0] == canonical_dump(office, mine)[0]
        assert check_book(lap, replay=True).ok
        lap.close()
    office.close()


def test_one_bundle_imported_twice_at_once(tmp_path, clock, pg_url):
    """A laptop that sends its bundle again while the first request is still being imported
    (its client gave up waiting): both imports end well, the rows are stored once."""
    office = make_office(tmp_path / "office", clock, db_url=pg_url)
    with office.transaction():
        loans = [loan_at(office, "P01", k) for k in range(2)]
    office.end_read()
    laptop = new_laptop(tmp_path / "laptop", clock)
    enrol_laptop(office, laptop, tmp_path, ("P01",))
    laptop_session(laptop, "P01", loans)
    bundle = export(laptop, tmp_path, name="up")
    enrol.serve_keys(office, "serve-secret", user="admin", password=PW)
    office.close()
    ctx = multiprocessing.get_context("spawn")
    go, results = ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=procs.import_once, args=(
        str(tmp_path / "office"), pg_url, str(bundle), go, results)) for _ in range(2)]
    for w in workers:
        w.start()
    go.set()
    got = [results.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0], got
    n = 1 + N_COLLECT
    assert sorted((c["applied"], c["duplicate"]) for _, c in got) == [(0, n), (n, 0)]
    office = open_book(tmp_path / "office", db_url=pg_url, clock=clock)
    rows = office.db.scalars(select(Operation).where(Operation.origin == laptop.origin)).all()
    assert len(rows) == n and check_book(office, replay=True).ok
    office.close()
    laptop.close()

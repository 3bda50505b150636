"""Sync over the network: `sbpdesk serve`'s ASGI app on 127.0.0.1 and the laptop's client.

The same bundles as on a USB stick: a laptop and its office reach the same state over HTTP as
by files; a connection cut at any byte, then another sync, loses and duplicates nothing; the
signature is the only authentication (an unknown or altered bundle gets 403/422 and changes
nothing); limits on size and rate; an absent server is reported in Vietnamese, in time.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import urllib.request

import pytest
from sqlalchemy import select

from sbpdesk import paths
from sbpdesk.db.models import BookKey, Operation
from sbpdesk.domain.errors import DomainError
from sbpdesk.services.books import open_book
from sbpdesk.services.check import check_book
from sbpdesk.sync import client, enrol
from sbpdesk.sync.errors import SyncError
from sbpdesk.sync.server import Limits, Office
from tests.conftest import PW
from tests.sync.net import CuttingProxy, free_port, running, self_signed
from tests.sync.test_enrol import export, fast_kdf, imp, keys_of  # noqa: F401
from tests.sync.test_equivalence import canonical_dump
from tests.sync.test_exchange import D1, collect, dump, loan_pair, open_session

FAST = client.Policy(connect_s=2, idle_s=5, answer_s=20, deadline_s=6, first_backoff_s=0.05,
                     max_backoff_s=0.2, max_attempts=30)


def at_d1():
    return dt.datetime.combine(D1, dt.time(3), dt.UTC)


@pytest.fixture
def world(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    server = Office(office.data_dir, None, passphrase="serve-secret", user="admin",
                    password=PW, clock=at_d1)
    yield office, laptop, ids, server
    server.close()
    office.close()
    laptop.close()


def session_with_collections(laptop, ids, n=3):
    open_session(laptop)
    for k in range(n):
        collect(laptop, ids, interest=1_000 * (k + 1), savings=10_000)


def copy_book(book, folder):
    folder.mkdir()
    with sqlite3.connect(paths.book_path(book.data_dir)) as a, \
            sqlite3.connect(paths.book_path(folder)) as b:
        a.backup(b)
    return open_book(folder, clock=at_d1)


def test_network_and_usb_reach_the_same_state(world, tmp_path):
    office, laptop, ids, server = world
    session_with_collections(laptop, ids)
    office_usb, laptop_usb = copy_book(office, tmp_path / "o2"), copy_book(laptop, tmp_path / "l2")
    laptop_usb.sign_in("admin", PW)
    office_usb.sign_in("admin", PW)
    imp(office_usb, export(laptop_usb, tmp_path, name="u"))
    imp(laptop_usb, export(office_usb, tmp_path, to=f"device:{laptop.origin}", name="d"))
    steps = []
    with running(server) as url:
        result = client.sync_once(laptop, keys_of(laptop), url,
                                  progress=lambda *a: steps.append(a))
    assert result.sent_ops == 4 and result.attempts == 1
    assert result.sent_counts["applied"] == 4
    assert {s[0] for s in steps} == {"send", "receive", "import"}
    assert steps[-1] == ("import", 1, 1)
    for a, b in ((office, office_usb), (laptop, laptop_usb)):
        assert canonical_dump(a) == canonical_dump(b)
        assert dump(a)[0] == dump(b)[0]       # every row, outcome and feed number
    assert check_book(office, replay=True).ok and check_book(laptop, replay=True).ok
    office_usb.close()
    laptop_usb.close()


def test_connections_cut_at_random_bytes_lose_and_duplicate_nothing(world):
    office, laptop, ids, server = world
    session_with_collections(laptop, ids, n=6)
    rng = random.Random(18)
    with running(server) as url:
        port = int(url.rsplit(":", 1)[1])
        sizes = []
        for _ in range(3):     # three syncs, each through a proxy that cuts at random bytes
            cuts = [rng.randrange(1, 4_500) for _ in range(4)]
            proxy = CuttingProxy(port, cuts)
            try:
                result = client.sync_once(laptop, keys_of(laptop),
                                          f"http://127.0.0.1:{proxy.port}", policy=FAST)
            finally:
                proxy.close()
            assert result.attempts == proxy.connections >= 1
            sizes.append((result.attempts, result.bytes_up + result.bytes_down))
            collect(laptop, ids, interest=500, savings=5_000)
        result = client.sync_once(laptop, keys_of(laptop), url, policy=FAST)
    assert sum(a for a, _ in sizes) > len(sizes)    # the proxy did cut connections
    mine = laptop.db.scalars(select(Operation).where(Operation.origin == laptop.origin)).all()
    theirs = office.db.scalars(select(Operation).where(Operation.origin == laptop.origin)).all()
    assert sorted((r.seq, r.hash) for r in mine) == sorted((r.seq, r.hash) for r in theirs)
    assert len({r.seq for r in theirs}) == len(theirs) == 1 + 6 + 3
    feed = [r.feed_no for r in theirs]
    assert None not in feed and len(set(feed)) == len(feed)
    assert {r.office_outcome for r in mine} == {"applied"}
    office.end_read()
    laptop.end_read()
    assert canonical_dump(office, {ids["loan"]})[0] == canonical_dump(laptop, {ids["loan"]})[0]
    assert check_book(office, replay=True).ok and check_book(laptop, replay=True).ok


def test_unknown_sender_and_altered_bundle_are_refused(world, tmp_path, clock):
    office, laptop, ids, server = world
    session_with_collections(laptop, ids, n=1)
    before = dump(office)
    bundle = export(laptop, tmp_path, name="u")
    data = bytearray(bundle.read_bytes())
    data[-200] ^= 1
    with running(server) as url:
        for body, status in ((bytes(data), {403, 422}), (b"not a zip", {422})):
            req = urllib.request.Request(url + client.EXCHANGE_PATH, data=body, method="POST")
            with pytest.raises(urllib.error.HTTPError) as e:
                urllib.request.urlopen(req, timeout=10)
            assert e.value.code in status
            refusal = json.loads(e.value.read())
            assert refusal["vi"] and refusal["en"] and refusal["code"].startswith("bundle_")
        health = json.loads(urllib.request.urlopen(url + "/health", timeout=10).read())
    assert health["status"] == "ok" and health["office"] == "PGD01"
    assert dump(office) == before


def test_size_and_rate_limits(world, tmp_path):
    office, laptop, ids, server = world
    bundle = export(laptop, tmp_path, name="u")
    with running(server, Limits(max_body=100)) as url:
        with pytest.raises(DomainError) as e:
            client.sync_once(laptop, keys_of(laptop), url, policy=FAST)
        assert e.value.code == "sync_too_large"
        big = tmp_path / "big.sbpbundle"        # refused before it is read: said, not retried
        big.write_bytes(os.urandom(8 << 20))
        with pytest.raises(DomainError) as e:
            client.exchange_file(url, big, tmp_path / "answer", FAST)
        assert e.value.code == "sync_too_large"
    with running(server, Limits(rate_per_min=1, burst=2)) as url:
        codes = []
        for _ in range(3):
            req = urllib.request.Request(url + client.EXCHANGE_PATH,
                                         data=bundle.read_bytes(), method="POST")
            try:
                codes.append(urllib.request.urlopen(req, timeout=10).status)
            except urllib.error.HTTPError as err:
                codes.append(err.code)
                assert int(err.headers["Retry-After"]) >= 1
        assert codes == [200, 200, 429]


def test_an_absent_server_is_reported_in_vietnamese_in_time(world):
    office, laptop, ids, server = world
    url = f"http://127.0.0.1:{free_port()}"   # nobody listens there
    with pytest.raises(SyncError) as e:
        client.sync_once(laptop, keys_of(laptop), url,
                         policy=client.Policy(deadline_s=1.5, first_backoff_s=0.1))
    assert e.value.code == "sync_unreachable"
    assert "Không kết nối được máy chủ" in e.value.vi and url in e.value.vi
    assert client.Policy().deadline_s + client.Policy().connect_s < 30
    with pytest.raises(SyncError) as e:
        client.sync_once(laptop, keys_of(laptop))
    assert e.value.code == "sync_no_server"
    assert client.set_server_url(laptop, url + "/") == url
    assert client.server_url(laptop) == url


def test_serve_keys_need_the_passphrase(world, monkeypatch):
    office, laptop, ids, server = world
    with pytest.raises(SyncError) as e:
        Office(office.data_dir, None, passphrase="wrong")
    assert e.value.code == "wrong_password"
    with pytest.raises(SyncError) as e:
        enrol.serve_keys(office, None)
    assert e.value.code == "serve_passphrase_missing"
    monkeypatch.setenv("SBPDESK_KEY_PASSPHRASE", "serve-secret")
    again = Office(office.data_dir, None)
    assert again.keys.fingerprint() == server.keys.fingerprint()
    again.close()
    with office.transaction():      # without the passphrase copy only an admin makes one
        office.db.delete(office.db.get(BookKey, (enrol.PASSPHRASE_COPY, enrol.KEY_PURPOSE)))
    with pytest.raises(DomainError) as e:
        enrol.serve_keys(office, "other", user="teller", password=PW)
    assert e.value.code == "serve_admin_needed"
    with pytest.raises(SyncError) as e:
        enrol.serve_keys(office, "other")
    assert e.value.code == "serve_no_passphrase_copy"


def test_https_through_the_offices_tls_endpoint(world, tmp_path, monkeypatch):
    """Decision 0070: TLS is the office's proxy's; the client verifies its certificate
    against the system's CAs or SBPDESK_CA_FILE, and refuses one it cannot verify."""
    office, laptop, ids, server = world
    session_with_collections(laptop, ids, n=1)
    cert, key = self_signed(tmp_path)
    with running(server, ssl_certfile=str(cert), ssl_keyfile=str(key)) as url:
        assert url.startswith("https://")
        monkeypatch.delenv(client.CA_ENV, raising=False)
        with pytest.raises(SyncError) as e:
            client.sync_once(laptop, keys_of(laptop), url, policy=FAST)
        assert e.value.code == "sync_tls"
        assert not client.reachable(url)
        monkeypatch.setenv(client.CA_ENV, str(cert))
        assert client.reachable(url)
        result = client.sync_once(laptop, keys_of(laptop), url, policy=FAST)
    assert result.sent_counts["applied"] == 2
    assert check_book(office, replay=True).ok

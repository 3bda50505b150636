"""The laptop's side of network sync: the USB bundles, carried over HTTP(S) to `sbpdesk serve`.

`sync_once` exports the laptop's bundle once, POSTs it (retrying the same file with back-off
when the connection fails, so a half-sent bundle is simply sent again: the office stores
nothing twice), reads the office's bundle and imports it exactly as from a USB stick. Only
the standard library's http.client is used (the laptop's dependencies stay small). Timeouts
are bounded: a server that cannot be reached is reported within `deadline_s` + `connect_s`
(25 s by default) with a Vietnamese message. The GUI (ui/netsync.py) runs `prepare` and
`finish` on its database worker and only the transfer on a thread of its own.
"""
from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import ssl
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sbpdesk.domain.errors import DomainError
from sbpdesk.services.books import open_book
from sbpdesk.services.context import Book

from . import exchange
from .enrol import AUTO_KEY, SERVER_KEY
from .errors import SyncError
from .keys import BookKeys

BUNDLE_TYPE = "application/vnd.sbpdesk.bundle"
EXCHANGE_PATH = "/v1/exchange"

CA_ENV = "SBPDESK_CA_FILE"            # a private CA for the office's TLS proxy, if any
CHUNK = 64 * 1024

# (stage, done, total): stage is "send" or "receive" (bytes) or "import" (0/1).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Policy:
    connect_s: float = 5.0        # to open the connection
    idle_s: float = 15.0          # the longest silence while sending or receiving
    deadline_s: float = 20.0      # no new attempt starts after this (+ connect_s: < 30 s)
    first_backoff_s: float = 1.0  # doubled after each failed attempt (with jitter)
    max_backoff_s: float = 8.0
    max_attempts: int = 8         # attempts that moved bytes still end somewhere
    answer_s: float = 180.0       # the server imports the bundle before it answers


@dataclass(frozen=True)
class SyncResult:
    server: str
    sent_ops: int
    sent_counts: dict[str, int]
    received: dict[str, Any]
    attempts: int
    bytes_up: int
    bytes_down: int
    seconds: float
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        r = self.received
        return {"server": self.server, "sent_ops": self.sent_ops,
                "office_counts": self.sent_counts, "received_counts": r.get("counts"),
                "received_ops": len(r.get("ops") or []), "feed_cursor": r.get("feed_cursor"),
                "attempts": self.attempts, "bytes_up": self.bytes_up,
                "bytes_down": self.bytes_down, "seconds": round(self.seconds, 3)}


class _Retry(Exception):
    """A failure worth another attempt; `after` is the server's Retry-After, if any."""

    def __init__(self, why: str, after: float | None = None):
        super().__init__(why)
        self.after = after


def server_url(book: Book, override: str | None = None) -> str:
    url = (override or book.setting(SERVER_KEY) or "").strip()
    if not url:
        raise SyncError("sync_no_server")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError("sync_bad_url", url=url)
    return url.rstrip("/")


def set_server_url(book: Book, url: str) -> str:
    url = server_url(book, url)
    with book.transaction():
        book.set_setting(SERVER_KEY, url)
    return url


def auto_minutes(book: Book) -> int:
    try:
        return max(0, int(book.setting(AUTO_KEY, "0") or 0))
    except ValueError:
        return 0


def _connection(url: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    if parts.scheme == "https":
        ctx = ssl.create_default_context(cafile=os.environ.get(CA_ENV) or None)
        return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout,
                                           context=ctx)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def _refusal(status: int, body: bytes) -> DomainError:
    try:
        doc = json.loads(body)
        return DomainError(str(doc["code"]), str(doc["vi"]), str(doc["en"]))
    except (ValueError, KeyError, TypeError):
        return SyncError("sync_server_error", status=status)


def _post(url: str, upload: Path, dest: Path, policy: Policy,
          progress: Progress | None) -> tuple[int, int, dict[str, int]]:
    """One attempt: send the bundle, write the answer to `dest`. Returns the bytes moved and
    the outcome counts of our operations at the office."""
    total = upload.stat().st_size
    conn = _connection(url, policy.connect_s)
    try:
        conn.connect()
        conn.sock.settimeout(policy.idle_s)
        path = (urlsplit(url).path or "").rstrip("/") + EXCHANGE_PATH
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", BUNDLE_TYPE)
        conn.putheader("Content-Length", str(total))
        conn.endheaders()
        sent = 0
        try:
            with open(upload, "rb") as f:
                while chunk := f.read(CHUNK):
                    conn.send(chunk)
                    sent += len(chunk)
                    if progress:
                        progress("send", sent, total)
        except OSError:
            # The server may have refused before reading it all (413): its answer says so.
            response = _early_answer(conn)
            if response is None or response.status < 400:
                raise
        else:
            # Sent: the server now imports it (on a busy office, a while). Sending it again
            # meanwhile would only queue a second import behind the first.
            sock = conn.sock
            sock.settimeout(policy.answer_s)
            response = conn.getresponse()
            sock.settimeout(policy.idle_s)
        if response.status in (408, 429, 502, 503, 504):
            after = response.getheader("Retry-After")
            response.read()
            raise _Retry(f"http {response.status}",
                         float(after) if after and after.isdigit() else None)
        if response.status != 200:
            raise _refusal(response.status, response.read(1 << 20))
        length = int(response.getheader("Content-Length") or -1)
        got = 0
        with open(dest, "wb") as out:
            while chunk := response.read(CHUNK):
                out.write(chunk)
                got += len(chunk)
                if progress:
                    progress("receive", got, length)
        if length >= 0 and got != length:
            raise _Retry("short answer")
        try:
            counts = json.loads(response.getheader("X-Sbpdesk-Counts") or "{}")
        except ValueError:
            counts = {}
        return sent, got, counts if isinstance(counts, dict) else {}
    except ssl.SSLCertVerificationError as exc:
        raise SyncError("sync_tls", url=url, why=exc.verify_message or str(exc)) from None
    except (OSError, http.client.HTTPException) as exc:   # refused, reset, timeout, cut
        raise _Retry(type(exc).__name__) from None
    finally:
        conn.close()


def _early_answer(conn: http.client.HTTPConnection) -> http.client.HTTPResponse | None:
    try:
        return conn.getresponse()
    except (OSError, http.client.HTTPException):
        return None


def exchange_file(url: str, upload: Path, dest: Path, policy: Policy = Policy(),
                  progress: Progress | None = None,
                  sleep: Callable[[float], None] = time.sleep
                  ) -> tuple[int, int, int, dict[str, int]]:
    """POST `upload` until an answer arrives in `dest` (attempts, bytes up, bytes down, the
    office's counts). Failures are retried with back-off until `deadline_s` has passed
    without an answer from the server, or `max_attempts`; a refusal by the server is not retried."""
    attempts, backoff = 0, policy.first_backoff_s
    start = time.monotonic()
    moved = [False]

    def seen(stage: str, done: int, total: int) -> None:
        if stage == "receive":   # the server answered (sent bytes may sit in a buffer)
            moved[0] = True
        if progress:
            progress(stage, done, total)

    while True:
        attempts += 1
        moved[0] = False
        try:
            up, down, counts = _post(url, upload, dest, policy, seen)
            return attempts, up, down, counts
        except _Retry as r:
            if moved[0]:
                start = time.monotonic()   # a link cut mid-answer, not an absent server
            elapsed = time.monotonic() - start
            wait = min(r.after if r.after is not None else backoff, policy.max_backoff_s)
            wait *= 0.75 + random.random() / 2
            if elapsed + wait >= policy.deadline_s or attempts >= policy.max_attempts:
                if r.after is not None:
                    raise SyncError("sync_server_busy") from None
                raise SyncError("sync_unreachable", url=url,
                                seconds=round(elapsed)) from None
            sleep(wait)
            backoff = min(backoff * 2, policy.max_backoff_s)


@dataclass(frozen=True)
class Outgoing:
    """A laptop bundle written for the network, and where the answer goes."""
    folder: Path
    bundle: Path
    op_count: int
    url: str

    @property
    def answer(self) -> Path:
        return self.folder / "office.sbpbundle"

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def prepare(book: Book, keys: BookKeys, url: str | None = None) -> Outgoing:
    """Export this laptop's bundle for the office's server (database work: on the book's
    thread). Left-overs of an interrupted sync are dropped: the new bundle carries it all."""
    if book.is_office:
        raise DomainError("sync_from_office", "Phòng giao dịch không tự đồng bộ: nó là máy chủ.",
                          "The office does not sync: it is the server.")
    url = server_url(book, url)
    base = (book.data_dir or Path.cwd()) / "outbox"
    shutil.rmtree(base, ignore_errors=True)
    work = base / uuid.uuid4().hex
    work.mkdir(parents=True)
    try:
        sent = exchange.export_bundle(book, keys, "office", work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Outgoing(work, sent.path, sent.manifest.op_count, url)


def finish(book: Book, keys: BookKeys, out: Outgoing) -> dict[str, Any]:
    """Import the office's answer (database work: on the book's thread), then tidy up."""
    try:
        return exchange.import_bundle(book, keys, out.answer)
    finally:
        out.discard()


def sync_once(book: Book, keys: BookKeys, url: str | None = None, *,
              policy: Policy = Policy(), progress: Progress | None = None) -> SyncResult:
    """Send this laptop's bundle to the office's server and import the answer (all on the
    calling thread; the GUI runs `prepare` and `finish` on its database worker and only
    `exchange_file` on a thread of its own)."""
    started = time.monotonic()
    out = prepare(book, keys, url)
    try:
        attempts, up, down, counts = exchange_file(out.url, out.bundle, out.answer, policy,
                                                   progress)
    except BaseException:
        out.discard()
        raise
    if progress:
        progress("import", 0, 1)
    report = finish(book, keys, out)
    if progress:
        progress("import", 1, 1)
    return SyncResult(out.url, out.op_count, counts, report, attempts, up, down,
                      time.monotonic() - started)


def sync_data_dir(data_dir: str | os.PathLike[str], keys: BookKeys, url: str | None = None,
                  *, db_url: str | None = None, policy: Policy = Policy(),
                  progress: Progress | None = None) -> SyncResult:
    """`sync_once` on a book of its own (for a background thread)."""
    book = open_book(Path(data_dir), db_url=db_url)
    try:
        return sync_once(book, keys, url, policy=policy, progress=progress)
    finally:
        book.close()


def reachable(url: str, timeout: float = 3.0) -> bool:
    """Whether the server answers /health (the GUI's "network is back" probe)."""
    try:
        conn = _connection(url, timeout)
        conn.request("GET", (urlsplit(url).path or "").rstrip("/") + "/health")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except (TimeoutError, OSError, http.client.HTTPException):
        return False

"""`sbpdesk serve`: the office's sync endpoint, an ASGI application (Starlette on uvicorn).

One exchange per request, in exactly the bundle format of docs/bundle-format.md: the laptop
POSTs its bundle to `/v1/exchange` and the answer is the office's bundle for it. The bundle's
signature is the authentication (no password travels): `exchange.import_bundle` verifies it
before anything is stored, and only then is a bundle written, sealed to that laptop's key. A
repeated or half-sent request is harmless: import stores nothing twice and the answer is
recomputed from the acknowledgements. Transport: plain HTTP, on the office network or behind
the office's own TLS proxy (decision 0070); the bundles are signed and sealed end to end.

Limits: request size (413), a token bucket per client address (429 with Retry-After), a
bounded queue of waiting exchanges (503), an idle-body timeout (408). Every request is one
JSON log line. The office keys are opened once at start with SBPDESK_KEY_PASSPHRASE.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import queue
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sbpdesk.domain.errors import DomainError
from sbpdesk.services.books import open_book
from sbpdesk.services.context import Book, app_version

from . import enrol, exchange
from .client import BUNDLE_TYPE, EXCHANGE_PATH
from .errors import SyncError
from .keys import PASSPHRASE_ENV, BookKeys

log = logging.getLogger("sbpdesk.serve")

# Refusals that mean "you are not who you say" (403) rather than "this file is bad" (422).
_FORBIDDEN = {"bundle_sender_unknown", "bundle_sender_revoked", "bundle_signature_bad",
              "bundle_wrong_recipient", "bundle_demo_into_real"}


@dataclass(frozen=True)
class Limits:
    max_body: int = 64 * 1024 * 1024        # bytes of one bundle
    rate_per_min: float = 60.0              # exchanges per client address and minute …
    burst: int = 20                         # … with this many at once
    queue: int = 64                         # exchanges waiting for a book before 503
    body_idle_s: float = 30.0               # a client silent this long mid-body: 408


class RateLimiter:
    """A token bucket per key (client address); `take` returns 0 or the seconds to wait."""

    def __init__(self, per_min: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.clock = per_min / 60.0, burst, clock
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def take(self, key: str) -> float:
        with self.lock:
            now = self.clock()
            tokens, then = self.buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if len(self.buckets) > 10_000:      # forget addresses idle long enough to be full
                self.buckets = {k: v for k, v in self.buckets.items()
                                if v[0] + (now - v[1]) * self.rate < self.burst}
            if tokens >= 1.0:
                self.buckets[key] = (tokens - 1.0, now)
                return 0.0
            self.buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate if self.rate > 0 else 60.0


class Office:
    """The office book as the server uses it: the keys, opened once, and a pool of open
    books (one on SQLite, whose writers take turns anyway; `workers` on PostgreSQL)."""

    def __init__(self, data_dir: Path, db_url: str | None, *, workers: int = 4,
                 passphrase: str | None = None, user: str | None = None,
                 password: str | None = None, clock: Callable[[], Any] | None = None):
        self.data_dir, self.db_url = Path(data_dir), db_url
        first = open_book(self.data_dir, db_url=db_url, clock=clock)
        try:
            self.keys: BookKeys = enrol.serve_keys(
                first, passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV),
                user=user, password=password)
        except BaseException:
            first.close()
            raise
        self.code, self.demo = first.origin, first.demo
        self.dialect = first.engine.dialect.name
        size = 1 if self.dialect == "sqlite" else max(1, workers)
        self.pool: queue.Queue[Book] = queue.Queue()
        self.pool.put(first)
        self.books = [first]
        for _ in range(size - 1):
            book = open_book(self.data_dir, db_url=db_url, clock=clock)
            self.books.append(book)
            self.pool.put(book)
        self.spool = self.data_dir / "spool"
        self.spool.mkdir(parents=True, exist_ok=True)

    def exchange(self, upload: Path) -> tuple[dict[str, Any], bytes]:
        """Import the laptop's bundle, then write the office's bundle for its sender."""
        book = self.pool.get()
        out = Path(tempfile.mkdtemp(prefix="out-", dir=self.spool))
        try:
            book.reload_settings()        # another desktop may have changed them
            book.invalidate_refs()
            report = exchange.import_bundle(book, self.keys, upload)
            sent = exchange.export_bundle(book, self.keys, "device:" + report["from"], out)
            return report, sent.path.read_bytes()
        finally:
            book.end_read()
            self.pool.put(book)
            shutil.rmtree(out, ignore_errors=True)

    def healthy(self) -> bool:
        with self.books[0].engine.connect() as conn:
            return conn.execute(text("SELECT 1")).scalar() == 1

    def close(self) -> None:
        for book in self.books:
            book.close()


def _error(status: int, e: DomainError, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"code": e.code, "vi": e.vi, "en": e.en}, status_code=status,
                        headers=headers)


def _log(**fields: Any) -> None:
    log.info(json.dumps({"ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **fields},
                        ensure_ascii=False, sort_keys=True, default=str))


def create_app(office: Office, limits: Limits = Limits()) -> Starlette:
    limiter = RateLimiter(limits.rate_per_min, limits.burst)
    waiting = asyncio.Semaphore(limits.queue)

    async def health(request: Request) -> Response:
        try:
            ok = await run_in_threadpool(office.healthy)
        except Exception as exc:   # the database is down: say so, do not crash
            _log(event="health", ok=False, error=type(exc).__name__)
            ok = False
        return JSONResponse({"status": "ok" if ok else "db_unavailable", "office": office.code,
                             "demo": office.demo, "app_version": app_version(),
                             "db": office.dialect, "max_body": limits.max_body},
                            status_code=200 if ok else 503)

    async def receive_body(request: Request, dest: Path) -> int:
        size = 0
        stream = request.stream().__aiter__()
        with open(dest, "wb") as f:
            while True:
                try:
                    chunk = await asyncio.wait_for(stream.__anext__(), limits.body_idle_s)
                except StopAsyncIteration:
                    break
                size += len(chunk)
                if size > limits.max_body:
                    raise SyncError("sync_too_large", limit=limits.max_body)
                f.write(chunk)
        return size

    async def exchange_(request: Request) -> Response:
        started = time.monotonic()
        peer = request.client.host if request.client else "?"
        wait = limiter.take(peer)
        if wait:
            _log(event="exchange", peer=peer, status=429)
            return _error(429, SyncError("sync_server_busy"),
                          {"Retry-After": str(max(1, round(wait)))})
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limits.max_body:
            _log(event="exchange", peer=peer, status=413, bytes_in=int(declared))
            return _error(413, SyncError("sync_too_large", limit=limits.max_body))
        if waiting.locked():
            _log(event="exchange", peer=peer, status=503)
            return _error(503, SyncError("sync_server_busy"), {"Retry-After": "5"})
        upload = office.spool / f"in-{secrets.token_hex(8)}.partial"
        status, fields = 500, {}
        try:
            async with waiting:
                size = await receive_body(request, upload)
                fields["bytes_in"] = size
                if declared is not None and declared.isdigit() and size != int(declared):
                    raise ClientDisconnect()
                report, answer = await run_in_threadpool(office.exchange, upload)
            status = 200
            fields.update({"from": report["from"], "counts": report["counts"],
                           "released": len(report["released"]), "bytes_out": len(answer)})
            return Response(answer, media_type=BUNDLE_TYPE, headers={
                "X-Sbpdesk-Counts": json.dumps(report["counts"], sort_keys=True,
                                               separators=(",", ":"))})
        except TimeoutError:
            status = 408
            return _error(408, SyncError("sync_response_invalid", why="body timeout"))
        except ClientDisconnect:
            status = 499                         # nothing was stored: the laptop sends again
            return Response(status_code=400)
        except SyncError as e:
            status = 413 if e.code == "sync_too_large" else \
                403 if e.code in _FORBIDDEN else 422
            fields["code"] = e.code
            return _error(status, e)
        except DomainError as e:
            status, fields["code"] = 422, e.code
            return _error(422, e)
        except DBAPIError as e:     # a deadlock, a lost connection: nothing was committed
            status, fields["error"] = 503, type(e.orig).__name__
            return _error(503, SyncError("sync_server_busy"), {"Retry-After": "5"})
        finally:
            upload.unlink(missing_ok=True)
            _log(event="exchange", peer=peer, status=status,
                 ms=round((time.monotonic() - started) * 1000), **fields)

    return Starlette(routes=[Route("/health", health, methods=["GET"]),
                             Route(EXCHANGE_PATH, exchange_, methods=["POST"])])


def configure_logging(data_dir: Path | None) -> None:
    """JSON lines on stderr and in <data_dir>/logs/serve.log."""
    log.setLevel(logging.INFO)
    if log.handlers:
        return
    log.addHandler(logging.StreamHandler())
    if data_dir is not None:
        (data_dir / "logs").mkdir(parents=True, exist_ok=True)
        log.addHandler(logging.FileHandler(data_dir / "logs" / "serve.log", encoding="utf-8"))


def serve(office: Office, host: str, port: int, limits: Limits = Limits(), *,
          forwarded_allow_ips: str | None = None) -> None:
    """Run until stopped (Ctrl+C, SIGTERM from systemd, the Windows service manager)."""
    import uvicorn
    configure_logging(office.data_dir)
    _log(event="start", office=office.code, host=host, port=port, db=office.dialect,
         demo=office.demo, app_version=app_version())
    try:
        uvicorn.run(create_app(office, limits), host=host, port=port, access_log=False,
                    log_level="warning", proxy_headers=forwarded_allow_ips is not None,
                    forwarded_allow_ips=forwarded_allow_ips, timeout_keep_alive=5,
                    limit_concurrency=limits.queue * 2)
    finally:
        office.close()
        _log(event="stop", office=office.code)

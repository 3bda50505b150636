"""Process bodies for the concurrency tests (started with multiprocessing's "spawn", as on
Windows): the sync server, an office desktop taking counter payments, a laptop syncing. Each
waits for `go` so that they really overlap, and exits non-zero on any error."""
from __future__ import annotations

import datetime as dt
import sys
import traceback

PW = "demo"


def _clock(day: str):
    moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(3), dt.UTC)
    return lambda: moment


def serve(office_dir: str, db_url: str | None, port: int, day: str) -> None:
    import uvicorn

    from sbpdesk.sync.server import Office, create_app
    office = Office(office_dir, db_url, passphrase="serve-secret", clock=_clock(day))
    uvicorn.run(create_app(office), host="127.0.0.1", port=port, log_level="warning",
                access_log=False)


def desk(office_dir: str, db_url: str, payments: list[tuple[str, str]], rounds: int,
         day: str, go, results) -> None:
    """Counter payments at an office desktop: each round, one payment on every loan."""
    try:
        from sbpdesk.services import posting
        from sbpdesk.services.books import open_book
        book = open_book(office_dir, db_url=db_url, user="teller", password=PW,
                         clock=_clock(day))
        go.wait(60)
        done = 0
        for _ in range(rounds):
            for person_id, loan_id in payments:
                with book.transaction():
                    posting.post(book, "collection.record", {
                        "person_id": person_id, "loan_id": loan_id, "interest": 0,
                        "principal": 10_000, "savings": 5_000},
                        business_date=dt.date.fromisoformat(day))
                done += 1
        book.close()
        results.put(("desk", done))
    except BaseException:
        traceback.print_exc()
        results.put(("error", traceback.format_exc()))
        sys.exit(1)


def laptop(data_dir: str, url: str, times: int, go, results) -> None:
    """Sync a laptop book `times` times through the server."""
    try:
        from sbpdesk.services.books import open_book
        from sbpdesk.sync import client, enrol
        book = open_book(data_dir)
        keys = enrol.unlock_keys(book, "admin", PW)
        book.close()
        go.wait(60)
        sent = 0
        for _ in range(times):
            result = client.sync_data_dir(data_dir, keys, url)
            sent += result.sent_ops
            errors = {k: v for k, v in result.sent_counts.items()
                      if k not in ("applied", "duplicate") and v}
            if errors:
                raise AssertionError(f"office outcomes {result.sent_counts}")
        results.put(("laptop", sent))
    except BaseException:
        traceback.print_exc()
        results.put(("error", traceback.format_exc()))
        sys.exit(1)


def import_once(office_dir: str, db_url: str, bundle: str, go, results) -> None:
    """Import one bundle into the office book (as the server or a desktop would)."""
    try:
        from sbpdesk.services.books import open_book
        from sbpdesk.sync import enrol, exchange
        book = open_book(office_dir, db_url=db_url)
        keys = enrol.serve_keys(book, "serve-secret")
        go.wait(60)
        report = exchange.import_bundle(book, keys, bundle)
        book.close()
        results.put(("import", report["counts"]))
    except BaseException:
        traceback.print_exc()
        results.put(("error", traceback.format_exc()))
        sys.exit(1)

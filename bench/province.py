"""The province book (issue 20): `offices` copies of the office-scale demo book in one
PostgreSQL database, each with its own office, points, laptop and ids, every journal
re-chained, bulk-loaded with COPY. See bench/README.md and docs/decisions/0215.

Running the demo generator for 5 million operations would hold them all in memory (it
flushes once, at the end) and take hours on this machine; the office book it made is
replicated instead. Copy 0 is the source book as it is (its rows are re-hashed and must give
back the stored hashes: a check of the re-chaining itself). Copy k > 0 renames, in every
text and JSON value of the office's own tables:

- each UUID's last byte XOR k (a bijection: ids stay distinct within a copy, never meet
  another copy's, and keep their order, so the replay order is the source's);
- the office code "BB" as a token (so points "BB01" → "BC01", groups "BB01-T01", customer
  codes, receipts) to the k-th code after it ("BC", "BD", …);
- the laptop "D-DEMO01" to "D-DEMO0k+1"; ID card numbers' province "060" to 060 + k.

The book-wide set-up (users, the map's units, the rules; `GLOBAL_KINDS`/`GLOBAL_TABLES`) is
copy 0's only; a copy's office chain drops those operations and is renumbered. Every hash is
recomputed with the chain walk's own function (`chain.stored_hash`) and a session close's
recorded laptop head follows its operation's new hash. `check --replay` must pass.
"""
from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

GLOBAL_TABLES = {"admin_unit", "app_user", "book_key", "book_setting", "programme",
                 "programme_rate", "rule_set"}
GLOBAL_KINDS = {"user.set", "unit.define", "rules.publish"}
LATER = {"operation", "origin_head", "feed_head", "alembic_version"}   # written apart
OFFICE, LAPTOP, CARD = "BB", "D-DEMO01", "060"
_ID = r"(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{10})(?P<last>[0-9a-f]{2})"
_NAMES = (_ID + r"|(?<![A-Za-z0-9])BB(?![A-Za-z])"      # the office code as a token
          r"|(?<![0-9])060(?=[0-9]{9}(?![0-9]))|D-DEMO01")  # card numbers' province; laptop
_HEAD = rb'"head_hash":"([0-9a-f]{64})"'
# operation columns that can hold a name (the others: hashes, kind, users, dates, numbers)
OP_NAMED = {"op_id", "origin", "session_id", "payload", "reason", "office_reason"}


class Rename:
    """The renaming of copy k, for str and bytes values; copy 0 is left as it is. One
    pattern for every name, so each value is scanned once."""

    def __init__(self, k: int):
        self.k = k
        self.office = office_code(k)
        xor = {f"{b:02x}": f"{b ^ k:02x}" for b in range(256)}
        fixed = {OFFICE: self.office, CARD: f"{60 + k:03d}", LAPTOP: laptop(k)}

        def text(m):
            return m["id"] + xor[m["last"]] if m["id"] else fixed[m[0]]
        bxor = {a.encode(): b.encode() for a, b in xor.items()}
        bfixed = {a.encode(): b.encode() for a, b in fixed.items()}

        def blob(m):
            return m["id"] + bxor[m["last"]] if m["id"] else bfixed[m[0]]
        self._text = lambda v, p=re.compile(_NAMES): p.sub(text, v)
        self._blob = lambda v, p=re.compile(_NAMES.encode()): p.sub(blob, v)

    def __call__(self, value):
        if self.k == 0:
            return value
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, bytes):
            return self._blob(value)
        return value


def office_code(k: int) -> str:
    return OFFICE[0] + chr(ord(OFFICE[1]) + k)


def laptop(k: int) -> str:
    return f"D-DEMO{k + 1:02d}"


_SECONDARY = ("SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = 'public' AND "
              "NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)")


def build(src: Path, db_url: str, offices: int, *, jobs: int = 2, log=print) -> dict:
    """Load `offices` copies of the SQLite office book `src` (at this program's schema)
    into the PostgreSQL database `db_url`, `jobs` copies at a time, then `finish` it.
    Secondary indexes are dropped for the load and built once at the end. Each copy is one
    transaction: a build stopped half-way resumes with the copies it lacks."""
    import multiprocessing

    from sbpdesk.db import migrate
    from sbpdesk.db.engine import open_engine
    engine = open_engine(db_url)
    try:
        migrate.upgrade_book(engine, None)     # the empty schema at head
    finally:
        engine.dispose()
    dsn = _dsn(db_url)
    t0 = time.perf_counter()
    with _connect(dsn) as pg:
        for name, _ in pg.execute(_SECONDARY).fetchall():
            pg.execute(f'DROP INDEX "{name}"')
        loaded = {o for (o,) in pg.execute("SELECT DISTINCT origin FROM operation")}
        pg.commit()
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as source:
        feed = source.execute("select last_feed_no from feed_head").fetchone()[0]
    todo = [(str(src), dsn, k, feed) for k in range(offices) if office_code(k) not in loaded]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for k in pool.imap_unordered(_load_copy, todo):
            log(f"[province] office {office_code(k)} loaded: {time.perf_counter() - t0:.0f} s")
    return {**finish(db_url, log=log), "seconds": round(time.perf_counter() - t0, 1)}


def finish(db_url: str, log=print) -> dict:
    """The loaded copies made one book: secondary indexes (as a new book at this schema has
    them), origin heads and the feed head from the operations, the laptops' acks, serial
    sequences, statistics. Returns the offices and counts."""
    import uuid

    import psycopg
    from sqlalchemy import text

    from sbpdesk.db import migrate
    from sbpdesk.db.engine import open_engine
    dsn = _dsn(db_url)
    scratch = f"sbpdesk_schema_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**{**dsn, "dbname": "postgres"}, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        engine = open_engine(db_url.rsplit("/", 1)[0] + "/" + scratch)
        migrate.upgrade_book(engine, None)
        engine.dispose()
        with psycopg.connect(**{**dsn, "dbname": scratch}) as conn:
            indexes = [d for _, d in conn.execute(_SECONDARY)]
    finally:
        with psycopg.connect(**{**dsn, "dbname": "postgres"}, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    t0 = time.perf_counter()
    with _connect(dsn) as pg:
        for sql in indexes:
            pg.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
        log(f"[province] indexes: {time.perf_counter() - t0:.0f} s")
        pg.execute("DELETE FROM origin_head")
        pg.execute("INSERT INTO origin_head (origin, seq, hash) SELECT DISTINCT ON (origin) "
                   "origin, seq, hash FROM operation ORDER BY origin, seq DESC")
        last = pg.execute("SELECT max(feed_no) FROM operation").fetchone()[0]
        pg.execute("INSERT INTO feed_head (id, last_feed_no) VALUES (1, %s) ON CONFLICT (id) "
                   "DO UPDATE SET last_feed_no = excluded.last_feed_no", (last,))
        pg.execute("UPDATE ack SET highest = %s", (last,))   # each laptop holds the feed
        _sequences(pg)
        pg.commit()
    engine = open_engine(db_url)
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
        counts = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar()
                  for t in ("operation", "operation_account", "account_snapshot", "loan",
                            "person", "household", "point", "office")}
    engine.dispose()
    return {"offices": counts["office"], "counts": counts}


def _dsn(db_url: str) -> dict:
    from sqlalchemy.engine import make_url
    url = make_url(db_url)
    return {"host": url.host, "port": url.port, "user": url.username,
            "password": url.password, "dbname": url.database or "postgres"}


def _connect(dsn: dict):
    """A connection whose server process runs at the lowest priority too (others' tests
    share the machine); where the server is not ours to renice, it runs as it is."""
    import os

    import psycopg
    pg = psycopg.connect(**dsn)
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pg.info.backend_pid, 19)
    return pg


def _load_copy(job: tuple[str, dict, int, int]) -> int:
    """One office's copy in one transaction (a worker process)."""
    src, dsn, k, feed = job
    rename, heads = Rename(k), {}
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        with _connect(dsn) as pg:
            pg.execute("SET session_replication_role = replica")  # FKs: the source held them
            hashes = _operations(source, pg, k, rename, feed, heads)
            for table in _tables(source):
                if table in LATER or (k and table in GLOBAL_TABLES):
                    continue
                _copy_table(source, pg, table, rename, hashes)
            pg.commit()
    finally:
        source.close()
    return k


def _tables(source: sqlite3.Connection) -> list[str]:
    return [r[0] for r in source.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")]


def _columns(source: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in source.execute(f'pragma table_info("{table}")')]


def _copy_table(source, pg, table: str, rename: Rename, hashes: dict[str, str]) -> None:
    cols = _columns(source, table)
    quoted = ", ".join(f'"{c}"' for c in cols)
    with pg.cursor().copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for row in _table_rows(source, table, cols, rename, hashes):
            copy.write_row(row)


def _table_rows(source, table: str, cols: list[str], rename: Rename,
                hashes: dict[str, str]) -> Iterator[list]:
    head = cols.index("head_hash") if table == "session" else None
    quoted = ", ".join(f'"{c}"' for c in cols)
    for row in source.execute(f'select {quoted} from "{table}"'):
        row = [rename(v) for v in row]
        if head is not None and row[head] is not None:
            row[head] = hashes.get(row[head], row[head])
        yield row


def _operations(source, pg, k: int, rename: Rename, feed: int,
                heads: dict[str, tuple[int, str]]) -> dict[str, str]:
    """Copy k's operations; returns {source hash: new hash} for the sessions' heads."""
    hashes: dict[str, str] = {}
    quoted = ", ".join(f'"{c}"' for c in _columns(source, "operation"))
    with pg.cursor().copy(f"COPY operation ({quoted}) FROM STDIN") as copy:
        for row in _operation_rows(source, k, rename, feed, heads, hashes):
            copy.write_row(row)
    return hashes


def _operation_rows(source, k: int, rename: Rename, feed: int,
                    heads: dict[str, tuple[int, str]], hashes: dict[str, str]) -> Iterator[list]:
    """Copy k's operations, origin by origin in seq order, re-chained; fills `heads` and
    `hashes` ({source hash: new hash}, for the sessions' recorded heads)."""
    from sbpdesk.services import chain
    from sbpdesk.services.journal import GENESIS
    cols = _columns(source, "operation")
    at = {c: i for i, c in enumerate(cols)}
    order = [at[n] for n in chain._NAMES]
    quoted = ", ".join(f'"{c}"' for c in cols)
    for (origin,) in source.execute("select distinct origin from operation order by 1"):
        seq, prev = 0, GENESIS
        for row in source.execute(f"select {quoted} from operation where origin = ? "
                                  "order by seq", (origin,)):
            if k and row[at["kind"]] in GLOBAL_KINDS:
                continue
            old = row[at["hash"]]
            new = [rename(v) if c in OP_NAMED else v for c, v in zip(cols, row, strict=True)]
            if row[at["kind"]] == "session.close":
                new[at["payload"]] = re.sub(_HEAD, lambda m: b'"head_hash":"' + hashes.get(
                    m[1].decode(), m[1].decode()).encode() + b'"', new[at["payload"]])
            seq += 1
            new[at["seq"]], new[at["prev_hash"]] = seq, prev
            if new[at["feed_no"]] is not None:
                new[at["feed_no"]] += k * feed
            prev = chain.stored_hash([new[i] for i in order])
            if k == 0 and prev != old:
                raise RuntimeError(f"re-hashing {origin} #{seq} does not give its stored "
                                   "hash: the chain walk changed; fix province.py")
            new[at["hash"]] = hashes[old] = prev
            yield new
        heads[rename(origin)] = (seq, prev)


# a laptop book's tables that hold no name of its office (keys and password hashes: a
# base64 text could hold the office code's letters)
LAPTOP_AS_IS = {"admin_unit", "app_user", "book_key", "programme", "programme_rate",
                "rule_set"}


def laptop_copy(src_dir: Path, dst_dir: Path, k: int, feed: int) -> Path:
    """The laptop book of copy k: the demo's point book `src_dir` renamed and re-chained as
    the office's copy k is (`feed`: the office book's feed head the copies are offset by),
    written afresh into `dst_dir` at this program's schema. Its office stays BB: the
    province book's own code, which every office's laptop sends its bundles to."""
    from bench.books import working_copy
    from sbpdesk import paths
    from sbpdesk.db import migrate
    from sbpdesk.db.engine import open_engine
    if k == 0:
        return working_copy(src_dir, dst_dir)
    dst_dir.mkdir(parents=True, exist_ok=True)
    engine = open_engine(paths.book_path(dst_dir))
    try:
        migrate.upgrade_book(engine, None)
    finally:
        engine.dispose()
    rename, heads, hashes = Rename(k), {}, {}
    source = sqlite3.connect(f"file:{paths.book_path(src_dir)}?mode=ro", uri=True)
    con = sqlite3.connect(paths.book_path(dst_dir))
    try:
        con.execute("PRAGMA foreign_keys = OFF")
        for table in ("operation", *(t for t in _tables(source) if t not in LATER)):
            cols = _columns(source, table)
            rows = (_operation_rows(source, k, rename, feed, heads, hashes)
                    if table == "operation" else
                    _table_rows(source, table, cols, Rename(0) if table in LAPTOP_AS_IS
                                else rename, hashes))
            con.execute(f'DELETE FROM "{table}"')
            quoted = ", ".join(f'"{c}"' for c in cols)
            con.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES '
                            f'({", ".join("?" * len(cols))})', rows)
        mine = [o for (o,) in source.execute("select origin from origin_head")]
        con.executemany("INSERT INTO origin_head (origin, seq, hash) VALUES (?, ?, ?)",
                        [(rename(o), *heads[rename(o)]) for o in mine])
        own_feed = source.execute("select last_feed_no from feed_head").fetchone()[0]
        con.execute("INSERT OR REPLACE INTO feed_head (id, last_feed_no) VALUES (1, ?)",
                    (own_feed + k * feed,))
        con.execute("UPDATE book_setting SET value = CAST(value AS INTEGER) + ? "
                    "WHERE key = 'sync.feed_cursor'", (k * feed,))
        # It syncs with the one book that holds every office: the book's own code, BB.
        con.execute("UPDATE book_setting SET value = ? WHERE key = 'office_code'", (OFFICE,))
        con.execute("UPDATE ack SET peer = ? WHERE peer = ?", (OFFICE, rename.office))
        con.commit()
    finally:
        con.close()
        source.close()
    return dst_dir


def _sequences(pg) -> None:
    """Serial columns loaded with their values: their sequences continue after them."""
    for table, column in pg.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "WHERE c.table_schema = 'public' AND c.column_default LIKE 'nextval%'").fetchall():
        pg.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                   f"coalesce(max(\"{column}\"), 0) + 1, false) FROM \"{table}\"")


def get_province(pg_url: str, offices: int, *, seed: int = 1, reuse: bool = True,
                 stop_now: bool = False, log=print) -> dict:
    """The cached province book: `bench/.cache/province-<offices>-<office build>/ready.json`
    names its database on the server of `pg_url`; built first if missing (the office-scale
    books too; a build stopped half-way resumes). `stop_now`: finish the book with the
    copies loaded so far (ready.json then says how many of `offices`). Returns ready.json's
    content plus `db_url`, `data_dir`, and the office books' `office_dir`, `point_dir` (the
    laptop of copy 0) and `big` (its 60-member groups)."""
    import json

    import psycopg
    from sqlalchemy.engine import make_url

    from bench import books as B
    from sbpdesk import paths
    books = B.get_books("office", seed=seed, reuse=reuse, log=log)
    office_dir, point_dir, big = B.prepared(books, log=log)
    folder = B.CACHE / f"province-{offices}-{books.folder.name}"
    name = f"sbpdesk_{folder.name.replace('-', '_')}"
    db_url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    ready = folder / "ready.json"
    if not ready.exists():
        folder.mkdir(parents=True, exist_ok=True)
        with psycopg.connect(**_dsn(pg_url), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        t = time.perf_counter()
        if stop_now:
            info = finish(db_url, log=log)
        else:
            log(f"[province] building {offices} offices of {office_dir} into {name} …")
            info = build(paths.book_path(office_dir), db_url, offices, log=log)
        info.update(database=name, of=offices, seconds=info.get(
            "seconds", round(time.perf_counter() - t, 1)))
        ready.write_text(json.dumps(info, indent=1))
        log(f"[province] ready: {info['offices']} of {offices} offices: {info['counts']}")
    info = json.loads(ready.read_text())
    return {**info, "db_url": db_url, "data_dir": folder / "book", "point_dir": point_dir,
            "big": big, "office_dir": office_dir, "office_info": books.info}


if __name__ == "__main__":   # python bench/province.py PG_URL [offices] [--stop-now]
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    numbers = [int(a) for a in sys.argv[2:] if a.isdigit()]
    got = get_province(sys.argv[1], numbers[0] if numbers else 10,
                       stop_now="--stop-now" in sys.argv)
    print({k: v for k, v in got.items() if k in ("database", "offices", "seconds", "counts")})

"""Walking the operation chains: every stored row's hash and its place in its origin's chain.

`verify_chain` names the first bad operation of each origin. It reads plain column tuples,
not ORM rows, and builds each row's hashed JSON around the stored payload bytes: a check of
an office book reads every row, so the walk should cost a small multiple of reading the
payloads and hashing them (issue 20's bench figure `check.chains`; decision 0180).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session as DbSession

from sbpdesk.db.models import OriginHead
from sbpdesk.domain.canonical import canonical_json
from sbpdesk.services.journal import GENESIS, HASHED, OPERATION, Problem

# Columns in the sorted key order of the hashed JSON; "payload" is spliced between the keys
# before it and those after it, and `business_date` is read as its ISO text.
_KEYS = sorted(HASHED)
_BEFORE = _KEYS[:_KEYS.index("payload")]
_AFTER = _KEYS[_KEYS.index("payload") + 1:]
_EXTRA = ("hash", "outcome")
_NAMES = (*_BEFORE, *_AFTER, "payload", *_EXTRA)
_COLUMNS = [cast(OPERATION.c.business_date, String) if n == "business_date" else OPERATION.c[n]
            for n in _NAMES]
_AT = {name: i for i, name in enumerate(_NAMES)}
N_BEFORE, N_HEAD = len(_BEFORE), len(_BEFORE) + len(_AFTER)
SEQ, PAYLOAD, PREV, HASH, OUTCOME = (_AT[n] for n in ("seq", "payload", "prev_hash", "hash",
                                                       "outcome"))
_PREFIXES = [f'"{name}":' for name in (*_BEFORE, *_AFTER)]


def verify_chain(db: DbSession, origin: str | None = None) -> list[Problem]:
    """Check every chain (or one origin's); each problem names its operation. Stops an
    origin at its first break, since everything after it is suspect anyway."""
    heads = {h.origin: h for h in db.scalars(select(OriginHead))}
    origins = [origin] if origin else sorted(set(heads) | set(
        db.scalars(select(OPERATION.c.origin).distinct())))
    problems: list[Problem] = []
    for name in origins:
        problems += _verify_origin(db, name, heads.get(name))
    return problems


def _verify_origin(db: DbSession, origin: str, origin_head: OriginHead | None) -> list[Problem]:
    head_seq = origin_head.seq if origin_head is not None else None
    prev_seq, prev_hash = 0, GENESIS  # last row seen
    chain_seq, chain_hash = 0, GENESIS  # last row inside the complete chain
    sha256 = hashlib.sha256
    for seq, prev, hash_, outcome, body in _walk(db, origin):
        # SQLite: `body` is the hashed JSON as SQLite wrote it, right whenever the stored
        # texts need no escaping or NFC — then the hash matches; any other row is checked
        # again by the careful path before it is called tampered. So is any row with a
        # backslash: a text stored in its own escaped form (`a\"b`) comes out as the JSON of
        # another (`a"b`). Payloads seldom have one (only a quote, a backslash or a control
        # character in a text): such a row costs one query more.
        intact = ((b"\\" not in body and sha256(body).hexdigest() == hash_)
                  or _intact(db, origin, seq) if type(body) is bytes else row_intact(body))
        if not intact:
            return [_problem(_full(db, origin, seq), "hash",
                             "mã băm không khớp nội dung (dữ liệu bị sửa)",
                             "hash does not match the content (tampered)")]
        linked = seq == prev_seq + 1 and prev == prev_hash
        if head_seq is None:
            # Filtered feed: only consecutive rows can be linked.
            if seq == prev_seq + 1 and prev_seq and not linked:
                return [_problem(_full(db, origin, seq), "link", "không nối tiếp nghiệp vụ trước",
                                 "does not chain from the previous operation")]
        elif seq <= head_seq:
            if seq != prev_seq + 1:
                return [_problem(_full(db, origin, seq), "gap", f"thiếu số thứ tự {prev_seq + 1}",
                                 f"sequence {prev_seq + 1} is missing")]
            if not linked:
                return [_problem(_full(db, origin, seq), "link", "không nối tiếp nghiệp vụ trước",
                                 "does not chain from the previous operation")]
            chain_seq, chain_hash = seq, hash_
        elif outcome != "held":
            return [_problem(_full(db, origin, seq), "beyond_head",
                             "nằm sau đầu chuỗi nhưng không ở trạng thái chờ",
                             "stored beyond the chain head but not held")]
        prev_seq, prev_hash = seq, hash_
    if origin_head is not None and (chain_seq, chain_hash) != (origin_head.seq, origin_head.hash):
        return [Problem(origin, origin_head.seq, None, "head",
                        f"Đầu chuỗi của {origin} (số {origin_head.seq}) không khớp nghiệp vụ cuối",
                        f"The head of {origin} (seq {origin_head.seq}) does not match its last "
                        "operation")]
    return []


def _walk(db: DbSession, origin: str) -> Iterator[tuple]:
    """(seq, prev_hash, hash, outcome, body) of the origin's rows in seq order. SQLite: body
    is the hashed JSON written by SQLite's printf, read through the driver's cursor (plain
    tuples; decision 0206). PostgreSQL: body is the row's columns (`row_intact`)."""
    conn = db.connection()
    if conn.dialect.name != "sqlite":
        for row in db.execute(select(*_COLUMNS).where(OPERATION.c.origin == origin)
                              .order_by(OPERATION.c.seq).execution_options(yield_per=2000)):
            yield row[SEQ], row[PREV], row[HASH], row[OUTCOME], row
        return
    cursor = conn.connection.driver_connection.cursor()
    try:
        yield from cursor.execute(_SQLITE_WALK, (origin,))
    finally:
        cursor.close()


def _intact(db: DbSession, origin: str, seq: int) -> bool:
    return row_intact(_full(db, origin, seq))


def _full(db: DbSession, origin: str, seq: int) -> Sequence:
    return db.execute(select(*_COLUMNS).where(OPERATION.c.origin == origin,
                                              OPERATION.c.seq == seq)).one()


def _sqlite_walk() -> str:
    """The walk's query: each row's hashed JSON made by one printf, texts quoted as they are
    (a row whose texts need escaping or NFC then fails the fast hash and is checked again)."""
    def spec(name: str) -> str:
        column = OPERATION.c[name]
        if column.type.python_type is int or column.nullable:
            return f'"{name}":%s'
        return f'"{name}":"%s"'

    def arg(name: str) -> str:
        return f"""ifnull('"'||{name}||'"','null')""" if OPERATION.c[name].nullable else name
    fmt = ("{" + ",".join(map(spec, _BEFORE)) + ',"payload":%s,' + ",".join(map(spec, _AFTER))
           + "}")
    args = ",".join([*map(arg, _BEFORE), "CAST(payload AS TEXT)", *map(arg, _AFTER)])
    return (f"SELECT seq, prev_hash, hash, outcome, CAST(printf('{fmt}', {args}) AS BLOB) "
            "FROM operation WHERE origin = ? ORDER BY seq")


_SQLITE_WALK = _sqlite_walk()


def row_intact(row: Sequence) -> bool:
    """The row's hash covers its stored payload bytes and its envelope. The bytes' canonical
    form is checked where they enter the book (`journal.append` writes canonical JSON, the
    bundle reader refuses anything else): a row edited in the database afterwards fails here
    unless its hash and every later link were forged too, canonical or not (decision 0180)."""
    return stored_hash(row) == row[HASH]


def stored_hash(row: Sequence) -> str:
    """`journal.compute_hash` of a stored row, with its payload bytes spliced in as stored."""
    parts = _head(row)
    if parts is not None:
        body = ("{" + ",".join(parts[:N_BEFORE]) + ',"payload":').encode() + row[PAYLOAD] + (
            "," + ",".join(parts[N_BEFORE:]) + "}").encode()
    else:
        head = canonical_json(dict(zip((*_BEFORE, *_AFTER), row[:N_HEAD], strict=True)))
        at = head.index(b',"prev_hash":')
        body = head[:at] + b',"payload":' + row[PAYLOAD] + head[at:]
    return hashlib.sha256(body).hexdigest()


def _head(row: Sequence) -> list[str] | None:
    """The envelope's `"key":value` texts in sorted key order when every value is ASCII
    text, an integer or null (their canonical JSON is a plain dump: no NFC to apply); None
    otherwise, for `canonical_json` to do it. A loop, not `json.dumps` of a dict: half the
    cost per row (measured, decision 0180)."""
    parts = []
    for prefix, value in zip(_PREFIXES, row[:N_HEAD]):   # noqa: B905 - lengths are fixed
        if value is None:
            parts.append(prefix + "null")
        elif type(value) is int:
            parts.append(prefix + str(value))
        elif type(value) is str and value.isascii():
            parts.append(prefix + encode_basestring(value))
        else:
            return None
    return parts


def _problem(row: Sequence, code: str, vi: str, en: str) -> Problem:
    origin, seq, op_id, kind = row[_AT["origin"]], row[SEQ], row[_AT["op_id"]], row[_AT["kind"]]
    return Problem(origin, seq, op_id, code,
                   f"Nghiệp vụ {origin} số {seq} ({kind}, {op_id}): {vi}",
                   f"Operation {origin} #{seq} ({kind}, {op_id}): {en}")

"""Enrolment by USB files: a laptop asks, the office answers, the laptop completes.

1. `request(book, …)` on a point book not yet enrolled: generates the book's keys (wrapped
   under the signed-in user's password, `book_key` rows, decision 0021) and returns a signed
   request (device identity, public keys, fingerprint, demo flag) to carry to the office.
2. `accept(office, …)` by an office administrator: checks the request's signature, refuses a
   demo request at a real office, issues a new enrolment id (the laptop's origin), posts
   `device.enrol` and one `lease.grant` per point, and writes a response signed by the office
   and sealed to the laptop: the office's public keys, the enrolment id, and the pack — the
   office feed for the laptop's points as of the office's current `feed_no` (`feed.py`, the
   same rows its bundles would send); a `state.pack` operation records that it was issued.
3. `complete(book, …)` on the laptop: verifies the response against its own keys, sets the
   origin, stores the office's public keys, stores and applies the pack exactly as received
   (`exchange.apply_office_rows`: that is replay) and lets the office's users replace the
   local administrator.

Besides: the book's sync keys (`unlock_keys`, `office_keys` — made at the office's first use —,
`book_keys`, `add_key_copy`) and the office's `grant_lease` / `revoke_device`. The operations
themselves (`device.enrol`, `device.revoke`, `lease.grant`, `state.pack`) are decided and
applied by services/devices.py; refusals are in errors.py (`enrol_error`). File formats:
docs/decisions/0021-enrolment-exchange-and-review.md.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import os
import platform
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select

from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import AppUser, BookKey, Device, OriginHead
from sbpdesk.domain.canonical import canonical_json, from_json, is_canonical, plain_canonical
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import absent, auth, devices, opening, posting
from sbpdesk.services.changes import Written
from sbpdesk.services.context import GENESIS, Book, app_version, verify_password

from . import feed
from .errors import SyncError, enrol_error
from .keys import (
    KDF_DEFAULT,
    PASSPHRASE_ENV,
    BookKeys,
    KdfParams,
    fingerprint,
    generate_keys,
    load_seal_pub,
    load_sign_pub,
    unwrap_keys,
    wrap_keys,
)

REQUEST_FORMAT = "sbpdesk-enrol-request"
RESPONSE_FORMAT = "sbpdesk-enrol-response"
FORMAT_VERSION = 1
KEY_PURPOSE = "keys"
KEY_KDF = "argon2id-v1"
ENROL_COPY = "@enrol"          # the copy under the password given at `enrol request`
PASSPHRASE_COPY = "@passphrase"  # the copy under SBPDESK_KEY_PASSPHRASE (serve, automation)
# On a laptop: the office's sync server and whether the program may sync by itself (every
# N minutes; 0 = only when asked), as the office said at enrolment (sync/client.py).
SERVER_KEY, AUTO_KEY = "sync.server_url", "sync.auto_minutes"
# Cost of new wrappings; tests replace it with keys.KDF_FAST_FOR_TESTS.
WRAP_PARAMS: KdfParams = KDF_DEFAULT

# ---------------------------------------------------------------- the book's keys

def _pub_bytes(keys: BookKeys) -> bytes:
    return keys.sign_pub.public_bytes_raw() + keys.seal_pub.public_bytes_raw()


def _key_rows(book: Book) -> dict[str, BookKey]:
    return {r.username: r for r in book.db.scalars(
        select(BookKey).where(BookKey.purpose == KEY_PURPOSE))}


def add_key_copy(book: Book, keys: BookKeys, username: str, password: str) -> None:
    """Store (or replace) one wrapped copy of the keys (inside the caller's transaction)."""
    blob = wrap_keys(keys, password, params=WRAP_PARAMS)
    book.db.merge(BookKey(username=username, purpose=KEY_PURPOSE, kdf=KEY_KDF, salt=b"",
                          nonce=b"", wrapped=blob, public_key=_pub_bytes(keys)))
    book.db.flush()


def store_new_keys(book: Book, keys: BookKeys, username: str, password: str) -> None:
    add_key_copy(book, keys, username, password)
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase:
        add_key_copy(book, keys, PASSPHRASE_COPY, passphrase)


@dataclass(frozen=True)
class PublicKeys:
    sign_key: str
    seal_key: str
    fingerprint: str


def public_keys(book: Book) -> PublicKeys | None:
    """The book's public keys (no password needed), or None before any key exists."""
    row = next(iter(_key_rows(book).values()), None)
    book.end_read()
    if row is None:
        return None
    sign = base64.b64encode(row.public_key[:32]).decode("ascii")
    seal = base64.b64encode(row.public_key[32:64]).decode("ascii")
    return PublicKeys(sign, seal, fingerprint(sign, seal))


def unlock_keys(book: Book, username: str, password: str) -> BookKeys:
    """Open the book's keys: the user's own copy, else the enrolment copy with the same
    password, else the SBPDESK_KEY_PASSPHRASE copy. A user who authenticates but had no
    copy of their own gets one, so the next time their password alone suffices."""
    rows = _key_rows(book)
    if not rows:
        book.end_read()
        raise enrol_error("keys_missing")
    user = book.db.get(AppUser, username)
    current = user is not None and user.active and verify_password(user.password_hash, password)
    # The user's own copy opens only with their current password: after a change the old one
    # no longer does (rewrap_keys moves the copy to the new one). A password that is not the
    # current one may only be the enrolment password, for a user without a copy of their own.
    tries = [(username, password)] if current else []
    if current or username not in rows:
        tries.append((ENROL_COPY, password))
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase:
        tries.append((PASSPHRASE_COPY, passphrase))
    keys = None
    for name, secret in tries:
        row = rows.get(name)
        if row is None or not secret:
            continue
        try:
            keys = unwrap_keys(row.wrapped, secret)
            break
        except SyncError as e:
            if e.code != "wrong_password":
                raise
    if keys is None:
        book.end_read()
        raise enrol_error("keys_locked", user=username)
    own = rows.get(username)
    if current and (own is None or own.public_key != _pub_bytes(keys)
                    or _wrong(own.wrapped, password)):
        with book.transaction():
            add_key_copy(book, keys, username, password)
    book.end_read()
    return keys


def rewrap_keys(book: Book, username: str, password: str, old_password: str) -> BookKeys:
    """After a password change (user.set, from the office), or for a user whose password is
    not the enrolment password: open the keys once with the previous (or enrolment) password
    and wrap the user's copy under their current one, which replaces the copy under the old
    password. `unlock_keys` accepts only a current password, so the old one no longer opens
    the keys through the program (decision 0138)."""
    user = book.verify(username, password)       # the current password, with lock-out
    rows = _key_rows(book)
    keys = None
    for name in (user.username, ENROL_COPY):
        row = rows.get(name)
        if row is not None and not _wrong(row.wrapped, old_password):
            keys = unwrap_keys(row.wrapped, old_password)
            break
    book.end_read()
    if keys is None:
        raise enrol_error("keys_locked", user=username)
    with book.transaction():
        add_key_copy(book, keys, user.username, password)
    return keys


def _wrong(blob: bytes, password: str) -> bool:
    try:
        unwrap_keys(blob, password)
        return False
    except SyncError:
        return True


def office_keys(book: Book, username: str, password: str) -> BookKeys:
    """The office's keys, created at first use (wrapped under this user's password and, when
    set, SBPDESK_KEY_PASSPHRASE)."""
    if not book.is_office:
        raise enrol_error("not_office_book")
    if _key_rows(book):
        return unlock_keys(book, username, password)
    keys = generate_keys()
    with book.transaction():
        store_new_keys(book, keys, username, password)
    return keys


def share_office_keys(book: Book, username: str, password: str, admin: str,
                      admin_password: str) -> BookKeys:
    """An office user with no copy of the office's keys gets one: an administrator opens
    them with their own password, in front of the user, and the copy is wrapped under the
    user's password (checked first), so that password alone opens them from then on."""
    if not book.is_office:
        raise enrol_error("not_office_book")
    user = auth.authenticate(book.db, username, password)
    try:
        helper = auth.authenticate(book.db, admin, admin_password)
    except DomainError:
        helper = None
    if helper is None or not helper.has("admin"):
        book.end_read()
        raise DomainError("keys_admin_needed",
                          "Cần tên và mật khẩu đúng của một quản trị viên để mở khóa đồng bộ "
                          "của phòng giao dịch.", "The name and password of an administrator "
                          "are needed to open the office's sync keys.", field="admin")
    keys = unlock_keys(book, admin.strip().lower(), admin_password)
    with book.transaction():
        add_key_copy(book, keys, user.username, password)
    return keys


def serve_keys(book: Book, passphrase: str | None, *, user: str | None = None,
               password: str | None = None) -> BookKeys:
    """The office's keys for `sbpdesk serve`: the copy under SBPDESK_KEY_PASSPHRASE (on a demo
    book, whose passwords are all `demo`, any copy opens with it). Given an administrator's
    `user` and `password`, a missing passphrase copy is made from theirs (once)."""
    if not book.is_office:
        raise SyncError("serve_not_office")
    if not passphrase:
        if not book.demo:
            raise SyncError("serve_passphrase_missing")
        passphrase = "demo"
    rows = _key_rows(book)
    book.end_read()
    if not rows:
        raise enrol_error("keys_missing")
    names = [PASSPHRASE_COPY, *sorted(rows)] if book.demo else [PASSPHRASE_COPY]
    for name in names:
        if name in rows:
            try:
                return unwrap_keys(rows[name].wrapped, passphrase)
            except SyncError as e:
                if e.code != "wrong_password":
                    raise
    if PASSPHRASE_COPY in rows or not (user and password):
        raise SyncError("wrong_password" if PASSPHRASE_COPY in rows
                        else "serve_no_passphrase_copy")
    if not book.sign_in(user, password).has("admin"):
        raise DomainError("serve_admin_needed",
                          "Chỉ quản trị viên mới tạo được bản khóa cho máy chủ đồng bộ.",
                          "Only an administrator can make the sync server's key copy.")
    keys = unlock_keys(book, user, password)
    with book.transaction():
        add_key_copy(book, keys, PASSPHRASE_COPY, passphrase)
    book.user = None
    return keys


def book_keys(book: Book, username: str, password: str) -> BookKeys:
    """The keys to sign and open bundles with: the office's (made at first use) or the
    laptop's (made at enrolment)."""
    if book.is_office:
        return office_keys(book, username, password)
    return unlock_keys(book, username, password)


# ---------------------------------------------------------------- signed files

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, size: int | None = None) -> bytes:
    try:
        raw = base64.b64decode(str(text).encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise enrol_error("enrol_file_invalid", why="base64") from None
    if size is not None and len(raw) != size:
        raise enrol_error("enrol_file_invalid", why="length")
    return raw


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _signed_file(name: str, body: dict[str, Any], keys: BookKeys) -> bytes:
    # The signature covers canonical_json(body); body["format"] separates the object types.
    return canonical_json({name: body, "signature": _b64(keys.sign_priv.sign(
        canonical_json(body)))})


def _read_signed(path: str | os.PathLike[str], name: str, fmt: str,
                 sign_key_field: str) -> dict[str, Any]:
    try:
        data = Path(path).read_bytes()
        doc = from_json(data)
        body, sig = doc[name], _unb64(doc["signature"], 64)
        if not isinstance(body, dict):
            raise TypeError(name)
    except (OSError, DomainError, KeyError, TypeError, AttributeError) as exc:
        if isinstance(exc, DomainError) and exc.code == "enrol_file_invalid":
            raise
        raise enrol_error("enrol_file_invalid", why=type(exc).__name__) from None
    if (body.get("format"), body.get("format_version")) != (fmt, FORMAT_VERSION):
        raise enrol_error("enrol_file_invalid", why="format")
    try:
        load_sign_pub(body.get(sign_key_field) or "").verify(sig, canonical_json(body))
    except (InvalidSignature, SyncError):
        raise enrol_error("enrol_file_invalid", why="signature") from None
    return body


def write_file(path: str | os.PathLike[str], data: bytes) -> Path:
    """Atomically: temp file in the same folder, fsync, rename, read back."""
    final = Path(path)
    temp = final.with_name(f".{final.name}.{secrets.token_hex(4)}.partial")
    try:
        with open(temp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, final)
    finally:
        if temp.exists():
            temp.unlink()
    if final.read_bytes() != data:
        final.unlink()
        raise SyncError("bundle_write_failed")
    return final


# ---------------------------------------------------------------- 1. request (laptop)

@dataclass(frozen=True)
class Request:
    path: Path
    fingerprint: str
    install_id: str
    demo: bool


def request(book: Book, password: str, out: str | os.PathLike[str]) -> Request:
    """Write the enrolment request of this laptop (signed-in user's password wraps the keys)."""
    if book.is_office:
        raise enrol_error("not_point_book")
    if book.origin:
        raise enrol_error("already_enrolled", origin=book.origin)
    username = book.user.username if book.user else "admin"
    if _key_rows(book):
        keys = unlock_keys(book, username, password)
    else:
        keys = generate_keys()
        with book.transaction():
            store_new_keys(book, keys, username, password)
            add_key_copy(book, keys, ENROL_COPY, password)
    install_id = book.setting("install_id")
    if not install_id:
        install_id = uuid7()
        with book.transaction():
            book.set_setting("install_id", install_id)
    body = {"format": REQUEST_FORMAT, "format_version": FORMAT_VERSION,
            "install_id": install_id, "host": platform.node()[:64],
            "app_version": app_version(), "sign_key": keys.sign_pub_text,
            "seal_key": keys.seal_pub_text, "fingerprint": keys.fingerprint(),
            "demo": book.demo, "created_at": _utc_now()}
    path = write_file(out, _signed_file("request", body, keys))
    return Request(path, keys.fingerprint(), install_id, book.demo)


def read_request(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The request's body after checking its signature; its fingerprint recomputed."""
    body = _read_signed(path, "request", REQUEST_FORMAT, "sign_key")
    body["fingerprint"] = fingerprint(body["sign_key"], body["seal_key"])
    body["demo"] = bool(body.get("demo"))
    return body


# ---------------------------------------------------------------- 2. accept (office)

@dataclass(frozen=True)
class Accepted:
    path: Path
    device_id: str
    request_fingerprint: str
    office_fingerprint: str
    points: tuple[str, ...]
    feed_no: int
    op_count: int


def new_device_id(book: Book) -> str:
    while True:
        candidate = "D-" + uuid7().replace("-", "")[-12:]
        if book.db.get(Device, candidate) is None:
            return candidate


def _seal_key(shared: bytes, e_pub: bytes, r_pub: bytes, sender: str, recipient: str) -> bytes:
    info = canonical_json({"format": RESPONSE_FORMAT, "format_version": FORMAT_VERSION,
                           "from": sender, "to": recipient})
    return HKDF(algorithm=SHA256(), length=32, salt=e_pub + r_pub, info=info).derive(shared)


def accept(office: Book, password: str, request_path: str | os.PathLike[str],
           points: list[str], out: str | os.PathLike[str], *, server_url: str | None = None,
           auto_minutes: int = 0, name: str = "") -> Accepted:
    """Enrol the laptop that made the request for `points` (signed-in administrator); the
    response may name the office's sync server and allow the laptop to sync by itself."""
    if not office.is_office:
        raise enrol_error("not_office_book")
    req = read_request(request_path)
    if req["demo"] and not office.demo:
        raise enrol_error("enrol_demo_into_real")
    if not points:
        raise enrol_error("enrol_no_points", "points")
    keys = office_keys(office, office.user.username if office.user else "admin", password)
    device_id = new_device_id(office)
    made: dict[str, Any] = {}

    def pack(device: str) -> devices.Pack:
        # inside the enrolment's transaction: the feed as the device and its leases made it
        rows, made["feed_no"] = feed.select_feed(office, device, since=0)
        made["ops"] = [feed.envelope(e) for e in rows]
        # the stored rows' payloads parsed from canonical bytes: one plain dump (0256)
        made["plaintext"] = plain_canonical({"ops": made["ops"]})
        return devices.Pack(made["feed_no"], len(made["ops"]),
                            hashlib.sha256(made["plaintext"]).hexdigest())
    devices.enrol(office, devices.NewDevice(
        device_id, tuple(points), req["sign_key"], req["seal_key"], req["fingerprint"],
        bool(req["demo"] or office.demo), name.strip()), pack, business_date=office.today())
    ops, feed_no, plaintext = made["ops"], made["feed_no"], made["plaintext"]
    recipient = load_seal_pub(req["seal_key"])
    ephemeral = X25519PrivateKey.generate()
    e_pub = ephemeral.public_key().public_bytes_raw()
    nonce = os.urandom(12)
    body = {"format": RESPONSE_FORMAT, "format_version": FORMAT_VERSION,
            "office_code": office.origin, "office_sign_key": keys.sign_pub_text,
            "office_seal_key": keys.seal_pub_text, "device_id": device_id,
            "laptop_fingerprint": req["fingerprint"], "points": sorted(set(points)),
            "demo": office.demo or req["demo"], "feed_no": feed_no, "op_count": len(ops),
            "created_at": _utc_now(), "seal": {"ephemeral_pub": _b64(e_pub),
                                               "nonce": _b64(nonce)},
            "plaintext_sha256": hashlib.sha256(plaintext).hexdigest()}
    if server_url:
        body["sync"] = {"server_url": server_url, "auto_minutes": max(0, int(auto_minutes))}
    key = _seal_key(ephemeral.exchange(recipient), e_pub, recipient.public_bytes_raw(),
                    office.origin, device_id)
    body["ciphertext"] = _b64(AESGCM(key).encrypt(nonce, plaintext, canonical_json(body)))
    path = write_file(out, _signed_file("response", body, keys))
    return Accepted(path, device_id, req["fingerprint"], keys.fingerprint(),
                    tuple(sorted(set(points))), feed_no, len(ops))


def grant_lease(office: Book, point_code: str, device_id: str) -> Written:
    if not office.is_office:
        raise enrol_error("not_office_book")
    return devices.grant_lease(office, point_code, device_id, business_date=office.today())


def revoke_device(office: Book, device_id: str) -> Written:
    if not office.is_office:
        raise enrol_error("not_office_book")
    return devices.revoke(office, device_id, business_date=office.today())


# ---------------------------------------------------------------- 3. complete (laptop)

@dataclass(frozen=True)
class Completed:
    device_id: str
    office_code: str
    office_fingerprint: str
    points: tuple[str, ...]
    feed_no: int
    counts: dict[str, int]
    demo: bool


def read_response(path: str | os.PathLike[str]) -> dict[str, Any]:
    body = _read_signed(path, "response", RESPONSE_FORMAT, "office_sign_key")
    body["office_fingerprint"] = fingerprint(body["office_sign_key"], body["office_seal_key"])
    return body


def _open_response(body: Mapping[str, Any], keys: BookKeys
                   ) -> tuple[list[dict[str, Any]], bool]:
    """The pack's operations, and whether the plaintext is canonical JSON as a whole (then
    each operation is stored by its canonical line, not normalised again: decision 0226)."""
    clear = {k: v for k, v in body.items() if k not in ("ciphertext", "office_fingerprint")}
    try:
        e_pub = _unb64(body["seal"]["ephemeral_pub"], 32)
        nonce = _unb64(body["seal"]["nonce"], 12)
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
        shared = keys.seal_priv.exchange(X25519PublicKey.from_public_bytes(e_pub))
        key = _seal_key(shared, e_pub, keys.seal_pub.public_bytes_raw(), body["office_code"],
                        body["device_id"])
        plaintext = AESGCM(key).decrypt(nonce, _unb64(body["ciphertext"]),
                                        canonical_json(clear))
    except (InvalidTag, KeyError, TypeError, ValueError):
        raise enrol_error("enrol_file_invalid", why="seal") from None
    if hashlib.sha256(plaintext).hexdigest() != body.get("plaintext_sha256"):
        raise enrol_error("enrol_file_invalid", why="plaintext")
    doc = from_json(plaintext)
    ops = doc.get("ops")
    if not isinstance(ops, list) or len(ops) != body.get("op_count"):
        raise enrol_error("enrol_file_invalid", why="ops")
    return ops, is_canonical(plaintext, doc)


def complete(book: Book, username: str, password: str,
             response_path: str | os.PathLike[str]) -> Completed:
    """Finish enrolment on the laptop (the user who made the request, with its password)."""
    from .exchange import apply_office_rows, set_feed_cursor
    if book.is_office:
        raise enrol_error("not_point_book")
    if book.origin:
        raise enrol_error("already_enrolled", origin=book.origin)
    keys = unlock_keys(book, username, password)
    body = read_response(response_path)
    if body["laptop_fingerprint"] != keys.fingerprint():
        raise enrol_error("enrol_not_for_me", fp=body["laptop_fingerprint"])
    ops, canonical = _open_response(body, keys)
    device_id, office_code = body["device_id"], body["office_code"]
    counts: dict[str, int] = {}
    with book.transaction():
        if body["demo"]:
            book.set_setting("demo", "1")   # enrolled at a demo office: a demo book
        book.set_setting("origin", device_id)
        book.set_setting("device_id", device_id)
        book.set_setting("office_code", office_code)
        sync = body.get("sync")
        if isinstance(sync, dict) and isinstance(sync.get("server_url"), str):
            book.set_setting(SERVER_KEY, sync["server_url"])
            minutes = sync.get("auto_minutes")
            book.set_setting(AUTO_KEY, str(minutes if type(minutes) is int else 0))
        book.db.add(OriginHead(origin=device_id, seq=0, hash=GENESIS))
        book.db.merge(Device(id=office_code, sign_key=body["office_sign_key"],
                             seal_key=body["office_seal_key"],
                             fingerprint=body["office_fingerprint"], points=None,
                             demo=bool(body["demo"])))
        book.db.flush()
        # The pack: each account folded once at the end, the rows it creates added
        # without a lookup each (decision 0226).
        with posting.batch(book), absent.known(book, opening.new_keys(book, ops)), \
                absent.keep(book):
            results = apply_office_rows(book, ops, span=(1, body["feed_no"]) if ops else None,
                                        canonical=canonical)
        for r in results:
            counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
        set_feed_cursor(book, max(body["feed_no"], 0))
        office_users = {e["payload"]["username"] for e in ops if e.get("kind") == "user.set"}
        if office_users:
            book.db.execute(delete(AppUser).where(AppUser.username.not_in(office_users)))
        # The local copy keeps the enrolment password; office users who share it get theirs.
        own = book.db.get(BookKey, (username, KEY_PURPOSE))
        if own is not None:
            add_key_copy(book, keys, ENROL_COPY, password)
            book.db.delete(own)
            book.db.flush()
        for user in book.db.scalars(select(AppUser)):
            if user.active and verify_password(user.password_hash, password):
                add_key_copy(book, keys, user.username, password)
    book.user = None
    return Completed(device_id, office_code, body["office_fingerprint"],
                     tuple(body["points"]), body["feed_no"], counts, bool(body["demo"]))

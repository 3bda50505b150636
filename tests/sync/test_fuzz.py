"""Property-based fuzzing (hypothesis, bounded): the bundle reader given damaged and made-up
files, and `post`'s command reader and payload schema given arbitrary JSON, only ever answer
with a clear refusal (a DomainError), never another exception."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import schema
from sbpdesk.sync.bundle import MEMBERS, SenderInfo, read_bundle
from sbpdesk.sync.keys import generate_keys

from .test_bundle import LAPTOP, OFFICE, write

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
KEYS = {"laptop": generate_keys(), "office": generate_keys()}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("fuzz")
    return write(folder, KEYS["laptop"], KEYS["office"]).read_bytes()


def outcome(path) -> str:
    try:
        read_bundle(path, my_id=OFFICE, my_seal_priv=KEYS["office"].seal_priv,
                    known_senders={LAPTOP: SenderInfo(KEYS["laptop"].sign_pub_text)}.get,
                    accept_demo=False)
        return "read"
    except DomainError as e:
        assert e.vi and e.en
        return e.code


edits = st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert", "zero"]),
                           st.floats(0, 1, allow_nan=False), st.integers(0, 255)),
                 min_size=1, max_size=4)


@SETTINGS
@given(edits=edits)
def test_damaged_bundles_are_refused_or_read(tmp_path, good, edits):
    data = bytearray(good)
    for how, where, value in edits:
        at = min(int(where * len(data)), max(len(data) - 1, 0))
        if how == "flip" and data:
            data[at] ^= 1 << (value % 8)
        elif how == "cut":
            del data[at:]
        elif how == "insert":
            data[at:at] = bytes([value])
        elif data:
            data[at:at + value] = bytes(min(value, len(data) - at))
    path = tmp_path / "x.sbpbundle"
    path.write_bytes(bytes(data))
    outcome(path)   # anything but a DomainError fails the test


@SETTINGS
@given(members=st.lists(st.tuples(st.sampled_from([*MEMBERS, "other", "../x"]),
                                  st.binary(max_size=300)), max_size=5))
def test_made_up_zips_are_refused(tmp_path, members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            z.writestr(name, data)
    path = tmp_path / "x.sbpbundle"
    path.write_bytes(buf.getvalue())
    assert outcome(path) != "read"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["amount", "interest", "approved", "birth_date", "full_name", "x",
                         "payload", "business_date", "session_id", "counted"]) | st.text(
            max_size=8), inner, max_size=5), max_leaves=20)


@SETTINGS
@given(value=json_values, kind=st.sampled_from(["collection.record", "session.cash_difference",
                                                "person.register", "application.decide"]))
def test_any_payload_is_checked_without_crashing(value, kind):
    try:
        schema.check_payload(kind, value)
    except DomainError as e:
        assert e.vi and e.en


@SETTINGS
@given(text=st.text(max_size=200) | json_values.map(json.dumps))
def test_any_command_text_is_read_or_refused(tmp_path, text):
    from sbpdesk.cli.book import _read_command
    path = tmp_path / "c.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        _read_command(str(path))
    except DomainError as e:
        assert e.vi and e.en

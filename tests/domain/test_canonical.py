"""canonical_json: the bytes that are hashed and signed must not depend on how input was made."""
import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.domain.errors import DomainError


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def test_keys_sorted_and_no_whitespace():
    assert canonical_json({"b": 1, "a": [1, 2], "c": {"z": True, "y": None}}) == \
        b'{"a":[1,2],"b":1,"c":{"y":null,"z":true}}'


def test_insertion_order_does_not_matter():
    assert canonical_json({"x": 1, "y": 2}) == canonical_json({"y": 2, "x": 1})


def test_utf8_not_ascii_escapes():
    out = canonical_json({"name": "Đặng Thị Ánh"})
    assert out == '{"name":"Đặng Thị Ánh"}'.encode()
    assert b"\\u" not in out


def test_nfd_input_gives_identical_bytes():
    nfc_payload = {"name": "Nguyễn Văn Đức", "địa chỉ": ["Thôn Ấp Bắc", "xã Hòa Bình"]}
    nfd_payload = {"name": nfd("Nguyễn Văn Đức"),
                   nfd("địa chỉ"): [nfd("Thôn Ấp Bắc"), nfd("xã Hòa Bình")]}
    assert nfd_payload != nfc_payload                      # different code points in
    assert canonical_json(nfd_payload) == canonical_json(nfc_payload)   # same bytes out


def test_keys_sort_after_normalisation():
    # "é" NFD begins with "e" (0x65) but NFC "é" is 0xE9: sorting must see the NFC key,
    # so it lands after "f", not before it.
    assert canonical_json({nfd("é"): 1, "f": 2}) == '{"f":2,"é":1}'.encode()


def test_integers_booleans_null_and_big_ints():
    assert canonical_json([0, -5, True, False, None, 999_999_999_999_999, 10**30]) == \
        b"[0,-5,true,false,null,999999999999999,1000000000000000000000000000000]"


@pytest.mark.parametrize("value", [1.5, 0.0, float("nan"), float("inf"), {"a": [1, 2.0]}])
def test_floats_refused(value):
    with pytest.raises(DomainError) as err:
        canonical_json(value)
    assert err.value.code == "float_in_payload"


def test_dates_and_datetimes_as_iso():
    assert canonical_json({"d": dt.date(2026, 3, 5)}) == b'{"d":"2026-03-05"}'
    when = dt.datetime(2026, 3, 5, 7, 30, 0, tzinfo=dt.UTC)
    assert canonical_json([when]) == b'["2026-03-05T07:30:00+00:00"]'


def test_decimals_as_normalised_strings():
    # Rates travel as decimal strings; equal values give equal bytes.
    assert canonical_json([Decimal("6.240"), Decimal("6.24"), Decimal("1E+2")]) == \
        b'["6.24","6.24","100"]'


def test_tuples_are_lists():
    assert canonical_json({"t": (1, "a")}) == b'{"t":[1,"a"]}'


@pytest.mark.parametrize("value", [{1: "a"}, {("a",): 1}])
def test_non_string_keys_refused(value):
    with pytest.raises(DomainError) as err:
        canonical_json(value)
    assert err.value.code == "bad_key"


@pytest.mark.parametrize("value", [{1, 2}, b"bytes", object(), dt.time(7, 30)])
def test_unsupported_types_refused(value):
    with pytest.raises(DomainError) as err:
        canonical_json(value)
    assert err.value.code == "bad_type"


def test_keys_that_collide_after_nfc_are_refused():
    # Two different keys that become one after NFC: keeping either silently drops data
    # from what gets hashed and signed.
    with pytest.raises(DomainError) as err:
        canonical_json({"Hòa": 1, nfd("Hòa"): 2})
    assert err.value.code == "duplicate_key"


def test_round_trip():
    payload = {"amount": 1_200_000, "name": "Lê Thị Hằng", "items": [1, {"k": None}],
               "ok": True}
    data = canonical_json(payload)
    assert from_json(data) == payload
    assert from_json(data.decode("utf-8")) == payload
    assert canonical_json(from_json(data)) == data


@pytest.mark.parametrize("text", [b"1.5", b'{"rate":6.24}', b"[1e3]", b"NaN", b"[Infinity]",
                                  b"-Infinity"])
def test_from_json_refuses_floats_and_non_finite_constants(text):
    with pytest.raises(DomainError) as err:
        from_json(text)
    assert err.value.code == "float_in_payload"


def test_state_json_is_the_canonical_dump_whatever_its_strings_hold():
    """`state_json` dumps with `ensure_ascii` first and keeps that text only when it holds no
    backslash (decision 0266): the bytes stay `canonical_json`'s for Vietnamese text, quotes,
    backslashes, controls and escapes written out, and nested values."""
    from sbpdesk.domain.canonical import canonical_json, state_json
    for state in ({"a": "plain", "n": -12, "big": 10**15, "t": True, "f": False, "z": None},
                  {"full_name": "Nguyễn Thị Ánh", "flags": ["x"], "nested": [{"b": 1, "a": "ô"}]},
                  {"reason": 'a "quoted" word'}, {"path": "C:\\\\books"}, {"text": "\\u00e9"},
                  {"tab": "a\tb"}, {"é": 1, "e": 2}, {"l": [{"k": "Đ"}, {"k": "D"}]}):
        assert state_json(state) == canonical_json(state)
    with pytest.raises(UnicodeEncodeError):
        state_json({"a": "\ud800"})      # a lone surrogate: no UTF-8 text, as before


@pytest.mark.parametrize("text", ['{"a":1}', ' {"a":1}', '{"a":1} ', '{"a":1}\n', "[1,2]",
                                  '"x"', "1", "null", "", " ", '{"a":1}{}', '{"a":1}x', "{",
                                  '{"a":1.5}', "[NaN]", "Infinity", '{"a":-0}', "[1e5]",
                                  '{"é":"Đặng"}', '"\\ud800"', "[1,]"])
def test_from_json_reads_and_refuses_as_the_decoder_does(text):
    """from_json calls the scanner directly for a lone value (decision 0276): the same
    value, or the same error, as the decoder's `decode`."""
    from sbpdesk.domain import canonical

    def outcome(fn):
        try:
            return fn()
        except Exception as exc:
            return type(exc), str(exc)

    expected = outcome(lambda: canonical._DECODER.decode(text))
    assert outcome(lambda: from_json(text)) == expected
    assert outcome(lambda: from_json(text.encode("utf-8", "surrogatepass"))) == \
        outcome(lambda: canonical._DECODER.decode(text.encode("utf-8", "surrogatepass")
                                                  .decode("utf-8")))

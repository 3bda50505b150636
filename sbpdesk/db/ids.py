"""UUIDv7 identifiers (RFC 9562): 48 bits of Unix milliseconds, version, 12 random bits,
variant, 62 random bits. Time-ordered so indexes stay compact; never used to order
operations (the order key does that). The clock is read here, not in the domain.
"""
from __future__ import annotations

import os
import threading
import time

_lock = threading.Lock()
_last_ms = 0
_last_seq = 0


def uuid7() -> str:
    """A new UUIDv7 as its canonical 36-character string, monotonic within this process."""
    global _last_ms, _last_seq
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            # Same (or earlier, clock stepped back) millisecond: bump the 12-bit counter.
            ms = _last_ms
            _last_seq += 1
            if _last_seq > 0xFFF:
                ms += 1
                _last_seq = int.from_bytes(os.urandom(2), "big") & 0x7FF
        else:
            _last_seq = int.from_bytes(os.urandom(2), "big") & 0x7FF
        _last_ms = ms
        seq = _last_seq
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | seq << 64 | 0b10 << 62 | rand
    text = f"{value:032x}"      # as str(uuid.UUID(int=value)), without its checks
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

# ruff: noqa: F811 - the fixtures are imported from test_bundle and used as arguments
"""The bundle reader given paths and ZIPs an attacker (or a confused user) chooses: pipes,
devices, folders, huge files, and ZIP flag bits that zipfile itself refuses to read."""
from __future__ import annotations

import os
import struct
import threading
from pathlib import Path

import pytest

from sbpdesk.sync import bundle_file
from sbpdesk.sync.bundle import inspect_bundle
from sbpdesk.sync.errors import SyncError

from .test_bundle import laptop, office, read, refused, write  # noqa: F401 - fixtures

CENTRAL, LOCAL = b"PK\x01\x02", b"PK\x03\x04"


def both_refuse(path: Path, laptop, office) -> str:
    code = refused(path, laptop, office)
    with pytest.raises(SyncError) as err:
        inspect_bundle(path)
    assert err.value.code == code
    return code


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path, laptop, office):
    fifo = tmp_path / "x.sbpbundle"
    os.mkfifo(fifo)
    # Before the fix the reader blocked in open(); a writer that opens the FIFO lets such a
    # reader go on (to a different error), so the test fails instead of hanging.
    writer = threading.Thread(target=lambda: open(fifo, "wb").close(), daemon=True)
    writer.start()
    try:
        assert refused(fifo, laptop, office) == "bundle_not_a_file"
    finally:
        while writer.is_alive():   # a reader that opens releases the writer
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
            writer.join(0.05)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX devices")
def test_a_device_is_refused(laptop, office):
    assert both_refuse(Path("/dev/zero"), laptop, office) == "bundle_not_a_file"


def test_a_folder_is_refused(tmp_path, laptop, office):
    folder = tmp_path / "x.sbpbundle"
    folder.mkdir()
    err_code = both_refuse(folder, laptop, office)
    assert err_code == "bundle_not_a_file"


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, laptop, office):
    path = tmp_path / "huge.sbpbundle"
    with open(path, "wb") as f:
        f.truncate(bundle_file.MAX_FILE + 1)      # sparse: costs no disk
    assert both_refuse(path, laptop, office) == "bundle_too_large"


def flag_offsets(data: bytes) -> list[int]:
    """Offsets of the general-purpose flag of every local and central header."""
    out, at = [], 0
    while (at := data.find(LOCAL, at)) >= 0:
        out.append(at + 6)
        at += 4
    at = 0
    while (at := data.find(CENTRAL, at)) >= 0:
        out.append(at + 8)
        at += 4
    return out


def test_each_encrypted_flag_flip_is_a_clear_refusal(tmp_path, laptop, office):
    path = write(tmp_path, laptop, office)
    good = path.read_bytes()
    offsets = flag_offsets(good)
    assert len(offsets) == 6
    codes = set()
    for at in offsets:
        for bit in range(16):
            (flags,) = struct.unpack_from("<H", good, at)
            bad = bytearray(good)
            struct.pack_into("<H", bad, at, flags ^ (1 << bit))
            path.write_bytes(bytes(bad))
            try:   # some flips mean nothing to zipfile: the bundle still reads
                read(path, laptop, office)
                codes.add("read")
            except SyncError as e:
                codes.add(e.code)
    assert codes == {"read", "bundle_unreadable"}


# ---------------------------------------------------------------- a full stick

def test_a_full_stick_says_so_and_leaves_no_partial_file(small_disk, laptop, office):
    from tests.conftest import fill
    filler = fill(small_disk)
    with pytest.raises(SyncError) as err:
        write(small_disk, laptop, office)
    assert err.value.code == "bundle_disk_full"
    assert "USB" in err.value.vi and "full" in err.value.en
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
    filler.unlink()
    assert read(write(small_disk, laptop, office), laptop, office).ops


def test_fsync_refused_for_lack_of_space_is_a_full_stick(tmp_path, laptop, office,
                                                          monkeypatch):
    """Where no file system can be mounted: ENOSPC at the OS boundary."""
    import errno

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(bundle_file.os, "fsync", no_space)
    with pytest.raises(SyncError) as err:
        write(tmp_path, laptop, office)
    assert err.value.code == "bundle_disk_full"
    assert list(tmp_path.iterdir()) == []


def test_partial_files_of_an_interrupted_export_go_at_the_next_export(tmp_path, laptop,
                                                                      office):
    old = tmp_path / ".a-to-b-1-2.sbpbundle.0123abcd.partial"
    fresh = tmp_path / ".a-to-b-3-4.sbpbundle.89abcdef.partial"
    other = tmp_path / ".notes.partial"
    for p in (old, fresh, other):
        p.write_bytes(b"PK")
    os.utime(old, (1, 1))
    write(tmp_path, laptop, office)
    assert not old.exists() and fresh.exists() and other.exists()

"""packaging/windows/sbpdesk.iss agrees with the build and keeps its promises, read as text
(this machine cannot run Inno Setup: docs/windows.md says what was and was not tried)."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "windows" / "sbpdesk.iss"
SPEC = ROOT / "packaging" / "sbpdesk.spec"


def sections() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = ""
    for line in ISS.read_text("utf-8-sig").splitlines():
        line = line.strip()
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            found.setdefault(current, [])
        elif line and not line.startswith(";") and current:
            found[current].append(line)
    return found


def test_utf8_with_bom_so_inno_setup_reads_the_vietnamese():
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Điểm giao dịch" in raw.decode("utf-8-sig")


def test_it_installs_what_the_spec_builds_per_machine():
    spec = SPEC.read_text("utf-8")
    names = set(re.findall(r'EXE\([^)]*name="([\w-]+)"', spec))
    assert names == {"sbpdesk", "sbpdesk-cli"}
    assert 'COLLECT(' in spec and 'name="sbpdesk")' in spec
    s = sections()
    assert any(line.startswith('Source: "{#Dist}\\*"') for line in s["Files"])
    assert '#define Dist "..\\..\\dist\\sbpdesk"' in ISS.read_text("utf-8-sig")
    used = set(re.findall(r"\{app\}\\([\w-]+)\.exe", ISS.read_text("utf-8-sig")))
    assert used == names
    setup = dict(line.split("=", 1) for line in s["Setup"] if not line.startswith("#"))
    assert setup["PrivilegesRequired"] == "admin"
    assert setup["DefaultDirName"].startswith("{autopf}")


def test_start_menu_and_desktop_entries_are_vietnamese():
    icons = sections()["Icons"]
    assert any("{autodesktop}" in line for line in icons)
    assert any("Gỡ cài đặt" in line for line in icons)
    assert '#define AppTitle "sbpdesk – Điểm giao dịch NHCSXH"' in ISS.read_text("utf-8-sig")


def test_bundles_open_in_sbpdesk():
    registry = " ".join(sections()["Registry"])
    assert 'Subkey: "Software\\Classes\\.sbpbundle"' in registry
    assert 'ValueData: """{app}\\sbpdesk.exe"" ""%1"""' in registry


def test_the_data_folder_is_never_written_or_removed():
    s = sections()
    for name in ("InstallDelete", "UninstallDelete", "Dirs", "Files"):
        for line in s.get(name, []):
            assert not re.search(r"\{(localappdata|userappdata|commonappdata|userdocs)\}",
                                 line), line
    for line in s["InstallDelete"]:
        assert 'Name: "{app}\\' in line, line
    assert "UninstallDelete" not in s

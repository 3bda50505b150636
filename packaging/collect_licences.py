"""Write LICENCES.txt: every bundled component's licence, with the licence texts.

    python packaging/collect_licences.py [OUT]      (default: dist/sbpdesk/LICENCES.txt)

The list is sbpdesk.licences.components() (installed metadata, the fonts' licence files),
the same list the About dialog shows; each distribution's licence files are copied from its
metadata folder (for a wheel that carries none, the standard text its licence names, from
packaging/licences/). The PyInstaller spec calls `write` for the frozen build.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STANDARD = Path(__file__).resolve().parent / "licences"    # texts wheels do not carry


def write(out: Path, fonts_dir: Path) -> Path:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sbpdesk import licences
    from sbpdesk.version import version

    parts = [f"sbpdesk {version()} — bundled components and their licences\n"
             "(collected from installed metadata by packaging/collect_licences.py)\n"]
    for c in licences.components(fonts_dir):
        parts.append(f"  {c.name} {c.version}".rstrip() + f" — {c.licence}")
    standard: set[str] = set()
    for dist in licences.distributions():
        files = licences.licence_files(dist)
        for file in files:
            text = file.locate().read_text("utf-8", errors="replace")
            parts.append(f"\n\n===== {dist.metadata['Name']} {dist.version}: {file.name} =====\n")
            parts.append(text)
        if not files:   # no text in the wheel: the standard texts its expression names
            standard |= {p for p in STANDARD.glob("*.txt") if p.stem in licences.licence_of(dist)}
    if any(p.stem.startswith("LGPL-3.0") for p in standard):
        standard.add(STANDARD / "GPL-3.0-only.txt")     # the LGPL-3.0 amends the GPL-3.0
    for path in sorted(standard):
        parts.append(f"\n\n===== {path.stem} (for the distributions naming it above) =====\n")
        parts.append(path.read_text("utf-8"))
    for file in sorted(fonts_dir.rglob("*.txt")):
        parts.append(f"\n\n===== fonts: {file.relative_to(fonts_dir).as_posix()} =====\n")
        parts.append(file.read_text("utf-8", errors="replace"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "sbpdesk" / "LICENCES.txt"
    print(write(target, ROOT / "resources" / "fonts"))

"""The licences of what sbpdesk ships with, read from installed metadata, never typed.

`components()` walks the runtime requirements of the installed `sbpdesk` distribution
(its dependencies and the `office` extra, recursively) and reads each one's licence from
its metadata (License-Expression, else a one-line License field, else the License
classifier); the fonts' licences come from the licence files shipped beside them. The
About dialog shows the list; `packaging/licences.py` writes it, with the licence texts,
into the frozen build. The PyInstaller spec copies the same distributions' metadata, so the
frozen program finds it too.
"""
from __future__ import annotations

import platform
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

RUNTIME_EXTRAS = ("office", "encryption")   # PostgreSQL driver, SQLCipher: shipped, may be used


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    kind: str = "python"       # "python" (a distribution), "font", "runtime"


def _requirements(dist: metadata.Distribution,
                  extras: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    from packaging.requirements import Requirement
    names = []
    for text in dist.requires or []:
        req = Requirement(text)
        env_ok = req.marker is None or any(req.marker.evaluate({"extra": e})
                                           for e in ("", *extras))
        if env_ok:
            names.append((req.name, tuple(sorted(req.extras))))
    return names


def distributions(root: str = "sbpdesk") -> list[metadata.Distribution]:
    """`root`'s runtime requirement closure (installed ones only), `root` excluded."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [(root, RUNTIME_EXTRAS)]
    while todo:
        name, extras = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue    # an extra's driver not installed here: not shipped either
        seen[key] = dist
        todo += _requirements(dist, extras)
    seen.pop(re.sub(r"[-_.]+", "-", root).lower(), None)
    return sorted(seen.values(), key=lambda d: d.metadata["Name"].lower())


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    if meta.get("License-Expression"):
        return meta["License-Expression"]
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80:
        return text
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return classifier.split(" :: ")[-1]
    return text.splitlines()[0][:80] if text else "?"


def font_components(fonts_dir: Path) -> list[Component]:
    """One entry per licence file under `fonts_dir`: its first line names the fonts."""
    found = []
    for path in sorted(fonts_dir.rglob("*.txt")):
        text = path.read_text("utf-8", errors="replace")
        if "SIL Open Font License" not in text:
            continue
        version = re.search(r"SIL Open Font License,\s*Version\s*(\d+(?:\.\d+)*)", text)
        licence = f"OFL-{version.group(1)}" if version else "OFL"
        family = text.split("(", 1)[0].strip() or path.parent.name
        found.append(Component(family, "", licence, "font"))
    return found


def components(fonts_dir: Path | None = None) -> list[Component]:
    """Python itself, every runtime distribution, and the bundled fonts."""
    found = [Component("Python", platform.python_version(), "PSF-2.0", "runtime")]
    found += [Component(d.metadata["Name"], d.version, licence_of(d)) for d in distributions()]
    if fonts_dir is not None and fonts_dir.is_dir():
        found += font_components(fonts_dir)
    return found


def licence_files(dist: metadata.Distribution) -> list[metadata.PackagePath]:
    """The licence texts a distribution ships in its metadata folder."""
    return [f for f in dist.files or []
            if ".dist-info/" in f.as_posix()
            and re.search(r"licen[cs]e|copying|notice", f.name, re.I)]

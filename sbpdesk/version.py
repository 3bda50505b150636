"""The program's one version: written from git tags by setuptools-scm at build time.

`pip install` (editable or not) and the PyInstaller build write `sbpdesk/_version.py`
(`[tool.setuptools_scm]` in pyproject.toml; decision 0065); this module only reads it, so
`sbpdesk --version`, the About dialog, bundle manifests and the frozen program agree.
"""
from __future__ import annotations

UNKNOWN = "0+unknown"


def version() -> str:
    """"0.2.0", "0.2.1.dev4+g1a2b3c4" between tags, or "0+unknown" in a bare checkout."""
    try:
        from sbpdesk._version import version as written
        return str(written)
    except ImportError:
        pass
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed
    try:
        return installed("sbpdesk")
    except PackageNotFoundError:
        return UNKNOWN

"""Domain errors: every refusal carries a Vietnamese and an English message.

The GUI shows `vi` next to the field named by `field`; the CLI prints it; logs keep `code`.
"""
from __future__ import annotations


class DomainError(Exception):
    """A rule refused something. `code` is stable and machine-readable."""

    def __init__(self, code: str, vi: str, en: str, field: str | None = None):
        super().__init__(vi)
        self.code = code
        self.vi = vi
        self.en = en
        self.field = field

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.en!r})"

"""Reading printed PDFs back: text (pdftotext), words with positions (pdftotext -tsv), pages."""
from __future__ import annotations

import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


def _run(pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", *args, str(path), "-"], check=True,
                             capture_output=True)
    return out.stdout.decode("utf-8")


def text(pdf: bytes, layout: bool = False) -> str:
    return _run(pdf, "-layout") if layout else _run(pdf)


def flat(pdf: bytes) -> str:
    """All text with every run of whitespace folded to one space (lines wrap anywhere)."""
    return " ".join(text(pdf).split())


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join(t.split()) for t in text(pdf).split("\f") if t.strip()]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_size(pdf: bytes, index: int = 0) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return float(box.width), float(box.height)


def font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont")))
    return names


@dataclass(frozen=True)
class Word:
    page: int
    x: float
    y: float
    w: float
    text: str
    h: float = 0.0

    @property
    def cx(self) -> float:
        return self.x + self.w / 2


def words(pdf: bytes) -> list[Word]:
    out = []
    for line in _run(pdf, "-tsv").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        out.append(Word(int(parts[1]), float(parts[6]), float(parts[7]), float(parts[8]),
                        parts[11], float(parts[9])))
    return out


def lines(ws: list[Word], tolerance: float = 3.0) -> list[list[Word]]:
    """Words grouped into visual lines (same page, close baselines), top to bottom."""
    result: list[list[Word]] = []
    for w in sorted(ws, key=lambda w: (w.page, w.y, w.x)):
        if result and result[-1][0].page == w.page and abs(result[-1][0].y - w.y) <= tolerance:
            result[-1].append(w)
        else:
            result.append([w])
    return [sorted(line, key=lambda w: w.x) for line in result]


AMOUNT = re.compile(r"^\d{1,3}(?:\.\d{3})*$")


def amount(token: str) -> int:
    return int(token.replace(".", ""))


def layout_lines(pdf: bytes) -> list[list[str]]:
    """Each printed line (pdftotext -layout) as its list of words: a table row is one line."""
    return [line.split() for line in text(pdf, layout=True).splitlines() if line.strip()]


def has_row(pdf: bytes, *tokens: str) -> bool:
    """True if one printed line holds these words in this order (others may sit between)."""
    want = [w for t in tokens for w in t.split()]
    for words_ in layout_lines(pdf):
        i = 0
        for w in words_:
            if i < len(want) and w == want[i]:
                i += 1
        if i == len(want):
            return True
    return False

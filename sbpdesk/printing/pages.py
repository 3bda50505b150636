"""Page breaks every multi-page document shares: a signature block never stands alone on a
page. `layout.build()` passes each story through `keep_signatures()`, which binds every
signature block to the content it signs: the last rows of the ruled table before it (the
table's header repeats above them) or, without a table, the last paragraphs before it. A
table's caption (`Caption`, layout.captioned) never ends a page alone: it moves with the
table's first rows.
"""
from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

KEEP_ROWS = 3          # rows of the table that travel to the next page with the signatures
LOOK_BACK = 8          # flowables between a table and its signatures (totals, words, date)
KEEP_PARAGRAPHS = 3    # without a table: the paragraphs kept with the signatures


class SignatureBlock(KeepTogether):
    """The signature block of a document (layout.signature_block), found by keep_signatures."""


class Caption(Paragraph):
    """A paragraph that heads the table after it ("BÊN ỦY QUYỀN", "Kế hoạch trả nợ gốc")."""


class TableWithTail(Flowable):
    """A ruled table and what follows it up to the signatures. When the page breaks, at least
    `keep` of the table's last rows go to the next page with the tail."""

    def __init__(self, table: Table, tail: list[Flowable], keep: int = KEEP_ROWS,
                 head: list[Flowable] | None = None):
        super().__init__()
        self.table, self.tail, self.keep = table, tail, keep
        self.head = head or []      # the table's caption: it goes where the first rows go

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, 0xffffff     # as KeepTogether: the frame always asks split()

    def split(self, aw: float, ah: float) -> list[Flowable]:
        head = self.head
        ah -= _height(head, aw, self.canv)
        _, table_h = self.table.wrap(aw, ah)
        if table_h + _height(self.tail, aw, self.canv) <= ah:
            return [*head, self.table, *self.tail]
        heights = list(self.table._rowHeights)
        header = self.table.repeatRows if isinstance(self.table.repeatRows, int) else 0
        body = len(heights) - header
        used, fit = sum(heights[:header]), 0
        for h in heights[header:]:
            if used + h > ah:
                break
            used, fit = used + h, fit + 1
        rows = min(fit, body - min(self.keep, body))
        if rows <= 0:
            frame = getattr(self, "_frame", None)
            if frame is not None and getattr(frame, "_atTop", False):
                return [*head, self.table, *self.tail]   # cannot keep: let the content flow
            return []                               # start the table on the next page
        parts = self.table.split(aw, sum(heights[:header + rows]) + 0.01)
        if len(parts) != 2:
            return [*head, self.table, *self.tail]
        return [*head, parts[0], TableWithTail(parts[1], self.tail, self.keep)]


def _height(flowables: list[Flowable], aw: float, canv: object) -> float:
    """Height of flowables laid one after another (KeepTogether measured by its content)."""
    total = 0.0
    for f in flowables:
        if isinstance(f, KeepTogether):
            total += _height(f._content, aw, canv)
            continue
        _, h = f.wrapOn(canv, aw, 0x7fffffff)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def keep_signatures(story: list[Flowable]) -> list[Flowable]:
    """The story with each signature block bound to the content it signs."""
    out: list[Flowable] = []
    for f in story:
        if not isinstance(f, SignatureBlock):
            out.append(f)
            continue
        last = next((i for i in range(len(out) - 1, -1, -1)
                     if not isinstance(out[i], Spacer)), None)
        if last is not None and isinstance(out[last], TableWithTail):   # a second block
            out[last].tail += [*out[last + 1:], f]
            del out[last + 1:]
            continue
        start = _table_before(out)
        if start is not None:
            head = 1 if start and isinstance(out[start - 1], Caption) else 0
            out[start - head:] = [TableWithTail(out[start], [*out[start + 1:], f],
                                                head=out[start - head:start])]
            continue
        start = _paragraphs_before(out)
        if start is None:
            out.append(f)
        else:
            # f's own content: a KeepTogether nested in another measures 0xffffff high
            out[start:] = [KeepTogether([*out[start:], *f._content])]
    return out


def _paragraphs_before(out: list[Flowable]) -> int | None:
    """Start of the last few paragraphs before the signatures (a section heading and its
    lines), the spacers between them included."""
    start, count = None, 0
    for i in range(len(out) - 1, -1, -1):
        if isinstance(out[i], Spacer):
            continue
        if not isinstance(out[i], Paragraph) or count == KEEP_PARAGRAPHS:
            break
        start, count = i, count + 1
    return start


def _table_before(out: list[Flowable]) -> int | None:
    """Index of the ruled (header-repeating) table just before the signatures, if any."""
    for i in range(len(out) - 1, max(len(out) - 1 - LOOK_BACK, -1), -1):
        f = out[i]
        if isinstance(f, (SignatureBlock, TableWithTail, KeepTogether)):
            return None
        if isinstance(f, Table) and isinstance(f.repeatRows, int) and f.repeatRows > 0:
            return i
    return None

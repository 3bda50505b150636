"""Printing from the book: the data gathered from the book (`services.documents`) and the PDF
rendered, for a collection receipt saved in the posting figures and for the 13/TD statement
of a dedicated 60-member group after its session. The render-only figures come from
bench/print_bench.py (another engineer's) when it is present."""
from __future__ import annotations

from bench.common import figure, median, ms, not_built, ratio, timed

RECEIPT_TARGET_MS = 30
STATEMENT_TARGET_MS = 300


def render_only() -> list[dict]:
    try:
        from bench import print_bench
    except ImportError:
        return [not_built("print.receipt_a5", "ms", RECEIPT_TARGET_MS),
                not_built("print.statement_60_members", "ms", STATEMENT_TARGET_MS)]
    out = []
    for f in print_bench.figures():
        f = dict(f)
        if f["name"].startswith("print.receipt"):
            f["detail"] = (f"render only, synthetic data (print_bench); issue target "
                           f"{RECEIPT_TARGET_MS} ms (print_bench's own: {f['target']} ms)")
            f["target"] = RECEIPT_TARGET_MS
        else:
            f["detail"] = "render only, synthetic data (print_bench)"
        f.setdefault("baseline", None)
        f.setdefault("cmp", "<=")
        f["ratio"] = ratio(f["value"], f["baseline"])
        f.setdefault("ratio_target", None)
        out.append(f)
    return out


def from_book(book, receipt_no: str | None, group_id: str, day, repeat: int = 5) -> list[dict]:
    from sbpdesk.printing import render_receipt, render_statement
    from sbpdesk.services.documents import receipts, statements
    out = []
    if receipt_no:
        def receipt():
            data = receipts.receipt(book, receipt_no)
            book.end_read()
            return render_receipt(data, "a5")
        receipt()
        samples = [timed(receipt)[0] for _ in range(repeat * 4)]
        out.append(figure("print.receipt_from_book", ms(median(samples)), "ms",
                          RECEIPT_TARGET_MS,
                          detail=f"receipt {receipt_no}: documents.receipts.receipt + A5 PDF; "
                                 f"median of {len(samples)}"))

    def statement():
        data = statements.statement(book, group_id, day)
        book.end_read()
        return data, render_statement(data)
    (data, _pdf) = statement()
    samples = [timed(statement)[0] for _ in range(repeat)]
    out.append(figure("print.statement_60_from_book", ms(median(samples)), "ms",
                      STATEMENT_TARGET_MS,
                      detail=f"{len(data.rows)} rows after the session: statements.statement + "
                             f"PDF; median of {len(samples)}"))
    return out

"""Print a document from the book and record the print.

`produce(book, selector, …)` builds the document's data (the services gather it:
`services.documents.catalogue.build`), records the print in
`print_log` (`services.prints.record_prints`, which returns the copy number), draws the marks
— "BẢN SAO (lần n)" on a reprint, "ĐÃ HỦY" on a reversed operation's receipt, "DỮ LIỆU MẪU"
in a demo book — and renders the PDF, all in one transaction: a print that fails to render
(or to be written to `out`) is not counted. The CLI (which writes a file on request) prints
this way; the reports page's "Lưu PDF" records at once too, through `preview` + `record`
below (its file name depends on the copy number recorded).

The GUI's print preview records nothing: `preview(book, selector, …)` renders the document
with the copy number the next print would get (`prints.next_copy_no`). Only when the pages
are sent to a printer does `record(book, previews, …)` record them, in one transaction: it
builds each document again, records it and re-renders it when the recorded copy number (or
the document, e.g. reversed meanwhile) differs from the preview, so the paper always carries
the number the register gave it; `out` names the file kept for each recorded print
(`kept_name`). `withdraw(book, recorded)` takes the prints back when no page could be sent.

Selectors (what `sbpdesk print` takes) and their keys:

| selector | keys | print_log document / key |
|---|---|---|
| receipt | number (receipt number or op_id) | receipt / receipt number |
| application | application | application / id |
| contract | loan | contract / loan id |
| authorisation | household | authorisation / household id |
| proposal | group, date, programme (one per list) | proposal / group id:date[:programme] |
| approval | application | approval / application id |
| statement | group, date | statement / group id:date:before or after |
| session | session | session / id |
| overdue | point, as_of, kind ("overdue" or "due_next_month") | kind / point:as_of |
| notice | point, as_of | notice / point:as_of |
| loanbook | household | loanbook / household id:as_of |
| relief | point, as_of, group (optional) | relief / point:as_of[:group id] |
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import prints
from sbpdesk.services.context import Book
from sbpdesk.services.documents.catalogue import build

from . import (
    render_application,
    render_approval,
    render_authorisation,
    render_contract,
    render_due_list,
    render_loanbook,
    render_notice,
    render_proposal,
    render_receipt,
    render_relief_list,
    render_session_report,
    render_statement,
)

PAPERS = ("a5", "thermal")


@dataclass(frozen=True)
class Printed:
    """One rendered document. `recorded` False: a preview, marked with the copy number the
    next print would get, not in print_log. `out`: the file it was written to, if any."""
    pdf: bytes
    document: str
    key: str
    copy_no: int
    cancelled: bool
    data: Any
    selector: str = ""
    paper: str = "a5"
    keys: tuple[tuple[str, Any], ...] = ()
    recorded: bool = True
    out: str | None = None


def paper_of(selector: str, paper: str = "a5") -> str:
    """The paper a document is printed on, as the register records it: a receipt's A5 or
    80 mm thermal roll, A4 (portrait or landscape) for every other document."""
    return paper if selector == "receipt" else "a4"


def renderer(selector: str, data: Any, paper: str = "a5") -> Callable[[Any], bytes]:
    if selector == "receipt":
        if paper not in PAPERS:
            raise DomainError("print_bad_paper", f"Khổ giấy không hợp lệ: {paper}",
                              f"Unknown paper: {paper}")
        return lambda d: render_receipt(d, paper)
    if selector == "overdue":
        return render_due_list
    return {"application": render_application, "contract": render_contract,
            "authorisation": render_authorisation, "proposal": render_proposal,
            "approval": render_approval, "statement": render_statement,
            "session": render_session_report, "notice": render_notice,
            "loanbook": render_loanbook, "relief": render_relief_list}[selector]


def produce(book: Book, selector: str, *, paper: str = "a5", user: str | None = None,
            out: str | Path | None = None, **keys: Any) -> Printed:
    """Build, record, mark and render one document (and write it to `out` if given)."""
    document, key, data = build(book, selector, **keys)
    render = renderer(selector, data, paper)
    book.end_read()
    made: dict[str, Any] = {}

    def keep(_: int, copy_no: int) -> None:     # inside the print's transaction
        made["data"] = _marked(data, copy_no)
        made["pdf"] = render(made["data"])
        if out is not None:
            write_atomic(Path(out), made["pdf"])
    copy_no, = prints.record_prints(book, [(document, key, paper_of(selector, paper))], keep,
                                    user=user)
    return Printed(made["pdf"], document, key, copy_no, made["data"].mark.cancelled,
                   made["data"])


def _marked(data: Any, copy_no: int) -> Any:
    return dataclasses.replace(data, mark=dataclasses.replace(data.mark, copy_no=copy_no))


def preview(book: Book, selector: str, *, paper: str = "a5", **keys: Any) -> Printed:
    """Build and render one document marked with the copy number its next print would get.

    Reads only: nothing is recorded and no file is written (`recorded` is False). Pass the
    result to `record` when the pages go to paper.
    """
    document, key, data = build(book, selector, **keys)
    render = renderer(selector, data, paper)
    data = _marked(data, prints.next_copy_no(book, document, key))
    book.end_read()
    return Printed(render(data), document, key, data.mark.copy_no, data.mark.cancelled, data,
                   selector, paper, tuple(keys.items()), recorded=False)


def record(book: Book, previews: Sequence[Printed], *, user: str | None = None,
           out: Callable[[Printed], str | Path | None] | None = None) -> tuple[Printed, ...]:
    """Record the prints of previewed documents as their pages go to paper.

    One transaction for all of them: each document is built again from the book, recorded
    (`prints.record_print`) and marked with the copy number recorded. The preview's PDF is
    kept when nothing differs; otherwise (someone printed it meanwhile, the operation was
    reversed …) the document is rendered again, so paper and register agree. `out(printed)`
    gives the file to keep each recorded PDF in (written inside the transaction, so a print
    whose file cannot be written is not counted).
    """
    if any(not p.selector for p in previews):
        raise ValueError("record() takes documents made by preview()")
    built = [build(book, p.selector, **dict(p.keys)) for p in previews]
    book.end_read()
    done: list[Printed] = []
    written: list[Path] = []

    def keep(i: int, copy_no: int) -> None:     # inside the prints' transaction
        p, (document, key, data) = previews[i], built[i]
        data = _marked(data, copy_no)
        pdf = p.pdf if (document, key, data) == (p.document, p.key, p.data) else (
            renderer(p.selector, data, p.paper)(data))
        printed = Printed(pdf, document, key, copy_no, data.mark.cancelled, data,
                          p.selector, p.paper, p.keys, recorded=True)
        path = out(printed) if out is not None else None
        if path is not None:
            write_atomic(Path(path), pdf)
            written.append(Path(path))
            printed = dataclasses.replace(printed, out=str(path))
        done.append(printed)
    try:
        prints.record_prints(book, [(document, key, paper_of(p.selector, p.paper))
                                    for p, (document, key, _) in zip(previews, built,
                                                                     strict=True)],
                             keep, user=user)
    except BaseException:
        # Nothing was recorded: the files already written for the first documents would be
        # receipts in the prints folder that the register does not know (decision 0045).
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return tuple(done)


def withdraw(book: Book, recorded: Sequence[Printed]) -> int:
    """Take back prints `record` made when no page reached the printer (the job could not be
    started): each print log row that is still its document's latest is removed, with its
    kept file. Returns how many were withdrawn."""
    done = prints.withdraw_prints(book, [(p.document, p.key, p.copy_no) for p in recorded])
    for p, withdrawn in zip(recorded, done, strict=True):
        if withdrawn and p.out:
            Path(p.out).unlink(missing_ok=True)
    return sum(done)


def kept_name(stem: str, copy_no: int = 0, cancelled: bool = False) -> str:
    """The file name a recorded print is kept under: `stem.pdf` for the original,
    `stem-da-huy…` for a reversed operation's receipt, `…-ban-sao-n.pdf` for the nth
    reprint, so a copy never overwrites the original's file."""
    name = stem.replace(":", "_").replace("/", "_").replace("\\", "_")
    if cancelled:
        name += "-da-huy"
    if copy_no:
        name += f"-ban-sao-{copy_no}"
    return name + ".pdf"


def write_atomic(path: Path, content: bytes) -> None:
    """Write via a temporary file in the same folder, so a reader never sees half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

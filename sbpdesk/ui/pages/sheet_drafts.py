"""The 13/TD sheet's drafts (issue 14): what is typed is kept in the book at every change
(`services.drafts`, not the journal) and shown again when the group is loaded, so it survives
a page switch, a group change, opening the session, closing the window and a power cut.
Leaving the group or the page with typed entries asks: keep as draft, save (the save button's
own path), discard or stay. A mixin of `SheetPage`, like `sheet_print.GroupReceipts`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QCoreApplication

from . import ask_unsaved
from .sheet_model import SheetRow

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class SheetDrafts:
    def draft(self):
        """What is typed now, as the book keeps it."""
        from sbpdesk.services.drafts import DraftLine, SheetDraft

        lines = tuple(
            DraftLine(
                r.line.person_id,
                r.line.loan_id,
                r.interest,
                r.principal,
                r.savings,
                r.from_savings,
                r.bl_no,
            )
            for r in self.model.rows()
            if r.entered or r.bl_no
        )
        session = self.state.session
        return SheetDraft(
            self.sheet.group_id,
            session.id if session else None,
            "",
            lines,
            self.counted.amount(),  # None when empty or not readable yet
            self.reason.text().strip(),
        )

    def keep_draft(self) -> bool:
        """Keep what is typed as the group's draft in the book (a write on the worker)."""
        if self.sheet is None or self.worker is None:
            return False
        if self.reloading:  # just saved: the book holds it, no draft
            return True
        if self.worker.is_closed():  # the program is ending: kept at the last change
            return True
        draft = self.draft()

        def keep(book):
            from sbpdesk.services import drafts

            drafts.keep_sheet(book, draft)

        self.worker.write(keep, on_error=self.error.show_error, name="keep draft")
        return True

    def unsaved(self) -> str:
        if self.reloading:  # saved: the book holds it
            return ""
        n = sum(1 for r in self.model.rows() if r.entered)
        return translate("SheetPage", "{n} dòng đã nhập").format(n=n) if n else ""

    def discard(self) -> None:
        """Forget what is typed on this group, in the book too."""
        if self.sheet is None:
            return
        group_id = self.sheet.group_id
        if self.worker is None or self.worker.is_closed():
            return
        self.model.set_rows([SheetRow(r.line) for r in self.model.rows()])
        self.counted.set_amount(None)
        self.reason.clear()
        self._update_totals()

        def forget(book):
            from sbpdesk.services import drafts

            drafts.discard_sheet(book, group_id)

        self.worker.write(forget, name="discard draft")

    # --- leaving the group or the page with typed entries --------------------------------------

    def _group_chosen(self, index: int) -> None:
        group_id = self.group_box.itemData(index)
        if not group_id or (self.sheet is not None and group_id == self.sheet.group_id):
            return
        what = self.unsaved()
        choice = ask_unsaved(self, self, translate(
            "SheetPage", "“{group}” còn số liệu chưa lưu: {what}.").format(
            group=self.sheet.group_name, what=what)) if what else "draft"
        if choice in ("stay", "save"):  # the box shows the group being left until it is saved
            self.group_box.blockSignals(True)
            self.group_box.setCurrentIndex(max(0, self.group_box.findData(self.sheet.group_id)))
            self.group_box.blockSignals(False)
            if choice == "save":
                self.save_then(lambda: self.load_group(group_id))
            return
        if choice == "discard":
            self.discard()
        elif what:
            self.keep_draft()
        self.load_group(group_id)

    def save_then(self, done) -> bool:
        """Save as the button does; `done` runs once the group is in the book (leaving the page
        or the group, closing). Refused, the error shows here and nothing moves."""
        self._after_save = done
        self.save()
        if not self.reloading and not (self._approval is not None
                                       and self._approval.isVisible()):
            self._after_save = None  # refused before writing
        return True

    def _drop_after_save(self) -> None:
        self._after_save = None

    def label_draft(self) -> None:
        d = self.restored
        if d is not None and d.lines:
            when = _saved_time(d.saved_at)
            self.draft_note.setText(
                translate("SheetPage", "Bản nháp chưa lưu: {n} dòng (ghi lúc {time}).").format(
                    n=len(d.lines), time=when.astimezone().strftime("%H:%M") if when else "—"
                )
            )
        self.draft_note.setVisible(d is not None and bool(d.lines))


def group_with_draft(book, group_id, on, session_id):
    """(the group's sheet, its draft, the rounding tolerance), or None without a group."""
    from sbpdesk.services import collections, drafts, sessions

    if not group_id:
        return None
    return (
        collections.group_sheet(book, group_id, on),
        drafts.sheet_draft(book, group_id, session_id),
        sessions.rounding_tolerance(book, on),
    )


def _saved_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def with_draft(row: SheetRow, typed) -> SheetRow:
    if typed is None:
        return row
    return dataclasses.replace(
        row,
        interest=typed.interest,
        principal=typed.principal,
        savings=typed.savings,
        from_savings=typed.from_savings,
        bl_no=typed.bl_no,
    )

"""The session page's drafts (issue 14: the opening cash counted note by note, the controller
chosen and the closing count vanished on closing the window or in a power cut). Each form
keeps a draft (`form_draft.FormDraft`): the opening form one per point
(`session:open:<point>`), the closing count one per session (`session:close:<session id>`);
the page shows it again when the form is empty, and opening or closing the session removes it
in its own transaction. A mixin of `SessionPage`.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from .form_draft import FormDraft

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def _pieces(count) -> dict:
    return {f"n{d}": n for d, n in count.pieces().items()}


def _counted(fields: dict) -> dict[int, int]:
    return {int(k[1:]): v for k, v in fields.items()
            if k.startswith("n") and k[1:].isdigit() and type(v) is int and v > 0}


class SessionDrafts:
    def build_drafts(self) -> None:
        self.open_draft = FormDraft(self, self.typed_open)
        self.open_draft.watch(self.opening_count.changed, self.second_reason.textChanged,
                              self.controller_box.activated, self.date_edit.textEdited)
        self.close_draft = FormDraft(self, self.typed_close)
        self.close_draft.watch(self.count.changed, self.reason.textChanged)

    def typed_open(self) -> dict:
        reason = self.second_reason.text().strip()
        if not self.opening_count.touched and not reason:
            return {}
        return {"date": self.date_edit.text().strip(), "reason": reason,
                "controller": self.controller_box.currentData() or "",
                **_pieces(self.opening_count)}

    def typed_close(self) -> dict:
        reason = self.reason.text().strip()
        if not self.count.touched and not reason:
            return {}
        return {"reason": reason, **_pieces(self.count)}

    def draft_keys(self, code: str, current) -> tuple[str, str | None]:
        return f"session:open:{code}", f"session:close:{current.id}" if current else None

    @staticmethod
    def read_drafts(book, keys: tuple[str, str | None]):
        from sbpdesk.services import drafts
        return tuple(drafts.form_draft(book, key) if key else None for key in keys)

    def restore_drafts(self, keys, kept) -> None:
        """Put back the kept counts of the form shown, when nothing is typed in it yet."""
        self.open_draft.set_key(keys[0])
        self.close_draft.set_key(keys[1])
        opening, closing = kept
        if self.state.session is None and opening and not self.typed_open():
            with self.open_draft.quiet():
                if opening.get("date"):
                    self.date_edit.setText(str(opening["date"]))
                index = self.controller_box.findData(opening.get("controller"))
                if index >= 0:
                    self.controller_box.setCurrentIndex(index)
                self.second_reason.setText(str(opening.get("reason") or ""))
                self.opening_count.set_pieces(_counted(opening))
            self.draft_note.setText(self.restored_text())
        elif self.state.session is not None and closing and not self.typed_close():
            with self.close_draft.quiet():
                self.reason.setText(str(closing.get("reason") or ""))
                self.count.set_pieces(_counted(closing))
            self.draft_note.setText(self.restored_text())

    @staticmethod
    def restored_text() -> str:
        return translate("SessionPage", "Đã mở lại số liệu kiểm đếm đang nhập dở (bản nháp "
                         "chưa lưu).")

    def unsaved(self) -> str:
        if self.state.session is None and self.typed_open():
            return translate("SessionPage", "tiền mặt đầu phiên đang kiểm đếm")
        if self.state.session is not None and self.typed_close():
            return translate("SessionPage", "tiền mặt cuối phiên đang kiểm đếm")
        return ""

    def keep_draft(self) -> bool:
        kept = [draft.keep() for draft in (self.open_draft, self.close_draft) if draft.key]
        return bool(kept) and all(kept)

    def discard(self) -> None:
        for draft in (self.open_draft, self.close_draft):
            draft.forget()
        self.reset_forms()

    def reset_forms(self) -> None:
        """Empty both forms (opened, closed, discarded) without writing a draft."""
        with self.open_draft.quiet(), self.close_draft.quiet():
            self.count.reset()
            self.opening_count.reset()
            self.reason.clear()
            self.second_reason.clear()
        self.draft_note.clear()

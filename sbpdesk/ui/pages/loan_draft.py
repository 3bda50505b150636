"""The loan page's draft (issue 14: amounts typed for a repayment, a reason typed for an
extension or a reversal vanished on closing the window or a power cut, and went with the page
to the next loan opened). What is typed is kept per loan (`form_draft.FormDraft`, form
`loan:<loan id>`), put back when that loan is opened again — after a restart the loan page
opens the loan last typed on — and the part an action posts leaves the draft in that
action's transaction. A mixin of `LoanPage`.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from .form_draft import FormDraft

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

FORM = "loan:"


class LoanDraft:
    def build_draft(self) -> None:
        self.disburse_prefill = ""      # the amount the page offers is not typing
        self.fields = {"disburse": self.disburse_amount, "interest": self.repay_interest,
                       "principal": self.repay_principal, "change_date": self.change_date,
                       "change_reason": self.change_reason,
                       "reverse_reason": self.reverse_reason}
        self.form_draft = FormDraft(self, self.typed)
        self.form_draft.watch(*(edit.textChanged for edit in self.fields.values()),
                              self.change_type.activated)

    def typed(self) -> dict:
        """What is typed for this loan by field, or {} when nothing is."""
        texts = {k: edit.text().strip() for k, edit in self.fields.items()}
        if texts["disburse"] == self.disburse_prefill:
            texts["disburse"] = ""
        texts = {k: v for k, v in texts.items() if v}
        if not texts:
            return {}
        return {**texts, "change_type": self.change_type.currentData() or "",
                "tab": self.actions.currentIndex()}

    def unsaved(self) -> str:
        return translate("LoanPage", "số liệu khoản vay đang nhập") if self.typed() else ""

    def keep_draft(self) -> bool:
        return self.form_draft.keep()

    def discard(self) -> None:
        self.form_draft.forget()
        self.clear_fields(self.fields)

    def clear_fields(self, keys) -> None:
        with self.form_draft.quiet():
            for key in keys:
                edit = self.fields[key]
                edit.clear()
                if hasattr(edit, "validate"):     # an amount or a date: its error goes too
                    edit.show_error(None)

    def remaining(self, *posted: str) -> dict:
        """The draft once the fields an action posts are gone (kept in its transaction)."""
        left = {k: v for k, v in self.typed().items() if k not in posted}
        return left if set(left) - {"change_type", "tab"} else {}

    @staticmethod
    def read_draft(book, loan_id: str | None):
        """(loan id, kept fields) on the worker: the loan's draft, or — no loan chosen, as
        after a restart — the loan whose draft was kept last."""
        from sbpdesk.services import drafts
        if loan_id is None:
            form = drafts.newest_form(book, FORM)
            loan_id = form[len(FORM):] if form else None
        return loan_id, drafts.form_draft(book, FORM + loan_id) if loan_id else None

    def switch_draft(self, loan_id: str, kept: dict | None) -> None:
        """Another loan is shown: keep this one's draft, empty the form, show the new one's."""
        if self.form_draft.key == FORM + loan_id:
            return
        self.form_draft.set_key(FORM + loan_id)
        self.clear_fields(self.fields)
        if not kept:
            return
        with self.form_draft.quiet():
            for key, edit in self.fields.items():
                if isinstance(kept.get(key), str):
                    edit.setText(kept[key])
            index = self.change_type.findData(kept.get("change_type"))
            if index >= 0:
                self.change_type.setCurrentIndex(index)
        self.restored_tab = kept.get("tab") if type(kept.get("tab")) is int else None
        self.message.setText(translate(
            "LoanPage", "Đã mở lại số liệu đang nhập dở của khoản vay này (bản nháp chưa lưu)."))

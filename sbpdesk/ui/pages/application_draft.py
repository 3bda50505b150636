"""The loan application form's draft (issue 14: a typed form vanished on a page switch or a
power cut): what is typed is kept in the book (`services.drafts.keep_form`, not the journal)
a moment after each change, shown again when the page loads with an empty form, and removed
in the transaction that submits the application. A mixin of `ApplicationPage`.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

QUIET_MS = 400   # keep the draft this long after the last keystroke


class ApplicationDraft:
    def build_draft(self) -> None:
        self.restoring = False
        self.draft_restored = False
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(QUIET_MS)
        self._draft_timer.timeout.connect(self.keep_draft)
        for signal in (self.amount.textChanged, self.purpose.textChanged):
            signal.connect(lambda _=None: self.draft_changed())
        for signal in (self.programme.activated, self.term.valueChanged,
                       self.frequency.valueChanged):
            signal.connect(lambda _=None: self.draft_changed())

    def form_key(self) -> str:
        return f"application:{self.state.point_code or ''}"

    def typed(self) -> dict:
        """The form's fields, or {} when nothing was typed (defaults are not typing)."""
        p, amount, purpose = self.person, self.amount.amount(), self.purpose.text().strip()
        if p is None and amount is None and not purpose:
            return {}
        return {"household_id": p.household_id if p else None,
                "person_id": p.id if p else None, "amount": amount, "purpose": purpose,
                "programme": self.programme.currentData(), "term": self.term.value(),
                "frequency": self.frequency.value()}

    def draft_changed(self) -> None:
        if not self.restoring:
            self._draft_timer.start()

    def keep_draft(self) -> bool:
        self._draft_timer.stop()
        if self.worker is None or self.worker.is_closed():
            return self.worker is not None
        key, fields = self.form_key(), self.typed()

        def keep(book):
            from sbpdesk.services import drafts
            drafts.keep_form(book, key, fields)
        self.worker.write(keep, name="keep application draft")
        return True

    def unsaved(self) -> str:
        return translate("ApplicationPage", "hồ sơ vay đang nhập") if self.typed() else ""

    def discard(self) -> None:
        self.person = None
        self.amount.set_amount(None)
        self.purpose.clear()
        self._draft_timer.stop()
        key = self.form_key()
        if self.worker is not None and not self.worker.is_closed():
            def forget(book):
                from sbpdesk.services import drafts
                drafts.discard_form(book, key)
            self.worker.write(forget, name="discard application draft")
        self.translate_ui()

    @staticmethod
    def read_draft(book, key: str):
        """(fields, person row) of the kept draft, on the worker; None when there is none."""
        from sbpdesk.services import customers, drafts
        fields = drafts.form_draft(book, key)
        if fields is None:
            return None
        person = None
        if fields.get("household_id"):
            household = customers.get_household(book, str(fields["household_id"]))
            person = next((m for m in (household.members if household else ())
                           if m.id == fields.get("person_id")), None)
        return fields, person

    def restore(self, kept) -> None:
        """Show the kept draft, unless something is being typed already."""
        if kept is None or self.typed():
            return
        fields, person = kept
        self.restoring = True
        try:
            self.person = person
            if fields.get("programme"):
                self.programme.setCurrentIndex(
                    max(0, self.programme.findData(fields["programme"])))
            amount = fields.get("amount")
            self.amount.set_amount(amount if type(amount) is int else None)
            self.purpose.setText(str(fields.get("purpose") or ""))
            for box, key in ((self.term, "term"), (self.frequency, "frequency")):
                if type(fields.get(key)) is int:
                    box.setValue(fields[key])
        finally:
            self.restoring = False
        self.draft_restored = True
        self.message.setText(translate(
            "ApplicationPage", "Đã mở lại hồ sơ đang nhập dở (bản nháp chưa lưu)."))
        self.translate_ui()

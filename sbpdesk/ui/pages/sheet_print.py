"""The collection sheet's receipts after a save (Ctrl+P): the group's receipts previewed,
each marked with the copy number its next print would get, and sent to the printer chosen
in Settings as one job (`ui.printing.print_documents`). A receipt is recorded in the print
log, and kept as a PDF under <data>/prints/<date>/<group>/, only when it is sent to the
printer (or to a file from the preview); closing the preview records nothing
(docs/decisions/0045-print-recorded-on-paper.md).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMenu, QToolButton

from .papers import print_paper, printed_text

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

PART = 8  # receipts made on the worker between two additions to the open preview


class GroupReceipts:
    """Mixed into SheetPage: uses its worker, state, last_result/last_group, buttons and
    labels."""

    def receipt_numbers(self) -> list[str]:
        result = self.last_result
        if result is None:
            return []
        numbers = [p.receipt_no or p.op_id for p in result.posted]
        numbers.append(result.handover.receipt_no or result.handover.op_id)  # leader's receipt
        return numbers

    def print_folder(self) -> Path:
        base = self.state.data_dir or Path.home()
        day = self.state.business_date().isoformat()
        group = self.last_group.group_id[-8:] if self.last_group else "group"
        return base / "prints" / day / group

    def print_receipts(self) -> None:
        numbers = self.receipt_numbers()
        if not numbers:
            return
        self.error.clear_error()
        from .. import printing

        paper = printing.saved_paper()
        paper = paper if paper in ("a5", "thermal") else "a5"  # the receipt layouts
        self.print_button.setEnabled(False)

        def part(chunk):
            def make(book):
                from sbpdesk.printing import record

                return tuple(record.preview(book, "receipt", paper=paper, number=number)
                             for number in chunk)
            return make

        # the first receipt opens the preview; the others follow in parts (issue 14: making
        # all 61 before the preview showed took 3–6 s)
        parts = [part(numbers[:1])] + [part(numbers[k:k + PART])
                                       for k in range(1, len(numbers), PART)]

        def failed(error) -> None:
            self.print_button.setEnabled(True)
            self.error.show_error(error)

        def shown(previews):
            self.print_button.setEnabled(True)
            return self._previewed(previews, expected=len(numbers))

        printing.prepare_in_parts(self.worker, parts, shown, failed, name="print preview")

    def _previewed(self, previews, expected: int | None = None):
        """Preview the receipts (`expected` of them, the first ones made); they are recorded
        and kept as files only when printed."""
        from sbpdesk.printing.record import kept_name

        from .. import printing

        self.paper_printed = None
        folder = self.print_folder()
        self.result_label.setText(
            translate(
                "SheetPage",
                "Xem trước {n} biên lai. Biên lai chỉ được ghi vào sổ in khi bấm In.",
            ).format(n=expected or len(previews))
        )
        group = self.last_group.group_name if self.last_group else ""
        self.print_dialog = printing.print_documents(
            self,
            self.worker,
            previews,
            user=self.state.username,
            out=lambda p: folder / kept_name(p.key, p.copy_no, p.cancelled),
            on_error=self.error.show_error,
            on_done=self._paper_done,
            preview=True,
            printer_name=printing.saved_printer(),
            paper=printing.saved_paper(),
            title=translate("SheetPage", "Biên lai {group}").format(group=group),
            expected=expected,
        )
        return self.print_dialog

    def _paper_done(self, recorded) -> None:
        from .. import printing

        self.print_dialog = None
        self.paper_printed = bool(recorded)
        if not recorded:
            self.result_label.setText(printing.not_printed_text())
            return
        self.printed_keys = [p.key for p in recorded]
        self.printed = [Path(p.out) for p in recorded if p.out]
        self.open_folder_button.setVisible(True)
        copies = sum(1 for p in recorded if p.copy_no)
        text = translate(
            "SheetPage", "Đã gửi {n} biên lai ra máy in (tệp PDF trong thư mục {folder})"
        ).format(n=len(recorded), folder=self.print_folder())
        if copies:
            text += " " + translate("SheetPage", "— {k} biên lai in là BẢN SAO.").format(
                k=copies
            )
        self.result_label.setText(text)

    # --- the group's other papers (issue 14: only the command line printed them) ------------

    def build_papers_button(self) -> QToolButton:
        """"Giấy tờ của tổ": 13/TD before and after the session, the day's 03/TD list."""
        self.papers_button = QToolButton()
        self.papers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.papers_button)
        self.paper_actions = [
            menu.addAction("", lambda: self.print_statement(after=False)),
            menu.addAction("", lambda: self.print_statement(after=True)),
            menu.addAction("", self.print_proposal),
        ]
        self.papers_button.setMenu(menu)
        return self.papers_button

    def print_statement(self, after: bool) -> None:
        if self.sheet is None:
            return
        on = self.on_date()
        self._paper("statement", {"group": self.sheet.group_id, "date": on, "after": after},
                    translate("SheetPage", "Bảng kê 13/TD {when} — {group}").format(
                        when=translate("SheetPage", "sau phiên") if after
                        else translate("SheetPage", "trước phiên"),
                        group=self.sheet.group_name),
                    f"13TD-{on.isoformat()}-{'sau' if after else 'truoc'}")

    def print_proposal(self) -> None:
        """03/TD: the group's loan applications of the session day (its review meeting)."""
        if self.sheet is None:
            return
        on = self.on_date()
        self._paper("proposal", {"group": self.sheet.group_id, "date": on},
                    translate("SheetPage", "Danh sách 03/TD — {group}").format(
                        group=self.sheet.group_name), f"03TD-{on.isoformat()}")

    def _paper(self, selector: str, keys: dict, title: str, stem: str) -> None:
        self.error.clear_error()
        folder = f"{self.on_date().isoformat()}/{self.sheet.group_id[-8:]}"
        print_paper(self, selector, keys, title=title, folder=folder, stem=stem,
                    on_error=self.error.show_error,
                    on_done=lambda recorded: self.result_label.setText(printed_text(recorded)))

    def translate_papers(self) -> None:
        self.papers_button.setText(translate("SheetPage", "&Giấy tờ của tổ"))
        for action, text in zip(self.paper_actions, (
                translate("SheetPage", "Bảng kê 13/TD trước phiên (để tổ viên ký)"),
                translate("SheetPage", "Bảng kê 13/TD sau phiên (số đã thu)"),
                translate("SheetPage", "Danh sách đề nghị vay 03/TD của ngày")), strict=True):
            action.setText(text)

    def open_print_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.print_folder())))

"""Plausible amounts on the 13/TD sheet (issue 14: `999tr` of principal on an 11,25 M đ loan
once saved after one tick and put 988 M đ into savings). Principal beyond the balance is
confirmed row by row with the amount read back; far above the balance plus a year's interest
(`SheetLine.year_interest`), a second time; a deposit above the office's limit once. A mixin of
`SheetPage`; the table model asks through `SheetModel.confirm`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from .common import money
from .sheet_model import SheetRow

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class AmountChecks:
    def confirm_amount(self, row: SheetRow, key: str) -> bool:
        """Ask the officer to confirm a typed amount, read back; far above what is owed, a
        second time (issue 14: `999tr` of principal once became a 988 M đ deposit)."""
        from .. import errors

        line, title = row.line, translate("SheetPage", "Xác nhận số tiền")
        yes = [
            ("confirm", translate("SheetPage", "Đúng, ghi số này")),
            ("fix", translate("SheetPage", "Sửa lại")),
        ]
        if key == "savings":
            text = translate(
                "SheetPage", "{name}: gửi tiết kiệm {amount} — trên mức {limit} văn phòng đặt."
            ).format(
                name=line.full_name, amount=money(row.savings), limit=money(line.deposit_limit)
            )
            return errors.ask(self, title, text, yes, "fix") == "confirm"
        paid = row.principal + row.from_savings
        text = translate(
            "SheetPage",
            "{name}: thu gốc {paid}, dư nợ {outstanding} — phần thừa {excess} chuyển vào "
            "tiết kiệm.",
        ).format(
            name=line.full_name,
            paid=money(paid),
            outstanding=money(line.outstanding),
            excess=money(paid - line.outstanding),
        )
        if errors.ask(self, title, text, yes, "fix") != "confirm":
            return False
        bound = line.outstanding + line.year_interest
        if paid <= bound:
            return True
        again = translate(
            "SheetPage",
            "{name}: {paid} lớn hơn nhiều so với dư nợ cộng lãi một năm ({bound}). "
            "Có chắc không phải gõ nhầm?",
        ).format(name=line.full_name, paid=money(paid), bound=money(bound))
        sure = [
            ("confirm", translate("SheetPage", "Chắc chắn, ghi số này")),
            ("fix", translate("SheetPage", "Sửa lại")),
        ]
        return errors.ask(self, title, again, sure, "fix") == "confirm"

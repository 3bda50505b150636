"""What the office window's pages share: the office's sync keys (opened once per sign-in,
kept on the `AppState`), the outcome columns of the import desk and the review page, and the
operation table's columns."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..models import Column
from .common import AppState, date_text, kind_name, summary_text
from .sync_texts import outcome_name, reason_name

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

OUTCOMES = ("applied", "duplicate", "held", "suspense", "rejected", "fork")
OUTCOME_HEADERS = {
    "applied": QT_TRANSLATE_NOOP("Columns", "Đã ghi"),
    "duplicate": QT_TRANSLATE_NOOP("Columns", "Đã có"),
    "held": QT_TRANSLATE_NOOP("Columns", "Tạm giữ"),
    "suspense": QT_TRANSLATE_NOOP("Columns", "Treo"),
    "rejected": QT_TRANSLATE_NOOP("Columns", "Từ chối"),
    "fork": QT_TRANSLATE_NOOP("Columns", "Trùng số"),
}


def outcome_columns() -> tuple[Column, ...]:
    """One int column per outcome; rows answer `count(outcome)`."""
    return tuple(Column(o, OUTCOME_HEADERS[o], (lambda r, o=o: r.count(o)), kind="int")
                 for o in OUTCOMES)


OP_COLUMNS = (
    Column("point_code", QT_TRANSLATE_NOOP("Columns", "Điểm")),
    Column("origin", QT_TRANSLATE_NOOP("Columns", "Máy")),
    Column("seq", QT_TRANSLATE_NOOP("Columns", "Số"), kind="int"),
    Column("kind", QT_TRANSLATE_NOOP("Columns", "Nghiệp vụ"), lambda r: kind_name(r.kind)),
    Column("business_date", QT_TRANSLATE_NOOP("Columns", "Ngày"),
           lambda r: date_text(r.business_date) if r.business_date else ""),
    Column("summary", QT_TRANSLATE_NOOP("Columns", "Nội dung"), summary_text),
    Column("outcome", QT_TRANSLATE_NOOP("Columns", "Kết quả"),
           lambda r: outcome_name(r.outcome)),
    Column("reason", QT_TRANSLATE_NOOP("Columns", "Lý do"), lambda r: reason_name(r.reason)),
)


def may_post(roles, kind: str) -> bool:
    """Whether someone holding `roles` may post `kind` (the services' kind table: the one
    place that says who may do what; the services refuse the others anyway)."""
    from sbpdesk.services.kinds import KINDS
    rule = KINDS.get(kind)
    return rule is not None and bool(set(roles) & set(rule.roles))


def with_office_keys(page, state: AppState, action: str, then) -> None:
    """Run `then(keys)` once the office's sync keys are open (asking once per sign-in)."""
    keys = getattr(state, "sync_keys", None)
    if keys is not None:
        then(keys)
        return
    from ..dialogs.office_keys import OfficeKeysDialog
    dialog = OfficeKeysDialog(page.worker, state.username, action, page, demo=state.demo)
    page._keys_dialog = dialog

    def unlocked(keys):
        state.sync_keys = keys
        then(keys)
    dialog.unlocked.connect(unlocked)
    dialog.open()

"""The sync page's words: status, outcome and reason names, what to do about a refused bundle,
the tables' columns and the sync state in a sentence (also shown by the home page and the
status bar, which need not build the sync page for it)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from sbpdesk.domain.money import format_number

from ..models import Column
from .common import date_text, kind_name

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

STATUS_NAMES = {
    "waiting": QT_TRANSLATE_NOOP("SyncStatus", "chờ gửi"),
    "sent": QT_TRANSLATE_NOOP("SyncStatus", "đã xuất gói, chờ văn phòng nhận"),
    "acknowledged": QT_TRANSLATE_NOOP("SyncStatus", "văn phòng đã nhận"),
    "suspense": QT_TRANSLATE_NOOP("SyncStatus", "treo"),
    "rejected": QT_TRANSLATE_NOOP("SyncStatus", "bị từ chối"),
    "held": QT_TRANSLATE_NOOP("SyncStatus", "tạm giữ"),
    "fork": QT_TRANSLATE_NOOP("SyncStatus", "trùng số thứ tự (sổ bị sao chép)"),
}
OUTCOME_NAMES = {
    "applied": QT_TRANSLATE_NOOP("SyncStatus", "đã ghi vào sổ"),
    "duplicate": QT_TRANSLATE_NOOP("SyncStatus", "đã có, bỏ qua"),
    "suspense": QT_TRANSLATE_NOOP("SyncStatus", "treo"),
    "rejected": QT_TRANSLATE_NOOP("SyncStatus", "bị từ chối"),
    "held": QT_TRANSLATE_NOOP("SyncStatus", "tạm giữ"),
    "fork": QT_TRANSLATE_NOOP("SyncStatus", "trùng số thứ tự (sổ bị sao chép)"),
}
REASON_NAMES = {
    "gap": QT_TRANSLATE_NOOP("SyncReasons", "chờ các nghiệp vụ trước đó"),
    "feed_gap": QT_TRANSLATE_NOOP("SyncReasons", "chờ gói trước của văn phòng"),
    "kind_version": QT_TRANSLATE_NOOP("SyncReasons", "cần cập nhật phần mềm"),
    "office_only_kind": QT_TRANSLATE_NOOP("SyncReasons", "chỉ văn phòng được ghi nghiệp vụ này"),
    "origin_frozen": QT_TRANSLATE_NOOP("SyncReasons", "máy bị tạm dừng nhận (sổ bị sao chép)"),
    "not_sender_origin": QT_TRANSLATE_NOOP("SyncReasons", "không phải nghiệp vụ của máy gửi"),
    "seq_taken": QT_TRANSLATE_NOOP("SyncReasons", "số thứ tự đã có nghiệp vụ khác"),
    "loan_written_off": QT_TRANSLATE_NOOP("SyncReasons", "khoản vay đã được xóa nợ"),
    "loan_closed": QT_TRANSLATE_NOOP("SyncReasons", "khoản vay đã tất toán"),
    "loan_cancelled": QT_TRANSLATE_NOOP("SyncReasons", "khoản vay đã hủy"),
    "not_disbursed": QT_TRANSLATE_NOOP("SyncReasons", "khoản vay chưa giải ngân"),
    "interest_excess": QT_TRANSLATE_NOOP("SyncReasons", "tiền lãi vượt số phải trả"),
    "principal_excess": QT_TRANSLATE_NOOP("SyncReasons", "tiền gốc vượt dư nợ"),
    "over_approval": QT_TRANSLATE_NOOP("SyncReasons", "vượt số tiền được duyệt"),
}
# What the person should do when a whole bundle is refused, by SyncError code.
TAMPERED = ("bundle_signature_bad", "bundle_payload_hash", "bundle_seal_failed",
            "bundle_plaintext_hash", "bundle_count_mismatch", "bundle_totals_mismatch",
            "bundle_manifest_invalid", "bundle_members", "bundle_ops_unreadable")


def status_name(status: str) -> str:
    source = STATUS_NAMES.get(status)
    return translate("SyncStatus", source) if source else status


def outcome_name(outcome: str) -> str:
    source = OUTCOME_NAMES.get(outcome)
    return translate("SyncStatus", source) if source else outcome


def reason_name(reason: str | None) -> str:
    if not reason:
        return ""
    source = REASON_NAMES.get(reason)
    if source:
        return translate("SyncReasons", source)
    if reason.startswith("apply:"):
        return translate("SyncReasons", "chưa ghi được ({code})").format(code=reason[6:])
    return reason


def refusal_hint(code: str) -> str:
    if code in TAMPERED:
        return translate("SyncPage", "Gói bị sửa đổi hoặc không phải của văn phòng. Hãy xin "
                         "văn phòng xuất lại gói và chép lại vào USB.")
    if code == "bundle_unreadable":
        return translate("SyncPage", "Tệp chưa chép xong hoặc USB bị rút khi đang ghi. Hãy "
                         "chép lại gói từ văn phòng.")
    if code == "bundle_wrong_recipient":
        return translate("SyncPage", "Gói này dành cho máy khác: hãy chọn gói có mã của máy "
                         "này trong tên tệp.")
    if code in ("bundle_sender_unknown", "bundle_sender_revoked"):
        return translate("SyncPage", "Gói không phải do phòng giao dịch của máy này gửi. Hãy "
                         "liên hệ cán bộ phụ trách tại văn phòng.")
    if code == "bundle_format_unknown":
        return translate("SyncPage", "Hãy cập nhật sbpdesk rồi nhận lại gói.")
    return ""


def local_time(utc_text: str) -> str:
    """A manifest's UTC "created_at" as Vietnam time, "dd/mm/yyyy hh:mm"."""
    try:
        moment = dt.datetime.strptime(utc_text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return utc_text
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=7)))
    return f"{date_text(local.date())} {local:%H:%M}"


def size_text(free: int | None) -> str:
    if free is None:
        return ""
    gb = free / 1_000_000_000
    if gb >= 1:
        number = f"{gb:.1f}".replace(".", ",")
        return translate("SyncPage", "còn trống {size} GB").format(size=number)
    return translate("SyncPage", "còn trống {size} MB").format(
        size=format_number(free // 1_000_000))


def sync_state_text(s) -> str:
    """The sync state in a few words (home page, status bar); `s` a SyncStatus."""
    if not s.enrolled:
        return translate("SyncPage", "máy chưa đăng ký")
    if s.never_synced:
        return (translate("SyncPage", "chưa đồng bộ — {n} nghiệp vụ chờ gửi").format(n=s.waiting)
                if s.waiting else translate("SyncPage", "chưa đồng bộ"))
    if s.waiting:
        return translate("SyncPage", "{n} nghiệp vụ chờ văn phòng nhận").format(n=s.waiting)
    return translate("SyncPage", "văn phòng đã nhận hết nghiệp vụ")


def status_text(s) -> str:
    """The sync page's status message; `s` a SyncStatus."""
    office = getattr(s, "office_name", "") or translate(
        "SyncPage", "phòng giao dịch {code}").format(code=s.office_code or "—")
    lines = [translate("SyncPage", "Trạng thái: {state}. {device}, {office}: văn phòng đã "
                       "nhận {acked}/{total} nghiệp vụ của máy này.")
             .format(state=sync_state_text(s),
                     device=getattr(s, "device_name", "") or s.device_id or s.origin,
                     office=office, acked=s.own_total - s.waiting, total=s.own_total)]
    sent = (translate("SyncPage", "Gói gửi gần nhất: {date} ({n} nghiệp vụ)").format(
        date=date_text(s.last_export.on), n=s.last_export.ops)
        if s.last_export else translate("SyncPage", "Chưa gửi gói nào"))
    got = (translate("SyncPage", "gói nhận gần nhất: {date} ({n} nghiệp vụ)").format(
        date=date_text(s.last_import.on), n=s.last_import.ops)
        if s.last_import else translate("SyncPage", "chưa nhận gói nào"))
    lines.append(f"{sent}; {got}.")
    if s.office_data_to:
        lines.append(translate("SyncPage", "Dữ liệu văn phòng đến {date}.").format(
            date=date_text(s.office_data_to)))
    if s.salvage:
        lines.append(translate(
            "SyncPage", "Sổ này là bản sao hoặc bản khôi phục: hãy xuất gói rồi đăng ký "
            "lại máy."))
    return " ".join(lines[:1]) + "\n" + " ".join(lines[1:])


OP_COLUMNS = [
    Column("seq", QT_TRANSLATE_NOOP("Columns", "Số"), kind="int"),
    Column("business_date", QT_TRANSLATE_NOOP("Columns", "Ngày"), kind="date"),
    Column("kind", QT_TRANSLATE_NOOP("Columns", "Nghiệp vụ"), value=lambda o: kind_name(o.kind)),
    Column("summary", QT_TRANSLATE_NOOP("Columns", "Nội dung"),
           value=lambda o: "" if o.summary == o.kind else o.summary),
    Column("cash", QT_TRANSLATE_NOOP("Columns", "Tiền mặt"), kind="money",
           value=lambda o: o.cash or None),
    Column("status", QT_TRANSLATE_NOOP("Columns", "Trạng thái"),
           value=lambda o: status_name(o.status)),
    Column("reason", QT_TRANSLATE_NOOP("Columns", "Lý do"), value=lambda o: reason_name(o.reason)),
]
IMPORT_COLUMNS = [
    Column("kind", QT_TRANSLATE_NOOP("Columns", "Nghiệp vụ"),
           value=lambda o: kind_name(o.kind) if o.kind else o.op_id),
    Column("business_date", QT_TRANSLATE_NOOP("Columns", "Ngày"), kind="date"),
    Column("summary", QT_TRANSLATE_NOOP("Columns", "Nội dung"),
           value=lambda o: "" if o.summary == o.kind else o.summary),
    Column("outcome", QT_TRANSLATE_NOOP("Columns", "Kết quả"),
           value=lambda o: outcome_name(o.outcome)),
    Column("reason", QT_TRANSLATE_NOOP("Columns", "Lý do"), value=lambda o: reason_name(o.reason)),
]

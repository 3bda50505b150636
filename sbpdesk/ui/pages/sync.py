"""Đồng bộ: bundles to and from the office over a USB stick, and this laptop's enrolment.

- **Drives**: the removable drives Qt sees (`QStorageInfo.mountedVolumes()`: ready, writable,
  not the system or home volume; on Linux and macOS only volumes under /media, /run/media,
  /mnt or /Volumes, plus the mounted folders found there), and any folder picked with
  "Chọn thư mục…". Refreshed by a button and every few seconds while the page is shown.
- **Xuất gói gửi văn phòng**: one click. The sync keys are opened once per sign-in
  (`dialogs.enrol.UnlockKeysDialog`: the user's password, else the enrolment password), then
  `exchange.export_bundle` writes the bundle on the worker; the bundle is written atomically
  and read back before the page says so.
- **Nhận gói từ văn phòng**: the drive's `*.sbpbundle` files addressed to this laptop (their
  clear manifests), the newest not yet received chosen; one click imports it on the worker and
  shows the counts and each operation's outcome. A refused bundle (`SyncError`) changes
  nothing; its message and what to do appear in a red box.
- **Nghiệp vụ của máy này**: every operation this laptop recorded, newest first: chờ gửi,
  đã xuất gói (chờ văn phòng xác nhận), văn phòng đã nhận, or the outcome recorded here
  (treo, bị từ chối, tạm giữ) with its reason.
- **Enrolment** (a book with no origin yet): "Tạo yêu cầu đăng ký máy" writes the request to
  the drive and shows the laptop's fingerprint to read aloud; "Hoàn tất đăng ký" reads the
  office's response (found on the drive, or picked), shows the office fingerprint to compare
  and completes. The office's users then replace the local administrator: restart and sign in.

Database and file work runs on the DbWorker thread; the page imports no database module.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDir,
    QStorageInfo,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import format_number

from ..i18n import current_language
from ..models import Column, RowTableModel
from . import Page
from .common import (
    AppState,
    date_text,
    frame,
    heading,
    kind_name,
    muted,
    refresh_headers,
    table_view,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

BUNDLE_SUFFIX = ".sbpbundle"
ENROL_SUFFIX = ".sbpenrol"
REQUEST_NAME = "yeu-cau-dang-ky-may.sbpenrol"
DRIVE_REFRESH_MS = 3000
# Where Linux and macOS mount removable media (never assumed to be the only place: any
# folder can be picked).
MEDIA_ROOTS = ("/media", "/run/media", "/mnt", "/Volumes")


# --- rows --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Drive:
    path: str
    name: str
    free_bytes: int | None
    picked: bool = False          # a folder chosen with "Chọn thư mục…"


@dataclass(frozen=True)
class BundleFile:
    path: str
    name: str
    sender: str
    created_at: str
    op_count: int
    last_feed: int | None         # the office feed span's end, None for an empty bundle
    received: bool                # its span is already in this book


@dataclass(frozen=True)
class DriveScan:
    bundles: tuple[BundleFile, ...]
    others: int                   # bundles on the drive for someone else
    unreadable: int


@dataclass(frozen=True)
class ExportDone:
    path: str
    name: str
    op_count: int


@dataclass(frozen=True)
class ImportLine:
    op_id: str
    kind: str
    business_date: dt.date | None
    summary: str
    outcome: str
    reason: str | None


@dataclass(frozen=True)
class ImportDone:
    name: str
    sender: str
    counts: tuple[tuple[str, int], ...]
    lines: tuple[ImportLine, ...]
    salvage: bool


@dataclass(frozen=True)
class EnrolFiles:
    """Response files on the drive that answer this laptop's request."""
    fingerprint: str | None       # this laptop's, once a request was made
    responses: tuple[str, ...]


# --- texts -------------------------------------------------------------------------------------

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


# --- drives ------------------------------------------------------------------------------------

def _under_media(path: str) -> bool:
    norm = path.rstrip("/") + "/"
    return any(norm.startswith(root + "/") and norm != root + "/" for root in MEDIA_ROOTS)


def removable_drives() -> list[Drive]:
    """Writable removable volumes (see the module docstring); Qt decides what exists."""
    system = {QStorageInfo.root().rootPath(), QStorageInfo(QDir.homePath()).rootPath()}
    if sys.platform == "win32":
        system_drive = os.environ.get("SYSTEMDRIVE", "C:")
        system.add(QStorageInfo(system_drive + "\\").rootPath())
    out: dict[str, Drive] = {}
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        root = volume.rootPath()
        if volume.isRoot() or root in system:
            continue
        if sys.platform != "win32" and not _under_media(root):
            continue
        name = volume.displayName() or root
        out[os.path.normcase(root)] = Drive(root, name, volume.bytesAvailable())
    if sys.platform != "win32":
        for base in MEDIA_ROOTS:
            for depth in ("*", "*/*"):
                for path in sorted(Path(base).glob(depth)) if Path(base).is_dir() else ():
                    key = os.path.normcase(str(path))
                    try:
                        ok = path.is_dir() and os.path.ismount(path) and os.access(path, os.W_OK)
                    except OSError:
                        ok = False
                    if ok and key not in out:
                        info = QStorageInfo(str(path))
                        out[key] = Drive(str(path), path.name,
                                         info.bytesAvailable() if info.isValid() else None)
    return sorted(out.values(), key=lambda d: d.path)


def picked_drive(folder: str) -> Drive:
    info = QStorageInfo(folder)
    return Drive(folder, Path(folder).name or folder,
                 info.bytesAvailable() if info.isValid() else None, picked=True)


# --- worker tasks (no widgets here) ------------------------------------------------------------

def _io_error(error: OSError, folder: str) -> DomainError:
    return DomainError(
        "usb_io", f"Không đọc/ghi được {folder}: {error.strerror or error}. Hãy kiểm tra USB còn "
        "cắm, không bị khóa ghi và còn chỗ trống, rồi thử lại.",
        f"Cannot read or write {folder}: {error.strerror or error}. Check that the USB stick is "
        "still plugged in, not write-protected and not full, then try again.")


def scan_drive(book, folder: str) -> DriveScan:
    """The bundles in `folder` addressed to this book (from their clear manifests)."""
    from sbpdesk.sync.bundle import inspect_bundle
    origin = book.origin
    cursor = int(book.setting("sync.feed_cursor", "0") or 0)
    bundles, others, bad = [], 0, 0
    try:
        files = sorted(p for p in Path(folder).iterdir()
                       if p.suffix == BUNDLE_SUFFIX and p.is_file())
    except OSError:
        files = []
    for path in files:
        try:
            m = inspect_bundle(path)
        except (DomainError, OSError):
            bad += 1
            continue
        if not origin or m.get("to") != origin:
            others += 1
            continue
        rng = m.get("range")
        last = rng["last"] if isinstance(rng, dict) else None
        bundles.append(BundleFile(str(path), path.name, str(m.get("from", "")),
                                  str(m.get("created_at", "")), int(m.get("op_count", 0)),
                                  last, last is not None and last <= cursor))
    bundles.sort(key=lambda b: (b.last_feed or 0, b.created_at), reverse=True)
    return DriveScan(tuple(bundles), others, bad)


def export_to(book, keys, folder: str) -> ExportDone:
    from sbpdesk.services import sync_status
    from sbpdesk.sync import exchange
    try:
        result = exchange.export_bundle(book, keys, "office", folder)
    except OSError as e:
        raise _io_error(e, folder) from None
    m = result.manifest
    sync_status.note_export(book, result.path.name, m.op_count, m.range[1] if m.range else 0)
    return ExportDone(str(result.path), result.path.name, m.op_count)


def import_from(book, keys, path: str) -> ImportDone:
    from sbpdesk.services import sync_status
    from sbpdesk.sync import exchange
    try:
        report = exchange.import_bundle(book, keys, path)
    except OSError as e:
        raise _io_error(e, str(Path(path).parent)) from None
    ops = list(report["ops"]) + list(report.get("released") or [])
    sync_status.note_import(book, report["bundle"], len(report["ops"]), report["counts"])
    info = sync_status.describe_ops(book, [o["op_id"] for o in ops if o.get("op_id")])
    lines = []
    for o in ops:
        i = info.get(o.get("op_id") or "")
        lines.append(ImportLine(o.get("op_id") or "", i.kind if i else "",
                                i.business_date if i else None, i.summary if i else "",
                                o["outcome"], o.get("reason")))
    return ImportDone(report["bundle"], report["from"],
                      tuple((k, v) for k, v in report["counts"].items()), tuple(lines),
                      bool(report.get("salvage")))


def find_responses(book, folder: str) -> EnrolFiles:
    """Enrolment responses on the drive made for this laptop's keys."""
    from sbpdesk.sync import enrol
    keys = enrol.public_keys(book)
    if keys is None:
        return EnrolFiles(None, ())
    found = []
    try:
        files = sorted(Path(folder).glob("*" + ENROL_SUFFIX))
    except OSError:
        files = []
    for path in files:
        try:
            body = enrol.read_response(path)
        except (DomainError, OSError, KeyError):
            continue
        if body.get("laptop_fingerprint") == keys.fingerprint:
            found.append(str(path))
    return EnrolFiles(keys.fingerprint, tuple(found))


# --- the page ----------------------------------------------------------------------------------

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


class ProblemBox(QFrame):
    """A clear red box: what went wrong, the message, what to do; "nothing changed"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SyncProblem")
        self.setStyleSheet("QFrame#SyncProblem { border: 2px solid #c62828; border-radius: 4px;"
                           " background: #fdecea; } QFrame#SyncProblem QLabel { color: #7f1d1d; }")
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.error: DomainError | None = None
        self.hide()

    def show_problem(self, title: str, error: DomainError | str, hint: str = "") -> None:
        self.error = error if isinstance(error, DomainError) else None
        message = error.message(current_language()) if isinstance(error, DomainError) else error
        self.title.setText(title)
        self.text.setText(f"{message}\n{hint}".strip())
        self.show()

    def clear(self) -> None:
        self.error = None
        self.hide()


class SyncPage(Page):
    title_source = "Đồng bộ"

    status_loaded = Signal()    # the sync state was (re)loaded: the status bar shows it

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.status = None                      # sync_status.SyncStatus
        self.keys = None                        # BookKeys, once unlocked (this sign-in)
        self.drives: list[Drive] = []
        self.picked: list[Drive] = []
        self.scan: DriveScan | None = None
        self.last_export: ExportDone | None = None
        self.last_import: ImportDone | None = None
        self.request_fingerprint: str | None = None
        self.enrolled_now = False
        self._unlock = None                     # the open UnlockKeysDialog (tests)
        self._dialog = None                     # an open enrolment dialog (tests)
        self._busy = False
        self._own_change = False
        self._result_text = None

        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        # status line (`message`: what the sync state is, in a sentence or two)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 11pt;")
        layout.addWidget(self.message)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        # drives
        drives_box = frame()
        drives_layout = QVBoxLayout(drives_box)
        self.drives_title = heading()
        drives_layout.addWidget(self.drives_title)
        self.drive_list = QListWidget()
        self.drive_list.setMaximumHeight(92)
        self.drive_list.currentRowChanged.connect(self._drive_chosen)
        self.drives_title.setBuddy(self.drive_list)
        drives_layout.addWidget(self.drive_list)
        row = QHBoxLayout()
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh_drives)
        self.pick_button = QPushButton()
        self.pick_button.clicked.connect(self.pick_folder)
        row.addWidget(self.refresh_button)
        row.addWidget(self.pick_button)
        row.addStretch(1)
        drives_layout.addLayout(row)
        self.no_drive = muted()
        drives_layout.addWidget(self.no_drive)
        grid.addWidget(drives_box, 0, 0)
        # actions
        actions_box = frame()
        actions = QVBoxLayout(actions_box)
        self.actions_title = heading()
        actions.addWidget(self.actions_title)
        send_row = QHBoxLayout()
        self.export_button = QPushButton()
        self.export_button.setObjectName("Primary")
        # The theme's #Primary rule outranks its :disabled rule: grey it out here.
        self.export_button.setStyleSheet(
            "QPushButton#Primary:disabled { background: #f5f6f8; color: #52606d;"
            " border-color: #c3cad3; }")
        self.export_button.clicked.connect(self.export)
        send_row.addWidget(self.export_button)
        self.export_hint = muted()
        send_row.addWidget(self.export_hint, 1)
        actions.addLayout(send_row)
        receive_row = QHBoxLayout()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_selected)
        receive_row.addWidget(self.import_button)
        self.bundle_list = QListWidget()
        self.bundle_list.setMaximumHeight(64)
        self.bundle_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.bundle_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        receive_row.addWidget(self.bundle_list, 1)
        actions.addLayout(receive_row)
        self.bundle_note = muted()
        actions.addWidget(self.bundle_note)
        grid.addWidget(actions_box, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        layout.addLayout(grid)
        # enrolment (only before the laptop is enrolled)
        self.enrol_box = frame()
        enrol_layout = QVBoxLayout(self.enrol_box)
        self.enrol_title = heading()
        enrol_layout.addWidget(self.enrol_title)
        self.enrol_text = QLabel()
        self.enrol_text.setWordWrap(True)
        enrol_layout.addWidget(self.enrol_text)
        enrol_buttons = QHBoxLayout()
        self.request_button = QPushButton()
        self.request_button.clicked.connect(self.make_request)
        self.complete_button = QPushButton()
        self.complete_button.clicked.connect(self.complete_enrolment)
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(QApplication.quit)
        self.quit_button.hide()
        enrol_buttons.addWidget(self.request_button)
        enrol_buttons.addWidget(self.complete_button)
        enrol_buttons.addWidget(self.quit_button)
        enrol_buttons.addStretch(1)
        enrol_layout.addLayout(enrol_buttons)
        from ..dialogs.enrol import fingerprint_label
        self.fingerprint_caption = QLabel()
        self.fingerprint_caption.setWordWrap(True)
        self.fingerprint = fingerprint_label()
        self.fingerprint_caption.hide()
        self.fingerprint.hide()
        enrol_layout.addWidget(self.fingerprint_caption)
        enrol_layout.addWidget(self.fingerprint)
        self.enrol_box.hide()
        layout.addWidget(self.enrol_box)
        # progress, result, problem
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.progress_label = muted()
        self.progress_label.hide()
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        layout.addLayout(progress_row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        layout.addWidget(self.result)
        self.problem = ProblemBox()
        layout.addWidget(self.problem)
        # tables
        self.tabs = QTabWidget()
        self.ops_model = RowTableModel(OP_COLUMNS)
        self.ops_view = table_view(self.ops_model, stretch="summary")
        self.import_model = RowTableModel(IMPORT_COLUMNS)
        self.import_view = table_view(self.import_model, stretch="summary")
        self.tabs.addTab(self.ops_view, "")
        self.tabs.addTab(self.import_view, "")
        layout.addWidget(self.tabs, 1)

        self.setTabOrder(self.drive_list, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.pick_button)
        self.setTabOrder(self.pick_button, self.export_button)
        self.setTabOrder(self.export_button, self.import_button)
        self.setTabOrder(self.import_button, self.bundle_list)
        self.setTabOrder(self.bundle_list, self.tabs)

        self.timer = QTimer(self)
        self.timer.setInterval(DRIVE_REFRESH_MS)
        self.timer.timeout.connect(self.refresh_drives)
        self.state.changed.connect(self._book_changed)
        self.state.session_changed.connect(self._book_changed)
        self.refresh_drives()
        self.translate_ui()

    # --- showing ----------------------------------------------------------------------------

    def showEvent(self, event):
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event):
        self.timer.stop()
        super().hideEvent(event)

    def _book_changed(self) -> None:
        if self._own_change:
            return
        if self.isVisible():
            self.refresh()
        else:
            self.load_status(operations=False)    # the status bar's few words

    def refresh(self) -> None:
        self.refresh_drives()
        self.load_status()
        self.scan_drive()

    def load_status(self, operations: bool = True) -> None:
        if self.worker is None:
            return

        def load(book):
            from sbpdesk.services import sync_status
            return (sync_status.sync_status(book),
                    sync_status.own_operations(book) if operations else None)
        self.worker.run(load, on_done=self._loaded, name="sync status")

    def _loaded(self, result) -> None:
        self.status, ops = result
        if ops is not None:
            self.ops_model.set_rows(ops)
        self.translate_ui()
        self.status_loaded.emit()

    def folder(self) -> str | None:
        drive = self.current_drive()
        return drive.path if drive is not None else None

    def current_drive(self) -> Drive | None:
        row = self.drive_list.currentRow()
        return self.drives[row] if 0 <= row < len(self.drives) else None

    # --- drives -----------------------------------------------------------------------------

    def refresh_drives(self) -> None:
        """List the drives again, keeping the chosen one selected."""
        current = self.folder()
        found = removable_drives()
        paths = {os.path.normcase(d.path) for d in found}
        drives = found + [d for d in self.picked if os.path.normcase(d.path) not in paths]
        if [d.path for d in drives] == [d.path for d in self.drives]:
            return
        self.drives = drives
        self.drive_list.blockSignals(True)
        self.drive_list.clear()
        for d in drives:
            self.drive_list.addItem(QListWidgetItem(self._drive_text(d)))
        index = next((i for i, d in enumerate(drives) if d.path == current), None)
        if index is None and drives:
            index = 0
        self.drive_list.setCurrentRow(-1 if index is None else index)
        self.drive_list.blockSignals(False)
        if self.folder() != current:
            self.scan_drive()
        self._update_enabled()
        self._set_drive_note()

    def _drive_text(self, d: Drive) -> str:
        parts = [d.name]
        if d.name != d.path:
            parts.append(f"({d.path})")
        free = size_text(d.free_bytes)
        if free:
            parts.append(f"— {free}")
        return " ".join(parts)

    def _set_drive_note(self) -> None:
        self.no_drive.setText(translate(
            "SyncPage", "Chưa thấy USB nào. Hãy cắm USB rồi bấm “Làm mới”, hoặc chọn một "
            "thư mục.") if not self.drives else "")
        self.no_drive.setVisible(not self.drives)

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("SyncPage", "Chọn thư mục chứa gói đồng bộ"),
            self.folder() or QDir.homePath())
        if not folder:
            return
        folder = str(Path(folder))
        if all(os.path.normcase(d.path) != os.path.normcase(folder) for d in self.picked):
            self.picked.append(picked_drive(folder))
        self.drives = []          # force the list to be rebuilt
        self.refresh_drives()
        index = next((i for i, d in enumerate(self.drives)
                      if os.path.normcase(d.path) == os.path.normcase(folder)), None)
        if index is not None:
            self.drive_list.setCurrentRow(index)

    def _drive_chosen(self, _row: int) -> None:
        self.result.hide()
        self.problem.clear()
        self.scan_drive()
        self._update_enabled()

    def scan_drive(self) -> None:
        folder = self.folder()
        if folder is None or self.worker is None:
            self.scan = None
            self._show_bundles()
            return
        self.worker.run(lambda book: scan_drive(book, folder),
                        on_done=lambda s: self._scanned(folder, s), name="scan drive")

    def _scanned(self, folder: str, scan: DriveScan) -> None:
        if folder != self.folder():
            return
        self.scan = scan
        self._show_bundles()

    def _show_bundles(self) -> None:
        selected = self.selected_bundle()
        self.bundle_list.clear()
        scan = self.scan
        bundles = scan.bundles if scan is not None else ()
        chosen = 0
        for i, b in enumerate(bundles):
            state = (translate("SyncPage", "đã nhận") if b.received else
                     translate("SyncPage", "mới"))
            item = QListWidgetItem(translate(
                "SyncPage", "{state} — {n} nghiệp vụ — văn phòng xuất lúc {time}")
                .format(state=state, n=b.op_count, time=local_time(b.created_at)))
            item.setToolTip(b.path)
            item.setData(Qt.ItemDataRole.UserRole, b.path)
            self.bundle_list.addItem(item)
            if selected is not None and b.path == selected.path:
                chosen = i
        if selected is None:       # one click: the newest bundle not yet received
            chosen = next((i for i, b in enumerate(bundles) if not b.received), 0)
        if bundles:
            self.bundle_list.setCurrentRow(chosen)
        notes = []
        if scan is not None and not bundles:
            notes.append(translate("SyncPage", "Không có gói nào gửi cho máy này trên ổ đã "
                                   "chọn."))
        if scan is not None and scan.others:
            notes.append(translate("SyncPage", "{n} gói khác không dành cho máy này.")
                         .format(n=scan.others))
        if scan is not None and scan.unreadable:
            notes.append(translate("SyncPage", "{n} tệp gói không đọc được.")
                         .format(n=scan.unreadable))
        self.bundle_note.setText(" ".join(notes))
        self._update_enabled()

    def selected_bundle(self) -> BundleFile | None:
        if self.scan is None:
            return None
        item = self.bundle_list.currentItem()
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((b for b in self.scan.bundles if b.path == path), None)

    # --- busy -------------------------------------------------------------------------------

    def _start(self, text: str) -> None:
        self._busy = True
        self.result.hide()
        self.problem.clear()
        self.progress_label.setText(text)
        self.progress_label.show()
        self.progress.show()
        self._update_enabled()

    def _stop(self) -> None:
        self._busy = False
        self.progress.hide()
        self.progress_label.hide()
        self._update_enabled()

    def _update_enabled(self) -> None:
        enrolled = self.status is not None and self.status.enrolled and not self.enrolled_now
        has_drive = self.folder() is not None
        self.export_button.setEnabled(enrolled and has_drive and not self._busy)
        self.import_button.setEnabled(enrolled and has_drive and not self._busy
                                      and self.bundle_list.count() > 0)
        self.request_button.setEnabled(has_drive and not self._busy and not self.enrolled_now)
        self.complete_button.setEnabled(has_drive and not self._busy and not self.enrolled_now)

    def _success(self, text) -> None:
        """Show a success sentence; `text` is a function giving it in the current language."""
        self._result_text = text
        self.result.setText(text())
        self.result.show()

    # --- keys -------------------------------------------------------------------------------

    def with_keys(self, action: str, then) -> None:
        """Run `then(keys)` once the sync keys are open (asking for the password once)."""
        if self.keys is not None:
            then(self.keys)
            return
        from ..dialogs.enrol import UnlockKeysDialog
        dialog = UnlockKeysDialog(self.worker, self.state.username, action, self,
                                  demo=self.state.demo)
        self._unlock = dialog

        def unlocked(keys):
            self.keys = keys
            then(keys)
        dialog.unlocked.connect(unlocked)
        dialog.open()

    # --- export -----------------------------------------------------------------------------

    def export(self) -> None:
        folder = self.folder()
        if folder is None:
            return
        self.with_keys(translate("SyncPage", "Xuất gói gửi văn phòng."),
                       lambda keys: self._export(keys, folder))

    def _export(self, keys, folder: str) -> None:
        self._start(translate("SyncPage", "Đang ghi gói vào {folder} và đọc lại kiểm tra…")
                    .format(folder=folder))
        self.worker.run(lambda book: export_to(book, keys, folder), on_done=self._exported,
                        on_error=lambda e: self.problem.show_problem(
                            translate("SyncPage", "Chưa xuất được gói. Sổ không thay đổi."), e),
                        on_finally=self._after_task, name="export bundle")

    def _exported(self, done: ExportDone) -> None:
        self.last_export = done
        self._success(lambda: translate(
            "SyncPage", "Đã ghi gói {name} ({n} nghiệp vụ) và đọc lại kiểm tra. Có thể rút USB "
            "và mang đến phòng giao dịch.").format(name=done.name, n=done.op_count))

    def _after_task(self) -> None:
        self._stop()
        self.refresh()
        self._own_change = True
        try:
            self.state.changed.emit()      # home shows the sync state too
        finally:
            self._own_change = False

    # --- import -----------------------------------------------------------------------------

    def import_selected(self) -> None:
        bundle = self.selected_bundle()
        if bundle is None:
            return
        self.with_keys(translate("SyncPage", "Nhận gói từ văn phòng."),
                       lambda keys: self._import(keys, bundle))

    def _import(self, keys, bundle: BundleFile) -> None:
        self._start(translate("SyncPage", "Đang kiểm tra và nhận gói {name}…")
                    .format(name=bundle.name))
        self.worker.run(lambda book: import_from(book, keys, bundle.path),
                        on_done=self._imported, on_error=self._refused,
                        on_finally=self._after_task, name="import bundle")

    def _refused(self, error: DomainError) -> None:
        self.problem.show_problem(
            translate("SyncPage", "Không nhận gói này. Sổ không thay đổi."), error,
            refusal_hint(error.code))

    def _imported(self, done: ImportDone) -> None:
        self.last_import = done
        self.import_model.set_rows(done.lines)
        self.tabs.setCurrentIndex(1)
        self._success(lambda: self._import_text(done))

    def _import_text(self, done: ImportDone) -> str:
        counts = dict(done.counts)
        parts = [f"{outcome_name(k)}: {v}" for k, v in counts.items() if v]
        text = translate("SyncPage", "Đã nhận gói {name}: {n} nghiệp vụ ({parts}).").format(
            name=done.name, n=sum(counts.values()),
            parts="; ".join(parts) or translate("SyncPage", "không có nghiệp vụ mới"))
        if done.salvage:
            text += "\n" + translate(
                "SyncPage", "Văn phòng giữ nhiều nghiệp vụ của máy này hơn sổ: sổ này là bản "
                "sao hoặc bản khôi phục. Hãy xuất gói rồi đăng ký lại máy.")
        return text

    # --- enrolment --------------------------------------------------------------------------

    def make_request(self) -> None:
        folder = self.folder()
        if folder is None:
            return
        from ..dialogs.enrol import PasswordDialog
        dialog = PasswordDialog(self.worker, self.state.username, self)
        self._dialog = dialog
        dialog.entered.connect(lambda password: self._request(folder, password))
        dialog.open()

    def _request(self, folder: str, password: str) -> None:
        out = str(Path(folder) / REQUEST_NAME)

        def go(book):
            from sbpdesk.sync import enrol
            try:
                req = enrol.request(book, password, out)
            except OSError as e:
                raise _io_error(e, folder) from None
            return str(req.path), req.fingerprint
        self._start(translate("SyncPage", "Đang tạo yêu cầu đăng ký máy…"))
        self.worker.run(go, on_done=self._requested,
                        on_error=lambda e: self.problem.show_problem(
                            translate("SyncPage", "Chưa tạo được yêu cầu đăng ký."), e),
                        on_finally=self._after_task, name="enrol request")

    def _requested(self, result) -> None:
        path, fingerprint = result
        self.request_fingerprint = fingerprint
        self._success(lambda: translate(
            "SyncPage", "Đã ghi yêu cầu đăng ký vào {path}. Mang USB đến phòng giao dịch và đọc "
            "dấu vân tay dưới đây cho cán bộ văn phòng so sánh.").format(path=path))
        self.translate_ui()

    def complete_enrolment(self) -> None:
        folder = self.folder()
        if folder is None:
            return
        self.worker.run(lambda book: find_responses(book, folder),
                        on_done=lambda found: self._responses_found(folder, found),
                        name="find responses")

    def _responses_found(self, folder: str, found: EnrolFiles) -> None:
        if found.fingerprint is None:
            self.problem.show_problem(translate("SyncPage", "Chưa hoàn tất được đăng ký."),
                                      translate("SyncPage", "Máy này chưa tạo yêu cầu đăng ký. "
                                                "Hãy bấm “Tạo yêu cầu đăng ký máy” trước."))
            return
        path = found.responses[0] if len(found.responses) == 1 else None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, translate("SyncPage", "Chọn tệp trả lời đăng ký của văn phòng"), folder,
                translate("SyncPage", "Tệp đăng ký (*.sbpenrol)"))
        if not path:
            return

        def read(book):
            from sbpdesk.sync import enrol
            body = enrol.read_response(path)
            return (body["office_fingerprint"], str(body["office_code"]),
                    tuple(body.get("points") or ()), str(body["device_id"]))
        self.worker.run(read, on_done=lambda r: self._confirm(path, *r),
                        on_error=lambda e: self.problem.show_problem(
                            translate("SyncPage", "Chưa hoàn tất được đăng ký."), e),
                        name="read response")

    def _confirm(self, path: str, office_fp: str, office: str, points, device: str) -> None:
        from ..dialogs.enrol import CompleteEnrolDialog
        dialog = CompleteEnrolDialog(office_fingerprint=office_fp, office_code=office,
                                     points=tuple(points), device_id=device, parent=self)
        self._dialog = dialog
        dialog.confirmed.connect(lambda password: self._complete(path, password))
        dialog.open()

    def _complete(self, path: str, password: str) -> None:
        username = self.state.username

        def go(book):
            from sbpdesk.sync import enrol
            done = enrol.complete(book, username, password, path)
            return done.device_id, done.office_code, sum(done.counts.values())
        self._start(translate("SyncPage", "Đang hoàn tất đăng ký và nhận dữ liệu của văn "
                              "phòng…"))
        self.worker.run(go, on_done=self._completed,
                        on_error=lambda e: self.problem.show_problem(
                            translate("SyncPage", "Chưa hoàn tất được đăng ký."), e),
                        on_finally=self._after_task, name="enrol complete")

    def _completed(self, result) -> None:
        device, office, count = result
        self.enrolled_now = True
        self.keys = None
        self._success(lambda: translate(
            "SyncPage", "Máy đã được đăng ký với phòng giao dịch {office} (mã máy {device}); "
            "đã nhận {n} nghiệp vụ. Người dùng của văn phòng thay cho tài khoản quản trị tạm: "
            "hãy đóng chương trình, mở lại và đăng nhập bằng tài khoản văn phòng cấp.")
            .format(office=office, device=device, n=count))
        self.quit_button.show()
        self.translate_ui()

    # --- texts ------------------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.drives_title.setText(translate("SyncPage", "&USB và thư mục"))
        self.refresh_button.setText(translate("SyncPage", "Làm mới"))
        self.pick_button.setText(translate("SyncPage", "Chọn thư mục…"))
        self.actions_title.setText(translate("SyncPage", "Trao đổi với phòng giao dịch"))
        self.export_button.setText(translate("SyncPage", "Xuất gói gửi văn phòng"))
        self.import_button.setText(translate("SyncPage", "Nhận gói từ văn phòng"))
        self.tabs.setTabText(0, translate("SyncPage", "Nghiệp vụ của máy này"))
        self.tabs.setTabText(1, translate("SyncPage", "Kết quả nhận gói"))
        self.enrol_title.setText(translate("SyncPage", "Đăng ký máy với phòng giao dịch"))
        self.enrol_text.setText(translate(
            "SyncPage", "Máy này chưa được đăng ký. Bước 1: chọn USB, bấm “Tạo yêu cầu đăng ký "
            "máy”, mang tệp yêu cầu đến phòng giao dịch và đọc dấu vân tay cho cán bộ văn phòng "
            "so sánh. Bước 2: cắm USB có tệp trả lời của văn phòng, bấm “Hoàn tất đăng ký” và "
            "so sánh dấu vân tay của văn phòng."))
        self.request_button.setText(translate("SyncPage", "Tạo yêu cầu đăng ký máy"))
        self.complete_button.setText(translate("SyncPage", "Hoàn tất đăng ký"))
        self.quit_button.setText(translate("SyncPage", "Đóng chương trình"))
        self.fingerprint_caption.setText(translate(
            "SyncPage", "Dấu vân tay của máy này (đọc cho phòng giao dịch so sánh):"))
        if self.request_fingerprint:
            from ..dialogs.enrol import fingerprint_text
            self.fingerprint.setText(fingerprint_text(self.request_fingerprint))
        self.fingerprint.setVisible(bool(self.request_fingerprint))
        self.fingerprint_caption.setVisible(bool(self.request_fingerprint))
        self._set_drive_note()
        if self._result_text is not None and self.result.isVisible():
            self.result.setText(self._result_text())
        refresh_headers(self)
        s = self.status
        if s is None:
            self.message.setText("")
            self.export_hint.setText("")
            self._update_enabled()
            return
        self.enrol_box.setVisible(not s.enrolled or self.enrolled_now)
        if not s.enrolled:
            self.message.setText(translate("SyncPage", "Máy này chưa đăng ký với phòng giao "
                                           "dịch: chưa thể gửi hay nhận gói."))
        else:
            self.message.setText(self.status_text(s))
        self.export_hint.setVisible(s.enrolled)
        self.export_hint.setText(
            translate("SyncPage", "Gói sẽ mang {n} nghiệp vụ văn phòng chưa xác nhận.")
            .format(n=s.waiting) if s.waiting
            else translate("SyncPage", "Không còn nghiệp vụ chờ gửi (gói vẫn mang xác nhận "
                           "cho văn phòng)."))
        self._update_enabled()

    def short_status(self) -> str | None:
        """For the status bar: None until loaded (the bar then says "chưa đồng bộ")."""
        return sync_state_text(self.status) if self.status is not None else None

    @staticmethod
    def status_text(s) -> str:
        lines = [translate("SyncPage", "Trạng thái: {state}. Máy {device}, phòng giao dịch "
                           "{office}: văn phòng đã nhận {acked}/{total} nghiệp vụ của máy này.")
                 .format(state=sync_state_text(s), device=s.device_id or s.origin,
                         office=s.office_code or "—", acked=s.own_total - s.waiting,
                         total=s.own_total)]
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

"""Settings: the office's rates and rules (read-only here), the UI language, the data and
backups folders, the printer and the receipt paper. Choices are kept in QSettings
("printing/printer", "" = the system default; "printing/receipt_paper"), which
`ui.printing` reads to preselect the printer of every preview and print."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sbpdesk import paths

from .. import i18n
from ..models import Column, RowTableModel
from . import Page
from .common import AppState, frame, heading, muted, refresh_headers, table_view, value_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


@dataclass(frozen=True)
class RuleLine:
    name: str
    value: str


PROGRAMME_COLUMNS = [
    Column(
        "name",
        QT_TRANSLATE_NOOP("Columns", "Chương trình"),
        value=lambda p: p.name.removeprefix("Cho vay "),
    ),
    Column("annual_rate", QT_TRANSLATE_NOOP("Columns", "Lãi suất (%/năm)")),
    Column("max_amount", QT_TRANSLATE_NOOP("Columns", "Mức cho vay tối đa"), kind="money"),
    Column("max_term_months", QT_TRANSLATE_NOOP("Columns", "Thời hạn tối đa (tháng)"), kind="int"),
]
RULE_COLUMNS = [
    Column("name", QT_TRANSLATE_NOOP("Columns", "Quy tắc")),
    Column("value", QT_TRANSLATE_NOOP("Columns", "Giá trị")),
]


def printer_names() -> list[str]:
    try:
        from PySide6.QtPrintSupport import QPrinterInfo

        return list(QPrinterInfo.availablePrinterNames())
    except ImportError:  # pragma: no cover
        return []


class SettingsPage(Page):
    title_source = "Cài đặt"

    def __init__(self, worker=None, state: AppState | None = None, parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.reference = None
        settings = QSettings()
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.ref_title = heading()
        left.addWidget(self.ref_title)
        self.ref_note = muted()
        left.addWidget(self.ref_note)
        self.tabs = QTabWidget()
        self.programme_model = RowTableModel(PROGRAMME_COLUMNS, parent=self)
        self.rule_model = RowTableModel(RULE_COLUMNS, parent=self)
        self.tabs.addTab(table_view(self.programme_model, stretch="name"), "")
        self.tabs.addTab(table_view(self.rule_model, stretch="value"), "")
        left.addWidget(self.tabs, 1)
        layout.addLayout(left, 5)

        box = frame()
        form = QFormLayout(box)
        self.local_title = heading()
        form.addRow(self.local_title)
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(i18n.current_language()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.printer = QComboBox()
        self.printer.addItem("", "")
        for name in printer_names():
            self.printer.addItem(name, name)
        saved = settings.value("printing/printer", "") or ""
        self.printer.setCurrentIndex(max(0, self.printer.findData(saved)))
        self.printer.currentIndexChanged.connect(
            lambda _: QSettings().setValue("printing/printer", self.printer.currentData())
        )
        self.paper = QComboBox()
        self.paper.currentIndexChanged.connect(
            lambda _: QSettings().setValue("printing/receipt_paper", self.paper.currentData())
        )
        self.data_folder, self.backups_folder, self.prints_folder = (
            value_label(),
            value_label(),
            value_label(),
        )
        for label in (self.data_folder, self.backups_folder, self.prints_folder):
            label.setWordWrap(True)
        self.labels = {
            k: QLabel()
            for k in ("device", "language", "printer", "paper", "data", "backups", "prints")
        }
        self.labels["language"].setBuddy(self.language)
        self.labels["printer"].setBuddy(self.printer)
        self.labels["paper"].setBuddy(self.paper)
        self.device = QLabel()   # the name given at enrolment, not a code (issue 14)
        self.device.setWordWrap(True)
        form.addRow(self.labels["device"], self.device)
        form.addRow(self.labels["language"], self.language)
        form.addRow(self.labels["printer"], self.printer)
        form.addRow(self.labels["paper"], self.paper)
        form.addRow(self.labels["data"], self.data_folder)
        form.addRow(self.labels["backups"], self.backups_folder)
        self.usb_backup_button = QPushButton()
        self.usb_backup_button.clicked.connect(self.ask_usb_backup)
        self.usb_backup_note = muted()
        self.usb_backup_note.setWordWrap(True)
        self.backup_dialog = None
        self.backup_path: str | None = None
        form.addRow(self.usb_backup_button)
        form.addRow(self.usb_backup_note)
        form.addRow(self.labels["prints"], self.prints_folder)
        self.print_note = muted()
        form.addRow(self.print_note)
        self.about_button = QPushButton()
        self.about_button.clicked.connect(self._about)
        form.addRow(self.about_button)
        box.setMaximumWidth(430)
        layout.addWidget(box, 2)
        self.setTabOrder(self.tabs, self.language)
        self.setTabOrder(self.language, self.printer)
        self.setTabOrder(self.printer, self.paper)
        self.translate_ui()

    def refresh(self) -> None:
        if self.worker is None:
            return
        on = self.state.business_date()

        def load(book):
            from sbpdesk.services import ui_queries

            return ui_queries.reference_summary(book, on)

        self.worker.read(load, on_done=self._loaded, name="reference")

    def _loaded(self, reference) -> None:
        self.reference = reference
        self.programme_model.set_rows(reference.programmes)
        self.rule_model.set_rows([RuleLine(n, v) for n, v in reference.rules])
        self.translate_ui()

    def ask_usb_backup(self) -> None:
        """An encrypted copy on a USB stick (dialogs.usb_backup); opens non-blocking."""
        if self.worker is None:
            return
        from ..dialogs.usb_backup import UsbBackupDialog
        self.backup_dialog = UsbBackupDialog(self.worker, self)
        self.backup_dialog.written.connect(self._backed_up)
        self.backup_dialog.open()

    def _backed_up(self, path: str) -> None:
        self.backup_path = path
        self.translate_ui()

    def _about(self) -> None:
        if self.worker is not None:
            from ..dialogs.about import open_about

            open_about(self.worker, self)

    def _language_chosen(self, index: int) -> None:
        lang = self.language.itemData(index)
        QSettings().setValue("ui/language", lang)
        if lang != i18n.current_language():
            i18n.install_translator(QApplication.instance(), lang)

    def translate_ui(self) -> None:
        self.ref_title.setText(translate("SettingsPage", "Lãi suất và quy tắc của văn phòng"))
        r = self.reference
        self.ref_note.setText(
            translate(
                "SettingsPage",
                "Chỉ xem: do phòng giao dịch ban hành. Bộ quy tắc {version} áp dụng từ {date}.",
            ).format(
                version=r.rules_version if r else "—",
                date=r.rules_from.strftime("%d/%m/%Y") if r else "—",
            )
        )
        self.tabs.setTabText(0, translate("SettingsPage", "Chương trình và lãi suất"))
        self.tabs.setTabText(1, translate("SettingsPage", "Quy tắc nghiệp vụ"))
        self.local_title.setText(translate("SettingsPage", "Máy này"))
        self.labels["device"].setText(translate("SettingsPage", "Tên máy:"))
        self.device.setText(r.device if r and r.device else "—")
        self.labels["language"].setText(translate("SettingsPage", "&Ngôn ngữ:"))
        self.labels["printer"].setText(translate("SettingsPage", "&Máy in:"))
        self.labels["paper"].setText(translate("SettingsPage", "&Khổ biên lai:"))
        self.labels["data"].setText(translate("SettingsPage", "Thư mục dữ liệu:"))
        self.labels["backups"].setText(translate("SettingsPage", "Thư mục sao lưu:"))
        self.labels["prints"].setText(translate("SettingsPage", "Thư mục tệp in (PDF):"))
        self.printer.setItemText(0, translate("SettingsPage", "Máy in mặc định của Windows"))
        current = self.paper.currentData() or QSettings().value("printing/receipt_paper", "a5")
        self.paper.blockSignals(True)
        self.paper.clear()
        self.paper.addItem(translate("SettingsPage", "A5"), "a5")
        self.paper.addItem(translate("SettingsPage", "Giấy in nhiệt 80 mm"), "thermal")
        self.paper.setCurrentIndex(max(0, self.paper.findData(current)))
        self.paper.blockSignals(False)
        folder = self.state.data_dir
        self.data_folder.setText(str(folder) if folder else "—")
        self.backups_folder.setText(str(paths.backups_dir(folder)) if folder else "—")
        self.prints_folder.setText(str(folder / "prints") if folder else "—")
        self.print_note.setText(
            translate(
                "SettingsPage",
                "Biên lai và báo cáo được xem trước rồi in ra máy in đã chọn (cả tổ "
                "in một lần); bản PDF vẫn được lưu trong thư mục tệp in.",
            )
        )
        self.about_button.setText(translate("SettingsPage", "&Giới thiệu sbpdesk…"))
        self.usb_backup_button.setText(translate("SettingsPage", "Sao lưu vào &USB…"))
        self.usb_backup_note.setText(translate(
            "SettingsPage", "Đã sao lưu (mã hóa) vào {path}.").format(path=self.backup_path)
            if self.backup_path else "")
        refresh_headers(self)
        index = self.language.findData(i18n.current_language())
        if index != self.language.currentIndex():
            self.language.blockSignals(True)
            self.language.setCurrentIndex(index)
            self.language.blockSignals(False)

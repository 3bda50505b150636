"""How the GUI shows errors: rules refusing something, and bugs.

A `DomainError` is an expected refusal: its Vietnamese (or English) text goes next to the
field it names (`widgets.FieldError`), or into a small message box when no field fits. Any
other exception is a bug: it is written with its traceback to the log file and the officer
sees a dialog that names that file, so it can be sent to the office. Never a traceback on
screen.

`configure_logging(path)` picks the log file (the shell passes `<data>/logs/sbpdesk.log`);
`install_excepthook()` routes exceptions escaping Qt slots here too. Tests replace
`show_message` to keep dialogs from blocking.
"""
from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from sbpdesk.domain.errors import DomainError

from .i18n import current_language

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

log = logging.getLogger("sbpdesk.ui")

_log_file: Path | None = None


def default_log_file() -> Path:
    import platformdirs
    return Path(platformdirs.user_log_dir("sbpdesk", "NHCSXH")) / "sbpdesk.log"


def configure_logging(path: Path | None = None) -> Path:
    """Send the `sbpdesk` loggers to a rotating UTF-8 file; returns its path."""
    global _log_file
    path = Path(path) if path else default_log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger("sbpdesk")
    for handler in list(root.handlers):
        if getattr(handler, "_sbpdesk_ui", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler._sbpdesk_ui = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _log_file = path
    return path


def log_file() -> Path:
    """The file unexpected errors are written to (configured, or the platform default)."""
    return _log_file or default_log_file()


def domain_message(error: DomainError) -> str:
    """The error's text in the current UI language."""
    return error.message(current_language())


def _default_show_message(parent: QWidget | None, kind: str, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical if kind == "bug" else QMessageBox.Icon.Warning,
                      title, text, QMessageBox.StandardButton.NoButton, parent)
    # Qt ships no Vietnamese catalogue, so name the button ourselves.
    box.addButton(translate("Errors", "Đóng"),
                  QMessageBox.ButtonRole.AcceptRole)
    box.exec()


# Replaced in tests (and by anything wanting a non-modal presentation).
show_message: Callable[[QWidget | None, str, str, str], None] = _default_show_message


def question_box(parent: QWidget | None, title: str, text: str,
                 choices: list[tuple[str, str]], default: str) -> tuple[QMessageBox, dict]:
    """The question `ask` shows, and its buttons' keys (also for screenshots)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    buttons = {}
    for key, label in choices:
        role = (QMessageBox.ButtonRole.RejectRole if key == default
                else QMessageBox.ButtonRole.AcceptRole)
        buttons[box.addButton(label, role)] = key
    chosen = next(b for b, k in buttons.items() if k == default)
    box.setDefaultButton(chosen)
    box.setEscapeButton(chosen)
    return box, buttons


def _default_ask(parent: QWidget | None, title: str, text: str,
                 choices: list[tuple[str, str]], default: str) -> str:
    box, buttons = question_box(parent, title, text, choices, default)
    box.exec()
    return buttons.get(box.clickedButton(), default)


# ask(parent, title, text, [(key, button text)], default key) -> the key chosen (Esc: default).
# Replaced in tests by a recorder that answers.
ask: Callable[[QWidget | None, str, str, list[tuple[str, str]], str], str] = _default_ask


def show_domain_error(parent: QWidget | None, error: DomainError) -> None:
    """A refusal that has no field to sit next to: a small warning box."""
    show_message(parent, "domain", translate("Errors", "Không thực hiện được"),
                 domain_message(error))


def report_unexpected(exc: BaseException, parent: QWidget | None = None) -> Path:
    """Log `exc` with its traceback and tell the officer where the log is; returns the file.
    A full disk is no bug: the officer reads "ổ đĩa đầy" and what to do."""
    from sbpdesk.services import space
    if space.is_disk_full(exc, log_file().parent):
        log.warning("disk full: %s", exc)
        show_domain_error(parent, space.disk_full_error())
        return log_file()
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error\n%s", text)
    path = log_file()
    message = translate(
        "Errors",
        "Đã xảy ra lỗi không mong muốn. Thao tác chưa được thực hiện.\n\n"
        "Chi tiết đã được ghi vào tệp nhật ký:\n{path}\n\n"
        "Hãy gửi tệp này cho cán bộ phụ trách tại Phòng giao dịch.").format(path=path)
    show_message(parent, "bug", translate("Errors", "Lỗi chương trình"),
                 message)
    return path


def install_excepthook() -> None:
    """Exceptions escaping Qt slots: DomainError → message box, anything else → log + dialog."""
    def hook(exc_type, exc, tb):
        if isinstance(exc, DomainError):
            show_domain_error(None, exc)
        elif issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
        else:
            report_unexpected(exc.with_traceback(tb))
    sys.excepthook = hook

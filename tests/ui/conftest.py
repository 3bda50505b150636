"""pytest-qt fixtures for the GUI: offscreen Qt, the bundled font and theme, Vietnamese UI.

QT_QPA_PLATFORM is set before any QApplication exists (pytest-qt creates it lazily in the
`qapp` fixture), so tests never need a display; `SBPDESK_TEST_QT_PLATFORM=xcb` under
`xvfb-run -a` shows real windows instead. Dialogs never block: `errors.show_message` is
replaced by a recorder (`messages`), and unexpected errors go to a log file in a temp folder.
"""
from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = os.environ.get("SBPDESK_TEST_QT_PLATFORM", "offscreen")

import pytest

from sbpdesk.ui import errors, i18n, theme


@pytest.fixture(scope="session")
def app(qapp, tmp_path_factory):
    """The QApplication with the bundled font, the theme and the Vietnamese UI."""
    errors.configure_logging(tmp_path_factory.mktemp("logs") / "sbpdesk.log")
    theme.apply_theme(qapp)
    i18n.install_translator(qapp, "vi")
    return qapp


@pytest.fixture(autouse=True)
def messages(app, monkeypatch):
    """Every dialog the code under test would show, as (kind, title, text)."""
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(errors, "show_message",
                        lambda parent, kind, title, text: shown.append((kind, title, text)))
    yield shown
    if i18n.current_language() != "vi":
        i18n.install_translator(app, "vi")


@pytest.fixture(autouse=True)
def questions(app, monkeypatch):
    """Every question the code under test would ask, as (title, text, choice keys); answered
    with `questions.answers.pop(0)` when a test set answers, else with the first choice."""
    class Asked(list):
        answers: list[str] = []
    asked = Asked()

    def answer(parent, title, text, choices, default):
        asked.append((title, text, [key for key, _ in choices]))
        return asked.answers.pop(0) if asked.answers else choices[0][0]
    monkeypatch.setattr(errors, "ask", answer)
    return asked

"""Translations: the English catalogue is complete and built, switching works live."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QLabel

from sbpdesk.ui import i18n
from sbpdesk.ui.i18n import Retranslating

translate = QCoreApplication.translate


def test_every_message_is_translated():
    assert i18n.unfinished_messages(i18n.ts_path("en")) == []


def messages_in(ts):
    root = ET.parse(ts).getroot()
    return {(c.findtext("name"), m.findtext("source")): m.findtext("translation")
            for c in root.iter("context") for m in c.iter("message")}


def test_ts_covers_every_string_in_the_sources(tmp_path):
    """lupdate over sbpdesk/ui finds no new or vanished message: run `--update` after
    adding or changing a translate() string. Compared as messages, not bytes, so another
    lupdate version's formatting does not matter."""
    ts = tmp_path / "sbpdesk_en.ts"
    shutil.copy(i18n.ts_path("en"), ts)
    i18n.run_lupdate(ts)
    assert i18n.unfinished_messages(ts) == [], "run: python -m sbpdesk.ui.i18n --update"
    assert messages_in(ts) == messages_in(i18n.ts_path("en")), \
        "the committed .ts is stale: run python -m sbpdesk.ui.i18n --update"


@pytest.mark.parametrize("where", ["packaging step", "resources"])
def test_qm_is_built_from_the_current_ts(where, tmp_path):
    """The .qm is not committed: the packaging step builds it from the .ts (packaging/setup.sh
    into resources/i18n, packaging/sbpdesk.spec into the frozen build) with lrelease. A .qm
    built here, and the one in resources/, give every translation the .ts has. Checked by
    loading, not by file times nor bytes (they may differ between lrelease versions)."""
    qm = i18n.qm_path("en")
    if where == "packaging step":
        qm = tmp_path / qm.name
        i18n.run_lrelease(i18n.ts_path("en"), qm)
    translator = QTranslator()
    assert translator.load(str(qm))
    for (context, source), translation in messages_in(i18n.ts_path("en")).items():
        assert translator.translate(context, source) == translation, \
            f"stale .qm for [{context}] {source}: run python -m sbpdesk.ui.i18n --release"


def test_vietnamese_is_the_default_and_english_loads(app):
    assert i18n.current_language() == "vi"
    assert translate("Nav", "Bảng kê thu tổ (13/TD)") == "Bảng kê thu tổ (13/TD)"
    assert i18n.install_translator(app, "en") == "en"
    assert i18n.current_language() == "en"
    assert translate("Nav", "Bảng kê thu tổ (13/TD)") == "Group collection sheet (13/TD)"
    assert i18n.install_translator(app, "vi") == "vi"
    assert translate("Nav", "Trang chủ") == "Trang chủ"


def test_unknown_language_falls_back_to_vietnamese(app):
    assert i18n.install_translator(app, "fr") == "vi"


def test_pseudo_translation_stretches_strings(app, monkeypatch):
    monkeypatch.setenv("SBPDESK_TRANS_SCALE", "200")
    i18n.install_translator(app, "en")
    stretched = translate("Nav", "Khách hàng")
    assert stretched.startswith("[Borrowers") and len(stretched) >= 2 * len("Borrowers")
    i18n.install_translator(app, "vi")
    assert translate("Nav", "Khách hàng").startswith("[Khách hàng~")
    assert "{user}" in translate("MainWindow", "Người dùng: {user}")   # placeholders survive
    monkeypatch.delenv("SBPDESK_TRANS_SCALE")
    i18n.install_translator(app, "vi")
    assert translate("Nav", "Khách hàng") == "Khách hàng"


@pytest.mark.parametrize("scale, expected", [(100, "Lưu"), (200, "[Lưu~~~]"), (50, "L")])
def test_scale_text(scale, expected):
    assert i18n.scale_text("Lưu", scale) == expected


class Greeting(Retranslating, QLabel):
    def __init__(self):
        super().__init__()
        self.calls = 0
        self.translate_ui()

    def translate_ui(self):
        self.calls += 1
        self.setText(translate("Nav", "Trang chủ"))


def test_widgets_retranslate_live(app, qtbot):
    label = Greeting()
    qtbot.addWidget(label)
    assert label.text() == "Trang chủ"
    i18n.install_translator(app, "en")
    qtbot.waitUntil(lambda: label.text() == "Home", timeout=1000)
    i18n.install_translator(app, "vi")
    qtbot.waitUntil(lambda: label.text() == "Trang chủ", timeout=1000)


def test_update_command_reports_nothing_unfinished(capsys):
    assert i18n.main(["--check"]) == 0
    assert "0 unfinished" in capsys.readouterr().out

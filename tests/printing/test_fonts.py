"""The bundled font family and its licence, found from the source checkout."""
from __future__ import annotations

import unicodedata

from reportlab.pdfbase import pdfmetrics

from sbpdesk.printing import fonts


def test_four_faces_and_licence_are_bundled():
    folder = fonts.fonts_dir()
    for name in ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf",
                 "NotoSerif-BoldItalic.ttf"):
        assert (folder / name).is_file(), name
    licence = (folder / fonts.LICENCE_FILE).read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_register_is_idempotent_and_maps_bold_italic():
    assert fonts.register() == fonts.register() == fonts.FAMILY
    from reportlab.lib.fonts import tt2ps
    assert tt2ps(fonts.FAMILY, 1, 0) == fonts.BOLD
    assert tt2ps(fonts.FAMILY, 0, 1) == fonts.ITALIC
    assert tt2ps(fonts.FAMILY, 1, 1) == fonts.BOLD_ITALIC
    face = pdfmetrics.getFont(fonts.REGULAR).face
    for ch in "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ":
        assert ord(ch) in face.charToGlyph, ch


def test_resources_dir_override(tmp_path, monkeypatch):
    (tmp_path / "fonts").mkdir()
    src = fonts.fonts_dir() / "NotoSerif-Regular.ttf"
    (tmp_path / "fonts" / "NotoSerif-Regular.ttf").write_bytes(src.read_bytes())
    monkeypatch.setenv("SBPDESK_RESOURCES", str(tmp_path))
    assert fonts.resources_dir() == tmp_path


def test_nfc():
    nfd = unicodedata.normalize("NFD", "Hồ Ngọc Ẩn")
    assert fonts.nfc(nfd) == "Hồ Ngọc Ẩn"
    assert fonts.nfc(None) == ""
    assert fonts.nfc("thu \u2212 chi") == "thu - chi"

"""Shared layout for every printed document: paper, styles, header, signatures, marks.

Documents build a platypus story out of these pieces and hand it to `build()`, which draws the
per-page marks (copy stamp, "ĐÃ HỦY", demo watermark, page numbers; a reconstructed layout says
"mẫu tham khảo" next to its form number, `form_label`) and returns
the PDF bytes. Every text goes through `esc()` (NFC + XML escaping) or `nfc()` before it reaches
ReportLab.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from sbpdesk.domain.dates import format_date
from sbpdesk.domain.money import format_number, format_vnd
from sbpdesk.domain.words import amount_in_words
from sbpdesk.services.documents.data import ORIGINAL, ContractRef, PrintMark

from . import fonts
from .pages import Caption, SignatureBlock, keep_signatures

A4_PORTRAIT = A4
A4_LANDSCAPE = landscape(A4)
A5_PORTRAIT = A5
THERMAL_WIDTH = 80 * mm
THERMAL_PRINTABLE = 72 * mm

MOTTO_1 = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập – Tự do – Hạnh phúc"
BANK = "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI"
REFERENCE_NOTE = "mẫu tham khảo"
DEMO_TEXT = "DỮ LIỆU MẪU"
CANCELLED_TEXT = "ĐÃ HỦY"

SIGN = "(Ký, ghi rõ họ tên)"
SIGN_OR_THUMB = "(Ký, ghi rõ họ tên hoặc điểm chỉ)"
SIGN_AND_STAMP = "(Ký tên, đóng dấu)"

DOTS = "…………………"
RED = colors.Color(0.75, 0.05, 0.05)


# --- text -----------------------------------------------------------------------------------

nfc = fonts.nfc


def esc(value: object) -> str:
    """NFC text escaped for Paragraph markup."""
    return escape(nfc(value))


def group_markup(name: str, bold_name: bool = False) -> str:
    """"Tổ TK&VV: <name>" — or the name alone when it says "Tổ TK&VV" itself ("Tổ TK&VV thôn
    Đông"), so no paper reads "Tổ TK&VV: Tổ TK&VV thôn Đông" (issue 14)."""
    named = f"<b>{esc(name)}</b>" if bold_name else esc(name)
    return named if names_group(name) else f"Tổ TK&amp;VV: {named}"


def names_group(name: str) -> bool:
    return nfc(name).casefold().replace(" ", "").startswith("tổtk&vv")


def money(amount: int | None, symbol: bool = True) -> str:
    """"1.200.000 đ"; None → dotted blank."""
    if amount is None:
        return DOTS
    return format_vnd(amount, symbol=symbol)


def num(amount: int | None) -> str:
    """"1.200.000" for table cells; None → ""."""
    return "" if amount is None else format_number(amount)


def words(amount: int) -> str:
    """Amount in words; a negative balance (a session short of cash) reads "Âm …"."""
    if amount < 0:
        text = amount_in_words(-amount)
        return nfc("Âm " + text[0].lower() + text[1:])
    return nfc(amount_in_words(amount))


def day(d: date | None) -> str:
    return format_date(d) if d is not None else "……/……/………"


def date_line(place: str, d: date | None) -> str:
    """"Hải Thượng, ngày 05 tháng 06 năm 2026" or the dotted blank of the paper forms."""
    place = nfc(place) or "…………"
    if d is None:
        return f"{place}, ngày …… tháng …… năm 20……"
    return f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def contract_text(ref: ContractRef) -> str:
    if not ref.number:
        return ""
    return f"{nfc(ref.number)} (tạm)" if ref.provisional else nfc(ref.number)


def or_dots(value: object, dots: str = DOTS) -> str:
    text = esc(value)
    return text if text else dots


# --- styles ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    justify: ParagraphStyle
    center: ParagraphStyle
    right: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    small: ParagraphStyle
    small_center: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    stamp: ParagraphStyle


_styles_cache: dict[tuple[float, float], Styles] = {}


def styles(size: float = 12, cell_size: float = 9) -> Styles:
    """Paragraph styles on the bundled family; `size` for text, `cell_size` for tables."""
    key = (size, cell_size)
    if key in _styles_cache:
        return _styles_cache[key]
    family = fonts.register()
    lead = size * 1.25
    body = ParagraphStyle("body", fontName=family, fontSize=size, leading=lead,
                          alignment=TA_LEFT)
    cl = cell_size * 1.2
    s = Styles(
        body=body,
        justify=ParagraphStyle("justify", parent=body, alignment=TA_JUSTIFY),
        center=ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        title=ParagraphStyle("title", parent=body, fontName=fonts.BOLD, fontSize=size + 3,
                             leading=(size + 3) * 1.25, alignment=TA_CENTER, spaceBefore=4,
                             spaceAfter=2),
        subtitle=ParagraphStyle("subtitle", parent=body, alignment=TA_CENTER,
                                fontName=fonts.ITALIC),
        small=ParagraphStyle("small", parent=body, fontSize=size - 3, leading=(size - 3) * 1.25),
        small_center=ParagraphStyle("small_center", parent=body, fontSize=size - 3,
                                    leading=(size - 3) * 1.25, alignment=TA_CENTER),
        cell=ParagraphStyle("cell", fontName=family, fontSize=cell_size, leading=cl),
        cell_center=ParagraphStyle("cell_center", fontName=family, fontSize=cell_size,
                                   leading=cl, alignment=TA_CENTER),
        cell_right=ParagraphStyle("cell_right", fontName=family, fontSize=cell_size,
                                  leading=cl, alignment=TA_RIGHT),
        head=ParagraphStyle("head", fontName=fonts.BOLD, fontSize=cell_size, leading=cl,
                            alignment=TA_CENTER),
        stamp=ParagraphStyle("stamp", fontName=fonts.BOLD, fontSize=size, leading=size * 1.3,
                             alignment=TA_CENTER, textColor=RED, borderColor=RED,
                             borderWidth=1.2, borderPadding=3, spaceBefore=2, spaceAfter=6),
    )
    _styles_cache[key] = s
    return s


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph from markup already built with esc() for data parts."""
    return Paragraph(nfc(markup), style)


def text(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph from plain data text (escaped here)."""
    return Paragraph(esc(value), style)


def fit(value: object, style: ParagraphStyle, width: float, padding: float = 5) -> object:
    """A table cell: the plain string when it fits on one line (fast), else a wrapping
    Paragraph."""
    s = nfc(value)
    from reportlab.pdfbase.pdfmetrics import stringWidth
    if stringWidth(s, style.fontName, style.fontSize) <= width - padding:
        return s
    return Paragraph(escape(s), style)


def box(rows: list[list], col_widths: Sequence[float], *, extra: Sequence[tuple] = (),
        row_heights: Sequence[float | None] | None = None) -> Table:
    """An unruled layout table (header columns, signature columns); padding only inside."""
    fonts.register()
    t = Table(rows, colWidths=list(col_widths), rowHeights=row_heights)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0), *extra]))
    return t


# --- header blocks --------------------------------------------------------------------------

def form_label(form_no: str, reference: bool) -> str:
    """"Mẫu số: 13/TD (mẫu tham khảo)": a reconstructed layout says so next to its number,
    legibly, so no one takes it for the bank's own form; a real template keeps its wording."""
    parts = [f"Mẫu số: {esc(form_no)}"] if form_no else []
    if reference:
        parts.append(f"({REFERENCE_NOTE})")
    return f"<b><i>{' '.join(parts)}</i></b>" if parts else ""


def national_header(width: float, st: Styles, *, left: Sequence[str], form_no: str = "",
                    copy_note: str = "", left_ratio: float = 0.42,
                    reference: bool = False) -> Table:
    """Issuing unit top-left, national motto centre/right, form number top-right.

    `left` lines: the first are bold capitals (the unit), as on the bank's forms.
    """
    left_markup = "<br/>".join(f"<b>{esc(line)}</b>" if i < 2 else esc(line)
                               for i, line in enumerate(left))
    motto = f"<b>{MOTTO_1}</b><br/><b><u>{MOTTO_2}</u></b>"
    right_cells = []
    if form_no or reference:
        right_cells.append(para(form_label(form_no, reference), st.right))
    if copy_note:
        right_cells.append(para(f"<i>{esc(copy_note)}</i>", _note_style(st)))
    lw = width * left_ratio
    rw = width - lw
    return box([[para(left_markup, _header_style(st, TA_CENTER)),
                 [*right_cells, para(motto, _header_style(st, TA_CENTER))]]], [lw, rw])


def centred_header(st: Styles, *, form_no: str = "", copy_note: str = "",
                   reference: bool = False) -> list[Flowable]:
    """Header of a form the customer signs: form number top-right, motto centred."""
    out: list[Flowable] = []
    if form_no or reference:
        out.append(para(form_label(form_no, reference), st.right))
    if copy_note:
        out.append(para(f"<i>{esc(copy_note)}</i>", _note_style(st)))
    out.append(para(f"<b>{MOTTO_1}</b><br/><b><u>{MOTTO_2}</u></b>", st.center))
    return out


def _header_style(st: Styles, align: int) -> ParagraphStyle:
    size = st.body.fontSize - 1
    return ParagraphStyle(f"hdr{align}{size}", parent=st.body, fontSize=size, leading=size * 1.3,
                          alignment=align)


def _note_style(st: Styles) -> ParagraphStyle:
    size = st.body.fontSize - 4
    return ParagraphStyle(f"note{size}", parent=st.body, fontSize=size, leading=size * 1.25,
                          alignment=TA_RIGHT, spaceAfter=3)


def title(markup: str, st: Styles, subtitle: str = "") -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 4 * mm), para(markup, st.title)]
    if subtitle:
        out.append(para(subtitle, st.subtitle))
    out.append(Spacer(1, 3 * mm))
    return out


def mark_banner(mark: PrintMark, st: Styles) -> list[Flowable]:
    """In-flow stamps at the top of a document ("BẢN SAO (lần n)", "ĐÃ HỦY", demo)."""
    out: list[Flowable] = []
    parts = []
    if mark.cancelled:
        parts.append(CANCELLED_TEXT)
    if mark.copy_no > 0:
        parts.append(copy_text(mark.copy_no))
    if parts:
        out.append(para(" — ".join(parts), st.stamp))
    if mark.demo:
        out.append(para(f"{DEMO_TEXT} — không có giá trị giao dịch", st.stamp))
    return out


def copy_text(copy_no: int) -> str:
    return f"BẢN SAO (lần {copy_no})"


# --- signatures -----------------------------------------------------------------------------

def signature_block(width: float, st: Styles,
                    columns: Sequence[tuple[str, str, str] | Flowable], *,
                    date_text: str = "", date_col: int | None = None,
                    space: float = 18 * mm) -> Flowable:
    """Columns of (title, caption, name): title bold, caption italic, room to sign, name bold.
    A column may instead be a ready Flowable (e.g. a certification box).

    `date_text` goes above column `date_col` (default: the last), as on the paper forms.
    """
    n = len(columns)
    col_w = width / n
    rows: list[list] = []
    spans: list[tuple] = []
    if date_text:
        dc = n - 1 if date_col is None else date_col
        # The date line sits over the last column, spanning the one before it too.
        first = dc - 1 if (n >= 2 and dc == n - 1) else dc
        # Two columns: the line runs right-aligned over both, so it never wraps.
        style = st.right if n == 2 and first != dc else st.center
        rows.append([para(f"<i>{esc(date_text)}</i>", style) if i == first else ""
                     for i in range(n)])
        if first != dc:
            spans.append(("SPAN", (first, 0), (dc, 0)))
    def head(col):
        if isinstance(col, Flowable):
            return col
        t, c, _ = col
        return para(f"<b>{esc(t)}</b><br/><i>{esc(c)}</i>" if c else f"<b>{esc(t)}</b>",
                    st.center)

    def name(col):
        if isinstance(col, Flowable) or not col[2]:
            return ""
        return para(f"<b>{esc(col[2])}</b>", st.center)

    rows.append([head(c) for c in columns])
    rows.append(["" for _ in columns])
    rows.append([name(c) for c in columns])
    t = box(rows, [col_w] * n, row_heights=[None] * (len(rows) - 2) + [space, None],
            extra=[("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                   *spans])
    return SignatureBlock([Spacer(1, 3 * mm), t])


# --- amounts --------------------------------------------------------------------------------

def amount_lines(label: str, amount: int, st: Styles) -> list[Flowable]:
    """"Số tiền: 1.200.000 đ" then "(Bằng chữ: Một triệu hai trăm nghìn đồng)"."""
    return [para(f"{esc(label)}: <b>{esc(money(amount))}</b>", st.body),
            para(f"<i>(Bằng chữ: {esc(words(amount))})</i>", st.body)]


# --- tables ---------------------------------------------------------------------------------

GRID = [
    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
]


def captioned(markup: str, style: ParagraphStyle, table: Table, width: float,
              rows: int = 2) -> list[Flowable]:
    """A caption and its table: the caption never ends a page alone (01/UQ's "BÊN ỦY QUYỀN"
    once closed page 1, its table on page 2). Unless it fits with the table's header and
    first `rows` rows, both start on the next page; when signatures follow, keep_signatures
    moves the caption with the table (pages.Caption)."""
    head = Caption(nfc(markup), style)    # markup built with esc() for data parts
    _, need = head.wrap(width, 10_000)
    table.wrap(width, 10_000)
    need += sum(table._rowHeights[:(table.repeatRows or 0) + rows])
    return [CondPageBreak(need + 1), head, table]


def grid_table(rows: list[list], col_widths: Sequence[float], *, header_rows: int = 1,
               font_size: float = 9, extra: Sequence[tuple] = (), repeat: bool = True,
               total_rows: int = 0) -> Table:
    """A ruled table; header rows repeat on each page; the last `total_rows` rows bold."""
    fonts.register()
    t = Table(rows, colWidths=list(col_widths), repeatRows=header_rows if repeat else 0)
    style = list(GRID) + [("FONTSIZE", (0, 0), (-1, -1), font_size),
                          ("LEADING", (0, 0), (-1, -1), font_size * 1.2)]
    if header_rows:
        style += [("FONTNAME", (0, 0), (-1, header_rows - 1), fonts.BOLD),
                  ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
                  ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.93, 0.93, 0.93))]
    if total_rows:
        style += [("FONTNAME", (0, -total_rows), (-1, -1), fonts.BOLD)]
    style += list(extra)
    t.setStyle(TableStyle(style))
    return t


# --- page decoration and building -----------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """What every page carries besides the story."""
    size: tuple[float, float]
    margins: tuple[float, float, float, float] = (15 * mm, 15 * mm, 14 * mm, 14 * mm)  # l r t b
    mark: PrintMark = ORIGINAL
    reference: bool = False           # reconstructed layout (said in the header: form_label)
    doc_title: str = ""               # PDF metadata and footer
    page_numbers: bool = True
    footer_size: float = 7
    watermark_size: float = 60
    stamp_in_margin: bool = True      # False when the story carries mark_banner() itself
    demo_in_flow: bool = False        # the story says "DỮ LIỆU MẪU" itself: not in the margin too
    keep_signatures: bool = True      # False on paper that grows with the story (thermal)


class _NumberedCanvas(rl_canvas.Canvas):
    """Two-pass canvas so the footer can say "Trang x/y"."""

    def __init__(self, *args, **kwargs):
        # Without this the page's initial font, Helvetica, ends up in the PDF's resources.
        if not kwargs.get("initialFontName"):
            kwargs["initialFontName"] = fonts.REGULAR
        super().__init__(*args, **kwargs)
        self._saved: list[dict] = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            draw = getattr(self, "_sbp_footer", None)
            if draw:
                draw(self, total)
            super().showPage()
        super().save()


def _decorate(page: Page) -> Callable:
    def on_page(canv: rl_canvas.Canvas, doc) -> None:
        w, h = page.size
        left, right, top, bottom = page.margins
        canv.saveState()
        # Watermarks first, under the text.
        if page.mark.demo or page.mark.cancelled:
            canv.saveState()
            canv.translate(w / 2, h / 2)
            canv.rotate(35 if h >= w else 20)
            size = page.watermark_size if w > 100 * mm else 28
            if page.mark.cancelled:
                canv.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.22))
                canv.setFont(fonts.BOLD, size * 1.3)
                canv.drawCentredString(0, -size * 0.9 if page.mark.demo else -size * 0.4,
                                       CANCELLED_TEXT)
            if page.mark.demo:
                canv.setFillColor(colors.Color(0.5, 0.5, 0.5, alpha=0.16))
                canv.setFont(fonts.BOLD, size)
                canv.drawCentredString(0, size * 0.4 if page.mark.cancelled else -size * 0.3,
                                       DEMO_TEXT)
            canv.restoreState()
        # Copy / cancelled stamp in the top margin of every page (not on thermal paper,
        # where the in-flow banner does it).
        stamp = []
        if page.mark.cancelled:
            stamp.append(CANCELLED_TEXT)
        if page.mark.copy_no > 0:
            stamp.append(copy_text(page.mark.copy_no))
        if page.mark.demo and not page.demo_in_flow:
            stamp.append(DEMO_TEXT)
        if stamp and page.stamp_in_margin and top >= 10 * mm:
            label = "  ·  ".join(stamp)
            canv.setFont(fonts.BOLD, 9)
            tw = canv.stringWidth(label, fonts.BOLD, 9)
            x, y = left, h - top + 3.2 * mm
            canv.setStrokeColor(RED)
            canv.setFillColor(RED)
            canv.setLineWidth(0.9)
            canv.rect(x - 1.5 * mm, y - 1.3 * mm, tw + 3 * mm, 4.6 * mm, stroke=1, fill=0)
            canv.drawString(x, y, label)
        canv.restoreState()

        def footer(c: rl_canvas.Canvas, total: int) -> None:
            c.saveState()
            c.setFont(fonts.ITALIC, page.footer_size)
            c.setFillColor(colors.Color(0.3, 0.3, 0.3))
            y = bottom - 5 * mm if bottom > 8 * mm else 1.5 * mm
            number = f"Trang {c.getPageNumber()}/{total}" if page.page_numbers and total else ""
            room = w - left - right - (c.stringWidth(number, fonts.ITALIC, page.footer_size)
                                       + 3 * mm if number else 0)
            # The title wraps upwards rather than run off narrow (80 mm) paper.
            lines = simpleSplit(nfc(page.doc_title), fonts.ITALIC, page.footer_size, room)
            for i, line in enumerate(lines):
                c.drawString(left, y + (len(lines) - 1 - i) * page.footer_size * 1.2, line)
            if number:
                c.drawRightString(w - right, y, number)
            c.restoreState()

        canv._sbp_footer = footer  # type: ignore[attr-defined]

    return on_page


def build(story: list[Flowable], page: Page) -> bytes:
    """Lay out `story` on `page` and return the PDF bytes."""
    fonts.register()
    buf = io.BytesIO()
    left, right, top, bottom = page.margins
    w, h = page.size
    doc = BaseDocTemplate(buf, pagesize=page.size, leftMargin=left, rightMargin=right,
                          topMargin=top, bottomMargin=bottom, title=nfc(page.doc_title),
                          author="sbpdesk", creator="sbpdesk", subject=nfc(page.doc_title),
                          invariant=1, initialFontName=fonts.REGULAR)
    frame = Frame(left, bottom, w - left - right, h - top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate(page))])
    if page.keep_signatures:
        story = keep_signatures(list(story))
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buf.getvalue()


def frame_width(page: Page) -> float:
    return page.size[0] - page.margins[0] - page.margins[1]


def story_height(story: Sequence[Flowable], width: float) -> float:
    """Height the story needs in a frame `width` wide (for thermal paper that grows)."""
    total = 0.0
    prev_after = 0.0
    scratch = rl_canvas.Canvas(io.BytesIO())
    for f in story:
        if isinstance(f, KeepTogether):      # its wrap() forces a split: measure the content
            fh = story_height(f._content, width)
            total += fh
            prev_after = 0.0
            continue
        _, fh = f.wrapOn(scratch, width, 10_000 * mm)
        before = f.getSpaceBefore()
        total += fh + max(before, prev_after)
        prev_after = f.getSpaceAfter()
    return total + prev_after


__all__ = [
    "A4_LANDSCAPE",
    "A4_PORTRAIT",
    "A5_PORTRAIT",
    "REFERENCE_NOTE",
    "SIGN",
    "SIGN_AND_STAMP",
    "SIGN_OR_THUMB",
    "THERMAL_PRINTABLE",
    "THERMAL_WIDTH",
    "Page",
    "Styles",
    "amount_lines",
    "box",
    "build",
    "centred_header",
    "contract_text",
    "copy_text",
    "date_line",
    "day",
    "esc",
    "fit",
    "form_label",
    "frame_width",
    "grid_table",
    "group_markup",
    "mark_banner",
    "money",
    "names_group",
    "national_header",
    "nfc",
    "num",
    "or_dots",
    "para",
    "signature_block",
    "story_height",
    "styles",
    "text",
    "title",
    "words",
]

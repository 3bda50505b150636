"""An office report as PDF (issue 16): A4 landscape, the office's header, the report's title
and period, its charts (bars by point, the trend by month) and its tables — any report that
reports/tables.py shapes (title, columns with a kind, rows, totals). Printing does not
import reports: the tables and charts are read by their attributes.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from sbpdesk.services.documents.data import ORIGINAL, Issuer, PrintMark

from . import fonts
from . import layout as L

PALETTE = (colors.Color(0.13, 0.36, 0.62), colors.Color(0.85, 0.45, 0.1),
           colors.Color(0.3, 0.6, 0.3))
WEIGHTS = {"name": 3.2, "group": 2.6, "borrower": 2.2, "programme": 2.4, "target": 2.0,
           "contract_no": 1.5, "teller": 1.8, "leader": 1.8, "grade_name": 1.4, "code": 1.3,
           "point_code": 0.8}
KIND_WEIGHTS = {"money": 1.45, "int": 0.85, "pct": 0.85, "date": 1.1}


def _value(v: Any, kind: str) -> str:
    if v is None or v == "":
        return ""
    if kind == "money":
        return L.num(v)
    if kind == "int":
        return f"{v:,}".replace(",", ".")
    if kind == "pct":
        return str(v).replace(".", ",")
    if kind == "date":
        return "/".join(reversed(str(v).split("-")))
    return str(v)


def _widths(columns: Sequence[Any], width: float) -> list[float]:
    weights = [WEIGHTS.get(c.key, KIND_WEIGHTS.get(c.kind, 1.0)) for c in columns]
    return [width * w / sum(weights) for w in weights]


def _table(t: Any, st: L.Styles, width: float) -> list[Flowable]:
    cw = _widths(t.columns, width)
    head = [L.para(f"<b>{L.esc(c.title)}</b>", st.head) for c in t.columns]
    rows: list[list] = [head]
    body = [*t.rows, *([t.totals] if t.totals else [])]
    for row in body:
        rows.append([L.fit(_value(row.get(c.key), c.kind),
                           st.cell if c.kind in ("text", "date") else st.cell_right, w)
                     for c, w in zip(t.columns, cw, strict=True)])
    if not t.rows:
        rows.append([L.para("<i>Không có số liệu.</i>", st.cell)] + [""] * (len(cw) - 1))
    right = [("ALIGN", (k, 1), (k, -1), "RIGHT") for k, c in enumerate(t.columns)
             if c.kind in ("money", "int", "pct")]
    span = [("SPAN", (0, 1), (-1, 1))] if not t.rows else []
    title = L.para(f"<b>{L.esc(t.title)}</b>", st.body)
    table = L.grid_table(rows, cw, font_size=st.cell.fontSize, extra=[*right, *span],
                         total_rows=1 if t.totals and t.rows else 0)
    block = [title, Spacer(1, 1.5 * mm), table]
    # a short table stays on one page with its title; a long one repeats its header
    return [*([KeepTogether(block)] if len(rows) < 25 else block), Spacer(1, 5 * mm)]


def _chart(c: Any, width: float, height: float = 62 * mm) -> Drawing:
    family = fonts.register()
    d = Drawing(width, height)
    d.add(String(0, height - 10, fonts.nfc(c.title), fontName=fonts.BOLD, fontSize=10))
    chart = VerticalBarChart() if c.kind == "bar" else HorizontalLineChart()
    chart.x, chart.y = 40, 28
    chart.width, chart.height = width - 200, height - 50
    chart.data = [tuple(v) for v in c.series.values()] or [(0,)]
    chart.categoryAxis.categoryNames = [fonts.nfc(x) for x in c.labels]
    chart.categoryAxis.labelAxisMode = "low"     # under the chart, below negative bars too
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = family, 8
    values = [v for s in c.series.values() for v in s]
    chart.valueAxis.valueMin = min(0, *values) if values else 0
    if values and max(values) <= 0:
        chart.valueAxis.valueMax = 1
    for k in range(len(chart.data)):
        colour = PALETTE[k % len(PALETTE)]
        if c.kind == "bar":
            chart.bars[k].fillColor = colour
        else:
            chart.lines[k].strokeColor = colour
            chart.lines[k].strokeWidth = 1.6
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 150, height - 30
    legend.fontName, legend.fontSize = family, 8
    legend.colorNamePairs = [(PALETTE[k % len(PALETTE)], fonts.nfc(name))
                             for k, name in enumerate(c.series)]
    d.add(legend)
    return d


def render_charts(charts: Sequence[Any], width: float, height: float) -> bytes:
    """The charts alone, side by side on one page `width` × `height` points (the window
    shows them rasterised)."""
    page = L.Page(size=(width, height), margins=(6, 6, 6, 6), page_numbers=False,
                  keep_signatures=False, stamp_in_margin=False)
    part = (width - 12) / max(1, len(charts))
    return L.build([L.box([[_chart(c, part - 8, height - 24) for c in charts]],
                          [part] * len(charts))], page)


def render_report(title: str, subtitle: str, tables: Sequence[Any],
                  charts: Sequence[Any] = (), *, issuer: Issuer | None = None,
                  mark: PrintMark = ORIGINAL, made_on: str = "") -> bytes:
    """The report's PDF bytes."""
    page = L.Page(size=L.A4_LANDSCAPE, margins=(12 * mm, 12 * mm, 12 * mm, 12 * mm),
                  mark=mark, doc_title=title)
    st = L.styles(11, 8.5)
    width = L.frame_width(page)
    story: list[Flowable] = []
    if issuer is not None:
        story.append(L.national_header(width, st, left=[
            issuer.branch_name.upper(), issuer.office_name], left_ratio=0.45))
    story += L.title(L.esc(title), st, subtitle=L.esc(subtitle))
    story.append(L.para("<i>Đơn vị: Đồng; tỷ lệ: %</i>", st.right))
    if charts:   # side by side
        half = width / len(charts)
        story += [L.box([[_chart(c, half - 4 * mm) for c in charts]], [half] * len(charts)),
                  Spacer(1, 4 * mm)]
    for t in tables:
        story += _table(t, st, width)
    if made_on:
        story.append(L.para(f"<i>Lập ngày {L.esc(made_on)} bằng sbpdesk.</i>", st.small))
    return L.build(story, page)

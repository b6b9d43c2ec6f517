"""Charts as SVG text, drawn by hand: deterministic, no plotting library, text kept as text."""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from normcheck.report.palette import DARK, GRID, LINE, MUTED

FONT = "'Noto Sans', 'DejaVu Sans', sans-serif"
MAX_STAGE = 5


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None
    value_label: str
    fill: str


@dataclass(frozen=True, slots=True)
class Pair:
    """Two values of one row: an earlier and a later one (trend), each possibly missing."""

    label: str
    before: float | None
    after: float | None


@dataclass(frozen=True, slots=True)
class Spread:
    label: str
    low: float
    middle: float
    high: float


def data_uri(svg: str) -> str:
    """An SVG as a data: URI, so an <img> can carry it with alt text (an inline <svg> gets no /Alt in a PDF)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _n(value: float) -> str:
    """Coordinates with two decimals and no '-0.00', so the same chart is always the same bytes."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(x: float, y: float, content: str, *, size: float = 11, anchor: str = "start", fill: str = DARK,
          weight: str = "normal", baseline: str = "central") -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}" dominant-baseline="{baseline}">{escape(content)}</text>')


def _svg(width: float, height: float, body: Sequence[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{FONT}" role="img">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _legend_line(x: float, y: float, label: str, *, dashed: bool, hollow: bool) -> list[str]:
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    colour = MUTED if dashed else LINE
    fill = "#ffffff" if hollow else colour
    return [
        f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 22)}" y2="{_n(y)}" stroke="{colour}" stroke-width="2"{dash}/>',
        f'<circle cx="{_n(x + 11)}" cy="{_n(y)}" r="3.2" fill="{fill}" stroke="{colour}" stroke-width="1.5"/>',
        _text(x + 28, y, label, size=10),
    ]


def radar(labels: Sequence[str], stages: Sequence[int | None], *, title: str, latest_label: str,
          previous: Sequence[int | None] | None = None, previous_label: str | None = None) -> str:
    """A radar of norm stages 0-5: one axis per norm, rings per stage, the earlier assessment dashed."""
    size, cx, cy, radius = 300.0, 150.0, 140.0, 100.0
    count = len(labels)
    body: list[str] = []

    def point(i: int, stage: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / count
        r = radius * stage / MAX_STAGE
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for ring in range(1, MAX_STAGE + 1):
        ring_points = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, ring) for i in range(count)))
        body.append(f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="0.8"/>')
    for i, label in enumerate(labels):
        x, y = point(i, MAX_STAGE)
        body.append(f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="{GRID}" '
                    'stroke-width="0.8"/>')
        lx, ly = point(i, MAX_STAGE + 0.95)
        shown = label if stages[i] is not None else f"{label} n/r"
        body.append(_text(lx, ly, shown, size=11, anchor="middle", weight="bold"))
    for ring in range(1, MAX_STAGE + 1):
        x, y = point(0, ring)
        body.append(_text(x + 3, y - 5, str(ring), size=8, fill=MUTED))
    series = [(previous, True)] if previous is not None else []
    series.append((stages, False))
    for values, earlier in series:
        pts = [point(i, v or 0) for i, v in enumerate(values)]
        joined = " ".join(f"{_n(x)},{_n(y)}" for x, y in pts)
        if earlier:
            body.append(f'<polygon points="{joined}" fill="none" stroke="{MUTED}" stroke-width="1.6" '
                        'stroke-dasharray="5 3"/>')
        else:
            body.append(f'<polygon points="{joined}" fill="{LINE}" fill-opacity="0.18" stroke="{LINE}" '
                        'stroke-width="2"/>')
        for (x, y), value in zip(pts, values, strict=True):
            if value is None:
                continue
            fill = "#ffffff" if earlier else LINE
            colour = MUTED if earlier else LINE
            body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.2" fill="{fill}" stroke="{colour}" '
                        'stroke-width="1.5"/>')
    legend_y = size - 14
    if previous is not None and previous_label is not None:
        body += _legend_line(20, legend_y, latest_label, dashed=False, hollow=False)
        body += _legend_line(160, legend_y, previous_label, dashed=True, hollow=True)
    else:
        body += _legend_line(20, legend_y, latest_label, dashed=False, hollow=False)
        body.append(_text(160, legend_y, "rings: stages 1 to 5", size=10, fill=MUTED))
    return _svg(size, size, body, title)


def bars(rows: Sequence[Bar], *, title: str, maximum: float = 100.0, label_width: float = 150.0,
         legend: Sequence[tuple[str, str]] = (), width: float = 520.0) -> str:
    """Horizontal bars on a 0-`maximum` scale with the value printed; an empty value draws no bar."""
    row_height, top = 20.0, 8.0
    plot_x = label_width + 8
    # Room on the right for the longest value label, so a full bar never pushes its label off the chart.
    plot_width = width - plot_x - 10 - 5.4 * max((len(r.value_label) for r in rows), default=4)
    legend_parts, legend_height = _swatches(10, top + row_height * len(rows) + 34, legend, width - 10)
    height = top + row_height * len(rows) + 24 + (legend_height + 4 if legend else 0)
    body: list[str] = []
    for tick in range(0, 101, 25):
        x = plot_x + plot_width * tick / 100
        body.append(f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(top + row_height * len(rows))}" '
                    f'stroke="{GRID}" stroke-width="0.6"/>')
        body.append(_text(x, top + row_height * len(rows) + 9, f"{_n(maximum * tick / 100)}", size=8,
                          anchor="middle", fill=MUTED))
    for i, row in enumerate(rows):
        y = top + row_height * i
        body.append(_text(label_width, y + row_height / 2, row.label, size=10, anchor="end"))
        end = plot_x
        if row.value is not None:
            bar_width = plot_width * max(0.0, min(row.value, maximum)) / maximum
            body.append(f'<rect x="{_n(plot_x)}" y="{_n(y + 3)}" width="{_n(bar_width)}" '
                        f'height="{_n(row_height - 6)}" fill="{row.fill}" stroke="{DARK}" stroke-width="0.5"/>')
            end = plot_x + bar_width
        body.append(_text(end + 4, y + row_height / 2, row.value_label, size=9.5))
    if legend:
        body += legend_parts
    return _svg(width, height, body, title)


def _swatches(x0: float, y0: float, legend: Sequence[tuple[str, str]], right: float) -> tuple[list[str], float]:
    """Colour swatches with labels, wrapped onto new lines at `right`; returns the parts and the height used."""
    out: list[str] = []
    x, y = x0, y0
    for label, fill in legend:
        step = 22 + 5.4 * len(label)
        if x + step > right and x > x0:
            x, y = x0, y + 15
        out.append(f'<rect x="{_n(x)}" y="{_n(y - 5)}" width="10" height="10" fill="{fill}" stroke="{DARK}" '
                   'stroke-width="0.5"/>')
        out.append(_text(x + 14, y, label, size=9))
        x += step
    return out, y - y0 + 15


def dumbbell(rows: Sequence[Pair], *, title: str, before_label: str, after_label: str,
             maximum: float = 100.0, width: float = 520.0, label_width: float = 40.0) -> str:
    """Each row's earlier value (hollow, dashed link) and later value (filled) on a 0-`maximum` scale."""
    row_height, top = 18.0, 6.0
    plot_x = label_width + 8
    plot_width = width - plot_x - 70
    rows_bottom = top + row_height * len(rows)
    height = rows_bottom + 40
    body: list[str] = []
    for tick in range(0, 101, 25):
        x = plot_x + plot_width * tick / 100
        body.append(f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(rows_bottom)}" stroke="{GRID}" '
                    'stroke-width="0.6"/>')
        body.append(_text(x, rows_bottom + 9, _n(maximum * tick / 100), size=8, anchor="middle", fill=MUTED))

    def xof(value: float) -> float:
        return plot_x + plot_width * max(0.0, min(value, maximum)) / maximum

    for i, row in enumerate(rows):
        y = top + row_height * i + row_height / 2
        body.append(_text(label_width, y, row.label, size=10, anchor="end", weight="bold"))
        if row.before is not None and row.after is not None:
            body.append(f'<line x1="{_n(xof(row.before))}" y1="{_n(y)}" x2="{_n(xof(row.after))}" y2="{_n(y)}" '
                        f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="3 2"/>')
        if row.before is not None:
            body.append(f'<circle cx="{_n(xof(row.before))}" cy="{_n(y)}" r="4" fill="#ffffff" '
                        f'stroke="{MUTED}" stroke-width="1.5"/>')
        if row.after is not None:
            body.append(f'<circle cx="{_n(xof(row.after))}" cy="{_n(y)}" r="4" fill="{LINE}" stroke="{LINE}" '
                        'stroke-width="1.5"/>')
        if row.before is not None and row.after is not None:
            delta = row.after - row.before
            body.append(_text(plot_x + plot_width + 8, y, f"{delta:+.1f}", size=9.5))
    legend_y = height - 10
    body.append(f'<circle cx="{_n(plot_x + 4)}" cy="{_n(legend_y)}" r="4" fill="#ffffff" stroke="{MUTED}" '
                'stroke-width="1.5"/>')
    body.append(_text(plot_x + 12, legend_y, before_label, size=9))
    x2 = plot_x + 24 + 5.4 * len(before_label)
    body.append(f'<circle cx="{_n(x2)}" cy="{_n(legend_y)}" r="4" fill="{LINE}" stroke="{LINE}" '
                'stroke-width="1.5"/>')
    body.append(_text(x2 + 8, legend_y, after_label, size=9))
    return _svg(width, height, body, title)


def spread(rows: Sequence[Spread], *, title: str, maximum: float = 100.0, width: float = 520.0,
           label_width: float = 40.0) -> str:
    """Per row, a line from the lowest to the highest value with a mark at the median."""
    row_height, top = 18.0, 6.0
    plot_x = label_width + 8
    plot_width = width - plot_x - 70
    rows_bottom = top + row_height * len(rows)
    height = rows_bottom + 40
    body: list[str] = []

    def xof(value: float) -> float:
        return plot_x + plot_width * max(0.0, min(value, maximum)) / maximum

    for tick in range(0, 101, 25):
        x = plot_x + plot_width * tick / 100
        body.append(f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(rows_bottom)}" stroke="{GRID}" '
                    'stroke-width="0.6"/>')
        body.append(_text(x, rows_bottom + 9, _n(maximum * tick / 100), size=8, anchor="middle", fill=MUTED))
    for i, row in enumerate(rows):
        y = top + row_height * i + row_height / 2
        body.append(_text(label_width, y, row.label, size=10, anchor="end", weight="bold"))
        body.append(f'<line x1="{_n(xof(row.low))}" y1="{_n(y)}" x2="{_n(xof(row.high))}" y2="{_n(y)}" '
                    f'stroke="{MUTED}" stroke-width="3" stroke-linecap="round"/>')
        for end in (row.low, row.high):
            body.append(f'<line x1="{_n(xof(end))}" y1="{_n(y - 5)}" x2="{_n(xof(end))}" y2="{_n(y + 5)}" '
                        f'stroke="{DARK}" stroke-width="1.2"/>')
        mx = xof(row.middle)
        body.append(f'<rect x="{_n(mx - 4)}" y="{_n(y - 4)}" width="8" height="8" fill="{LINE}" '
                    f'transform="rotate(45 {_n(mx)} {_n(y)})"/>')
        body.append(_text(plot_x + plot_width + 8, y, f"gap {row.high - row.low:.1f}", size=9.5))
    legend_y = height - 10
    body.append(f'<line x1="{_n(plot_x)}" y1="{_n(legend_y)}" x2="{_n(plot_x + 24)}" y2="{_n(legend_y)}" '
                f'stroke="{MUTED}" stroke-width="3" stroke-linecap="round"/>')
    body.append(_text(plot_x + 30, legend_y, "lowest to highest index", size=9))
    lx = plot_x + 170
    body.append(f'<rect x="{_n(lx - 4)}" y="{_n(legend_y - 4)}" width="8" height="8" fill="{LINE}" '
                f'transform="rotate(45 {_n(lx)} {_n(legend_y)})"/>')
    body.append(_text(lx + 10, legend_y, "regional median", size=9))
    return _svg(width, height, body, title)


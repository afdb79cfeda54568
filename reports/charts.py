"""Charts of the Lapkin, drawn on the server as SVG (embedded inline in the PDF's HTML).

Pure functions over plain values: the criteria bands come in as data (from the snapshot), never from here.
The palette maps a band's colour code to fills; it mirrors the crit-* classes of static/css/lapkin.css.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from sakip.formatting import format_number

# colour code -> (zone background, bar fill)
PALETTE = {
    "green": ("#dcefd6", "#3a8a3f"),
    "yellow": ("#fff5c2", "#d4a800"),
    "red": ("#f8d3d0", "#c0392b"),
    "grey": ("#dedede", "#555555"),
    "none": ("#ffffff", "#9e9e9e"),
}
OUTPUT_FILL = "#0b5394"
INPUT_FILL = "#e69138"
FONT = "LapkinSans, DejaVu Sans, sans-serif"
WIDTH = 640
LABEL_WIDTH = 64
RIGHT = 24


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    colour: str = "none"
    missing_text: str = "-"


@dataclass(frozen=True)
class Zone:
    """A criterion band as a background: [lower, upper) on the value axis; None = open end."""

    lower: Decimal | None
    upper: Decimal | None
    colour: str
    label: str


@dataclass(frozen=True)
class Pair:
    label: str
    output: Decimal | None
    input: Decimal | None


def _axis_max(values: list[Decimal], zones: list[Zone] | None = None) -> int:
    bounds = [float(v) for v in values]
    for zone in zones or []:
        for bound in (zone.lower, zone.upper):
            if bound is not None:
                bounds.append(float(bound) + 20)
    top = max(bounds + [100.0])
    return int(math.ceil(top / 20.0) * 20)


def _text(x: float, y: float, text: str, *, size: float = 9, anchor: str = "start", fill: str = "#1d2430") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family={quoteattr(FONT)} font-size="{size}" '
        f'text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'
    )


def _grid(x0: float, scale: float, top: float, bottom: float, axis_max: int) -> list[str]:
    parts = []
    for tick in range(0, axis_max + 1, 20):
        x = x0 + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#b8bec8" '
            'stroke-width="0.5" stroke-dasharray="2,2"/>'
        )
        parts.append(_text(x, bottom + 12, str(tick), size=8, anchor="middle"))
    return parts


def _svg(height: float, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" aria-label={quoteattr(title)}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def capaian_chart(bars: list[Bar], zones: list[Zone], title: str) -> str:
    """Horizontal bars (one per goal) over the criteria bands drawn as coloured zones."""
    row, top = 22, 8
    plot_bottom = top + row * max(len(bars), 1)
    legend = [(zone.label, PALETTE.get(zone.colour, PALETTE["none"])[0]) for zone in zones]
    height = plot_bottom + 24 + _legend_height(legend)
    axis_max = _axis_max([b.value for b in bars if b.value is not None], zones)
    x0 = LABEL_WIDTH
    scale = (WIDTH - LABEL_WIDTH - RIGHT) / axis_max
    body: list[str] = []
    for zone in zones:
        lower = max(Decimal(0), zone.lower) if zone.lower is not None else Decimal(0)
        upper = min(Decimal(axis_max), zone.upper) if zone.upper is not None else Decimal(axis_max)
        if upper <= lower:
            continue
        fill = PALETTE.get(zone.colour, PALETTE["none"])[0]
        body.append(
            f'<rect x="{x0 + float(lower) * scale:.1f}" y="{top}" width="{float(upper - lower) * scale:.1f}" '
            f'height="{plot_bottom - top}" fill="{fill}"/>'
        )
    body += _grid(x0, scale, top, plot_bottom, axis_max)
    for i, bar in enumerate(bars):
        y = top + i * row
        body.append(_text(x0 - 6, y + 15, bar.label, anchor="end"))
        if bar.value is None:
            body.append(_text(x0 + 4, y + 15, bar.missing_text, size=8, fill="#5f6b7a"))
            continue
        width = max(float(bar.value), 0.0) * scale
        fill = PALETTE.get(bar.colour, PALETTE["none"])[1]
        body.append(f'<rect x="{x0}" y="{y + 4}" width="{width:.1f}" height="{row - 8}" fill="{fill}"/>')
        body.append(_text(x0 + width + 4, y + 15, format_number(bar.value), size=8))
    body.append(f'<line x1="{x0}" y1="{top}" x2="{x0}" y2="{plot_bottom}" stroke="#1d2430" stroke-width="0.8"/>')
    body += _legend(legend, plot_bottom + 24)
    return _svg(height, body, title)


LEGEND_ROW = 14


def _legend_height(items: list[tuple[str, str]]) -> int:
    return LEGEND_ROW * ((len(items) + 1) // 2) + 4


def _legend(items: list[tuple[str, str]], top: float) -> list[str]:
    """Swatches and labels, two per row."""
    parts = []
    column = (WIDTH - LABEL_WIDTH) / 2
    for k, (label, fill) in enumerate(items):
        x = LABEL_WIDTH + (k % 2) * column
        y = top + (k // 2) * LEGEND_ROW
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="10" fill="{fill}" stroke="#888" stroke-width="0.5"/>'
        )
        parts.append(_text(x + 14, y + 9, label, size=8))
    return parts


def absorption_chart(pairs: list[Pair], output_label: str, input_label: str, title: str) -> str:
    """Per goal: the performance (output %) next to the budget absorption (input %)."""
    row, top = 30, 8
    plot_bottom = top + row * max(len(pairs), 1)
    legend = [(output_label, OUTPUT_FILL), (input_label, INPUT_FILL)]
    height = plot_bottom + 24 + _legend_height(legend)
    values = [v for p in pairs for v in (p.output, p.input) if v is not None]
    axis_max = _axis_max(values)
    x0 = LABEL_WIDTH
    scale = (WIDTH - LABEL_WIDTH - RIGHT) / axis_max
    body = _grid(x0, scale, top, plot_bottom, axis_max)
    hundred = x0 + 100 * scale
    body.append(
        f'<line x1="{hundred:.1f}" y1="{top}" x2="{hundred:.1f}" y2="{plot_bottom}" stroke="#1d2430" '
        'stroke-width="0.8"/>'
    )
    for i, pair in enumerate(pairs):
        y = top + i * row
        body.append(_text(x0 - 6, y + 18, pair.label, anchor="end"))
        for j, (value, fill) in enumerate(((pair.output, OUTPUT_FILL), (pair.input, INPUT_FILL))):
            bar_y = y + 4 + j * 11
            if value is None:
                body.append(_text(x0 + 4, bar_y + 9, "-", size=8, fill="#5f6b7a"))
                continue
            width = max(float(value), 0.0) * scale
            body.append(f'<rect x="{x0}" y="{bar_y}" width="{width:.1f}" height="10" fill="{fill}"/>')
            body.append(_text(x0 + width + 4, bar_y + 9, format_number(value), size=8))
    body.append(f'<line x1="{x0}" y1="{top}" x2="{x0}" y2="{plot_bottom}" stroke="#1d2430" stroke-width="0.8"/>')
    body += _legend(legend, plot_bottom + 24)
    return _svg(height, body, title)

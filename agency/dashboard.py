"""What the leadership dashboard shows for a quarter, built from `agency.summary` (a fixed number of queries):
the filtered unit rows, the absorption per province, the trend over the year's quarters and the data the
page's script draws (map, scatter, trend, counts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from agency.export import STATUS_LABELS
from agency.province_map import region_of
from agency.summary import GROUPS, VERIFIED, Money, Summary, UnitRow, build_summary, total
from indicators.models import MonthStatus
from indicators.workflow import period_label
from reports.scorecard import Scorecard, build_scorecards_by_quarter
from sakip.formatting import format_number, format_plain
from sakip.labels import REASON_LABELS
from sakip.models import OrgUnit
from sakip.scoring import Reason
from sakip.visibility import Viewer


@dataclass
class Filters:
    group: str = ""
    parent: str = ""

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        group = query.get("kelompok", "")
        return cls(group=group if group in GROUPS else "", parent=query.get("induk", "")[:30])

    def keep(self, row: UnitRow) -> bool:
        if self.group and row.group != self.group:
            return False
        return not self.parent or (row.parent is not None and row.parent.code == self.parent)


@dataclass
class Dashboard:
    summary: Summary
    filters: Filters
    units: list[UnitRow]
    parents: list[tuple[str, str]]
    selected: Money | None  # the filtered units' budget together
    verified: int  # filtered units whose quarter's last month is approved or locked
    trend: list[dict[str, Any]]
    data: dict[str, Any]  # for json_script


class _QuarterCards:
    """The scorecards of every quarter up to the dashboard's, read once for all of them (the trend needs each)."""

    def __init__(self, quarter: int) -> None:
        self.quarters = list(range(1, quarter + 1))
        self.read: dict[frozenset[int], dict[int, dict[int, Scorecard]]] = {}

    def __call__(self, units: list[OrgUnit], year: int, quarter: int) -> dict[int, Scorecard]:
        key = frozenset(unit.id for unit in units)  # the same units every quarter unless the tree changed
        if key not in self.read:
            self.read[key] = build_scorecards_by_quarter(units, year, self.quarters)
        return self.read[key][quarter]


def build_dashboard(year: int, quarter: int, viewer: Viewer, filters: Filters) -> Dashboard:
    cards = _QuarterCards(quarter)
    summary = build_summary(year, quarter, viewer, cards)
    units = [row for row in summary.units if filters.keep(row)]
    parents = sorted({(row.parent.code, row.parent.name) for row in summary.units if row.parent})
    budgets = [row.budget for row in units if row.budget is not None]
    trend = [
        _trend_point(summary if q == quarter else build_summary(year, q, viewer, cards)) for q in range(1, quarter + 1)
    ]
    return Dashboard(
        summary=summary,
        filters=filters,
        units=units,
        parents=parents,
        selected=total(budgets) if budgets else None,
        verified=sum(1 for row in units if row.month_state in VERIFIED),
        trend=trend,
        data=_data(summary, units, trend, viewer),
    )


def _trend_point(summary: Summary) -> dict[str, Any]:
    absorption = summary.total.absorption_of_pagu_aa if summary.total else None
    return {
        "quarter": summary.quarter,
        "label": f"TW {summary.quarter}",
        "absorption_aa": format_plain(absorption.value) if absorption else None,
        "counts": dict(summary.counts.by_criterion),
        "measured": summary.counts.measured,
        "verified_units": sum(1 for row in summary.units if row.month_state in VERIFIED),
    }


def score_text(row: UnitRow, month: int) -> str:
    """The score as shown, or why there is none: never a zero for a month that is not approved."""
    if row.score.computable:
        return format_number(row.score.value)
    reason = str(REASON_LABELS.get(row.score.reason, row.score.reason)) if row.score.reason else "-"
    if row.score.reason == Reason.NOT_VERIFIED:
        state = MonthStatus.State(row.month_state).label if row.month_state else _("belum mulai")
        return f"{reason} (B{month:02d}: {state})"
    return reason


def _data(summary: Summary, units: list[UnitRow], trend: list[dict[str, Any]], viewer: Viewer) -> dict[str, Any]:
    by_region: dict[str, list[Money]] = {}
    rows = []
    for row in units:
        region = region_of(row.state.province) if row.state.province else ""
        if row.budget is not None and region:
            by_region.setdefault(region, []).append(row.budget)
        aa = row.budget.absorption_of_pagu_aa.value if row.budget else None
        linkable = viewer.everything or row.state.id in viewer.unit_ids
        rows.append(
            {
                "code": row.state.code,
                "name": row.state.name,
                "group": row.group,
                "province": row.state.province,
                "region": region,
                "absorption_aa": format_plain(aa),
                "absorption_aa_text": format_number(aa),
                "score": format_plain(row.score.value),
                "score_text": score_text(row, summary.month),
                "colour": row.criterion.colour if row.score.computable else "none",
                "criterion": row.criterion.label if row.score.computable else "",
                "verified_to": period_label(summary.year, row.verified_to) if row.verified_to else "",
                "url": reverse("reports:scorecard", args=[row.state.code, summary.year, summary.quarter])
                if linkable
                else "",
            }
        )
    provinces = {}
    for region, budgets in by_region.items():
        absorption = total(budgets).absorption_of_pagu_aa
        provinces[region] = {"absorption_aa": format_plain(absorption.value), "text": format_number(absorption.value)}
    return {
        "year": summary.year,
        "quarter": summary.quarter,
        "map_url": static("agency/indonesia-provinces.svg"),
        "units": rows,
        "provinces": provinces,
        "criteria": [{"code": b.code, "label": b.label, "colour": b.colour} for b in summary.criteria],
        "counts": dict(summary.counts.by_criterion),
        "trend": trend,
        "status_labels": STATUS_LABELS,
    }

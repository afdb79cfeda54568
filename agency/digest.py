"""The quarterly digest "Kinerja BPOM Dalam Angka" as a kind of report rendered by the Celery worker like the
Lapkin (reports.services: snapshot, SHA-256, final reports never change, audited downloads).

A digest is made for an audience (public / internal / restricted): its snapshot holds only what that audience
may see (sakip.visibility.audience), and only admins and auditors download a restricted one. The foreword's
headline figures are computed from the snapshot's numbers, never typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.safestring import mark_safe

from agency import digest_charts
from agency.export import summary_as_dict
from agency.models import FigureKind, SamplingResult, figure_visibility
from agency.sampling import sampling_totals
from agency.summary import build_summary
from reports.kinds import ReportKind
from reports.kinds import register as register_kind
from reports.lapkin import counted
from reports.models import ROMAN, Report
from reports.scorecard_export import put_number
from sakip.visibility import audience

SCHEMA = "sakip-digest/1"
TEMPLATE = "agency/digest/report.html"
MONTHS = [
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def build_snapshot(year: int, quarter: int, level: str, generated_at: dt.datetime | None = None) -> dict[str, Any]:
    viewer = audience(level)
    summary = build_summary(year, quarter, viewer)
    data = summary_as_dict(summary)
    codes = {row["code"] for row in data["indicators"]["rows"]}
    data["warnings"] = [w for w in data["warnings"] if w["indicator"] is None or w["indicator"] in codes]
    sampling: list[dict[str, Any]] = []
    totals: list[dict[str, Any]] = []
    if viewer.can_see(figure_visibility()[FigureKind.SAMPLING]):
        rows = list(SamplingResult.objects.filter(year=year, quarter=quarter))
        sampling = [
            {"table": r.table, "commodity": r.commodity, **{f: getattr(r, f) for f in SamplingResult.COUNT_FIELDS}}
            for r in rows
        ]
        for total in sampling_totals(rows):
            item: dict[str, Any] = {
                "table": total.table,
                "sampled": total.sampled,
                "finished": total.finished,
                "failed": total.failed,
            }
            put_number(item, "failed_share", total.failed_share)
            totals.append(item)
    data.update(
        {
            "schema": SCHEMA,
            "audience": level,
            "generated_at": (generated_at or timezone.localtime()).isoformat(timespec="seconds"),
            "criteria": [{"code": b.code, "label": b.label, "colour": b.colour} for b in summary.criteria],
            "sampling": {"rows": sampling, "totals": totals},
        }
    )
    return data


def snapshot_for(report: Report) -> dict[str, Any]:
    data = build_snapshot(report.year, report.quarter, report.audience or "public", timezone.localtime())
    data["signature"] = {
        "place": report.place,
        "date": report.signed_on.isoformat(),
        "name": report.signatory_name,
        "title": report.signatory_title,
    }
    return data


def build_context(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Everything the digest template prints, from the snapshot alone."""
    year, quarter = snapshot["year"], snapshot["quarter"]
    budget = snapshot["budget"]
    counts = snapshot["indicators"]["counts"]
    units = snapshot["units"]
    ranking = {
        g: sorted([u for u in units if u["group"] == g and u["rank"]], key=lambda u: u["rank"])
        for g in ("central", "balai", "loka")
    }
    groups = {g: sum(1 for u in units if u["group"] == g) for g in ("central", "balai", "loka")}
    totals = snapshot["sampling"]["totals"]
    tested = sum(t["finished"] for t in totals) if totals else None
    signature = snapshot.get("signature", {})
    signed = dt.date.fromisoformat(signature["date"]) if signature.get("date") else None
    matrix = snapshot["indicators"]["rows"]
    return {
        "title": "Kinerja BPOM Dalam Angka",
        "year": year,
        "quarter": quarter,
        "roman": ROMAN[quarter],
        "month_name": MONTHS[3 * quarter],
        "audience": snapshot["audience"],
        "budget": budget,
        "groups": groups,
        "satker": len(units),
        "ranking": ranking,
        "counts": counts,
        "counted": {"measured": counted(counts["measured"]), "total": counted(counts["indicators"])},
        "criteria": snapshot["criteria"],
        "matrix": matrix,
        "sampling": snapshot["sampling"],
        "samples_tested": tested,
        "warnings": snapshot["warnings"],
        "signature": signature,
        "signed_on": f"{signed.day} {MONTHS[signed.month]} {signed.year}" if signed else "",
        "generated_at": snapshot["generated_at"],
        "charts": {
            "groups": mark_safe(digest_charts.budget_bars(budget, "Realisasi anggaran per kelompok dan jenis belanja")),  # noqa: S308
            "criteria": mark_safe(digest_charts.criteria_bars(counts, snapshot["criteria"])),  # noqa: S308
            "scatter": mark_safe(digest_charts.scatter(units, snapshot["criteria"])),  # noqa: S308
            "map": mark_safe(digest_charts.province_map(units)),  # noqa: S308
        },
    }


def register() -> None:
    register_kind(ReportKind(Report.Kind.DIGEST, SCHEMA, TEMPLATE, snapshot_for, build_context))

"""The agency summary as plain data (as `manage.py scorecard --format json` prints numbers: strings with exactly
two decimals, null with a `<field>_reason`), and as table rows for the CSV/XLSX export."""

from __future__ import annotations

import json
from typing import Any

from agency.summary import Money, Summary, UnitRow
from reports.scorecard_export import put_number
from sakip.formatting import format_plain

STATUS_LABELS = {
    "measured": "Diukur",
    "year_end": "Akhir Tahun",
    "in_process": "Progress",
    "not_due": "Belum jatuh tempo",
    "not_entered": "Belum diisi",
    "not_verified": "Belum diverifikasi",
}


def money_as_dict(money: Money | None) -> dict[str, Any] | None:
    if money is None:
        return None
    item: dict[str, Any] = {}
    put_number(item, "pagu", money.pagu)
    put_number(item, "pagu_aa", money.pagu_aa, "not_broken_down")
    put_number(item, "realised", money.realised, "not_entered")
    put_number(item, "absorption_of_pagu", money.absorption_of_pagu)
    put_number(item, "absorption_of_pagu_aa", money.absorption_of_pagu_aa)
    return item


def unit_as_dict(row: UnitRow) -> dict[str, Any]:
    state = row.state
    item: dict[str, Any] = {
        "code": state.code,
        "name": state.name,
        "group": row.group,
        "type": state.group,
        "parent": row.parent.code if row.parent else None,
        "location": state.city,
        "province": state.province,
    }
    budget = money_as_dict(row.budget) or {
        key: None for key in ("pagu", "pagu_aa", "realised", "absorption_of_pagu", "absorption_of_pagu_aa")
    }
    if row.budget is None:
        budget["budget_reason"] = "no_budget"
    item.update(budget)
    item["rank"] = row.rank
    put_number(item, "score", row.score)
    item["criterion"] = row.criterion.label if row.score.computable else None
    item["criterion_code"] = row.criterion.code if row.score.computable else None
    item["colour"] = row.criterion.colour
    item["month_state"] = row.month_state or "not_started"
    item["verified_to"] = row.verified_to
    return item


def summary_as_dict(summary: Summary) -> dict[str, Any]:
    counts = summary.counts
    labels = {band.code: band.label for band in summary.criteria}
    return {
        "year": summary.year,
        "quarter": summary.quarter,
        "month": summary.month,
        "budget": {
            "total": money_as_dict(summary.total),
            "groups": {group: money_as_dict(money) for group, money in summary.groups.items()},
            "spending_types": {kind: money_as_dict(money) for kind, money in summary.spending_types.items()},
            "notes": summary.notes,
        },
        "units": [unit_as_dict(row) for row in summary.units],
        "indicators": {
            "rows": [matrix_as_dict(m) for m in summary.matrix],
            "counts": {
                "indicators": counts.total,
                "measured": counts.measured,
                "not_measured": counts.not_measured,
                "by_criterion": {labels.get(code, code): n for code, n in counts.by_criterion.items()},
            },
        },
        "warnings": [
            {
                "code": w.code,
                "unit": w.unit.code if w.unit else None,
                "indicator": w.indicator.code if w.indicator else None,
                "message": w.message,
                "source_line": w.source_line,
            }
            for w in summary.warnings
        ],
        "visibility": summary.visibility,
    }


def matrix_as_dict(m: Any) -> dict[str, Any]:
    row = m.row
    indicator = row.indicator
    item: dict[str, Any] = {
        "code": indicator.code,
        "unit": m.unit.code,
        "program": m.program,
        "kegiatan": m.kegiatan,
        "indicator": indicator.name,
        "unit_of_measure": indicator.unit_of_measure,
        "visibility": indicator.visibility,
    }
    label = indicator.label_for(row.annual_target)
    put_number(item, "target", row.annual_target, "no_target")
    if label:
        item["target_label"] = label
    verified = m.status != "not_verified"
    put_number(item, "realisation", row.current.realisation if verified else None, "not_verified")
    put_number(item, "capaian", row.capaian_annual if verified else None, "not_verified")
    put_number(item, "capaian_period", row.current.capaian if verified else None, "not_verified")
    item["status"] = m.status
    item["status_label"] = STATUS_LABELS[m.status]
    item["progress"] = format_plain(m.progress)
    item["criterion"] = row.criterion.label if verified and row.current.capaian.computable else None
    item["warnings"] = m.warnings
    return item


def summary_json(summary: Summary) -> str:
    """The text `manage.py agency_summary --format json` prints and the API answers, byte for byte."""
    return json.dumps(summary_as_dict(summary), indent=2, ensure_ascii=False) + "\n"

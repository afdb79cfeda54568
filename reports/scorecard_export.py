"""The scorecard as plain data: numbers as strings with exactly 2 decimals, null + reason when not computable."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from reports.scorecard import BudgetRow, EfficiencyRow, IndicatorRow, Scorecard
from sakip import scoring
from sakip.formatting import format_plain
from sakip.scoring import Band, Outcome


def put_number(data: dict[str, Any], key: str, value: Outcome | Decimal | None, reason: str | None = None) -> None:
    """data[key] = "12.34" or None; a None value gets data[key + "_reason"]."""
    if isinstance(value, Outcome):
        reason = value.reason.value if value.reason else reason
        value = value.value
    data[key] = format_plain(value)
    if value is None:
        data[f"{key}_reason"] = reason


def _criterion(data: dict[str, Any], band: Band, prefix: str = "") -> None:
    data[f"{prefix}criterion"] = band.label
    data[f"{prefix}criterion_code"] = band.code
    if not prefix:
        data["colour"] = band.colour


def scorecard_as_dict(card: Scorecard) -> dict[str, Any]:
    month = card.months[-1]
    indicators = []
    for goal in card.goals:
        for row in goal.indicators:
            item: dict[str, Any] = {
                "goal": goal.goal.number,
                "number": row.indicator.number,
                "name": row.indicator.name,
                "unit_of_measure": row.indicator.unit_of_measure,
                "month": month,
            }
            put_number(item, "target", row.current.target, "no_target")
            item["target_version"] = row.target_version
            put_number(item, "annual_target", row.annual_target, "no_target")
            label = row.indicator.label_for(row.annual_target)
            if label:
                item["annual_target_label"] = label
            put_number(item, "realisation", row.current.realisation)
            put_number(item, "capaian", row.current.capaian)
            put_number(item, "capaian_annual", row.capaian_annual)
            _criterion(item, row.criterion)
            item["projection"] = row.projection.label
            item["projection_code"] = row.projection.code
            item["method"] = row.indicator.method
            item["components"] = _components(row)
            indicators.append(item)
    goals = []
    for perspective in card.perspectives:
        for goal in perspective.goals:
            item = {"number": goal.goal.number, "name": goal.goal.name, "perspective": perspective.name}
            put_number(item, "nps", goal.score)
            _criterion(item, goal.criterion)
            goals.append(item)
    perspectives = []
    for perspective in card.perspectives:
        item = {"name": perspective.name}
        put_number(item, "score", perspective.score)
        perspectives.append(item)
    unit_score: dict[str, Any] = {}
    put_number(unit_score, "value", card.unit_score)
    _criterion(unit_score, card.unit_criterion)
    return {
        "unit": {"code": card.unit.code, "name": card.unit.name},
        "year": card.year,
        "quarter": card.quarter,
        "indicators": indicators,
        "goals": goals,
        "perspectives": perspectives,
        "unit_score": unit_score,
        "counts": _counts(card),
        "budget": {
            "rows": [_budget(row) for row in card.budget],
            "total": _budget(card.budget_total) if card.budget_total else None,
            "spending_types": [_budget(row) for row in card.spending],
            "spending_total": _budget(card.spending_total) if card.spending_total else None,
            "layers": _layers(card),
            "pagu_changes": [
                {
                    "date": change.effective_on.isoformat(),
                    "letter_number": change.letter_number,
                    "pagu": format_plain(change.pagu),
                    "description": change.description,
                }
                for change in card.pagu_changes
            ],
        },
        "efficiency": {
            "rows": [_efficiency(row) for row in card.efficiency],
            "total": _efficiency(card.efficiency_total) if card.efficiency_total else None,
            "total_method": card.efficiency_total_method,
            "rows_without_output": card.efficiency_rows_without_output,
        },
        "terms": card.terms.as_dict(),
    }


def _components(row: IndicatorRow) -> list[dict[str, Any]]:
    """The indicator's components at the scorecard's month: weight as stored (a fraction or %), numbers with
    2 decimals, null when not entered; a stage carries its contribution to the progress."""
    items = []
    for part in row.components:
        component, stored = part.component, part.stored
        item: dict[str, Any] = {
            "code": component.code,
            "name": component.name,
            "weight": None if component.weight is None else format(component.weight.normalize(), "f"),
        }
        for key in ("value", "numerator", "denominator"):
            item[key] = format_plain(getattr(stored, key)) if stored is not None else None
        ratio = part.input.ratio
        if component.uses_ratio:
            item["ratio"] = format_plain(ratio)
        if row.method == scoring.Method.STAGED:
            item["contribution"] = format_plain(scoring.stage_contribution(part.input))
        items.append(item)
    return items


def _counts(card: Scorecard) -> dict[str, Any]:
    labels = {band.code: band.label for band in card.criteria}
    return {
        "indicators": card.counts.total,
        "measured": card.counts.measured,
        "not_measured": card.counts.not_measured,
        "by_criterion": {labels.get(code, code): n for code, n in card.counts.by_criterion.items()},
        "goals": len(card.goals),
        "goals_evaluated": card.goals_evaluated,
        "efficient": card.efficient_rows,
        "not_efficient": card.inefficient_rows,
    }


def _budget(row: BudgetRow) -> dict[str, Any]:
    item: dict[str, Any] = {"label": row.label, "goal": row.number}
    for key in ("pagu", "blokir", "allocation", "realised"):
        put_number(item, key, getattr(row, key))
    put_number(item, "absorption", row.absorption)
    put_number(item, "absorption_of_pagu", row.absorption_of_pagu)
    return item


def _layers(card: Scorecard) -> dict[str, Any] | None:
    """The DIPA (pagu − blokir) beside the sum of the goal allocations, and their difference (§14)."""
    if card.dipa is None or card.allocation_total is None:
        return None
    item: dict[str, Any] = {}
    put_number(item, "dipa", card.dipa.allocation)
    put_number(item, "allocated", card.allocation_total)
    put_number(item, "difference", card.allocation_difference)
    put_number(item, "share_total", scoring.ratio_percent(card.allocation_total, card.dipa.allocation), "no_budget")
    return item


def _efficiency(row: EfficiencyRow) -> dict[str, Any]:
    result = row.result
    item: dict[str, Any] = {"label": row.label, "number": row.number}
    put_number(item, "output", result.output)
    put_number(item, "input", result.input)
    put_number(item, "ie", result.index)
    put_number(item, "te", result.level)
    put_number(item, "capaian_te", result.capaian, result.level.reason.value if result.level.reason else "not_set")
    item["category"] = None if result.tier is None else ("Efisien" if result.efficient else "Tidak Efisien")
    return item


def scorecard_json(card: Scorecard) -> str:
    """The text `manage.py scorecard --format json` prints and the API answers, byte for byte."""
    return json.dumps(scorecard_as_dict(card), indent=2, ensure_ascii=False) + "\n"

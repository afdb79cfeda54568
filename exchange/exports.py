"""A unit's quarter in the layout of a national system (`layouts.py`), as csv or xlsx, and such a file read back.

Figures come from where the pages take them: targets, realisations, capaian, budget and efficiency from the
quarterly scorecard (`reports.scorecard`), budget realisation per spending type from the budget lines. Stored
values are written as stored; computed percentages rounded half-up to 2 decimals, exactly as the scorecard JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from budget.models import BudgetLine
from exchange.layouts import EMONEV, KRISNA, LAYOUTS, OMSPAN, SMART, Layout
from indicators.imports.files import read_sheets
from indicators.imports.parsing import is_blank, locate_table, parse_int, parse_number, text_of
from indicators.imports.realisations import STATE_LABELS
from indicators.imports.templates import (
    CSV_TYPE,
    XLSX_TYPE,
    build_csv,
    build_xlsx,
    omspan_rows,
    plain,
    satker_code,
    xlsx_bytes,
)
from indicators.models import Realisation
from reports.scorecard import Scorecard, build_scorecard
from sakip.models import OrgUnit
from sakip.scoring import Outcome, round2

REASON_NOTES = {**STATE_LABELS, "no_target": "Tidak ada target", "target_zero": "Target nol"}


@dataclass
class ExportFile:
    content: bytes
    file_name: str
    content_type: str


def _value(value: Decimal | None) -> Decimal | None:
    return None if value is None else plain(value)


def _percent(value: Outcome | Decimal | None) -> Decimal | None:
    if isinstance(value, Outcome):
        value = value.value
    return None if value is None else round2(value)


def _head(unit: OrgUnit, year: int, quarter: int | None = None) -> list[Any]:
    return [year, *([quarter] if quarter is not None else []), satker_code(unit), unit.name]


def krisna_rows(unit: OrgUnit, year: int, quarter: int) -> list[list[Any]]:
    """Targets of the whole year (the quarter only names the file): the scorecard of TW IV has them all."""
    card = build_scorecard(unit, year, 4)
    budget = {
        line.indicator_id: line.pagu
        for line in BudgetLine.objects.filter(unit=unit, year=year, indicator__isnull=False)
    }
    rows = []
    for goal in card.goals:
        for item in goal.indicators:
            indicator = item.indicator
            rows.append(
                [
                    *_head(unit, year),
                    goal.goal.number,
                    goal.goal.name,
                    indicator.number,
                    indicator.code or None,
                    indicator.name,
                    indicator.unit_of_measure or None,
                    _value(item.annual_target),
                    *(_value(period.target) for period in item.periods),
                    _value(budget.get(indicator.id)),
                ]
            )
    return rows


def _note(item: Any) -> str | None:
    outcome = item.current.realisation if not item.current.realisation.computable else item.current.capaian
    reason = outcome.reason.value if outcome.reason else None
    return REASON_NOTES.get(reason, reason) if reason else None


def emonev_rows(unit: OrgUnit, year: int, quarter: int) -> list[list[Any]]:
    card = build_scorecard(unit, year, quarter)
    month = card.months[-1]
    narratives = {
        r.indicator_id: r
        for r in Realisation.objects.filter(indicator__in=[i.indicator for i in card.indicators], month=month)
    }
    rows = []
    for goal in card.goals:
        for item in goal.indicators:
            indicator = item.indicator
            entry = narratives.get(indicator.id)
            rows.append(
                [
                    *_head(unit, year, quarter),
                    goal.goal.number,
                    goal.goal.name,
                    indicator.number,
                    indicator.code or None,
                    indicator.name,
                    indicator.unit_of_measure or None,
                    _value(item.annual_target),
                    _value(item.current.target),
                    _value(item.current.realisation.value),
                    _percent(item.current.capaian),
                    _percent(item.capaian_annual),
                    item.criterion.label,
                    _note(item),
                    (entry.kendala or None) if entry else None,
                    (entry.rtl or None) if entry else None,
                ]
            )
    return rows


def smart_rows(unit: OrgUnit, year: int, quarter: int) -> list[list[Any]]:
    card = build_scorecard(unit, year, quarter)
    return smart_rows_of(card)


def smart_rows_of(card: Scorecard) -> list[list[Any]]:
    efficiency = {row.label: row for row in card.efficiency}
    if card.efficiency_total is not None:
        efficiency["Total"] = card.efficiency_total
    names = {f"SS{goal.goal.number}": goal.goal.name for goal in card.goals}
    names.update({str(i.indicator.number): i.indicator.name for i in card.indicators})
    head = _head(card.unit, card.year, card.quarter)
    rows = []
    budget = [*card.budget, *([card.budget_total] if card.budget_total else [])]
    for item in budget:
        money = [_value(item.pagu), _value(item.blokir), _value(item.allocation), _value(item.realised)]
        absorption = [_percent(item.absorption), _percent(item.absorption_of_pagu)]
        rows.append([*head, item.label, names.get(item.label, card.unit.name), *money, *absorption,
                     *_efficiency(efficiency.pop(item.label, None))])  # fmt: skip
    for label, row in efficiency.items():  # efficiency per indicator: rows of their own
        money = [None, None, _value(row.allocation), _value(row.realised)]
        rows.append([*head, f"IKU {label}", names.get(label), *money, _percent(row.result.input), None,
                     *_efficiency(row)])  # fmt: skip
    return rows


def _efficiency(row: Any) -> list[Any]:
    if row is None:
        return [None] * 5
    result = row.result
    category = None if result.tier is None else ("Efisien" if result.efficient else "Tidak Efisien")
    return [_percent(result.output), _percent(result.index), _percent(result.level), _percent(result.capaian),
            category]  # fmt: skip


def omspan_export_rows(unit: OrgUnit, year: int, quarter: int) -> list[list[Any]]:
    return omspan_rows([unit], year, last_month=3 * quarter)


ROWS = {KRISNA: krisna_rows, EMONEV: emonev_rows, SMART: smart_rows, OMSPAN: omspan_export_rows}


def export_file(system: str, unit: OrgUnit, year: int, quarter: int, file_format: str = "xlsx") -> ExportFile:
    layout = LAYOUTS[system]
    rows = ROWS[system](unit, year, quarter)
    name = f"{system}_{unit.code}_{year}_tw{quarter}.{file_format}".lower()
    if file_format == "csv":
        return ExportFile(build_csv(layout.spec, rows), name, CSV_TYPE)
    title = f"{layout.name} — {unit.code} {unit.name}, TW {quarter} {year}"
    subtitle = (
        f"Dibuat SAKIP {timezone.localtime():%d-%m-%Y %H:%M}. Tata letak kolom: README, bagian "
        f"«Exchange with the national systems» ({layout.name})."
    )
    return ExportFile(xlsx_bytes(build_xlsx(layout.spec, rows, title, subtitle)), name, XLSX_TYPE)


# --- reading back ---------------------------------------------------------------------------------------


def read_export(system: str, content: bytes, file_name: str) -> list[dict[str, Any]]:
    """The rows of a file in `system`'s layout as dicts of typed values (text, int, Decimal; None when blank).
    Raises FileRejected when the file does not hold the layout's table."""
    layout: Layout = LAYOUTS[system]
    table = locate_table(read_sheets(content, file_name, prefer=layout.sheet), layout.spec)
    rows = []
    for _number, values in table.rows:
        item: dict[str, Any] = {}
        for field in layout.fields:
            raw = table.value(values, field.key)
            if is_blank(raw):
                item[field.key] = None
            elif field.kind == "text":
                item[field.key] = text_of(raw)
            elif field.kind == "int":
                item[field.key] = parse_int(raw)
            else:
                item[field.key] = parse_number(raw)
        rows.append(item)
    return rows

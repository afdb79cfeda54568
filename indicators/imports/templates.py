"""The three templates, generated from the current data: what is configured (goals, indicators, budget lines)
and what is stored (targets, amounts, realisations). A template filled by SAKIP imports back unchanged.

xlsx: two title rows, a two-row header (months grouped under a merged title), numbers as numeric cells.
csv: one header row, `;`-separated, UTF-8 with BOM, numbers in Indonesian style (1.234,56) without rounding.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from budget.models import BudgetLine, SpendingType
from indicators.imports.columns import (
    BUDGET,
    FOLLOW_UP,
    OMSPAN,
    PK_RAPK,
    POLARITY_WORDS,
    REALISATIONS,
    RTL_STATUS_WORDS,
    SCHEDULE_WORDS,
    SPECS,
    SPENDING_TYPE_CODES,
    SPENDING_TYPE_WORDS,
)
from indicators.imports.components import cells_for
from indicators.imports.methods import components_text, method_text
from indicators.imports.parsing import DASHES, Spec
from indicators.imports.pk_rapk import qualitative_text
from indicators.imports.realisations import STATE_LABELS
from indicators.models import (
    ActionPlan,
    AgreementTarget,
    Component,
    Indicator,
    MonthlyTarget,
    PerformanceAgreement,
    Perspective,
    Realisation,
    RecommendationStatus,
)
from sakip.models import OrgUnit
from sakip.scoring import round_half_up

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
DASH = "-"
_NUMERIC = re.compile(r"^-?[\d.,]+%?$")
TITLES = {
    PK_RAPK: "Perjanjian Kinerja (PK) dan Rencana Aksi (RAPK)",
    BUDGET: "Anggaran",
    REALISATIONS: "Realisasi",
    OMSPAN: "Realisasi anggaran per jenis belanja (OMSPAN/SAKTI)",
    FOLLOW_UP: "Tindak lanjut rekomendasi",
}
MONTH_GROUPS = {PK_RAPK: "Target bulanan (RAPK)", BUDGET: "Realisasi anggaran s.d. bulan (kumulatif)"}
TARGET_FORMAT = "#,##0.00##"
MONEY_FORMAT = "#,##0.00"
HEADER_FILL = PatternFill("solid", fgColor="E8EDF4")
WIDE = {
    "text": 50,
    "plans": 40,
    "evidence": 30,
    "outcome": 30,
    "goal_name": 40,
    "indicator_name": 50,
    "description": 50,
    "analysis": 40,
    "kendala": 40,
    "rtl": 40,
}


@dataclass
class TemplateFile:
    content: bytes
    file_name: str
    content_type: str


def plain(value: Decimal) -> Decimal:
    """66.2000 -> 66.2 and 1E+2 -> 100: no trailing zeros, no exponent."""
    value = value.normalize()
    return round_half_up(value, 0) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def indonesian(value: Decimal) -> str:
    """Full precision, Indonesian separators: 1234567.5 -> '1.234.567,5'."""
    value = plain(value)
    sign, digits = ("-" if value < 0 else ""), format(abs(value), "f")
    whole, _dot, fraction = digits.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


# --- rows -----------------------------------------------------------------------------------------------


def _in_pk(units: list[OrgUnit], year: int) -> tuple[dict[int, PerformanceAgreement], list[Indicator]]:
    """Agreements in force by unit id, and the indicators a template lists: those of the PK in force, or every
    indicator of the year for a unit with no PK yet."""
    agreements = {a.unit_id: a for a in PerformanceAgreement.objects.filter(unit__in=units, year=year, in_force=True)}
    in_pk = Indicator.objects.filter(agreement_targets__agreement__in=agreements.values())
    without = Indicator.objects.filter(goal__unit__in=units, goal__year=year).exclude(goal__unit_id__in=agreements)
    indicators = list(
        (in_pk | without)
        .distinct()
        .select_related("goal__unit", "goal__perspective")
        .order_by("goal__unit__code", "goal__number", "number")
    )
    return agreements, indicators


def _target_cell(indicator: Indicator, value: Decimal | None) -> Any:
    if value is None:
        return DASH
    return indicator.label_for(value) or plain(value)


def _pk_details(agreement: PerformanceAgreement | None) -> list[Any]:
    """Signing date, parties and budget total of the PK in force (the last columns of the PK template)."""
    if agreement is None:
        return [None] * 6
    signed = agreement.signed_on.strftime("%d-%m-%Y") if agreement.signed_on else None
    texts = [agreement.first_party, agreement.first_party_title, agreement.second_party, agreement.second_party_title]
    total = plain(agreement.budget_total) if agreement.budget_total is not None else None
    return [signed, *(text or None for text in texts), total]


def pk_rapk_rows(units: list[OrgUnit], year: int) -> list[list[Any]]:
    agreements, indicators = _in_pk(units, year)
    annual = {
        (t.agreement_id, t.indicator_id): t.annual_target
        for t in AgreementTarget.objects.filter(agreement__in=agreements.values())
    }
    monthly = {
        (m.agreement_id, m.indicator_id, m.month): m.value
        for m in MonthlyTarget.objects.filter(agreement__in=agreements.values(), value__isnull=False)
    }
    budget = {
        line.indicator_id: line.pagu
        for line in BudgetLine.objects.filter(unit__in=units, year=year, indicator__isnull=False)
    }
    components: dict[int, list[Component]] = defaultdict(list)
    for component in Component.objects.filter(indicator__in=indicators):
        components[component.indicator_id].append(component)
    rows = []
    for indicator in indicators:
        goal = indicator.goal
        agreement = agreements.get(goal.unit_id)
        agreement_id = agreement.id if agreement else None
        target = annual.get((agreement_id, indicator.id)) if agreement_id else None
        row = [
            goal.unit.code,
            year,
            goal.perspective.name,
            goal.number,
            goal.name,
            indicator.number,
            indicator.code,
            indicator.name,
            indicator.unit_of_measure,
            POLARITY_WORDS[indicator.polarity][0],
            SCHEDULE_WORDS[indicator.schedule][0],
            qualitative_text(indicator.qualitative_map),
            _target_cell(indicator, target) if agreement_id else None,
        ]
        for month in range(1, 13):
            value = monthly.get((agreement_id, indicator.id, month)) if agreement_id else None
            row.append(_target_cell(indicator, value) if agreement_id else None)
        pagu = budget.get(indicator.id)
        row.append(plain(pagu) if pagu is not None else None)
        row += _pk_details(agreement)
        row += [method_text(indicator), components_text(components.get(indicator.id, []))]
        rows.append(row)
    return rows


def budget_rows(units: list[OrgUnit], year: int) -> list[list[Any]]:
    lines = list(
        BudgetLine.objects.filter(unit__in=units, year=year)
        .select_related("unit", "goal", "indicator")
        .prefetch_related("realisations")
    )
    with_lines = {line.unit_id for line in lines}
    skeleton = [unit for unit in units if unit.id not in with_lines]
    rows = []
    for line in sorted(lines, key=_line_order):
        amounts = {r.month: r.amount for r in line.realisations.all()}
        description = line.indicator.name if line.indicator else line.goal.name if line.goal else line.unit.name
        rows.append(
            [
                line.unit.code,
                year,
                line.goal.number if line.goal else None,
                line.indicator.number if line.indicator else None,
                line.indicator.code if line.indicator else None,
                description,
                SPENDING_TYPE_WORDS[line.spending_type][0] if line.spending_type else None,
                plain(line.pagu),
                plain(line.blokir),
                plain(line.allocation) if line.allocation is not None else None,
                *(plain(amounts[m]) if m in amounts else None for m in range(1, 13)),
            ]
        )
    if skeleton:
        _agreements, indicators = _in_pk(skeleton, year)
        by_unit: dict[int, list[Indicator]] = defaultdict(list)
        for indicator in indicators:
            by_unit[indicator.goal.unit_id].append(indicator)
        for unit in skeleton:
            if not by_unit.get(unit.id):
                continue
            rows.append([unit.code, year, None, None, None, unit.name, *([None] * 16)])
            goals = {i.goal.number: i.goal for i in by_unit[unit.id]}
            for number in sorted(goals):
                rows.append([unit.code, year, number, None, None, goals[number].name, *([None] * 16)])
            for i in by_unit[unit.id]:
                rows.append([unit.code, year, i.goal.number, i.number, i.code or None, i.name, *([None] * 16)])
    return rows


def _line_order(line: BudgetLine) -> tuple[str, int, int]:
    if line.indicator is not None:
        return (line.unit.code, 2, line.indicator.number)
    if line.goal is not None:
        return (line.unit.code, 1, line.goal.number)
    order = [kind.value for kind in SpendingType]
    return (line.unit.code, 0, order.index(line.spending_type))


def realisation_rows(units: list[OrgUnit], year: int) -> list[list[Any]]:
    _agreements, indicators = _in_pk(units, year)
    stored = {(r.indicator_id, r.month): r for r in Realisation.objects.filter(indicator__in=indicators)}
    components = cells_for(indicators)
    rows = []
    for indicator in indicators:
        for month in range(1, 13):
            entry = stored.get((indicator.id, month))
            row: list[Any] = [indicator.goal.unit.code, year, indicator.number, indicator.code, indicator.name, month]
            if entry is None:
                row += [None] * 8 + [components.get((indicator.id, month))]
            else:
                if entry.state == Realisation.State.NUMBER and entry.value is not None:
                    value: Any = indicator.label_for(entry.value) or plain(entry.value)
                else:
                    value = STATE_LABELS.get(entry.state, entry.state)
                row += [
                    value,
                    plain(entry.numerator) if entry.numerator is not None else None,
                    plain(entry.denominator) if entry.denominator is not None else None,
                    entry.analysis or None,
                    entry.kendala or None,
                    entry.rtl or None,
                    RTL_STATUS_WORDS[entry.rtl_status][0] if entry.rtl_status else None,
                    entry.activities or None,
                    components.get((indicator.id, month)),
                ]
            rows.append(row)
    return rows


def satker_code(unit: OrgUnit) -> str:
    """How files for the national systems name a unit: its satker code, or its unit code when it has none."""
    return unit.satker_code or unit.code


def omspan_rows(units: list[OrgUnit], year: int, last_month: int = 12) -> list[list[Any]]:
    """One row per unit, spending type and month with a realisation (s.d. `last_month`), OMSPAN style."""
    lines = (
        BudgetLine.objects.filter(unit__in=units, year=year, goal=None, indicator=None)
        .exclude(spending_type="")
        .select_related("unit")
        .prefetch_related("realisations")
    )
    order = list(SPENDING_TYPE_WORDS)
    rows = []
    for line in sorted(lines, key=lambda line: (line.unit.code, order.index(line.spending_type))):
        kind = f"{SPENDING_TYPE_CODES[line.spending_type]} {SPENDING_TYPE_WORDS[line.spending_type][1]}"
        for entry in sorted(line.realisations.all(), key=lambda r: r.month):
            if entry.month > last_month:
                continue
            rows.append(
                [
                    year,
                    satker_code(line.unit),
                    line.unit.name,
                    kind,
                    entry.month,
                    plain(line.pagu),
                    plain(line.blokir),
                    plain(entry.amount),
                ]
            )
    return rows


def follow_up_rows(units: list[OrgUnit], year: int) -> list[list[Any]]:
    """One row per recommendation and quarter with a stored status; several action plans one per line."""
    statuses = (
        RecommendationStatus.objects.filter(recommendation__unit__in=units, recommendation__year=year)
        .select_related("recommendation__unit")
        .prefetch_related(
            Prefetch("recommendation__indicators", queryset=Indicator.objects.order_by("number")),
            Prefetch("action_plans", queryset=ActionPlan.objects.order_by("id")),
        )
        .order_by("recommendation__unit__code", "recommendation__first_quarter", "recommendation_id", "quarter")
    )
    rows = []
    for status in statuses:
        rec = status.recommendation
        plans = list(status.action_plans.all())
        rows.append(
            [
                rec.unit.code,
                year,
                status.quarter,
                rec.code or None,
                str(rec.get_origin_display()),
                rec.text,
                ", ".join(str(i.number) for i in rec.indicators.all()) or None,
                str(status.get_status_display()),
                status.done_on.strftime("%d-%m-%Y") if status.done_on else None,
                status.evidence or None,
                "\n".join(p.text for p in plans) or None,
                "\n".join(p.timeline or DASH for p in plans) or None,
                status.outcome or None,
            ]
        )
    return rows


ROW_BUILDERS = {
    PK_RAPK: pk_rapk_rows,
    BUDGET: budget_rows,
    REALISATIONS: realisation_rows,
    OMSPAN: omspan_rows,
    FOLLOW_UP: follow_up_rows,
}


# --- files ----------------------------------------------------------------------------------------------


def build_xlsx(
    spec: Spec, rows: Iterable[list[Any]], title: str, subtitle: str = "", formulas: bool = False
) -> Workbook:
    """The template as a workbook. Text is never a formula unless `formulas` (the samples use some)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.sheet
    sheet.append([title])
    sheet.append([subtitle])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"].font = Font(italic=True, color="5F6B7A")
    group = MONTH_GROUPS.get(spec.kind)
    keys = [c.key for c in spec.columns]
    top, header = (3, 4) if group else (3, 3)
    for position, column in enumerate(spec.columns, start=1):
        is_month = column.key.startswith("b") and column.key[1:].isdigit()
        cell = sheet.cell(header, position, column.header)
        if group and not is_month:
            sheet.cell(top, position, column.header)
            sheet.merge_cells(start_row=top, start_column=position, end_row=header, end_column=position)
        sheet.column_dimensions[get_column_letter(position)].width = WIDE.get(column.key, 11 if is_month else 14)
    if group:
        first = keys.index("b01") + 1
        sheet.cell(top, first, group)
        sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + 11)
    for row_number in range(top, header + 1):
        for position in range(1, len(keys) + 1):
            cell = sheet.cell(row_number, position)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    formats = _formats(spec)
    count = 0
    for values in rows:
        sheet.append(values)
        count += 1
        row_number = header + count
        if not formulas:
            for position, value in enumerate(values, start=1):
                if isinstance(value, str) and value.startswith("="):
                    sheet.cell(row_number, position).data_type = "s"  # stored text, e.g. a name "=..."
        for position, number_format in formats.items():
            cell = sheet.cell(row_number, position)
            if isinstance(cell.value, Decimal | int) and not isinstance(cell.value, bool):
                cell.number_format = number_format
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    _validations(sheet, spec, header + 1, header + count + 500)
    return workbook


def _formats(spec: Spec) -> dict[int, str]:
    money = {"budget", "pagu", "blokir", "allocation", "realised"}
    targets = {"annual_target", "value", "numerator", "denominator"}
    formats = {}
    for position, column in enumerate(spec.columns, start=1):
        is_month = column.key.startswith("b") and column.key[1:].isdigit()
        if column.key in money or (is_month and spec.kind == BUDGET):
            formats[position] = MONEY_FORMAT
        elif column.key in targets or is_month:
            formats[position] = TARGET_FORMAT
    return formats


def _validations(sheet: Any, spec: Spec, first: int, last: int) -> None:
    """Drop-down lists for the columns that take a word."""
    lists = {
        "polarity": [words[0] for words in POLARITY_WORDS.values()],
        "schedule": [words[0] for words in SCHEDULE_WORDS.values()],
        "perspective": list(Perspective.objects.order_by("order").values_list("name", flat=True)),
    }
    for position, column in enumerate(spec.columns, start=1):
        words = lists.get(column.key)
        if not words or any("," in w or '"' in w for w in words) or len(",".join(words)) > 250:
            continue
        validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
        letter = get_column_letter(position)
        validation.add(f"{letter}{first}:{letter}{last}")
        sheet.add_data_validation(validation)


def xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_csv(spec: Spec, rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in spec.columns])
    for values in rows:
        writer.writerow([_csv_cell(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any) -> str:
    """Numbers in Indonesian style; text that a spreadsheet would run as a formula gets Excel's text prefix
    (an apostrophe, which the import drops again)."""
    if isinstance(value, Decimal):
        return indonesian(value)
    if value is None:
        return ""
    text = str(value)
    if text[:1] in ("=", "+", "@") or (text[:1] == "-" and text.strip() not in DASHES and not _NUMERIC.match(text)):
        return "'" + text
    return text


def template_file(kind: str, units: list[OrgUnit], year: int, file_format: str = "xlsx") -> TemplateFile:
    """The template of `kind` for these units and year, filled with what is stored."""
    spec = SPECS[kind]
    rows = ROW_BUILDERS[kind](units, year)
    scope = units[0].code if len(units) == 1 else "semua_unit"
    name = f"{kind}_{scope}_{year}.{file_format}".lower()
    if file_format == "csv":
        return TemplateFile(build_csv(spec, rows), name, CSV_TYPE)
    title = f"{TITLES[kind]} — {', '.join(u.code for u in units) if len(units) <= 5 else 'semua unit'} {year}"
    subtitle = (
        f"Dibuat SAKIP {timezone.localtime():%d-%m-%Y %H:%M}. «-» = tidak ada target; "
        "kosong = tidak diubah (anggaran, realisasi). Petunjuk: README, bagian «Spreadsheet import»."
    )
    return TemplateFile(xlsx_bytes(build_xlsx(spec, rows, title, subtitle)), name, XLSX_TYPE)

"""The quarterly scorecard of a unit as an xlsx workbook: capaian table with criterion colours, budget and
efficiency sheets.

Numbers are numeric cells rounded half-up to 2 decimals (as the Lapkin prints them) with the number format
`#,##0.00`: xlsx number formats are locale-independent and Excel/LibreOffice show them with the viewer's
separators (1.234,56 on an Indonesian system). Values that cannot be computed are "-". The fill of a cell comes
from the criterion band the scorecard assigned (its colour name); only the shade of each colour name is defined
here, matching static/css/sakip.css.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.scorecard import BudgetRow, EfficiencyRow, Scorecard
from sakip.scoring import Band, Outcome, round2

NUMBER_FORMAT = "#,##0.00"
SHADES = {"green": "CDEBC5", "yellow": "FFF2A8", "red": "F6C1BD", "grey": "6B6B6B"}  # colour name -> fill
DARK = {"grey"}  # white text on these
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EDF4")
PERSPECTIVE_FILL = PatternFill("solid", fgColor="DFE7F1")


def _number(value: Outcome | Decimal | None) -> Any:
    if isinstance(value, Outcome):
        value = value.value
    return "-" if value is None else round2(value)


def _target(value: Decimal | None, indicator: Any) -> Any:
    if value is None:
        return "-"
    return indicator.label_for(value) or round2(value)


def _put(sheet: Worksheet, row: int, column: int, value: Any, band: Band | None = None, bold: bool = False) -> None:
    cell = sheet.cell(row, column, value)
    if isinstance(value, Decimal):
        cell.number_format = NUMBER_FORMAT
        cell.alignment = Alignment(horizontal="right")
    if band is not None and band.colour in SHADES:
        cell.fill = PatternFill("solid", fgColor=SHADES[band.colour])
        if band.colour in DARK:
            cell.font = Font(color="FFFFFF", bold=bold)
            return
    if bold:
        cell.font = BOLD


def _header(sheet: Worksheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row, column, label)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def scorecard_workbook(card: Scorecard) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kartu skor"
    _capaian_sheet(sheet, card)
    if card.budget:
        _budget_sheet(workbook.create_sheet("Anggaran"), card)
    if card.efficiency:
        _efficiency_sheet(workbook.create_sheet("Efisiensi"), card)
    return workbook


def _capaian_sheet(sheet: Worksheet, card: Scorecard) -> None:
    months = card.months
    sheet.cell(1, 1, f"Capaian kinerja {card.unit.name} — Triwulan {card.quarter} Tahun {card.year}").font = Font(
        bold=True, size=13
    )
    sheet.cell(2, 1, str(card.agreement) if card.agreement else "Belum ada Perjanjian Kinerja yang berlaku")
    if card.revised:
        sources = "; ".join(
            f"{', '.join(f'B{m:02d}' for m in months)}: {agreement}" for months, agreement in card.target_sources()
        )
        sheet.cell(3, 1, f"Sumber target: {sources}")
    labels = ["Sasaran", "No.", "Indikator", "Satuan"]
    labels += [f"Target B{m:02d}" for m in months] + (["Target B12"] if card.annual_target_column else [])
    labels += [f"Realisasi s.d. B{m:02d}" for m in months]
    labels += [f"Capaian B{m:02d} (%)" for m in months]
    terms = card.terms
    labels[0] = str(terms.goal_title)
    labels += ["Capaian thd target tahunan (%)", "Kriteria", f"{terms.goal_score} (%)", "Kriteria sasaran"]
    _header(sheet, 4, labels)
    width = len(labels)
    row = 5
    for perspective in card.perspectives:
        sheet.cell(row, 1, perspective.name).font = BOLD
        for column in range(1, width + 1):
            sheet.cell(row, column).fill = PERSPECTIVE_FILL
        row += 1
        for goal in perspective.goals:
            first = row
            for item in goal.indicators:
                indicator = item.indicator
                values: list[Any] = [f"{goal.goal.number}. {goal.goal.name}", indicator.number, indicator.name]
                values.append(indicator.unit_of_measure)
                values += [_target(p.target, indicator) for p in item.periods]
                if card.annual_target_column:
                    values.append(_target(item.target_b12, indicator))
                values += [
                    _target(p.realisation.value, indicator)
                    if p.realisation.computable
                    else ("Akhir tahun" if p.realisation.reason == "year_end" else "-")
                    for p in item.periods
                ]
                for column, value in enumerate(values, start=1):
                    _put(sheet, row, column, value)
                column = len(values) + 1
                for position, period in enumerate(item.periods):
                    last = position == len(item.periods) - 1
                    _put(sheet, row, column, _number(period.capaian), item.criterion if last else None)
                    column += 1
                _put(sheet, row, column, _number(item.capaian_annual))
                _put(sheet, row, column + 1, item.criterion.label, item.criterion)
                _put(sheet, row, column + 2, _number(goal.score), goal.criterion)
                _put(sheet, row, column + 3, goal.criterion.label, goal.criterion)
                row += 1
            if row - first > 1:
                for column in (1, width - 1, width):
                    sheet.merge_cells(start_row=first, start_column=column, end_row=row - 1, end_column=column)
        sheet.cell(row, 3, f"Nilai {perspective.name}").font = BOLD
        _put(sheet, row, width - 1, _number(perspective.score), bold=True)
        row += 1
    sheet.cell(row, 3, str(terms.unit_score_name)).font = BOLD
    _put(sheet, row, width - 1, _number(card.unit_score), card.unit_criterion, bold=True)
    _put(sheet, row, width, card.unit_criterion.label, card.unit_criterion, bold=True)
    row += 2
    source = f" ({card.policy.criteria_source})" if card.policy else ""
    sheet.cell(row, 1, f"Kriteria capaian{source}").font = BOLD
    for band in card.criteria:
        row += 1
        _put(sheet, row, 1, band.label, band)
        sheet.cell(row, 2, _band_range(band))
        sheet.cell(row, 3, band.conclusion)
    sheet.freeze_panes = "D5"
    for column, size in {1: 40, 2: 6, 3: 50, 4: 10}.items():
        sheet.column_dimensions[get_column_letter(column)].width = size
    for column in range(5, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 13


def _band_range(band: Band) -> str:
    def show(value: Decimal) -> str:
        return f"{round2(value):,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")

    parts = []
    if band.lower is not None:
        parts.append(f"{show(band.lower)} {'≤' if band.lower_inclusive else '<'}")
    parts.append("x")
    if band.upper is not None:
        parts.append(f"{'≤' if band.upper_inclusive else '<'} {show(band.upper)}")
    return " ".join(parts)


def _budget_sheet(sheet: Worksheet, card: Scorecard) -> None:
    sheet.cell(1, 1, f"Realisasi anggaran per sasaran — {card.unit.code} TW {card.quarter} {card.year}").font = BOLD
    _header(sheet, 3, ["Sasaran", "Pagu", "Blokir", "Pagu dikurangi blokir", "Realisasi", "%", "% thd pagu"])
    rows: list[BudgetRow] = [*card.budget, *([card.budget_total] if card.budget_total else [])]
    for offset, item in enumerate(rows):
        row = 4 + offset
        total = item is card.budget_total
        values = [item.label, item.pagu, item.blokir, item.allocation, item.realised]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, round2(value) if isinstance(value, Decimal) else value, bold=total)
        _put(sheet, row, 6, _number(item.absorption), bold=total)
        _put(sheet, row, 7, _number(item.absorption_of_pagu), bold=total)
    for column, size in {1: 14, 2: 22, 3: 20, 4: 22, 5: 22, 6: 10, 7: 10}.items():
        sheet.column_dimensions[get_column_letter(column)].width = size


def _efficiency_sheet(sheet: Worksheet, card: Scorecard) -> None:
    sheet.cell(1, 1, f"Efisiensi penggunaan anggaran — {card.unit.code} TW {card.quarter} {card.year}").font = BOLD
    _header(sheet, 3, ["Baris", "Output (%)", "Input (%)", "IE", "TE", "Capaian TE (%)", "Kategori"])
    rows: list[EfficiencyRow] = [*card.efficiency, *([card.efficiency_total] if card.efficiency_total else [])]
    for offset, item in enumerate(rows):
        row = 4 + offset
        result = item.result
        total = item is card.efficiency_total
        category = "-" if result.tier is None else ("Efisien" if result.efficient else "Tidak Efisien")
        values = [
            item.label,
            _number(result.output),
            _number(result.input),
            _number(result.index),
            _number(result.level),
            _number(result.capaian),
            category,
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value, bold=total)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["G"].width = 16

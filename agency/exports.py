"""The agency summary as a download: xlsx with a sheet of units and a sheet of indicators, or one of them as
csv (`;`, UTF-8, as the import templates). Built from the viewer's summary, so what the viewer may not see is
not in the file either."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from agency.export import summary_as_dict
from agency.summary import build_summary
from sakip.visibility import Viewer

NUMBER_FORMAT = "#,##0.00"
UNIT_COLUMNS = [
    ("code", "Kode"),
    ("name", "Unit kerja"),
    ("group", "Kelompok"),
    ("parent", "Induk"),
    ("province", "Provinsi"),
    ("pagu", "Pagu"),
    ("pagu_aa", "Pagu setelah AA"),
    ("realised", "Realisasi"),
    ("absorption_of_pagu", "% thd pagu"),
    ("absorption_of_pagu_aa", "% thd pagu AA"),
    ("rank", "Peringkat"),
    ("score", "Nilai kinerja"),
    ("criterion", "Kriteria"),
    ("verified_to", "Terverifikasi s.d. bulan"),
]
INDICATOR_COLUMNS = [
    ("code", "Kode"),
    ("unit", "Unit"),
    ("program", "Program"),
    ("kegiatan", "Kegiatan"),
    ("indicator", "Indikator"),
    ("target", "Target"),
    ("unit_of_measure", "Satuan"),
    ("realisation", "Realisasi"),
    ("capaian", "Capaian (%)"),
    ("status_label", "Status"),
    ("progress", "Progress (%)"),
    ("criterion", "Kriteria"),
]
NUMERIC = {
    "pagu",
    "pagu_aa",
    "realised",
    "absorption_of_pagu",
    "absorption_of_pagu_aa",
    "score",
    "target",
    "realisation",
    "capaian",
    "progress",
}


def tables(data: dict[str, Any]) -> dict[str, tuple[list[tuple[str, str]], list[dict[str, Any]]]]:
    return {"unit": (UNIT_COLUMNS, data["units"]), "indikator": (INDICATOR_COLUMNS, data["indicators"]["rows"])}


def export_summary(year: int, quarter: int, viewer: Viewer, file_format: str, table: str = "unit") -> HttpResponse:
    data = summary_as_dict(build_summary(year, quarter, viewer))
    name = f"Kinerja_BPOM_{year}_TW{quarter}"
    if file_format == "csv":
        columns, rows = tables(data).get(table, tables(data)["unit"])
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([label for _, label in columns])
        for row in rows:
            writer.writerow([_csv(row.get(key), key) for key, _ in columns])
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}_{table}.csv"'
        return response
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (columns, rows) in tables(data).items():
        sheet = workbook.create_sheet(title.capitalize())
        for column, (_, label) in enumerate(columns, start=1):
            sheet.cell(1, column, label).font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for column, (key, _) in enumerate(columns, start=1):
                value = row.get(key)
                cell = sheet.cell(r, column, Decimal(value) if key in NUMERIC and value is not None else value)
                if key in NUMERIC and value is not None:
                    cell.number_format = NUMBER_FORMAT
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _csv(value: Any, key: str) -> str:
    if value is None:
        return "-"
    if key in NUMERIC:
        return str(value).replace(".", ",")
    return str(value)

"""Sample spreadsheets of the two demo units (fixtures/spreadsheets/), written the way people fill them in:
title rows, merged header cells, a column-numbering row, formula cells with their cached value, amounts
typed as Indonesian text ("364.734.836.000", "-" for zero), percentages typed as "96%", "WTP", "Akhir tahun".

`python manage.py make_sample_spreadsheets` rewrites them from fixtures/demo (loaded in a transaction that is
rolled back, so the database is left as it was).
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from indicators.imports.columns import BUDGET, OMSPAN, PK_RAPK, REALISATIONS, SPECS
from indicators.imports.templates import ROW_BUILDERS, TITLES, build_csv, build_xlsx, indonesian, xlsx_bytes
from sakip.models import OrgUnit

DEMO_UNITS = (("SETTAMA", 2023), ("PUSDATIN", 2022))
OMSPAN_UNITS = (("BPOM", 2024),)  # the demo's budget per spending type (Kinerja BPOM Dalam Angka, Bab 12)
FILE_KINDS = {PK_RAPK: "pk_rapk", BUDGET: "anggaran", REALISATIONS: "realisasi", OMSPAN: "omspan"}


def sample_name(code: str, year: int, kind: str, file_format: str) -> str:
    return f"{code.lower()}_{year}_{FILE_KINDS[kind]}.{file_format}"


def with_cached_values(content: bytes, values: dict[str, str], sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    """Store a computed value in formula cells written by openpyxl (which leaves them empty, as if the file
    never went through Excel). `values`: cell reference -> value as text."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == sheet:
                for ref, value in values.items():
                    pattern = rb'(<c r="' + ref.encode() + rb'"[^>]*>)<f>([^<]*)</f><v\s*/>'
                    data = re.sub(pattern, rb"\1<f>\2</f><v>" + value.encode() + b"</v>", data)
            target.writestr(item, data)
    return output.getvalue()


def _column(kind: str, key: str) -> int:
    return next(i for i, c in enumerate(SPECS[kind].columns) if c.key == key)


def sample_files(code: str, year: int) -> dict[str, bytes]:
    """File name -> content, for the demo unit `code` as stored in the database now."""
    unit = OrgUnit.objects.get(code=code)
    files = {}
    for kind in (PK_RAPK, BUDGET, REALISATIONS):
        rows = ROW_BUILDERS[kind]([unit], year)
        if kind == REALISATIONS:
            rows = [row for row in rows if any(v is not None for v in row[6:])]
        files[sample_name(code, year, kind, "csv")] = build_csv(SPECS[kind], rows)
        files[sample_name(code, year, kind, "xlsx")] = _human_xlsx(kind, rows, f"{TITLES[kind]} — {code} {year}")
    return files


def omspan_sample_files(code: str, year: int) -> dict[str, bytes]:
    """The OMSPAN-style budget realisation of `code` (per spending type and month) as csv and xlsx, amounts
    typed as Indonesian text in the xlsx, as a file copied from the OMSPAN page would hold them."""
    rows = ROW_BUILDERS[OMSPAN]([OrgUnit.objects.get(code=code)], year)
    files = {sample_name(code, year, OMSPAN, "csv"): build_csv(SPECS[OMSPAN], rows)}
    typed = [[indonesian(v) if isinstance(v, Decimal) else v for v in row] for row in rows]
    files[sample_name(code, year, OMSPAN, "xlsx")] = _human_xlsx(OMSPAN, typed, f"{TITLES[OMSPAN]} — {code} {year}")
    return files


def _human_xlsx(kind: str, rows: list[list[Any]], title: str) -> bytes:
    spec = SPECS[kind]
    rows = [list(row) for row in rows]
    formulas: dict[str, str] = {}
    if kind == PK_RAPK:
        annual, b12, first_data = _column(kind, "annual_target"), _column(kind, "b12"), 6  # row 5: numbering
        uom = _column(kind, "unit_of_measure")
        for offset, row in enumerate(rows):
            if row[uom] == "%":  # typed as text: "96%"
                for position in range(annual, b12 + 1):
                    if isinstance(row[position], Decimal):
                        row[position] = f"{indonesian(row[position])}%"
            if isinstance(row[annual], Decimal) and row[annual] == row[b12]:
                ref = f"{_letter(annual)}{first_data + offset}"
                formulas[ref] = format(row[annual], "f")
                row[annual] = f"={_letter(b12)}{first_data + offset}"
        rows.insert(0, [f"({n})" for n in range(1, len(spec.columns) + 1)])
    elif kind == BUDGET:
        for row in rows:
            for key in ("pagu", "blokir"):
                position = _column(kind, key)
                if isinstance(row[position], Decimal):
                    row[position] = "-" if row[position] == 0 else indonesian(row[position])
    workbook = build_xlsx(spec, rows, title, "Contoh berkas impor SAKIP (data demo).", formulas=True)
    return with_cached_values(xlsx_bytes(workbook), formulas)


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(position + 1))


def write_samples(directory: Path) -> list[Path]:
    """Load the demo data in a rolled-back transaction and write every sample file."""
    from demo.loader import load_demo

    written: list[Path] = []
    directory.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        point = transaction.savepoint()
        load_demo()
        files = {name: content for code, year in DEMO_UNITS for name, content in sample_files(code, year).items()}
        for code, year in OMSPAN_UNITS:
            files.update(omspan_sample_files(code, year))
        for name, content in files.items():
            path = directory / name
            path.write_bytes(content)
            written.append(path)
        transaction.savepoint_rollback(point)
    return written

"""Import the sampling tables (Tabel 1 targeted, Tabel 2 random) of a quarter from CSV: the data kind the digest
prints that the app does not hold otherwise. All or nothing: every row is checked first; one bad row and
nothing is written. Columns as `003_sampling.csv`: table_id, komoditi, metode, a_… … j_…, source_line."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import transaction

from agency.models import SamplingResult
from sakip.audit import record_event
from sakip.numbers import parse_id_number

METHODS = {"targeted": SamplingResult.Table.TARGETED, "random": SamplingResult.Table.RANDOM}


class SamplingImportError(ValueError):
    pass


def parse(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"komoditi", "metode", *SamplingResult.COUNT_FIELDS} - set(reader.fieldnames or [])
    if missing:
        raise SamplingImportError(f"kolom tidak ada: {', '.join(sorted(missing))}")
    rows = []
    for number, row in enumerate(reader, start=2):
        method = METHODS.get(row["metode"].strip().lower())
        if method is None:
            raise SamplingImportError(f"baris {number}, kolom «metode»: «{row['metode']}» bukan Targeted/Random")
        counts: dict[str, int | None] = {}
        for field in SamplingResult.COUNT_FIELDS:
            cell = (row[field] or "").strip()
            if cell in ("", "-"):
                counts[field] = None
                continue
            try:
                value = parse_id_number(cell)
            except ValueError as error:
                raise SamplingImportError(f"baris {number}, kolom «{field}»: «{cell}» bukan angka") from error
            if value < 0 or value != value.to_integral_value() or value > 2_000_000_000:
                raise SamplingImportError(f"baris {number}, kolom «{field}»: «{cell}» bukan bilangan bulat ≥ 0")
            counts[field] = int(value)
        source = (row.get("source_line") or "").strip()
        rows.append(
            {
                "table": method,
                "commodity": row["komoditi"].strip(),
                **counts,
                "source_line": int(source) if source.isdigit() else None,
            }
        )
    return rows


def import_sampling(user: Any, text: str, year: int, quarter: int) -> int:
    rows = parse(text)
    with transaction.atomic():
        for row in rows:
            SamplingResult.objects.update_or_create(
                year=year, quarter=quarter, table=row.pop("table"), commodity=row.pop("commodity"), defaults=row
            )
        record_event(user, "import.sampling", period=f"{year}-TW{quarter}", rows=len(rows))
    return len(rows)

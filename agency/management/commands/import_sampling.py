"""`manage.py import_sampling FILE --year 2024 --quarter 2`: Tabel 1 and 2 of the digest from CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agency.sampling_import import SamplingImportError, import_sampling


class Command(BaseCommand):
    help = "Import the sampling and testing tables of a quarter (CSV as 003_sampling.csv); all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = import_sampling(None, options["file"].read_text("utf-8"), options["year"], options["quarter"])
        except SamplingImportError as error:
            raise CommandError(f"{options['file']}: {error}; tidak ada yang disimpan") from error
        self.stdout.write(self.style.SUCCESS(f"{count} baris sampling disimpan."))

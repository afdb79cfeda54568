"""Rewrite fixtures/spreadsheets/: the demo units as people would fill in the import templates."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from indicators.imports.samples import write_samples


class Command(BaseCommand):
    help = "Write the sample import spreadsheets of the demo units (the database is left unchanged)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "fixtures" / "spreadsheets"))

    def handle(self, *args: Any, **options: Any) -> None:
        for path in write_samples(Path(options["output"])):
            self.stdout.write(str(path))

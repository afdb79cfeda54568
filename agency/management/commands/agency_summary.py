"""`manage.py agency_summary --year 2024 --quarter 2 --format json`: BPOM as a whole for a quarter."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agency.export import summary_as_dict, summary_json
from agency.summary import build_summary
from agency.text import summary_as_text
from sakip.models import Visibility
from sakip.visibility import audience


class Command(BaseCommand):
    help = (
        "Print the agency roll-up of a quarter: budget per group and spending type, every satker with its "
        "absorption, rank and score, and the indicator matrix with the counts by criterion."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument(
            "--audience",
            choices=[v.value for v in Visibility],
            default=Visibility.RESTRICTED.value,
            help="print only what this audience may see (default: everything)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = build_summary(options["year"], options["quarter"], audience(options["audience"]))
        if options["format"] == "json":
            self.stdout.write(summary_json(summary), ending="")
        else:
            self.stdout.write(summary_as_text(summary_as_dict(summary)))

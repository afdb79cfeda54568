"""`manage.py generate_synthetic --units 100 --indicators 30 --year 2025`: a synthetic BPOM (demo/synthetic.py)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.synthetic import PREFIX, SyntheticDataExists, generate, remove_synthetic, synthetic_units


class Command(BaseCommand):
    help = "Generate a synthetic agency (units SYN-*, names [SINTETIS]) for benchmarks and load tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=100)
        parser.add_argument("--indicators", type=int, default=30, help="indicators per unit")
        parser.add_argument("--year", type=int, default=2025)
        parser.add_argument("--seed", type=int, default=2025, help="same seed, same data")
        parser.add_argument("--password", default="", help="password of the syn-* users (default: none usable)")
        parser.add_argument("--replace", action="store_true", help="remove the synthetic units first")
        parser.add_argument("--remove", action="store_true", help="only remove the synthetic units")
        parser.add_argument("--for-real", action="store_true", help="needed with --replace / --remove")
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG is off: refusing to add synthetic data (use --force on a test installation).")
        existing = synthetic_units().count()
        if (options["replace"] or options["remove"]) and not options["for_real"]:
            self.stdout.write(
                f"Would remove {existing} synthetic units ({PREFIX}*) and all their data: add --for-real."
            )
            return
        if options["remove"]:
            self.stdout.write(f"Removed: {dict(remove_synthetic())}")
            return
        if options["units"] < 3 or options["indicators"] < 1:
            raise CommandError("--units must be at least 3 and --indicators at least 1.")
        started = time.perf_counter()
        try:
            counts = generate(
                units=options["units"],
                indicators=options["indicators"],
                year=options["year"],
                seed=options["seed"],
                password=options["password"],
                replace=options["replace"],
            )
        except SyntheticDataExists as error:
            raise CommandError(
                f"{existing} synthetic units exist already: --replace --for-real removes them first."
            ) from error
        summary = ", ".join(f"{label} {count}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Synthetic agency in {time.perf_counter() - started:.1f} s: {summary}"))

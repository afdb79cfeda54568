from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from exchange.exports import export_file
from exchange.layouts import SYSTEMS
from sakip.audit import record_event
from sakip.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Write a unit's quarter in the layout of a national system (KRISNA, e-Monev, SMART DJA, OMSPAN/SAKTI); "
        "README 'Exchange with the national systems' describes the columns."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--system", required=True, choices=SYSTEMS)
        parser.add_argument("--unit", required=True, help="unit code, e.g. SETTAMA")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--output", help="file or directory to write (default: the file's own name here)")

    def handle(self, *args: object, **options: object) -> None:
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Unknown unit code {options['unit']!r}")
        system, year, quarter = str(options["system"]), int(options["year"]), int(options["quarter"])  # type: ignore[call-overload]
        file = export_file(system, unit, year, quarter, str(options["format"]))
        target = Path(str(options["output"])) if options["output"] else Path(file.file_name)
        if target.is_dir():
            target = target / file.file_name
        target.write_bytes(file.content)
        record_event(None, f"export.{system}", unit=unit, period=f"{year}-TW{quarter}", format=options["format"])
        self.stdout.write(f"{target} ({len(file.content)} bytes)")

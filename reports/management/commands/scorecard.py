from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.scorecard import build_scorecard
from reports.scorecard_export import scorecard_as_dict, scorecard_json
from reports.scorecard_text import scorecard_as_text
from sakip.models import OrgUnit


class Command(BaseCommand):
    help = "Print a unit's quarterly scorecard (capaian, NPS, NPSS, budget, efficiency)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="unit code, e.g. SETTAMA")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args: object, **options: object) -> None:
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Unknown unit code {options['unit']!r}")
        card = build_scorecard(unit, int(options["year"]), int(options["quarter"]))  # type: ignore[call-overload]
        if card.agreement is None:
            raise CommandError(f"{unit.code} has no performance agreement in force for {options['year']}")
        if options["format"] == "json":
            self.stdout.write(scorecard_json(card), ending="")
        else:
            self.stdout.write(scorecard_as_text(scorecard_as_dict(card)))

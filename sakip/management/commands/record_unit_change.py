"""`manage.py record_unit_change --unit LOKA-ENDE --from 2025-01-01 --group balai --name "..."`: a unit's master
data from a date on (sakip.units.record_unit_change); reports of earlier periods keep the tree of their time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sakip.models import OrgUnit, UnitGroup
from sakip.units import record_unit_change


class Command(BaseCommand):
    help = "Record a change of a unit's name, kind, group, parent or location from a date on."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--from", dest="valid_from", type=dt.date.fromisoformat, required=True)
        parser.add_argument("--name")
        parser.add_argument("--kind", choices=[k.value for k in OrgUnit.Kind])
        parser.add_argument("--group", choices=[g.value for g in UnitGroup])
        parser.add_argument("--parent", help="code of the new parent unit")
        parser.add_argument("--city")
        parser.add_argument("--province")
        parser.add_argument("--source", default="", help="regulation or letter")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Unknown unit code {options['unit']!r}")
        changes = {k: options[k] for k in ("name", "kind", "group", "city", "province") if options[k] is not None}
        if options["parent"]:
            parent = OrgUnit.objects.filter(code=options["parent"]).first()
            if parent is None:
                raise CommandError(f"Unknown parent code {options['parent']!r}")
            changes["parent"] = parent
        if not changes:
            raise CommandError("Nothing to change: give --name, --kind, --group, --parent, --city or --province")
        version = record_unit_change(None, unit, options["valid_from"], source=options["source"], **changes)
        self.stdout.write(self.style.SUCCESS(f"{version}: recorded"))

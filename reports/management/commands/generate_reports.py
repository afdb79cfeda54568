import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports import services
from sakip.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Queue a quarterly Lapkin for every unit with a performance agreement in force (or for one unit); "
        "the Celery workers render them. Signature data default to the period's Lapkin texts, else to each "
        "unit's last report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--unit", help="unit code, e.g. SETTAMA (default: every unit with a PK in force)")
        parser.add_argument("--place", help="place of signature, e.g. Jakarta")
        parser.add_argument("--date", type=dt.date.fromisoformat, help="date of signature, YYYY-MM-DD")
        parser.add_argument("--signatory-name")
        parser.add_argument("--signatory-title")

    def handle(self, *args: object, **options: object) -> None:
        year, quarter, code = int(options["year"]), int(options["quarter"]), options["unit"]  # type: ignore[call-overload]
        given = {
            "place": options["place"],
            "signed_on": options["date"],
            "signatory_name": options["signatory_name"],
            "signatory_title": options["signatory_title"],
        }
        units = OrgUnit.objects.order_by("code")
        if code:
            units = units.filter(code=code)
            if not units.exists():
                raise CommandError(f"Unknown unit code {code!r}")
        else:
            units = units.filter(agreements__year=year, agreements__in_force=True).distinct()
        queued = 0
        for unit in units:
            signature = services.default_signature(unit, None, year, quarter)
            signature.update({key: value for key, value in given.items() if value})
            try:
                report, created = services.request_report(None, unit, year, quarter, **signature)
            except services.NoAgreement as exc:
                if code:
                    raise CommandError(str(exc)) from exc
                continue
            queued += int(created)
            state = "queued" if created else f"already {report.status}"
            self.stdout.write(f"{unit.code} {year} TW{quarter}: report {report.pk} {state}")
        self.stdout.write(f"{queued} report(s) queued.")

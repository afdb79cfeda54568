"""`manage.py load_demo`: the demo data (Settama 2023, Pusdatin 2022) and the demo logins. Safe to re-run."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.loader import DEMO_PASSWORD, DEMO_USERS, LABELS, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (Sekretariat Utama 2023, Pusdatin 2022) and the demo users. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even when DEBUG is off (creates users with a published password)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: refusing to load demo data and demo users whose password is published. "
                "Run with --force if this really is a demo or test installation."
            )
        counts = load_demo()
        changed = [label for label in LABELS if counts[f"{label}_created"] or counts[f"{label}_updated"]]
        if changed:
            self.stdout.write("Demo data loaded:")
            for label in changed:
                self.stdout.write(
                    f"  {label}: {counts[f'{label}_created']} created, {counts[f'{label}_updated']} updated"
                )
        else:
            self.stdout.write("Demo data already up to date: no rows created or changed.")
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}', set when the user was first created):")
        for user in DEMO_USERS:
            staff = ", Django admin" if user.is_staff else ""
            self.stdout.write(f"  {user.username:<10} {user.role.label} — {user.unit}{staff}")
        self.stdout.write(self.style.SUCCESS("Done."))

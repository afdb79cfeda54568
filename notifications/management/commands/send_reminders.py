"""Send today's deadline reminders and (on its weekday) the heads' digest: the same logic as the beat job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the reminders due today (a reminder already sent to a user for a month today is not sent again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, date: str | None = None, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        sent = send_reminders(today)
        self.stdout.write(
            f"{today}: {sent['before']} reminder(s) before the deadline, {sent['after']} after, "
            f"{sent['digest']} digest(s) sent."
        )

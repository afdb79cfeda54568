"""`manage.py create_api_token <login> --name "skrip" [--days 90]`: print a new API token's key (shown once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from api.tokens import issue_token


class Command(BaseCommand):
    help = "Create an API token for a user and print its key once (only a digest is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="token", help="what the token is for")
        parser.add_argument("--days", type=int, default=None, help="valid for this many days (default: no end)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']!r}")
        expires = timezone.now() + dt.timedelta(days=options["days"]) if options["days"] else None
        _token, key = issue_token(user, options["name"], None, expires)
        self.stdout.write(key)

"""`manage.py totp_code USERNAME`: the current code of a user's authenticator, for demo and test installations.

Refuses to run with DEBUG off: in production the code lives only on the user's phone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-factor code of a user (demo installations only, DEBUG on)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("DEBUG is off: two-factor codes are only shown on demo installations.")
        device = TOTPDevice.objects.filter(user__username=options["username"]).order_by("-confirmed", "-id").first()
        if device is None:
            raise CommandError("This user has no authenticator yet: log in once, the setup page makes one.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")

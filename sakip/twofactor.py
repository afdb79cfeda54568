"""Two-factor login (TOTP, django-otp): required for the roles in SAKIP_2FA_REQUIRED_ROLES (admins and auditors
by default; superusers count as admins), optional for everyone else.

After the password, a user with a confirmed device is asked for the 6-digit code; a user whose role requires a
second factor and who has none is sent to set one up before anything else. Until then every page (the Django
admin included) redirects there.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakip.access import roles_of

DEVICE_NAME = "Aplikasi autentikator"
EXEMPT_PREFIXES = ("/akun/2fa/", "/accounts/logout/", "/i18n/", "/static/", "/health/")


def is_required_for(user: User) -> bool:
    required = set(settings.SAKIP_2FA_REQUIRED_ROLES)
    if getattr(user, "is_superuser", False) and "admin" in required:
        return True
    return bool(roles_of(user) & required)


def pending_device(user: User) -> TOTPDevice:
    """The user's device being set up (made on first call; its key stays until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if ok else reverse("home")


class TwoFactorMiddleware:
    """Send a signed-in user who has not passed the second factor to verify it, or to set it up when required."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()  # set by django_otp's OTPMiddleware
        if user.is_authenticated and not verified and not request.path.startswith(EXEMPT_PREFIXES):
            if user_has_device(user, confirmed=True):
                return _redirect("twofactor-verify", request)
            if is_required_for(user):
                return _redirect("twofactor-setup", request)
        return self.get_response(request)


def _redirect(name: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")

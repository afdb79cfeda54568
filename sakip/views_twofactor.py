"""Pages of the second factor: set up (QR code), verify after the password, and the account's security page."""

from __future__ import annotations

import math

import segno
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakip.audit import record_event
from sakip.http import AuthenticatedHttpRequest
from sakip.twofactor import is_required_for, pending_device, safe_next


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Kode 6 angka dari aplikasi autentikator"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Ketik 6 angka.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


def twofactor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    device = pending_device(request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid() and _not_throttled(form, device):
        if device.verify_token(form.cleaned_data["token"]):
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()  # one device per user
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            record_event(request.user, "account.2fa_enabled", obj=device)
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect(safe_next(request))
        form.add_error("token", _("Kode salah atau kedaluwarsa. Periksa jam ponsel Anda dan coba lagi."))
    context = {"form": form, "secret": _grouped(device.config_url), "next": safe_next(request)}
    return render(request, "sakip/twofactor_setup.html", context)


def twofactor_qr(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The otpauth:// link of the device being set up, as an SVG QR code (never cached)."""
    svg = segno.make(pending_device(request.user).config_url, error="m").svg_inline(scale=5)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def twofactor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if form.is_valid() and confirmed is not None and _not_throttled(form, confirmed):
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(safe_next(request))
        record_event(request.user, "account.2fa_failed")
        form.add_error("token", _("Kode salah atau kedaluwarsa."))
    return render(request, "sakip/twofactor_verify.html", {"form": form, "next": safe_next(request)})


def twofactor_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    enabled = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    context = {"enabled": enabled, "required": is_required_for(request.user), "form": TokenForm()}
    return render(request, "sakip/twofactor_account.html", context)


@require_POST
def twofactor_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    if is_required_for(request.user):
        messages.error(request, _("Peran Anda mewajibkan verifikasi dua langkah; tidak dapat dimatikan."))
        return redirect("twofactor-account")
    form = TokenForm(request.POST)
    if form.is_valid() and match_token(request.user, form.cleaned_data["token"]) is not None:
        TOTPDevice.objects.filter(user=request.user).delete()
        record_event(request.user, "account.2fa_disabled")
        messages.success(request, _("Verifikasi dua langkah dimatikan."))
    else:
        messages.error(request, _("Kode salah; verifikasi dua langkah tetap aktif."))
    return redirect("twofactor-account")


def _not_throttled(form: TokenForm, device: TOTPDevice) -> bool:
    """django-otp slows guessing down (1, 2, 4, ... s after each wrong code); say so instead of "wrong code"."""
    allowed, _detail = device.verify_is_allowed()
    if not allowed:
        delay = device.get_throttle_factor() * 2 ** (device.throttling_failure_count - 1)
        waited = (timezone.now() - device.throttling_failure_timestamp).total_seconds()
        seconds = max(1, math.ceil(delay - waited))
        form.add_error("token", _("Terlalu banyak percobaan. Tunggu %(n)s detik, lalu coba lagi.") % {"n": seconds})
    return bool(allowed)


def _grouped(config_url: str) -> str:
    """The base32 secret of the otpauth:// URL in groups of four, for typing it by hand."""
    secret = config_url.split("secret=", 1)[1].split("&", 1)[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))

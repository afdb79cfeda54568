"""Two-factor login: required for admins and auditors, optional for the others."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakip.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def later(device: TOTPDevice) -> TOTPDevice:
    """Time passes: the code just used may not be replayed, but the next one works, and failures have cooled off."""
    device.refresh_from_db()
    device.last_t = -1
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    return device


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": f"pw-{user.username}"})
    assert response.status_code == 302
    return client.get(response["Location"])


def set_up(client, user) -> TOTPDevice:
    log_in(client, user)
    client.get(reverse("twofactor-setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("twofactor-setup"), {"token": code(device), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    return device


@pytest.mark.parametrize("role", ["admin_user", "auditor"])
def test_it_sends_admins_and_auditors_to_set_up_a_second_factor_before_anything_else(client, request, role):
    user = request.getfixturevalue(role)
    response = log_in(client, user)
    assert response.status_code == 302 and response["Location"].startswith(reverse("twofactor-setup"))
    for url in (reverse("audit:trail"), reverse("admin:index"), reverse("reports:report-index")):
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("twofactor-setup")), url
    page = client.get(reverse("twofactor-setup")).content.decode()
    secret = re.search(r'class="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret in device.config_url
    assert client.get(reverse("twofactor-qr"))["Content-Type"] == "image/svg+xml"


def test_it_refuses_a_wrong_code_and_accepts_the_right_one_at_setup(client, admin_user):
    log_in(client, admin_user)
    client.get(reverse("twofactor-setup"))
    device = TOTPDevice.objects.get(user=admin_user)
    wrong = "000000" if code(device) != "000000" else "111111"
    response = client.post(reverse("twofactor-setup"), {"token": wrong})
    assert response.status_code == 200 and "Kode salah" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    throttled = client.post(reverse("twofactor-setup"), {"token": code(device)})  # at once: must wait a moment
    assert "Terlalu banyak percobaan" in throttled.content.decode()
    later(device)
    client.post(reverse("twofactor-setup"), {"token": code(device), "next": reverse("audit:trail")})
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("audit:trail")).status_code == 200
    assert AuditEvent.objects.filter(user=admin_user, action="account.2fa_enabled").exists()


def test_it_asks_for_the_code_at_every_later_login(client, auditor):
    device = set_up(client, auditor)
    client.post(reverse("logout"))
    response = log_in(client, auditor)
    assert response["Location"].startswith(reverse("twofactor-verify"))
    later(device)
    assert client.post(reverse("twofactor-verify"), {"token": "12345"}).status_code == 200  # not 6 digits
    refused = client.post(reverse("twofactor-verify"), {"token": code(device, drift=-20)})
    assert "Kode salah" in refused.content.decode()
    assert AuditEvent.objects.filter(user=auditor, action="account.2fa_failed").exists()
    later(device)
    accepted = client.post(reverse("twofactor-verify"), {"token": code(device), "next": reverse("audit:trail")})
    assert accepted["Location"] == reverse("audit:trail")
    assert client.get(reverse("audit:trail")).status_code == 200


def test_it_never_redirects_after_verification_to_another_site(client, auditor):
    device = set_up(client, auditor)
    client.post(reverse("logout"))
    log_in(client, auditor)
    later(device)
    response = client.post(reverse("twofactor-verify"), {"token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_it_leaves_the_second_factor_optional_for_planners_and_asks_for_it_once_enabled(client, planner):
    assert log_in(client, planner).status_code == 200  # the home page, no detour
    assert client.get(reverse("twofactor-account")).status_code == 200
    device = set_up(client, planner)
    client.post(reverse("logout"))
    assert log_in(client, planner)["Location"].startswith(reverse("twofactor-verify"))
    client.post(reverse("twofactor-verify"), {"token": code(later(device))})
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("twofactor-disable"), {"token": code(later(device))})
    assert not TOTPDevice.objects.filter(user=planner).exists()


def test_it_does_not_let_an_admin_switch_the_required_second_factor_off(client, admin_user):
    device = set_up(client, admin_user)
    client.post(reverse("twofactor-disable"), {"token": code(later(device))})
    assert TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()


def test_it_prints_the_current_code_for_demo_installations_only(client, admin_user, settings):
    import io

    from django.core.management import CommandError, call_command

    log_in(client, admin_user)
    client.get(reverse("twofactor-setup"))
    device = TOTPDevice.objects.get(user=admin_user)
    settings.DEBUG = True
    out = io.StringIO()
    call_command("totp_code", admin_user.username, stdout=out)
    assert out.getvalue().strip() == code(device)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("totp_code", admin_user.username)

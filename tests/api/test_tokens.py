"""Tokens: stored as a digest only, shown once, revocable and expiring, made by an admin or a command; the
rate limit counts per token."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.utils import timezone

from api.models import ApiToken, digest_of
from api.tokens import issue_token, revoke_token
from sakip.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_only_a_digest_is_stored_and_the_key_works(api, planner, openapi):
    token, key = issue_token(planner, "laptop", None)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in str(stored) and stored["digest"] == digest_of(key) and key.startswith(stored["prefix"])
    from tests.api.conftest import SchemaCheckedClient

    client = SchemaCheckedClient(openapi, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/units/").json()["results"][0]["code"] == "PUSDATIN"
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    assert AuditEvent.objects.filter(action="api.token.create", object_id=str(token.pk)).exists()


def test_a_revoked_an_expired_or_a_wrong_token_is_refused(planner, admin_user, openapi):
    from tests.api.conftest import SchemaCheckedClient

    revoked, revoked_key = issue_token(planner, "old", None)
    revoke_token(revoked, admin_user)
    _expired, expired_key = issue_token(planner, "short", None, timezone.now() - dt.timedelta(seconds=1))
    for key in (revoked_key, expired_key, "sakip_nope"):
        response = SchemaCheckedClient(openapi, HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/units/")
        assert response.status_code == 401 and response.json()["code"] == "authentication_failed"
    assert AuditEvent.objects.get(action="api.token.revoke").user == admin_user


def test_the_command_prints_the_key_once(planner):
    out = StringIO()
    call_command("create_api_token", "alice", name="skrip", days=30, stdout=out)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(digest=digest_of(key))
    assert token.user == planner and token.name == "skrip" and token.expires_at > timezone.now()


def test_an_admin_makes_a_token_in_the_admin_sees_the_key_once_and_revokes_it(client, planner, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/api/apitoken/add/", {"user": planner.pk, "name": "e-Monev", "expires_at_0": "", "expires_at_1": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    token = ApiToken.objects.get()
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    key = next(text.rsplit(" ", 1)[1] for text in shown if "sakip_" in text)
    assert digest_of(key) == token.digest and token.created_by == admin_user
    change = f"/admin/api/apitoken/{token.pk}/change/"
    assert key in client.get(change).content.decode()  # the page after saving shows it ...
    assert key not in client.get(change).content.decode()  # ... once
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert not ApiToken.objects.get().is_active


def test_the_rate_limit_counts_per_token(api, planner):
    from rest_framework.throttling import SimpleRateThrottle

    configured = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {"api": "3/min"}
    try:
        first, second = api(planner), api(planner)
        assert [first.get("/api/v1/units/").status_code for _ in range(3)] == [200, 200, 200]
        refused = first.get("/api/v1/units/")
        assert refused.status_code == 429 and refused.json()["code"] == "throttled" and refused["Retry-After"]
        assert second.get("/api/v1/units/").status_code == 200  # another token of the same user has its own count
    finally:
        SimpleRateThrottle.THROTTLE_RATES = configured


def test_an_admin_cannot_make_a_token_for_a_superuser(client, admin_user):
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password="x")
    client.force_login(admin_user)
    response = client.post("/admin/api/apitoken/add/", {"user": root.pk, "name": "x"})
    assert response.status_code == 200 and not ApiToken.objects.exists()  # the form refuses the choice

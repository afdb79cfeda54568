"""Security headers on every response, signed in or not."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
}


@pytest.mark.parametrize("path", ["/accounts/login/", "/publik/", "/health/"])
def test_it_sends_a_strict_content_security_policy_to_anonymous_visitors(client, path):
    response = client.get(path)
    directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    for name, value in POLICY.items():
        assert directives[name] == value, name
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_it_sends_the_policy_on_signed_in_pages_too(client, planner):
    client.force_login(planner)
    response = client.get(reverse("home"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"

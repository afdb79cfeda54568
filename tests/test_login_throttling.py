"""Login throttling (django-axes): failed logins lock an account and an address out for a while."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

LOGIN = reverse("login")


def log_in(client, username: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:  # type: ignore[no-untyped-def]
    return "_auth_user_id" in client.session


def test_it_refuses_the_right_password_after_25_wrong_ones(client, planner):
    for _ in range(25):
        log_in(client, "alice", "wrong")
    response = log_in(client, "alice", "pw-alice")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "selama 15 menit" in response.content.decode()
    assert not logged_in(client)


def test_it_locks_the_account_whatever_the_address(client, planner, head):
    for attempt in range(settings.SAKIP_LOGIN_FAILURE_LIMIT):
        log_in(client, "alice", "wrong", address=f"10.0.1.{attempt}")
    assert log_in(client, "alice", "pw-alice", address="10.0.2.1").status_code == 429
    assert not logged_in(client)
    assert log_in(client, "bob", "pw-bob", address="10.0.2.1").status_code == 302  # another account still logs in
    assert logged_in(client)


def test_it_locks_the_address_whatever_the_account(client, planner, head):
    for attempt in range(settings.SAKIP_LOGIN_FAILURE_LIMIT):
        log_in(client, f"guess{attempt}", "wrong", address="10.0.3.1")
    assert log_in(client, "alice", "pw-alice", address="10.0.3.1").status_code == 429
    assert log_in(client, "alice", "pw-alice", address="10.0.3.2").status_code == 302


def test_it_lets_a_user_in_after_fewer_failures_than_the_limit(client, planner):
    for _ in range(settings.SAKIP_LOGIN_FAILURE_LIMIT - 1):
        response = log_in(client, "alice", "wrong")
        assert response.status_code == 200 and "kata sandi salah" in response.content.decode()
    assert log_in(client, "alice", "pw-alice").status_code == 302


def test_it_reads_the_limit_and_the_wait_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()))"
    )
    env = {**os.environ, "SAKIP_LOGIN_FAILURE_LIMIT": "3", "SAKIP_LOGIN_COOLOFF_MINUTES": "30"}
    env["DJANGO_SETTINGS_MODULE"] = "sakip.settings"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    assert out.stdout.split() == ["3", "1800"]

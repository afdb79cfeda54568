"""Shared fixtures: the demo data and the named cast (planner, head, admin, auditor, outsider)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from demo.loader import load_demo
from sakip.models import Membership, OrgUnit, Role


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def second_factor(request, settings) -> None:  # type: ignore[no-untyped-def]
    """Tests sign in with force_login, which passes no second factor: the requirement is off except in the tests
    of two-factor login itself (marked `second_factor`)."""
    if request.node.get_closest_marker("second_factor") is None:
        settings.SAKIP_2FA_REQUIRED_ROLES = []


@pytest.fixture
def demo(db: None) -> None:
    """The two demo units (Settama 2023, Pusdatin 2022) and the demo users, without BPOM 2024 (fast)."""
    load_demo(agency=False)


@pytest.fixture
def bpom(db: None) -> None:
    """The whole demo, BPOM 2024 included: 103 satker, Lampiran I and II (tests/agency)."""
    load_demo()


def _member(username: str, unit_code: str, role: Role) -> User:
    user = User.objects.create_user(username, password="pw-" + username)
    Membership.objects.create(user=user, unit=OrgUnit.objects.get(code=unit_code), role=role)
    return user


@pytest.fixture
def planner(demo: None) -> User:
    """Planner of PUSDATIN."""
    return _member("alice", "PUSDATIN", Role.PLANNER)


@pytest.fixture
def head(demo: None) -> User:
    """Head of SETTAMA, whose subtree holds PUSDATIN."""
    return _member("bob", "SETTAMA", Role.HEAD)


@pytest.fixture
def admin_user(demo: None) -> User:
    return _member("charlie", "BPOM", Role.ADMIN)


@pytest.fixture
def auditor(demo: None) -> User:
    return _member("dora", "BPOM", Role.AUDITOR)


@pytest.fixture
def outsider(demo: None) -> User:
    """Head of a unit outside SETTAMA's subtree."""
    other = OrgUnit.objects.create(code="BBPOM-JKT", name="BBPOM di Jakarta", kind=OrgUnit.Kind.UPT)
    user = User.objects.create_user("eve", password="pw-eve")
    Membership.objects.create(user=user, unit=other, role=Role.HEAD)
    return user

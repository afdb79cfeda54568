"""The demo admin manages accounts and roles, but cannot raise anyone (itself included) through the Django admin:
superuser and staff status, groups and permissions are for superusers; roles go through memberships."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from sakip.models import Membership, OrgUnit, Role
from sakip.roles import ADMIN_GROUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_admin(demo) -> User:  # type: ignore[no-untyped-def]
    return User.objects.get(username="admin")


def change_form(user: User, **changes) -> dict:  # type: ignore[no-untyped-def]
    """What the browser posts from the user's change page (the fields it shows, its memberships), with `changes`."""
    data: dict = {"username": user.username, "first_name": user.first_name, "last_name": "", "email": "",
                  "is_active": "on", "date_joined_0": "2024-01-01", "date_joined_1": "08:00:00"}  # fmt: skip
    memberships = list(user.memberships.all())
    data.update({"memberships-TOTAL_FORMS": len(memberships), "memberships-INITIAL_FORMS": len(memberships)})
    for n, membership in enumerate(memberships):
        fields = {"id": membership.pk, "user": user.pk, "unit": membership.unit_id, "role": membership.role}
        data.update({f"memberships-{n}-{name}": value for name, value in fields.items()})
    data.update(changes)
    return data


def test_it_refuses_the_admin_raising_itself_through_the_user_form(client, demo_admin):
    client.force_login(demo_admin)
    page = client.get(reverse("admin:auth_user_change", args=[demo_admin.pk])).content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in page  # shown read-only
    everything = list(Permission.objects.values_list("pk", flat=True))
    groups = list(Group.objects.values_list("pk", flat=True))
    raise_ = {"is_superuser": "on", "is_staff": "on", "groups": groups, "user_permissions": everything}
    data = change_form(demo_admin, first_name="Admin Biro", **raise_)
    response = client.post(reverse("admin:auth_user_change", args=[demo_admin.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    demo_admin.refresh_from_db()
    assert demo_admin.first_name == "Admin Biro"  # what an admin may change is saved
    assert not demo_admin.is_superuser and not demo_admin.user_permissions.exists()
    assert list(demo_admin.groups.values_list("name", flat=True)) == [ADMIN_GROUP]


def test_it_keeps_the_admin_away_from_superusers_and_group_permissions(client, demo_admin):
    root = User.objects.create_superuser("root", password="x")
    client.force_login(demo_admin)
    change = reverse("admin:auth_user_change", args=[root.pk])
    assert 'name="username"' not in client.get(change).content.decode()  # read-only
    assert client.post(change, change_form(root, username="root2")).status_code == 403
    password = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.post(password, {"password1": "Ambil-alih-2024", "password2": "Ambil-alih-2024"}).status_code == 403
    assert User.objects.get(pk=root.pk).check_password("x")
    group = Group.objects.get(name=ADMIN_GROUP)
    everything = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]), {"name": ADMIN_GROUP, "permissions": everything}
    )
    assert response.status_code == 403
    assert group.permissions.count() < len(everything)


def test_it_gives_and_takes_back_the_django_admin_with_the_admin_role(client, demo_admin, planner):
    assert not planner.is_staff
    client.force_login(demo_admin)
    add = {"user": planner.pk, "unit": OrgUnit.objects.get(code="BPOM").pk, "role": Role.ADMIN}
    assert client.post(reverse("admin:sakip_membership_add"), add).status_code == 302
    planner.refresh_from_db()
    assert planner.is_staff and list(planner.groups.values_list("name", flat=True)) == [ADMIN_GROUP]
    membership = Membership.objects.get(user=planner, role=Role.ADMIN)
    assert (
        client.post(reverse("admin:sakip_membership_delete", args=[membership.pk]), {"post": "yes"}).status_code == 302
    )
    planner.refresh_from_db()
    assert not planner.is_staff and not planner.groups.exists()


def test_it_still_lets_a_superuser_grant_everything(client, planner):
    root = User.objects.create_superuser("root", password="x")
    client.force_login(root)
    data = change_form(planner, is_staff="on", is_superuser="on")
    assert client.post(reverse("admin:auth_user_change", args=[planner.pk]), data).status_code == 302
    planner.refresh_from_db()
    assert planner.is_superuser and planner.is_staff

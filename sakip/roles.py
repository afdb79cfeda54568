"""The Django-admin permissions behind the admin role (Biro Perencanaan), granted and taken back with the
role: holding an admin membership makes a user staff and a member of the admin group. Groups and permissions
themselves are a superuser's business (`sakip.admin.SakipUserAdmin`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission, User

from sakip.models import Membership, Role

ADMIN_GROUP = "Admin SAKIP"
MANAGED_APPS = ("sakip", "indicators", "budget", "reports", "agency", "api")
READ_ONLY_MODELS = {"auditevent", "group"}  # the audit trail is append-only; groups are for superusers


def ensure_admin_group(**_kwargs: Any) -> Group:
    """Create or refresh the group that lets admins manage units, users, goals, indicators, targets, budget."""
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=MANAGED_APPS).exclude(
        content_type__model__startswith="historical"
    ) | Permission.objects.filter(content_type__app_label="auth", content_type__model__in=["user", "group"])
    allowed = [
        p
        for p in permissions.select_related("content_type")
        if p.content_type.model not in READ_ONLY_MODELS or p.codename.startswith("view_")
    ]
    group.permissions.set(allowed)
    return group


def sync_admin_access(user: User) -> None:
    """Staff status and the admin group follow the user's admin memberships. Taking the role back keeps staff
    status that a superuser gave for another reason (superuser, other groups or permissions)."""
    group = Group.objects.filter(name=ADMIN_GROUP).first() or ensure_admin_group()
    if Membership.objects.filter(user=user, role=Role.ADMIN).exists():
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        return
    if not user.groups.filter(pk=group.pk).exists():
        return
    user.groups.remove(group)
    if user.is_staff and not (user.is_superuser or user.groups.exists() or user.user_permissions.exists()):
        user.is_staff = False
        user.save(update_fields=["is_staff"])


def on_membership_change(instance: Membership, **_kwargs: Any) -> None:
    sync_admin_access(instance.user)

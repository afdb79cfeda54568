"""The Django-admin permissions behind the admin role (Biro Perencanaan)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

ADMIN_GROUP = "Admin SAKIP"
MANAGED_APPS = ("sakip", "indicators", "budget", "reports", "agency")
READ_ONLY_MODELS = {"auditevent"}  # the audit trail is append-only, even for admins


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

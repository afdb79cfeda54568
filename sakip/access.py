"""Who may see which unit. Every page fetches its unit through here, so scoping lives in one place."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from sakip.models import Membership, OrgUnit, Role, subtree_ids

GLOBAL_ROLES = {Role.ADMIN, Role.AUDITOR}


def roles_of(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def visible_units(user: AbstractBaseUser | AnonymousUser) -> QuerySet[OrgUnit]:
    """Admins, auditors and superusers see every unit; heads their subtrees; planners their own units."""
    if not user.is_authenticated:
        return OrgUnit.objects.none()
    if getattr(user, "is_superuser", False):
        return OrgUnit.objects.all()
    memberships = list(Membership.objects.filter(user=user).values_list("role", "unit_id"))
    if any(role in GLOBAL_ROLES for role, _ in memberships):
        return OrgUnit.objects.all()
    heads = {unit_id for role, unit_id in memberships if role == Role.HEAD}
    own = {unit_id for _, unit_id in memberships}
    return OrgUnit.objects.filter(id__in=own | subtree_ids(heads))


def get_unit_for_user(user: AbstractBaseUser | AnonymousUser, code: str) -> OrgUnit:
    """The unit with this code if the user may see it; otherwise 404 (no hint that it exists)."""
    unit = visible_units(user).filter(code=code).first()
    if unit is None:
        raise Http404
    return unit

"""Who may see and do what in which unit. Every page fetches its unit through here.

- admin and auditor roles (held in any unit) reach every unit; auditors only read;
- a unit head reaches the unit's whole subtree;
- a planner reaches only the units they are a planner of.
Not visible -> 404 (no hint that it exists); visible but the role is lacking -> 403.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from sakip.models import Membership, OrgUnit, Role, subtree_ids

AnyUser = User | AnonymousUser
GLOBAL_ROLES = {Role.ADMIN, Role.AUDITOR}
MEMBERSHIPS_CACHE = "_sakip_memberships"  # the user's (role, unit id) pairs, read once per request


def _memberships(user: AnyUser) -> list[tuple[str, int]]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, MEMBERSHIPS_CACHE, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).values_list("role", "unit_id"))
        setattr(user, MEMBERSHIPS_CACHE, cached)
    return cached


def roles_of(user: AnyUser) -> set[str]:
    return {role for role, _ in _memberships(user)}


def is_global(user: AnyUser, *roles: Role) -> bool:
    """Holds one of `roles` (default: admin or auditor) somewhere, which reaches every unit."""
    wanted = set(roles) or GLOBAL_ROLES
    return bool(getattr(user, "is_superuser", False)) or bool(roles_of(user) & wanted)


def units_where(user: AnyUser, role: Role) -> set[int]:
    """Ids of the units where the user acts in `role` (heads: the whole subtree)."""
    if is_global(user, role) and role in GLOBAL_ROLES:
        return set(OrgUnit.objects.values_list("id", flat=True))
    own = {unit_id for r, unit_id in _memberships(user) if r == role}
    return subtree_ids(own) if role == Role.HEAD else own


def visible_units(user: AnyUser) -> QuerySet[OrgUnit]:
    if not user.is_authenticated:
        return OrgUnit.objects.none()
    if is_global(user):
        return OrgUnit.objects.all()
    memberships = _memberships(user)
    heads = {unit_id for role, unit_id in memberships if role == Role.HEAD}
    own = {unit_id for _, unit_id in memberships}
    return OrgUnit.objects.filter(id__in=own | subtree_ids(heads))


def get_unit_for_user(user: AnyUser, code: str) -> OrgUnit:
    """The unit with this code if the user may see it; otherwise 404."""
    unit = visible_units(user).filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


def has_role(user: AnyUser, unit: OrgUnit, *roles: Role) -> bool:
    """Whether the user acts in one of `roles` for this unit (admin: any unit; head: subtree)."""
    if getattr(user, "is_superuser", False) and Role.ADMIN in roles:
        return True
    return any(unit.id in units_where(user, role) for role in roles)


def require_role(user: AnyUser, unit: OrgUnit, *roles: Role) -> None:
    """403 unless the user acts in one of `roles` for this unit (call after get_unit_for_user)."""
    if not has_role(user, unit, *roles):
        raise PermissionDenied

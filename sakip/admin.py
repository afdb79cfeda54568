from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from sakip.models import (
    AuditEvent,
    CriterionBand,
    EfficiencyTier,
    Membership,
    OrgUnit,
    ScoringPolicy,
    UnitVersion,
    seed_default_policy,
)


class MembershipInline(admin.TabularInline[Membership, OrgUnit]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class UnitVersionInline(admin.TabularInline[UnitVersion, OrgUnit]):
    """Master data from a date on; recorded by `manage.py record_unit_change` (sakip.units), read here."""

    model = UnitVersion
    fk_name = "unit"
    extra = 0
    can_delete = False
    readonly_fields = ["valid_from", "name", "kind", "group", "parent", "city", "province", "source"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class UserMembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


admin.site.unregister(User)


@admin.register(User)
class SakipUserAdmin(UserAdmin[User]):
    """Admins manage accounts (name, e-mail, active, password) and give roles through memberships, which also
    grant the Django admin to the admin role (`sakip.roles`). Only a superuser changes superuser and staff
    status, groups and permissions, or touches a superuser's account: an admin cannot raise anyone, itself
    included."""

    inlines = [UserMembershipInline]
    SUPERUSER_ONLY = ("is_superuser", "is_staff", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else fields + self.SUPERUSER_ONLY

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # also guards the password form of a superuser
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin[OrgUnit]):
    list_display = ["code", "name", "kind", "group", "parent", "city", "province", "satker_code"]
    list_filter = ["kind", "group"]
    search_fields = ["code", "name", "city", "province", "satker_code"]
    autocomplete_fields = ["parent"]
    inlines = [UnitVersionInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__code", "unit__name"]
    autocomplete_fields = ["user", "unit"]


class CriterionBandInline(admin.TabularInline[CriterionBand, ScoringPolicy]):
    model = CriterionBand
    extra = 0


class EfficiencyTierInline(admin.TabularInline[EfficiencyTier, ScoringPolicy]):
    model = EfficiencyTier
    extra = 0


@admin.register(ScoringPolicy)
class ScoringPolicyAdmin(admin.ModelAdmin[ScoringPolicy]):
    list_display = ["unit", "year", "rollup", "efficiency_level", "output_basis", "criteria_source"]
    list_filter = ["year", "rollup", "efficiency_level", "output_basis"]
    search_fields = ["unit__code", "unit__name"]
    autocomplete_fields = ["unit"]
    inlines = [CriterionBandInline, EfficiencyTierInline]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        """A new policy with no bands or tiers entered starts from the BPOM defaults (SAKIP_DOMAIN §4)."""
        super().save_related(request, form, formsets, change)
        seed_default_policy(form.instance)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Rows written by the application (an import, the audit trail): read in the admin, never edited there."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: nobody, admin included, edits or deletes the audit trail."""

    list_display = ["at", "user", "unit", "action", "object_type", "object_id", "period"]
    list_filter = ["action", "unit"]
    search_fields = ["user__username", "object_type", "object_id", "period"]
    date_hierarchy = "at"

from django.contrib import admin

from sakip.models import CriterionBand, EfficiencyTier, Membership, OrgUnit, ScoringPolicy


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "city"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "city"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__code", "unit__name"]
    autocomplete_fields = ["user", "unit"]


class CriterionBandInline(admin.TabularInline):
    model = CriterionBand
    extra = 0


class EfficiencyTierInline(admin.TabularInline):
    model = EfficiencyTier
    extra = 0


@admin.register(ScoringPolicy)
class ScoringPolicyAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "rollup", "efficiency_level", "output_basis", "criteria_source"]
    list_filter = ["year", "rollup", "efficiency_level", "output_basis"]
    search_fields = ["unit__code", "unit__name"]
    autocomplete_fields = ["unit"]
    inlines = [CriterionBandInline, EfficiencyTierInline]

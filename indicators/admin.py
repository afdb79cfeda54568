from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.imports.resources import (
    AgreementExportResource,
    PkRapkResource,
    RealisationExportResource,
    RealisationResource,
    SakipImportExportMixin,
)
from indicators.models import (
    AgreementTarget,
    Goal,
    Indicator,
    MonthlyTarget,
    PerformanceAgreement,
    Perspective,
    Realisation,
)


@admin.register(Perspective)
class PerspectiveAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name"]
    ordering = ["order"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["number", "code", "name", "unit_of_measure", "schedule", "polarity", "weight"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "number", "name", "perspective", "level"]
    list_filter = ["year", "level", "perspective", "unit"]
    search_fields = ["name", "unit__code"]
    autocomplete_fields = ["unit", "parent_goal"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "goal", "unit_of_measure", "schedule", "polarity", "value_kind"]
    list_filter = ["goal__year", "goal__unit", "schedule", "polarity", "value_kind", "target_behaviour"]
    search_fields = ["name", "code", "goal__name", "goal__unit__code"]
    autocomplete_fields = ["goal"]
    list_select_related = ["goal__unit"]


class AgreementTargetInline(admin.TabularInline):
    model = AgreementTarget
    extra = 0
    autocomplete_fields = ["indicator"]


@admin.register(PerformanceAgreement)
class PerformanceAgreementAdmin(SakipImportExportMixin, SimpleHistoryAdmin):
    # Import: the PK + RAPK sheet (new versions, reason, reported months) as on /imports/; export: one row each.
    sakip_import_resources = [PkRapkResource]
    resource_classes = [AgreementExportResource]
    list_display = ["unit", "year", "version", "in_force", "signed_on", "letter_number", "author"]
    list_filter = ["year", "in_force", "unit"]
    search_fields = ["unit__code", "unit__name", "letter_number", "reason"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["author", "created_at"]
    inlines = [AgreementTargetInline]


@admin.register(MonthlyTarget)
class MonthlyTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "month", "value", "agreement"]
    list_filter = ["agreement__year", "agreement__unit", "month"]
    search_fields = ["indicator__name", "indicator__goal__unit__code"]
    list_select_related = ["indicator", "agreement__unit"]
    autocomplete_fields = ["indicator"]


@admin.register(Realisation)
class RealisationAdmin(SakipImportExportMixin, SimpleHistoryAdmin):
    sakip_import_resources = [RealisationResource]
    resource_classes = [RealisationExportResource]
    list_display = ["indicator", "month", "state", "value", "updated_by", "updated_at"]
    list_filter = ["indicator__goal__year", "indicator__goal__unit", "month", "state"]
    search_fields = ["indicator__name", "indicator__goal__unit__code", "analysis", "kendala"]
    list_select_related = ["indicator", "updated_by"]
    autocomplete_fields = ["indicator"]
    readonly_fields = ["revision", "updated_by", "updated_at"]

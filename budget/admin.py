from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budget.models import BudgetLine, BudgetRealisation, PaguChange
from indicators.imports.resources import BudgetLineExportResource, BudgetResource, SakipImportExportMixin


class BudgetRealisationInline(admin.TabularInline[BudgetRealisation, BudgetLine]):
    model = BudgetRealisation
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(SakipImportExportMixin, SimpleHistoryAdmin):
    sakip_import_resources = [BudgetResource]
    resource_classes = [BudgetLineExportResource]
    list_display = ["unit", "year", "goal", "indicator", "spending_type", "pagu", "blokir", "allocation"]
    list_filter = ["year", "spending_type", "unit"]
    search_fields = ["unit__code", "goal__name", "indicator__name"]
    list_select_related = ["unit", "goal", "indicator"]
    autocomplete_fields = ["unit", "goal", "indicator"]
    inlines = [BudgetRealisationInline]


@admin.register(PaguChange)
class PaguChangeAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "effective_on", "letter_number", "pagu", "description"]
    list_filter = ["year", "unit"]
    search_fields = ["unit__code", "letter_number", "description"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budget.models import BudgetLine, BudgetRealisation


class BudgetRealisationInline(admin.TabularInline):
    model = BudgetRealisation
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "goal", "indicator", "pagu", "blokir", "allocation"]
    list_filter = ["year", "unit"]
    search_fields = ["unit__code", "goal__name", "indicator__name"]
    list_select_related = ["unit", "goal", "indicator"]
    autocomplete_fields = ["unit", "goal", "indicator"]
    inlines = [BudgetRealisationInline]

from django.contrib import admin

from reports.models import Report, ReportText


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    """Read-only: reports are made by the request page and the worker, and a final one never changes."""

    list_display = ["id", "unit", "year", "quarter", "status", "is_final", "requested_by", "requested_at", "page_count"]
    list_filter = ["status", "is_final", "year", "quarter"]
    search_fields = ["unit__code", "unit__name", "pdf_sha256"]
    date_hierarchy = "requested_at"
    exclude = ["snapshot"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ReportText)
class ReportTextAdmin(admin.ModelAdmin[ReportText]):
    list_display = ["unit", "year", "quarter", "updated_by", "updated_at"]
    list_filter = ["year", "quarter"]
    search_fields = ["unit__code", "unit__name"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["updated_by", "updated_at"]

from django.contrib import admin

from agency.models import DataWarning, FigureVisibility, SamplingResult
from sakip.admin import ReadOnlyAdmin


@admin.register(FigureVisibility)
class FigureVisibilityAdmin(admin.ModelAdmin[FigureVisibility]):
    list_display = ["kind", "visibility"]


@admin.register(SamplingResult)
class SamplingResultAdmin(ReadOnlyAdmin):  # changed by its import
    list_display = ["year", "quarter", "table", "commodity", "a_jumlah_sampling", "j_diperiksa_diuji_sesuai_standar"]
    list_filter = ["year", "quarter", "table"]


@admin.register(DataWarning)
class DataWarningAdmin(ReadOnlyAdmin):  # written by the loader
    list_display = ["year", "code", "unit", "indicator", "message", "source_line"]
    list_filter = ["year", "code"]

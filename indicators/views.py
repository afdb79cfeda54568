"""Evidence downloads and the status grid (the month page itself is in views_entry.py)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from indicators import workflow
from indicators.models import Evidence
from indicators.status_grid import build_grid
from sakip.access import get_unit_for_user
from sakip.audit import record_event


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("realisation__indicator__goal__unit"), pk=pk)
    unit = get_unit_for_user(request.user, evidence.realisation.indicator.goal.unit.code)
    realisation = evidence.realisation
    record_event(
        request.user,
        "evidence.download",
        unit=unit,
        obj=evidence,
        period=workflow.period_label(realisation.indicator.goal.year, realisation.month),
    )
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def status_grid(request: HttpRequest) -> HttpResponse:
    """Units the user may see x months of a year, with each month's workflow status."""
    year_text = request.GET.get("tahun", "")
    year = int(year_text) if year_text.isdigit() else None
    grid = build_grid(request.user, year, timezone.localdate())
    return render(request, "indicators/status_grid.html", {"grid": grid})

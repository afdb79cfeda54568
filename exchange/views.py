"""Downloads of a unit's quarter for the national systems, for anyone who may see the unit (as the other
exports): a unit outside the user's reach is 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from exchange.exports import export_file
from exchange.layouts import LAYOUTS
from sakip.access import get_unit_for_user
from sakip.audit import record_event


def export_for_system(request: HttpRequest, system: str, unit: str, year: int, quarter: int) -> HttpResponse:
    if system not in LAYOUTS or quarter not in (1, 2, 3, 4):
        raise Http404
    file_format = request.GET.get("format", "xlsx")
    if file_format not in ("xlsx", "csv"):
        raise Http404
    org_unit = get_unit_for_user(request.user, unit)
    record_event(request.user, f"export.{system}", unit=org_unit, period=f"{year}-TW{quarter}", format=file_format)
    file = export_file(system, org_unit, year, quarter, file_format)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.file_name}"'
    return response

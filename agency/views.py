"""The leadership dashboard, its export and the public page. Every logged-in user may open the dashboard; what
it shows follows the viewer's authority (sakip.visibility). The public page needs no login."""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from agency import exports, public
from agency.dashboard import Filters, build_dashboard
from agency.periods import latest_quarter
from sakip.audit import record_event
from sakip.visibility import PUBLIC, viewer_for

PUBLIC_MAX_AGE = 300


def latest(request: HttpRequest) -> HttpResponse:
    year, quarter = latest_quarter()
    return redirect("agency:dashboard", year=year, quarter=quarter)


def dashboard(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    if quarter not in (1, 2, 3, 4):
        raise Http404
    board = build_dashboard(year, quarter, viewer_for(request.user), Filters.from_query(request.GET))
    return render(
        request, "agency/dashboard.html", {"board": board, "summary": board.summary, "quarters": [1, 2, 3, 4]}
    )


def export(request: HttpRequest, year: int, quarter: int, file_format: str) -> HttpResponse:
    if quarter not in (1, 2, 3, 4) or file_format not in ("csv", "xlsx"):
        raise Http404
    table = request.GET.get("tabel", "unit")
    response = exports.export_summary(year, quarter, viewer_for(request.user), file_format, table)
    record_event(request.user, "agency.export", period=f"{year}-TW{quarter}", format=file_format)
    return response


@login_not_required
@require_safe
def public_page(request: HttpRequest) -> HttpResponse:
    """Public, verified agency figures of the latest quarter: the same for everyone, so cacheable."""
    with translation.override("id"):
        context = public.build_context(PUBLIC)
        response = render(request, "agency/public.html", context)
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response.headers["ETag"] = etag
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return get_conditional_response(request, etag=etag, response=response) or response

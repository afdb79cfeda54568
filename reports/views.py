from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from reports.scorecard import build_scorecard
from sakip.access import get_unit_for_user


def scorecard(request: HttpRequest, unit: str, year: int, quarter: int) -> HttpResponse:
    if quarter not in (1, 2, 3, 4):
        raise Http404
    org_unit = get_unit_for_user(request.user, unit)
    card = build_scorecard(org_unit, year, quarter)
    return render(request, "reports/scorecard_page.html", {"card": card})

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from indicators.models import PerformanceAgreement
from sakip.access import visible_units


def home(request: HttpRequest) -> HttpResponse:
    agreements = PerformanceAgreement.objects.filter(in_force=True).order_by("-year")
    units = list(
        visible_units(request.user)
        .order_by("code")
        .prefetch_related(Prefetch("agreements", queryset=agreements, to_attr="agreements_in_force"))
    )
    for unit in units:
        unit.agreement_years = [a.year for a in unit.agreements_in_force]  # type: ignore[attr-defined]
    return render(request, "sakip/home.html", {"units": units, "quarters": [1, 2, 3, 4]})

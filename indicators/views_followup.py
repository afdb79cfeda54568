"""The quarter's follow-up page: the planner gives each recommendation's status, the head of the unit reviews it
(services do the work)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators import followup_workflow as service
from indicators.followup import FollowUp, quarter_follow_ups
from indicators.forms_followup import FollowUpForm
from sakip.access import get_unit_for_user, has_role, require_role
from sakip.http import AuthenticatedHttpRequest
from sakip.models import OrgUnit, Role


def _page_url(unit: OrgUnit, year: int, quarter: int) -> str:
    return reverse("indicators:follow-up", args=[unit.code, year, quarter])


def _unit_for(request: AuthenticatedHttpRequest, unit: str, year: int, quarter: int) -> OrgUnit:
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise Http404
    return get_unit_for_user(request.user, unit)


def _chosen(follow_ups: list[FollowUp], request: AuthenticatedHttpRequest) -> FollowUp:
    wanted = request.POST.get("recommendation", "")
    chosen = next((f for f in follow_ups if str(f.recommendation.pk) == wanted), None)
    if chosen is None:
        raise Http404
    return chosen


def _revision(request: AuthenticatedHttpRequest, name: str = "revision") -> int | None:
    text = request.POST.get(name, "")
    return int(text) if text.isdigit() else None


def follow_up_page(request: AuthenticatedHttpRequest, unit: str, year: int, quarter: int) -> HttpResponse:
    org_unit = _unit_for(request, unit, year, quarter)
    follow_ups = quarter_follow_ups(org_unit, year, quarter)
    bound: FollowUpForm | None = None
    if request.method == "POST":
        require_role(request.user, org_unit, Role.PLANNER)
        chosen = _chosen(follow_ups, request)
        bound = FollowUpForm(request.POST, follow_up=chosen)
        if bound.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                service.save_follow_up(
                    request.user,
                    chosen.recommendation,
                    quarter,
                    bound.as_input(),
                    bound.cleaned_data["revision"],
                    submit,
                )
                messages.success(
                    request,
                    _("Tindak lanjut diajukan ke kepala unit.")
                    if submit
                    else _("Tindak lanjut disimpan sebagai draf."),
                )
                return redirect(_page_url(org_unit, year, quarter) + f"#rek-{chosen.recommendation.pk}")
            except service.FollowUpError as error:
                messages.error(request, str(error))
        else:
            messages.error(request, _("Periksa isian yang ditandai. Tidak ada yang disimpan."))
    return render(request, "indicators/follow_up.html", _context(request, org_unit, year, quarter, follow_ups, bound))


def _context(
    request: AuthenticatedHttpRequest,
    unit: OrgUnit,
    year: int,
    quarter: int,
    follow_ups: list[FollowUp],
    bound: FollowUpForm | None,
) -> dict[str, Any]:
    locked = service.quarter_locked(unit, year, quarter)
    is_planner = has_role(request.user, unit, Role.PLANNER) and not locked
    is_head = has_role(request.user, unit, Role.HEAD) and not locked
    rows = []
    for follow_up in follow_ups:
        current = follow_up.current
        editable = is_planner and (current is None or current.state in service.EDITABLE)
        form = None
        if editable:
            mine = bound is not None and bound.prefix == f"r{follow_up.recommendation.pk}"
            form = bound if mine else FollowUpForm(follow_up=follow_up)
        reviewable = is_head and current is not None and current.state == service.State.SUBMITTED
        rows.append({"item": follow_up, "form": form, "reviewable": reviewable})
    return {
        "unit": unit,
        "year": year,
        "quarter": quarter,
        "quarters": range(1, 5),
        "rows": rows,
        "locked": locked,
        "read_only": not any(row["form"] or row["reviewable"] for row in rows),
        "first_month": 3 * quarter - 2,
    }


@require_POST
def follow_up_review(request: AuthenticatedHttpRequest, unit: str, year: int, quarter: int) -> HttpResponse:
    org_unit = _unit_for(request, unit, year, quarter)
    require_role(request.user, org_unit, Role.HEAD)
    chosen = _chosen(quarter_follow_ups(org_unit, year, quarter), request)
    approve = request.POST.get("action") == "approve"
    try:
        service.review_follow_up(
            request.user,
            chosen.recommendation,
            quarter,
            approve,
            request.POST.get("comment", ""),
            _revision(request),
        )
        messages.success(
            request, _("Tindak lanjut disetujui.") if approve else _("Tindak lanjut dikembalikan ke perencana.")
        )
    except service.FollowUpError as error:
        messages.error(request, str(error))
    return redirect(_page_url(org_unit, year, quarter) + f"#rek-{chosen.recommendation.pk}")

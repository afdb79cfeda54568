"""Monthly entry (planners), review (unit heads), month closing (admins), evidence downloads, status grid."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators import workflow
from indicators.entry import Conflict, attach_forms, load_month, save_month
from indicators.forms import RealisationForm
from indicators.models import Evidence, Indicator, MonthlyTarget, MonthStatus, PerformanceAgreement
from indicators.status_grid import build_grid
from sakip import scoring
from sakip.access import get_unit_for_user, has_role, require_role
from sakip.audit import record_event
from sakip.formatting import format_number
from sakip.labels import REASON_LABELS
from sakip.models import OrgUnit, Role, ScoringPolicy


def _month_url(unit: OrgUnit, year: int, month: int) -> str:
    return reverse("indicators:month-entry", args=[unit.code, year, month])


def _check_period(year: int, month: int) -> None:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404


def month_entry(request: HttpRequest, unit: str, year: int, month: int) -> HttpResponse:
    _check_period(year, month)
    org_unit = get_unit_for_user(request.user, unit)
    can_edit = has_role(request.user, org_unit, Role.PLANNER)
    entry = load_month(org_unit, year, month, show_all=request.GET.get("semua") == "1")
    conflicts: dict[int, object] = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        attach_forms(entry, request.POST, request.FILES)
        if all(row.form.is_valid() for row in entry.rows):  # type: ignore[union-attr]
            try:
                saved = save_month(request.user, entry)  # type: ignore[arg-type]
                if request.POST.get("action") == "submit":
                    workflow.submit_month(request.user, org_unit, year, month)  # type: ignore[arg-type]
                    messages.success(request, _("Realisasi bulan ini telah diajukan ke kepala unit."))
                else:
                    messages.success(request, _("%(n)s indikator disimpan sebagai draf.") % {"n": saved})
                return redirect(_month_url(org_unit, year, month))
            except Conflict as conflict:
                conflicts = conflict.rows  # type: ignore[assignment]
                messages.error(request, _("Data diubah orang lain sejak halaman dibuka. Tidak ada yang disimpan."))
            except workflow.TransitionError as error:
                messages.error(request, str(error))
        else:
            messages.error(request, _("Periksa isian yang ditandai. Tidak ada yang disimpan."))
    else:
        attach_forms(entry)
    context = {
        "entry": entry,
        "can_edit": can_edit and (entry.status is None or entry.status.editable),
        "can_review": has_role(request.user, org_unit, Role.HEAD)
        and entry.status is not None
        and entry.status.state == MonthStatus.State.SUBMITTED,
        "is_admin": has_role(request.user, org_unit, Role.ADMIN),
        "late": workflow.is_late(entry.status, year, month),
        "deadline": entry.status.deadline if entry.status else workflow.deadline_for(year, month),
        "conflicts": conflicts,
        "months": range(1, 13),
        "quarter": (month + 2) // 3,
    }
    return render(request, "indicators/month_entry.html", context)


@require_POST
def month_preview(request: HttpRequest, unit: str, year: int, month: int, indicator: int) -> JsonResponse:
    """Capaian, criterion and colour of what the planner is typing, by the same rules as everywhere."""
    _check_period(year, month)
    org_unit = get_unit_for_user(request.user, unit)
    item = get_object_or_404(Indicator, pk=indicator, goal__unit=org_unit, goal__year=year)
    agreement = PerformanceAgreement.objects.filter(unit=org_unit, year=year, in_force=True).first()
    target = (
        MonthlyTarget.objects.filter(agreement=agreement, indicator=item, month=month)
        .values_list("value", flat=True)
        .first()
    )
    policy = ScoringPolicy.objects.filter(unit=org_unit, year=year).prefetch_related("criteria").first()
    criteria = policy.criteria_bands() if policy else scoring.DEFAULT_CRITERIA
    form = RealisationForm(request.POST, prefix=f"i{item.id}", indicator=item, target=target, criteria=criteria)
    form.is_valid()
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items() if name != "revision"}
    capaian = form.capaian
    return JsonResponse(
        {
            "capaian": format_number(capaian.value) if capaian.value is not None else "-",
            "reason": str(REASON_LABELS.get(capaian.reason, "")) if capaian.reason else "",
            "criterion": form.criterion.label,
            "colour": form.criterion.colour,
            "target": format_number(target) if target is not None else "-",
            "value": format_number(form.scored_value) if form.scored_value is not None else "",
            "errors": errors,
        }
    )


@require_POST
def month_review(request: HttpRequest, unit: str, year: int, month: int) -> HttpResponse:
    org_unit = _unit_for_transition(request, unit, year, month, Role.HEAD)
    revision = _revision(request)
    try:
        if request.POST.get("action") == "approve":
            workflow.approve_month(request.user, org_unit, year, month, revision)  # type: ignore[arg-type]
            messages.success(request, _("Realisasi bulan ini disetujui."))
        else:
            indicators = Indicator.objects.filter(goal__unit=org_unit, goal__year=year)
            comments = {item: request.POST.get(f"comment-{item.id}", "") for item in indicators}
            workflow.return_month(request.user, org_unit, year, month, comments, revision)  # type: ignore[arg-type]
            messages.success(request, _("Bulan ini dikembalikan ke perencana dengan komentar."))
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    return redirect(_month_url(org_unit, year, month))


@require_POST
def month_close(request: HttpRequest, unit: str, year: int, month: int) -> HttpResponse:
    """Admin: lock an approved month, or reopen a locked one with a reason."""
    org_unit = _unit_for_transition(request, unit, year, month, Role.ADMIN)
    revision = _revision(request)
    try:
        if request.POST.get("action") == "reopen":
            reason = request.POST.get("reason", "")
            workflow.reopen_month(request.user, org_unit, year, month, reason, revision)  # type: ignore[arg-type]
            messages.success(request, _("Bulan ini dibuka kembali untuk koreksi."))
        else:
            workflow.lock_month(request.user, org_unit, year, month, revision)  # type: ignore[arg-type]
            messages.success(request, _("Bulan ini dikunci."))
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    return redirect(_month_url(org_unit, year, month))


def _unit_for_transition(request: HttpRequest, unit: str, year: int, month: int, role: Role) -> OrgUnit:
    """The month's unit: 404 when the user cannot see it, 403 when they lack the role for the transition."""
    _check_period(year, month)
    org_unit = get_unit_for_user(request.user, unit)
    require_role(request.user, org_unit, role)
    return org_unit


def _revision(request: HttpRequest) -> int | None:
    text = request.POST.get("revision", "")
    return int(text) if text.isdigit() else None


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

"""The month page: planners enter and submit, unit heads review, admins lock and reopen (services do the work)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators import workflow
from indicators.entry import Conflict, save_month
from indicators.forms import RealisationForm
from indicators.models import Indicator
from indicators.month import (
    WARNING_COLOURS,
    MonthEntry,
    attach_forms,
    load_month,
    missing_for_submit,
    preview_prefill,
    validate,
)
from indicators.quality import as_warning, findings_for
from indicators.review import attach_threads
from sakip.access import get_unit_for_user, has_role, require_role
from sakip.formatting import format_number
from sakip.http import AuthenticatedHttpRequest
from sakip.labels import REASON_LABELS
from sakip.models import OrgUnit, Role
from sakip.uploads import upload_refusal


def _month_url(unit: OrgUnit, year: int, month: int) -> str:
    return reverse("indicators:month-entry", args=[unit.code, year, month])


def _check_period(year: int, month: int) -> None:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404


def _unit_for(request: AuthenticatedHttpRequest, unit: str, year: int, month: int, *roles: Role) -> OrgUnit:
    """The month's unit: 404 when the user cannot see it, 403 when they lack every one of `roles`."""
    _check_period(year, month)
    org_unit = get_unit_for_user(request.user, unit)
    if roles:
        require_role(request.user, org_unit, *roles)
    return org_unit


def month_entry(request: AuthenticatedHttpRequest, unit: str, year: int, month: int) -> HttpResponse:
    org_unit = _unit_for(request, unit, year, month)
    entry = load_month(org_unit, year, month, show_all=request.GET.get("semua") == "1")
    conflicts: dict[int, Any] = {}
    if request.method == "POST":
        require_role(request.user, org_unit, Role.PLANNER)
        attach_forms(entry, request.POST, request.FILES)
        try:
            if _save(request, entry):
                url = _month_url(org_unit, year, month)
                return redirect(url + "?ajukan=1#konfirmasi" if request.POST.get("action") == "submit" else url)
        except Conflict as conflict:
            conflicts = conflict.rows
            messages.error(request, _("Data diubah orang lain sejak halaman dibuka. Tidak ada yang disimpan."))
        except workflow.TransitionError as error:
            messages.error(request, str(error))
    else:
        attach_forms(entry)
        if has_role(request.user, org_unit, Role.PLANNER):
            preview_prefill(entry)
    return render(request, "indicators/month_entry.html", _page_context(request, entry, conflicts))


def _save(request: AuthenticatedHttpRequest, entry: MonthEntry) -> bool:
    """Save the posted month (all rows or none); False with the reason shown when nothing was saved."""
    refused = upload_refusal(request)  # too many files, or too much, for one request: nothing is saved
    if refused:
        validate(entry)  # the rows still show what was typed and its preview
        messages.error(request, refused)
        return False
    if not validate(entry):
        messages.error(request, _("Periksa isian yang ditandai. Tidak ada yang disimpan."))
        return False
    saved = save_month(request.user, entry)
    if request.POST.get("action") != "submit":
        messages.success(request, _("%(n)s indikator disimpan sebagai draf.") % {"n": len(saved)})
    return True


def _page_context(request: AuthenticatedHttpRequest, entry: MonthEntry, conflicts: dict[int, Any]) -> dict[str, Any]:
    user, unit, status = request.user, entry.unit, entry.status
    attach_threads(entry)
    can_edit = has_role(user, unit, Role.PLANNER) and (status is None or status.editable)
    confirming = can_edit and request.GET.get("ajukan") == "1"
    missing = missing_for_submit(entry) if confirming else []
    for item in missing:
        item.row.missing.append(item.message)
    return {
        "entry": entry,
        "can_edit": can_edit,
        "can_review": has_role(user, unit, Role.HEAD) and status is not None and status.state == "submitted",
        "own_submission": workflow.submitted_by(status, user),
        "self_approval": workflow.SELF_APPROVAL,
        "is_admin": has_role(user, unit, Role.ADMIN),
        "late": workflow.is_late(status, entry.year, entry.month),
        "deadline": status.deadline if status else workflow.deadline_for(entry.year, entry.month),
        "conflicts": conflicts,
        "failing": [row for row in entry.rows if row.form is not None and row.form.errors],
        "confirming": confirming,
        "missing": missing,
        "warned": [row for row in entry.rows if row.warnings],
        "changed": [row for row in entry.rows if row.changes_since_return],
        "months": range(1, 13),
        "quarter": (entry.month + 2) // 3,
    }


@require_POST
def month_draft(request: AuthenticatedHttpRequest, unit: str, year: int, month: int) -> JsonResponse:
    """Autosave: the page's fields (files wait for a manual save) saved as a draft through the same service,
    all rows or none; answers the new revisions so that the page's next save does not conflict with itself."""
    org_unit = _unit_for(request, unit, year, month, Role.PLANNER)
    entry = load_month(org_unit, year, month, show_all=request.GET.get("semua") == "1")
    attach_forms(entry, request.POST)
    if not validate(entry):
        failing = [row.indicator.number for row in entry.rows if row.form and row.form.errors]
        message = _("Belum disimpan otomatis: periksa indikator %(numbers)s.") % {
            "numbers": ", ".join(str(n) for n in failing)
        }
        return JsonResponse({"message": message}, status=400)
    try:
        saved = save_month(request.user, entry, source="autosave")
    except Conflict:
        message = _("Data diubah orang lain sejak halaman dibuka. Muat ulang halaman; simpan otomatis berhenti.")
        return JsonResponse({"message": message, "stop": True}, status=409)
    except workflow.TransitionError as error:
        return JsonResponse({"message": str(error), "stop": True}, status=409)
    at = timezone.localtime().strftime("%H:%M")
    return JsonResponse(
        {
            "message": _("Draf tersimpan otomatis pukul %(at)s.") % {"at": at} if saved else "",
            "revisions": {f"i{indicator}": realisation.revision for indicator, realisation in saved.items()},
        }
    )


@require_POST
def month_submit(request: AuthenticatedHttpRequest, unit: str, year: int, month: int) -> HttpResponse:
    """The planner confirms the submission of the saved month (the service checks it is complete)."""
    org_unit = _unit_for(request, unit, year, month, Role.PLANNER)
    try:
        workflow.submit_month(request.user, org_unit, year, month, _revision(request))
        messages.success(request, _("Realisasi bulan ini telah diajukan ke kepala unit."))
    except workflow.Incomplete as error:
        messages.error(request, str(error))
        return redirect(_month_url(org_unit, year, month) + "?ajukan=1#konfirmasi")
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    return redirect(_month_url(org_unit, year, month))


@require_POST
def month_preview(request: AuthenticatedHttpRequest, unit: str, year: int, month: int, indicator: int) -> JsonResponse:
    """Capaian, criterion, colour and data-quality warnings of what the planner is typing, by the same rules
    as everywhere."""
    org_unit = _unit_for(request, unit, year, month)
    entry = load_month(org_unit, year, month, show_all=True)
    row = next((row for row in entry.rows if row.indicator.id == indicator), None)
    if row is None:
        raise Http404
    form = RealisationForm(
        request.POST,
        prefix=f"i{indicator}",
        indicator=row.indicator,
        target=row.target,
        criteria=entry.criteria,
        components=row.components,
        month=entry.month,
    )
    form.is_valid()
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items() if name != "revision"}
    capaian, numbers = form.capaian, getattr(form, "cleaned_data", {})
    findings = findings_for(row, form.scored_value, numbers.get("numerator"), numbers.get("denominator"))
    return JsonResponse(
        {
            "capaian": format_number(capaian.value) if capaian.value is not None else "-",
            "reason": str(REASON_LABELS.get(capaian.reason, "")) if capaian.reason else "",
            "criterion": form.criterion.label,
            "colour": form.criterion.colour,
            "target": format_number(row.target) if row.target is not None else "-",
            "value": format_number(form.scored_value) if form.scored_value is not None else "",
            "errors": errors,
            "warnings": [as_warning(row, finding).message for finding in findings],
            "needs_narrative": form.criterion.colour in WARNING_COLOURS,
        }
    )


@require_POST
def month_review(request: AuthenticatedHttpRequest, unit: str, year: int, month: int) -> HttpResponse:
    org_unit = _unit_for(request, unit, year, month, Role.HEAD)
    revision = _revision(request)
    indicators = Indicator.objects.filter(goal__unit=org_unit, goal__year=year)
    comments = {item: request.POST.get(f"comment-{item.id}", "") for item in indicators}
    try:
        if request.POST.get("action") == "approve":
            workflow.approve_month(request.user, org_unit, year, month, revision, comments)
            messages.success(request, _("Realisasi bulan ini disetujui."))
        else:
            workflow.return_month(request.user, org_unit, year, month, comments, revision)
            messages.success(request, _("Bulan ini dikembalikan ke perencana dengan komentar."))
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    return redirect(_month_url(org_unit, year, month))


@require_POST
def month_close(request: AuthenticatedHttpRequest, unit: str, year: int, month: int) -> HttpResponse:
    """Admin: lock an approved month, or reopen a locked one with a reason."""
    org_unit = _unit_for(request, unit, year, month, Role.ADMIN)
    revision = _revision(request)
    try:
        if request.POST.get("action") == "reopen":
            reason = request.POST.get("reason", "")
            workflow.reopen_month(request.user, org_unit, year, month, reason, revision)
            messages.success(request, _("Bulan ini dibuka kembali untuk koreksi."))
        else:
            workflow.lock_month(request.user, org_unit, year, month, revision)
            messages.success(request, _("Bulan ini dikunci."))
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    return redirect(_month_url(org_unit, year, month))


def _revision(request: AuthenticatedHttpRequest) -> int | None:
    text = request.POST.get("revision", "")
    return int(text) if text.isdigit() else None

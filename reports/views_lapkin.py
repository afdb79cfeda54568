"""Lapkin pages: list and request per period, progress of one report, retry, finalise, download, texts.

Every view fetches the unit through `get_unit_for_user` (404 when not visible) and then checks the role
(403): heads (their subtree) and admins request and manage; planners (their unit), heads, admins and
auditors read and download. Downloads are written to the audit trail.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indicators.models import PerformanceAgreement
from reports import services
from reports.models import Report, ReportIsFinal, ReportText
from sakip.access import get_unit_for_user, has_role, require_role, visible_units
from sakip.audit import record_event
from sakip.models import OrgUnit, Role
from sakip.widgets import IsoDateInput

READERS = (Role.PLANNER, Role.HEAD, Role.ADMIN, Role.AUDITOR)
MANAGERS = (Role.HEAD, Role.ADMIN)
REFRESH_SECONDS = 3


class ReportRequestForm(forms.Form):
    place = forms.CharField(label=gettext_lazy("Tempat"), max_length=100)
    signed_on = forms.DateField(label=gettext_lazy("Tanggal"), widget=IsoDateInput())
    signatory_name = forms.CharField(label=gettext_lazy("Nama penanda tangan"), max_length=200)
    signatory_title = forms.CharField(label=gettext_lazy("Jabatan penanda tangan"), max_length=200)


class ReportTextForm(forms.ModelForm[ReportText]):
    class Meta:
        model = ReportText
        fields = ["foreword", "introduction", "recommendations"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}
        help_texts = {"recommendations": gettext_lazy("Satu saran per baris.")}


def _period_unit(request: HttpRequest, unit: str, quarter: int, *roles: Role) -> OrgUnit:
    if quarter not in (1, 2, 3, 4):
        raise Http404
    org_unit = get_unit_for_user(request.user, unit)
    require_role(request.user, org_unit, *roles)
    return org_unit


def _report(request: HttpRequest, pk: int, *roles: Role) -> Report:
    lapkin = Report.objects.filter(kind=Report.Kind.LAPKIN)
    report = get_object_or_404(lapkin.select_related("unit", "requested_by", "finalised_by"), pk=pk)
    get_unit_for_user(request.user, report.unit.code)
    require_role(request.user, report.unit, *roles)
    return report


def report_index(request: HttpRequest) -> HttpResponse:
    agreements = PerformanceAgreement.objects.filter(in_force=True).order_by("-year")
    units = list(
        visible_units(request.user)
        .order_by("code")
        .prefetch_related(Prefetch("agreements", queryset=agreements, to_attr="agreements_in_force"))
    )
    recent = Report.objects.filter(kind=Report.Kind.LAPKIN, unit__in=[unit.id for unit in units]).select_related(
        "unit"
    )[:30]
    return render(request, "reports/report_index.html", {"units": units, "recent": recent, "quarters": [1, 2, 3, 4]})


def report_list(request: HttpRequest, unit: str, year: int, quarter: int) -> HttpResponse:
    org_unit = _period_unit(request, unit, quarter, *READERS)
    reports = Report.objects.filter(kind=Report.Kind.LAPKIN, unit=org_unit, year=year, quarter=quarter).select_related(
        "requested_by", "finalised_by"
    )
    can_request = has_role(request.user, org_unit, *MANAGERS)
    form = (
        ReportRequestForm(initial=services.default_signature(org_unit, request.user, year, quarter))
        if can_request
        else None
    )
    context = {"unit": org_unit, "year": year, "quarter": quarter, "reports": reports, "form": form}
    return render(request, "reports/report_list.html", context)


@require_POST
def report_request(request: HttpRequest, unit: str, year: int, quarter: int) -> HttpResponse:
    org_unit = _period_unit(request, unit, quarter, *MANAGERS)
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        reports = Report.objects.filter(kind=Report.Kind.LAPKIN, unit=org_unit, year=year, quarter=quarter)
        context = {"unit": org_unit, "year": year, "quarter": quarter, "reports": reports, "form": form}
        return render(request, "reports/report_list.html", context, status=400)
    try:
        report, created = services.request_report(request.user, org_unit, year, quarter, **form.cleaned_data)
    except services.NoAgreement:
        messages.error(request, _("Unit ini belum memiliki Perjanjian Kinerja yang berlaku untuk tahun ini."))
        return redirect("reports:report-list", unit=org_unit.code, year=year, quarter=quarter)
    if not created:
        messages.info(request, _("Laporan periode ini sedang dibuat; menampilkan yang sedang berjalan."))
    _say_if_waiting(request, report)
    return redirect("reports:report-detail", pk=report.pk)


def _say_if_waiting(request: HttpRequest, report: Report) -> None:
    report.refresh_from_db(fields=["status", "task_id"])
    if report.waiting_for_queue:
        messages.warning(
            request,
            _(
                "Antrean pembuatan laporan sedang tidak dapat dihubungi. Permintaan Anda tersimpan dan akan "
                "dikirim otomatis begitu antrean tersedia kembali."
            ),
        )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = services.expire_if_stale(_report(request, pk, *READERS))
    context: dict[str, Any] = {
        "report": report,
        "can_manage": has_role(request.user, report.unit, *MANAGERS),
        "refresh": REFRESH_SECONDS if report.is_active else None,
        "queue_position": (
            Report.objects.filter(status=Report.Status.QUEUED, requested_at__lt=report.requested_at).count() + 1
            if report.status == Report.Status.QUEUED
            else None
        ),
        "steps": [
            (status, label, _step_state(report, status))
            for status, label in Report.Status.choices
            if status != Report.Status.FAILED
        ],
    }
    return render(request, "reports/report_detail.html", context)


def _step_state(report: Report, step: str) -> str:
    order = [Report.Status.QUEUED, Report.Status.RUNNING, Report.Status.DONE]
    if report.status == Report.Status.FAILED:
        return "failed" if step == Report.Status.DONE else "past"
    current = order.index(Report.Status(report.status))
    index = order.index(Report.Status(step))
    return "past" if index < current else "current" if index == current else "future"


@require_POST
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, *MANAGERS)
    try:
        _say_if_waiting(request, services.rerun_report(report, request.user))
    except ReportIsFinal:
        messages.error(request, _("Laporan final tidak dapat diubah; buat laporan baru."))
    except services.ReportBusy:
        messages.error(request, _("Laporan periode ini sedang dibuat; tunggu sampai selesai."))
    return redirect("reports:report-detail", pk=report.pk)


@require_POST
def report_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, *MANAGERS)
    try:
        services.finalise_report(report, request.user)
    except (ReportIsFinal, services.ReportBusy):
        messages.error(request, _("Hanya laporan yang selesai dibuat dan belum final yang dapat difinalkan."))
    return redirect("reports:report-detail", pk=report.pk)


def report_download(request: HttpRequest, pk: int) -> FileResponse:
    return pdf_download(request, _report(request, pk, *READERS))


def pdf_download(request: HttpRequest, report: Report) -> FileResponse:
    """The report's PDF as an attachment, written to the audit trail (any kind of report; the caller checks
    who may have it)."""
    if report.status != Report.Status.DONE or not report.pdf:
        raise Http404
    record_event(
        request.user, "report.download", unit=report.unit, obj=report, period=report.period, sha256=report.pdf_sha256
    )
    return FileResponse(
        report.pdf.open("rb"), as_attachment=True, filename=report.filename, content_type="application/pdf"
    )


def report_texts(request: HttpRequest, unit: str, year: int, quarter: int) -> HttpResponse:
    org_unit = _period_unit(request, unit, quarter, *MANAGERS)
    texts = ReportText.objects.filter(unit=org_unit, year=year, quarter=quarter).first()
    form = ReportTextForm(request.POST or None, instance=texts)
    if request.method == "POST" and form.is_valid():
        services.save_texts(org_unit, year, quarter, request.user, **form.cleaned_data)
        messages.success(request, _("Teks laporan disimpan; laporan berikutnya memakai teks ini."))
        return redirect("reports:report-list", unit=org_unit.code, year=year, quarter=quarter)
    context = {"unit": org_unit, "year": year, "quarter": quarter, "form": form}
    return render(request, "reports/report_texts.html", context)

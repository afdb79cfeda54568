"""Pages of the digest "Kinerja BPOM Dalam Angka": list and request per quarter, progress, retry, finalise and
audited download — the Lapkin's services (reports.services) with the digest's permission rule: every
logged-in user reads public and internal digests; a restricted one only admins and auditors; admins request."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agency.periods import latest_quarter
from reports import services
from reports.models import Report, ReportIsFinal
from reports.views_lapkin import pdf_download
from sakip.access import is_global
from sakip.models import OrgUnit, Role, Visibility
from sakip.visibility import viewer_for

REFRESH_SECONDS = 3


class DigestRequestForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Triwulan"), choices=[(q, f"TW {q}") for q in range(1, 5)], coerce=int
    )
    audience = forms.ChoiceField(label=gettext_lazy("Untuk"), choices=Visibility.choices, initial=Visibility.PUBLIC)
    place = forms.CharField(label=gettext_lazy("Tempat"), max_length=100, initial="Jakarta")
    signed_on = forms.DateField(label=gettext_lazy("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    signatory_name = forms.CharField(label=gettext_lazy("Nama penanda tangan"), max_length=200)
    signatory_title = forms.CharField(
        label=gettext_lazy("Jabatan penanda tangan"), max_length=200, initial="Kepala Badan Pengawas Obat dan Makanan"
    )


def _root() -> OrgUnit:
    root = OrgUnit.objects.filter(kind=OrgUnit.Kind.BADAN, parent=None).order_by("id").first()
    if root is None:
        raise Http404
    return root


def _can_manage(request: HttpRequest) -> bool:
    return is_global(request.user, Role.ADMIN)


def _readable(request: HttpRequest) -> QuerySet[Report]:
    digests = Report.objects.filter(kind=Report.Kind.DIGEST).select_related("unit", "requested_by")
    viewer = viewer_for(request.user)
    return digests if viewer.everything else digests.exclude(audience=Visibility.RESTRICTED)


def _digest(request: HttpRequest, pk: int) -> Report:
    return get_object_or_404(_readable(request), pk=pk)


def digest_index(request: HttpRequest) -> HttpResponse:
    year, quarter = latest_quarter()
    form = None
    if _can_manage(request):
        form = DigestRequestForm(initial={"year": year, "quarter": quarter, "signed_on": timezone.localdate()})
    context = {"digests": _readable(request)[:40], "form": form, "year": year, "quarter": quarter}
    return render(request, "agency/digest_index.html", context)


@require_POST
def digest_request(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    if not _can_manage(request):
        raise PermissionDenied
    form = DigestRequestForm(request.POST)
    if not form.is_valid():
        context = {"digests": _readable(request)[:40], "form": form, "year": year, "quarter": quarter}
        return render(request, "agency/digest_index.html", context, status=400)
    data = form.cleaned_data
    report, created = services.request_report(
        request.user,
        _root(),
        data["year"],
        data["quarter"],
        place=data["place"],
        signed_on=data["signed_on"],
        signatory_name=data["signatory_name"],
        signatory_title=data["signatory_title"],
        kind=Report.Kind.DIGEST,
        audience=data["audience"],
    )
    if not created:
        messages.info(request, _("Ikhtisar periode ini sedang dibuat; menampilkan yang sedang berjalan."))
    return redirect("agency:digest-detail", pk=report.pk)


def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = services.expire_if_stale(_digest(request, pk))
    context = {
        "report": report,
        "can_manage": _can_manage(request),
        "refresh": REFRESH_SECONDS if report.is_active else None,
    }
    return render(request, "agency/digest_detail.html", context)


@require_POST
def digest_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = _digest(request, pk)
    if not _can_manage(request):
        raise PermissionDenied
    try:
        services.rerun_report(report, request.user)
    except (ReportIsFinal, services.ReportBusy):
        messages.error(request, _("Ikhtisar final atau sedang dibuat tidak dapat dibuat ulang."))
    return redirect("agency:digest-detail", pk=report.pk)


@require_POST
def digest_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    report = _digest(request, pk)
    if not _can_manage(request):
        raise PermissionDenied
    try:
        services.finalise_report(report, request.user)
    except (ReportIsFinal, services.ReportBusy):
        messages.error(request, _("Hanya ikhtisar yang selesai dibuat dan belum final yang dapat difinalkan."))
    return redirect("agency:digest-detail", pk=report.pk)


def digest_download(request: HttpRequest, pk: int) -> FileResponse:
    return pdf_download(request, _digest(request, pk))

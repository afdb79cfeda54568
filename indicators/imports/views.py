"""The import page for admins (choose file -> a worker reads it -> dry-run preview -> confirm -> a worker
writes it), template downloads and exports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indicators.imports import jobs, pending
from indicators.imports.columns import BUDGET, FOLLOW_UP, KINDS, OMSPAN, PK_RAPK, REALISATIONS, SPECS
from indicators.imports.errors import FileRejected
from indicators.imports.exports import scorecard_workbook
from indicators.imports.limits import Meter
from indicators.imports.plan import Plan, show
from indicators.imports.templates import XLSX_TYPE, TemplateFile, pk_rapk_rows, template_file, xlsx_bytes
from indicators.models import ImportJob, PerformanceAgreement
from reports.scorecard import build_scorecard
from sakip.access import get_unit_for_user, is_global
from sakip.audit import record_event
from sakip.http import AuthenticatedHttpRequest
from sakip.models import OrgUnit, Role

KIND_CHOICES = [
    (PK_RAPK, gettext_lazy("PK + RAPK (target tahunan, target bulanan, anggaran per indikator)")),
    (BUDGET, gettext_lazy("Anggaran (pagu, blokir, alokasi, realisasi per bulan)")),
    (REALISATIONS, gettext_lazy("Realisasi per indikator per bulan")),
    (OMSPAN, gettext_lazy("Realisasi anggaran OMSPAN/SAKTI (per satker, jenis belanja dan bulan)")),
    (FOLLOW_UP, gettext_lazy("Tindak lanjut rekomendasi (per rekomendasi dan triwulan)")),
]
FORMAT_CHOICES = [("xlsx", "xlsx"), ("csv", "csv")]
SHOWN_PROBLEMS = 200
REFRESH_SECONDS = 2


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis data"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(label=gettext_lazy("Berkas (xlsx atau csv)"))
    override = forms.BooleanField(
        label=gettext_lazy("Izinkan perubahan bulan yang sudah dilaporkan atau penurunan target"),
        required=False,
        help_text=gettext_lazy("Hanya bila target atau realisasi triwulan yang sudah dilaporkan memang harus diubah."),
    )


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan revisi PK"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    letter_number = forms.CharField(label=gettext_lazy("Nomor surat"), required=False, max_length=100)

    def __init__(self, *args: Any, needs_reason: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_reason = needs_reason
        self.fields["reason"].required = needs_reason
        if needs_reason:
            self.fields["reason"].help_text = _("Wajib: impor ini membuat versi PK baru; versi lama tetap disimpan.")


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Templat"), choices=KIND_CHOICES)
    unit = forms.ModelChoiceField(
        OrgUnit.objects.order_by("code"),
        label=gettext_lazy("Unit"),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("semua unit"),
    )
    year = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=2000, max_value=2100)
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMAT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shown on the page beside the upload form, which has a "kind" field too: HTML ids must differ.
        kwargs.setdefault("auto_id", "id_template_%s")
        super().__init__(*args, **kwargs)


def _require_admin(request: HttpRequest) -> None:
    if not is_global(request.user, Role.ADMIN):
        raise PermissionDenied


def _page(request: HttpRequest, **context: object) -> HttpResponse:
    from django.utils import timezone

    context.setdefault("form", UploadForm())
    context.setdefault("template_form", TemplateForm(initial={"year": timezone.localdate().year, "format": "xlsx"}))
    plan = context.get("plan")
    if isinstance(plan, Plan):
        context["problems"] = plan.problems[:SHOWN_PROBLEMS]
        context["more_problems"] = max(0, len(plan.problems) - SHOWN_PROBLEMS)
    return render(request, "imports/import_page.html", context)


def import_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the forms. POST: keep the upload and have a worker read it (the job page shows the preview)."""
    _require_admin(request)
    if request.method != "POST":
        return _page(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form)
    upload = form.cleaned_data["file"]
    pending.discard(request.session)
    try:
        Meter().check_size(upload.size)
    except FileRejected as error:
        kind = form.cleaned_data["kind"]
        record_event(request.user, "import.rejected", kind=kind, file=upload.name, problems=1, first=str(error.message))
        return _page(request, form=form, rejected=error.message)
    waiting = {"kind": form.cleaned_data["kind"], "name": upload.name, "override": form.cleaned_data["override"]}
    token = pending.store(request.session, upload.read(), **waiting)
    job = jobs.start_job(request.user, ImportJob.Phase.PREVIEW, {**waiting, "token": token})
    return redirect("imports:job", job.pk)


def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of an import job, then what it found: the preview to confirm, the errors, or the result."""
    _require_admin(request)
    job = jobs.expire_if_stale(get_object_or_404(ImportJob, pk=pk, user=request.user))
    if job.is_active:
        context = {"job": job, "refresh": REFRESH_SECONDS, "max_seconds": settings.SAKIP_IMPORT_MAX_SECONDS}
        return render(request, "imports/import_job.html", context)
    rejected = job.result.get("rejected", "")
    plan = jobs.job_plan(job)
    waiting = pending.get(request.session)
    ours = waiting is not None and waiting["token"] == job.token
    refused = bool(plan and plan.problems and job.phase == ImportJob.Phase.PREVIEW)
    if plan is None or plan.applied or not plan.has_changes or refused:
        if ours:
            pending.discard(request.session)  # nothing left to confirm
        if plan is not None and plan.applied:
            return _applied(request, plan)
        unchanged = plan is not None and not plan.problems
        return _page(request, rejected=rejected, failed=job.error, plan=plan, unchanged=unchanged)
    if not ours:  # a job of an upload this session no longer holds
        return _page(request, plan=plan)
    pending.update(request.session, digest=plan.digest(), needs_reason=plan.needs_reason, job=job.pk)
    if job.result.get("stale"):
        messages.warning(
            request, _("Data berubah sejak pratinjau dibuat. Periksa pratinjau baru ini, lalu konfirmasi lagi.")
        )
    confirm_form = ConfirmForm(needs_reason=plan.needs_reason)
    return _page(request, plan=plan, confirm_form=confirm_form, waiting=waiting)


def _applied(request: HttpRequest, plan: Plan) -> HttpResponse:
    messages.success(
        request,
        _("Impor %(kind)s dari «%(file)s» selesai: %(summary)s.")
        % {
            "kind": plan.title,
            "file": plan.file_name,
            "summary": ", ".join(f"{u.unit.code} {u.year}: {u.headline}" for u in plan.units if u.changed),
        },
    )
    changed = [u for u in plan.units if u.changed]
    if plan.kind == PK_RAPK and len(changed) == 1:
        return redirect("imports:rapk", changed[0].unit.code, changed[0].year)
    return redirect("imports:page")


@require_POST
def confirm_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_admin(request)
    waiting = pending.get(request.session)
    job_id = (waiting or {}).get("job")
    preview = ImportJob.objects.filter(pk=job_id, user=request.user).first() if job_id else None
    plan = jobs.job_plan(preview) if preview else None
    if waiting is None or plan is None or pending.read(waiting) is None:
        messages.error(request, _("Tidak ada impor yang menunggu konfirmasi. Unggah berkasnya lagi."))
        return redirect("imports:page")
    confirm_form = ConfirmForm(request.POST, needs_reason=bool(waiting.get("needs_reason")))
    if not confirm_form.is_valid():
        return _page(request, plan=plan, confirm_form=confirm_form, waiting=waiting)
    job = jobs.start_job(
        request.user,
        ImportJob.Phase.APPLY,
        waiting,
        reason=confirm_form.cleaned_data.get("reason", "").strip(),
        letter_number=confirm_form.cleaned_data.get("letter_number", "").strip(),
        expected_digest=waiting["digest"],
    )
    return redirect("imports:job", job.pk)


@require_POST
def cancel_import(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    pending.discard(request.session)
    messages.info(request, _("Impor dibatalkan; tidak ada yang disimpan."))
    return redirect("imports:page")


def download_template(request: HttpRequest) -> HttpResponse:
    """A template of the current configuration and data, for one unit or every unit (admins)."""
    _require_admin(request)
    form = TemplateForm(request.GET)
    if not form.is_valid():
        return _page(request, template_form=form)
    unit = form.cleaned_data["unit"]
    units = [unit] if unit else list(OrgUnit.objects.order_by("code"))
    year = form.cleaned_data["year"]
    kind = form.cleaned_data["kind"]
    record_event(request.user, f"export.{kind}", unit=unit, period=str(year), format=form.cleaned_data["format"])
    return _file_response(template_file(kind, units, year, form.cleaned_data["format"]))


def export_data(request: HttpRequest, kind: str, unit: str, year: int) -> HttpResponse:
    """PK + RAPK, budget or realisations of a unit and year as xlsx/csv, for anyone who may see the unit.
    The file has the template's layout, so it imports back unchanged."""
    if kind not in KINDS:
        raise Http404
    org_unit = get_unit_for_user(request.user, unit)
    file_format = request.GET.get("format", "xlsx")
    if file_format not in ("xlsx", "csv"):
        raise Http404
    record_event(request.user, f"export.{kind}", unit=org_unit, period=str(year), format=file_format)
    return _file_response(template_file(kind, [org_unit], year, file_format))


def rapk_page(request: HttpRequest, unit: str, year: int) -> HttpResponse:
    """The PK and RAPK of a unit and year as a page (what an import wrote), with its downloads."""
    org_unit = get_unit_for_user(request.user, unit)
    spec = SPECS[PK_RAPK]
    headers = [column.header for column in spec.columns]
    rows = [
        [show(cell) if isinstance(cell, Decimal) else "" if cell is None else str(cell) for cell in row[2:]]
        for row in pk_rapk_rows([org_unit], year)
    ]
    agreement = PerformanceAgreement.objects.filter(unit=org_unit, year=year, in_force=True).first()
    context = {"unit": org_unit, "year": year, "agreement": agreement, "headers": headers[2:], "rows": rows}
    return render(request, "imports/rapk_page.html", context)


def export_scorecard(request: HttpRequest, unit: str, year: int, quarter: int) -> HttpResponse:
    if quarter not in (1, 2, 3, 4):
        raise Http404
    org_unit = get_unit_for_user(request.user, unit)
    card = build_scorecard(org_unit, year, quarter)
    record_event(request.user, "export.scorecard", unit=org_unit, period=f"{year}-TW{quarter}", format="xlsx")
    content = xlsx_bytes(scorecard_workbook(card))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="kartu_skor_{org_unit.code}_{year}_tw{quarter}.xlsx"'
    return response


def _file_response(file: TemplateFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.file_name}"'
    return response

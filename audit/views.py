"""The audit trail page and its CSV / XLSX export, for auditors and admins."""

from __future__ import annotations

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from audit.trail import OBJECT_CHOICES, Entry, Filters, audit_entries
from sakip.access import is_global
from sakip.audit import record_event
from sakip.models import OrgUnit, Role
from sakip.widgets import IsoDateInput

PAGE_SIZE = 50
MAX_PAGE = 200  # deeper than 10,000 entries: narrow the filters or download the export
EXPORT_LIMIT = 100_000
HEADERS = [_("Waktu"), _("Pengguna"), _("Unit"), _("Periode"), _("Objek"), _("Keterangan"), _("Aksi"),
           _("Kolom"), _("Nilai lama"), _("Nilai baru")]  # fmt: skip


class AuditFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        OrgUnit.objects.order_by("code"), label=_("Unit"), required=False, to_field_name="code"
    )
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Bulan"), required=False, min_value=1, max_value=12)
    user = forms.CharField(label=_("Pengguna"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Objek"), required=False, choices=[("", "—"), *OBJECT_CHOICES])
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=IsoDateInput())

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            units=[data["unit"]] if data.get("unit") else None,
            year=data.get("year"),
            month=data.get("month"),
            username=data.get("user", "").strip(),
            object_type=data.get("object_type", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def _rows(entries: list[Entry]) -> list[list[str]]:
    rows = []
    for entry in entries:
        base = [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"), entry.user, entry.unit, entry.period,
            entry.object_type, entry.object_label, entry.action,
        ]  # fmt: skip
        if not entry.changes:
            rows.append(base + ["", "", ""])
        for change in entry.changes:
            rows.append(base + [change.field, change.old, change.new])
    return rows


def audit_trail(request: HttpRequest) -> HttpResponse:
    if not is_global(request.user, Role.AUDITOR, Role.ADMIN):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else Filters()
    export = request.GET.get("export")
    if export in ("csv", "xlsx") and (form.is_bound is False or form.is_valid()):
        entries = audit_entries(filters, EXPORT_LIMIT)
        record_event(request.user, "audit.export", format=export, rows=len(entries), query=request.GET.urlencode())
        return _export(_rows(entries), export)
    page = _page_number(request)
    entries = [] if form.is_bound and not form.is_valid() else audit_entries(filters, page * PAGE_SIZE + 1)
    shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "entries": shown,
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if len(entries) > page * PAGE_SIZE else None,
        "first_number": (page - 1) * PAGE_SIZE + 1,
        "last_number": (page - 1) * PAGE_SIZE + len(shown),
        "query": query.urlencode(),
    }
    return render(request, "audit/trail.html", context)


def _page_number(request: HttpRequest) -> int:
    text = request.GET.get("page", "1")
    return min(int(text), MAX_PAGE) if text.isdigit() and int(text) > 0 else 1


def _export(rows: list[list[str]], kind: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    headers = [str(h) for h in HEADERS]
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(_safe(row) for row in rows)
        response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Jejak audit")
        sheet.append(headers)
        for row in rows:
            sheet.append(_safe(row))
        buffer_bytes = io.BytesIO()
        workbook.save(buffer_bytes)
        response = HttpResponse(
            buffer_bytes.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="jejak_audit_{stamp}.{kind}"'
    return response


def _safe(row: list[str]) -> list[str]:
    """Neutralise spreadsheet formula injection: a cell starting with = + - @ is prefixed with a quote."""
    return ["'" + cell if cell[:1] in ("=", "+", "-", "@") else cell for cell in row]

"""django-import-export integration: the admin's Import button runs the same plan/apply as the import page.

- `SpreadsheetFormat` hands the uploaded bytes over untouched (the tolerant reader, not tablib, reads them);
- one `Resource` per kind replaces row-by-row import with `service.run_import`: the dry run is the preview
  (one row per change, per unit, goal and indicator), errors appear as invalid rows with sheet, row, column;
- the admin forms add the override switch and the revision reason;
- exports from the admin are plain per-model resources (the templates are on the import page).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import Format
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.results import Error, Result, RowResult
from tablib import Dataset

from budget.models import BudgetLine
from indicators.imports.columns import BUDGET, PK_RAPK, REALISATIONS, SPECS
from indicators.imports.errors import FileRejected
from indicators.imports.service import run_import
from indicators.models import PerformanceAgreement, Realisation
from sakip.access import is_global
from sakip.models import Role


class SpreadsheetFormat(Format):
    """xlsx or csv, read by SAKIP's own reader (title rows, merged headers, Indonesian numbers)."""

    def __init__(self, encoding: str | None = None) -> None:
        self.encoding = encoding

    def get_title(self) -> str:
        return "xlsx / csv (SAKIP)"

    def create_dataset(self, in_stream: Any) -> Dataset:
        content = in_stream if isinstance(in_stream, bytes) else bytes(in_stream, "utf-8")
        dataset = Dataset(headers=["file"])
        dataset.append([f"{len(content)} bytes"])  # not empty, so the admin goes on to import_data
        dataset.sakip_content = content
        return dataset

    def get_extension(self) -> str:
        return "xlsx"

    def can_import(self) -> bool:
        return True


class SakipImportResource(resources.Resource):
    kind = PK_RAPK

    @classmethod
    def get_display_name(cls) -> str:
        return str(SPECS[cls.kind].title)

    def get_user_visible_fields(self) -> list[fields.Field]:
        return [fields.Field(column_name=column.header) for column in SPECS[self.kind].columns]

    def import_data(self, dataset: Dataset, dry_run: bool = False, raise_errors: bool = False, **kwargs: Any) -> Result:
        result = Result()
        user = kwargs.get("user")
        try:
            plan = run_import(
                self.kind,
                getattr(dataset, "sakip_content", b""),
                kwargs.get("file_name") or "upload",
                user,
                override=bool(kwargs.get("override")),
                commit=not dry_run,
                reason=str(kwargs.get("reason") or ""),
            )
        except FileRejected as error:
            result.append_base_error(Error(error))
            return result
        if plan.problems:
            result.diff_headers = [str(_("Lembar")), str(_("Baris")), str(_("Kolom")), str(_("Masalah"))]
            for problem in plan.problems:
                values = dict(
                    zip(result.diff_headers, [problem.sheet, problem.row, problem.column, problem.message], strict=True)
                )
                invalid = ValidationError({problem.column or NON_FIELD_ERRORS: [problem.message]})
                result.append_invalid_row(problem.row or 0, values, invalid)
            return result
        result.diff_headers = [str(_("Unit")), str(_("Tahun")), str(_("Sasaran")), str(_("IKU")), str(_("Perubahan"))]
        for unit in plan.units:
            entries: list[tuple[str, str, int | None, int | None]] = []
            if not unit.changed:
                entries.append(("skip", unit.headline, None, None))
            entries += [(line.action, line.text, line.goal, line.indicator) for line in unit.lines]
            for action, text, goal, indicator in entries:
                row = RowResult()
                row.import_type = {"new": RowResult.IMPORT_TYPE_NEW, "skip": RowResult.IMPORT_TYPE_SKIP}.get(
                    action, RowResult.IMPORT_TYPE_UPDATE
                )
                row.diff = [unit.unit.code, unit.year, goal or "", indicator or "", text]
                row.object_repr = text
                result.append_row_result(row)
                result.increment_row_result_total(row)
        return result


class PkRapkResource(SakipImportResource):
    kind = PK_RAPK


class BudgetResource(SakipImportResource):
    kind = BUDGET


class RealisationResource(SakipImportResource):
    kind = REALISATIONS


class SakipImportForm(ImportForm):
    override = forms.BooleanField(
        label=_("Izinkan perubahan bulan yang sudah dilaporkan atau penurunan target"), required=False
    )


class SakipConfirmForm(ConfirmImportForm):
    override = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Alasan revisi PK (wajib bila impor membuat versi PK baru)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


class SakipImportExportMixin(ImportExportMixin):
    """ImportExportMixin for the ModelAdmins of agreements, realisations and budget lines."""

    import_form_class = SakipImportForm
    confirm_form_class = SakipConfirmForm
    skip_admin_log = True  # the audit trail records imports (AuditEvent + simple_history)
    sakip_import_resources: list[type[SakipImportResource]] = []

    def get_import_resource_classes(self, request: Any) -> list[type[SakipImportResource]]:
        return self.sakip_import_resources

    def get_import_formats(self) -> list[type[Format]]:
        return [SpreadsheetFormat]

    def has_import_permission(self, request: Any) -> bool:
        return is_global(request.user, Role.ADMIN)

    def process_result(self, result: Result, request: Any) -> Any:
        """A confirmation that failed (e.g. no reason for a new PK version) wrote nothing: say so."""
        if result.has_errors() or result.has_validation_errors():
            problems = [str(e.error) for e in result.base_errors]
            problems += [str(m) for row in result.invalid_rows for ms in row.error_dict.values() for m in ms]
            messages.error(request, _("Tidak ada yang disimpan: %(problems)s") % {"problems": "; ".join(problems)})
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        return super().process_result(result, request)

    def get_confirm_form_initial(self, request: Any, import_form: Any) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["override"] = import_form.cleaned_data.get("override", False)
        return initial

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.get("form")
        data: dict[str, Any] = super().get_import_data_kwargs(**kwargs)
        if form is not None and hasattr(form, "cleaned_data"):
            data["override"] = form.cleaned_data.get("override", False)
            data["reason"] = form.cleaned_data.get("reason", "")
        return data


# --- admin exports: one row per model instance ------------------------------------------------------------


class AgreementExportResource(resources.ModelResource):
    unit = fields.Field(attribute="unit__code", column_name="unit")
    author = fields.Field(attribute="author__username", column_name="author")

    class Meta:
        model = PerformanceAgreement
        fields = ("unit", "year", "version", "in_force", "signed_on", "letter_number", "reason", "author", "created_at")


class RealisationExportResource(resources.ModelResource):
    unit = fields.Field(attribute="indicator__goal__unit__code", column_name="unit")
    year = fields.Field(attribute="indicator__goal__year", column_name="year")
    indicator_number = fields.Field(attribute="indicator__number", column_name="indicator")

    class Meta:
        model = Realisation
        fields = ("unit", "year", "indicator_number", "month", "state", "value", "numerator", "denominator")


class BudgetLineExportResource(resources.ModelResource):
    unit = fields.Field(attribute="unit__code", column_name="unit")
    goal_number = fields.Field(attribute="goal__number", column_name="goal")
    indicator_number = fields.Field(attribute="indicator__number", column_name="indicator")

    class Meta:
        model = BudgetLine
        fields = ("unit", "year", "goal_number", "indicator_number", "pagu", "blokir", "allocation")

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from indicators import workflow
from indicators.entry import VALUE_FIELDS, RowChange, save_changes
from indicators.imports.resources import (
    AgreementExportResource,
    PkRapkResource,
    RealisationExportResource,
    RealisationResource,
    SakipImportExportMixin,
)
from indicators.models import (
    ActionPlan,
    AgreementTarget,
    Goal,
    Indicator,
    MonthlyTarget,
    PerformanceAgreement,
    Perspective,
    QuarterTargets,
    Realisation,
    Recommendation,
    RecommendationStatus,
    RevisionItem,
)
from indicators.services import delete_rows, month_of, save_target
from sakip.audit import record_event
from sakip.numbers import DoesNotFit, check_fits
from sakip.terms import goal_level_for
from sakip.validation import misfit_message


@admin.register(Perspective)
class PerspectiveAdmin(admin.ModelAdmin[Perspective]):
    list_display = ["order", "code", "name"]
    ordering = ["order"]


class IndicatorInline(admin.TabularInline[Indicator, Goal]):
    model = Indicator
    extra = 0
    fields = ["number", "code", "name", "unit_of_measure", "schedule", "polarity", "weight"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin[Goal]):
    list_display = ["unit", "year", "number", "name", "perspective", "level"]
    list_filter = ["year", "level", "perspective", "unit"]
    search_fields = ["name", "unit__code"]
    autocomplete_fields = ["unit", "parent_goal"]
    readonly_fields = ["level"]
    inlines = [IndicatorInline]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.level = goal_level_for(obj.unit.kind)  # the goal level follows the unit's kind (§10)
        super().save_model(request, obj, form, change)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["number", "name", "goal", "unit_of_measure", "schedule", "polarity", "value_kind"]
    list_filter = ["goal__year", "goal__unit", "schedule", "polarity", "value_kind", "target_behaviour"]
    search_fields = ["name", "code", "goal__name", "goal__unit__code"]
    autocomplete_fields = ["goal"]
    list_select_related = ["goal__unit"]
    fieldsets = [
        (None, {"fields": ["goal", "number", "code", "name", "unit_of_measure", "definition", "calculation"]}),
        (gettext_lazy("Scoring"), {"fields": ["polarity", "lower_rule", "schedule", "target_behaviour", "weight"]}),
        (
            gettext_lazy("Values"),
            {"fields": ["value_kind", "qualitative_map", "decimals", "allow_negative", "scale_min", "scale_max"]},
        ),
        (
            gettext_lazy("Data-quality checks (warnings only)"),
            {
                "fields": [
                    "check_cumulative_drop",
                    "check_jump_percent",
                    "check_percent_range",
                    "check_range_factor",
                    "check_ratio",
                ]
            },
        ),
    ]


class AgreementTargetForm(forms.ModelForm[AgreementTarget]):
    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        check_numbers(self, data.get("indicator"), ("annual_target",))
        return data


class AgreementTargetInline(admin.TabularInline[AgreementTarget, PerformanceAgreement]):
    """Annual targets, read-only once a month of the year is reported: a change then is a new PK version."""

    model = AgreementTarget
    form = AgreementTargetForm
    extra = 0
    autocomplete_fields = ["indicator"]

    def _open(self, obj: PerformanceAgreement | None) -> bool:
        return obj is None or not workflow.has_reported_months(obj.unit_id, obj.year)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and self._open(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._open(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._open(obj)


class RevisionItemInline(admin.TabularInline[RevisionItem, PerformanceAgreement]):
    """Per indicator of a revision: the values before and the proposal (as imported), and the decision."""

    model = RevisionItem
    extra = 0
    autocomplete_fields = ["indicator"]
    fields = ["indicator", "old_annual", "proposed_annual", "decided_annual", "decision", "note", "old_months",
              "proposed_months"]  # fmt: skip
    readonly_fields = ["old_months", "proposed_months"]


@admin.register(QuarterTargets)
class QuarterTargetsAdmin(SimpleHistoryAdmin):
    """Which PK version each reported quarter was scored with (written by the lock and by revisions)."""

    list_display = ["unit", "year", "quarter", "agreement", "recorded_at"]
    list_filter = ["year", "unit"]
    readonly_fields = ["unit", "year", "quarter", "agreement", "recorded_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PerformanceAgreement)
class PerformanceAgreementAdmin(SakipImportExportMixin, SimpleHistoryAdmin):
    # Import: the PK + RAPK sheet (new versions, reason, reported months) as on /imports/; export: one row each.
    sakip_import_resources = [PkRapkResource]
    resource_classes = [AgreementExportResource]
    list_display = ["unit", "year", "version", "in_force", "effective_month", "signed_on", "letter_number", "author"]
    list_filter = ["year", "in_force", "unit"]
    search_fields = ["unit__code", "unit__name", "letter_number", "reason"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["author", "created_at"]
    inlines = [AgreementTargetInline, RevisionItemInline]

    def has_delete_permission(self, request: HttpRequest, obj: PerformanceAgreement | None = None) -> bool:
        """Deleting a version deletes its targets: not once a month of its year is reported."""
        reported = obj is not None and workflow.has_reported_months(obj.unit_id, obj.year)
        return super().has_delete_permission(request, obj) and not reported


def check_numbers(form: forms.ModelForm[Any], indicator: Indicator | None, names: tuple[str, ...]) -> None:
    """Numbers typed in the admin are checked as the entry form checks them (column, decimals, sign)."""
    if indicator is None:
        return
    for name in names:
        value = form.cleaned_data.get(name)
        if name in form.changed_data and value is not None:
            try:
                check_fits(value, indicator.capacity(form._meta.model, name))
            except DoesNotFit as error:
                form.add_error(name, misfit_message(error))


def check_month_editable(form: forms.ModelForm[Any], unit_id: int, year: int, month: int | None) -> None:
    if month is not None and not workflow.is_editable(unit_id, year, month):
        raise forms.ValidationError(
            _("Bulan B%(m)02d sudah diajukan, disetujui atau dikunci: ubah melalui pembukaan kembali bulan itu.")
            % {"m": month}
        )


class MonthRowAdmin(SimpleHistoryAdmin):
    """Rows of one unit's month: read-only (change and delete) unless the month is editable; deleted through
    the service that checks the month and records the deletion."""

    month_related: tuple[str, ...] = ()

    def _editable(self, obj: Any) -> bool:
        return obj is None or workflow.is_editable(*month_of(obj))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._editable(obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_rows(request.user, [obj])  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        delete_rows(request.user, queryset.select_related(*self.month_related))  # type: ignore[arg-type]


class MonthlyTargetForm(forms.ModelForm[MonthlyTarget]):
    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        agreement, indicator = data.get("agreement"), data.get("indicator")
        check_numbers(self, indicator, ("value",))
        if agreement is not None:
            check_month_editable(self, agreement.unit_id, agreement.year, data.get("month"))
        return data


@admin.register(MonthlyTarget)
class MonthlyTargetAdmin(MonthRowAdmin):
    form = MonthlyTargetForm
    month_related = ("agreement__unit", "indicator")
    list_display = ["indicator", "month", "value", "agreement"]
    list_filter = ["agreement__year", "agreement__unit", "month"]
    search_fields = ["indicator__name", "indicator__goal__unit__code"]
    list_select_related = ["indicator", "agreement__unit"]
    autocomplete_fields = ["indicator"]

    def save_model(
        self, request: HttpRequest, obj: MonthlyTarget, form: forms.ModelForm[MonthlyTarget], change: bool
    ) -> None:
        save_target(request.user, obj)  # type: ignore[arg-type]


class RealisationForm(forms.ModelForm[Realisation]):
    """The admin's realisation: checked like the entry form, saved on the revision it was opened with."""

    seen_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen_revision"].initial = self.instance.revision if self.instance.pk else 0

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        indicator = data.get("indicator") or (self.instance.indicator if self.instance.pk else None)
        month = data.get("month") or self.instance.month
        check_numbers(self, indicator, ("value", "numerator", "denominator"))
        if data.get("state") == Realisation.State.NUMBER and data.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Isi realisasi, atau pilih status lain."))
        if indicator is None or month is None:
            return data
        check_month_editable(self, indicator.goal.unit_id, indicator.goal.year, month)
        stored = Realisation.objects.filter(indicator=indicator, month=month).select_related("updated_by").first()
        if stored is not None and stored.revision != (data.get("seen_revision") or 0):
            raise forms.ValidationError(
                _("Realisasi ini diubah oleh %(who)s sejak halaman dibuka (kini %(value)s). Muat ulang halaman.")
                % {"who": stored.updated_by or "-", "value": stored.value if stored.is_scored else stored.state}
            )
        return data


@admin.register(Realisation)
class RealisationAdmin(SakipImportExportMixin, MonthRowAdmin):
    sakip_import_resources = [RealisationResource]
    resource_classes = [RealisationExportResource]
    form = RealisationForm
    month_related = ("indicator__goal__unit",)
    list_display = ["indicator", "month", "state", "value", "updated_by", "updated_at"]
    list_filter = ["indicator__goal__year", "indicator__goal__unit", "month", "state"]
    search_fields = ["indicator__name", "indicator__goal__unit__code", "analysis", "kendala"]
    list_select_related = ["indicator", "updated_by"]
    autocomplete_fields = ["indicator"]

    def get_readonly_fields(self, request: HttpRequest, obj: Realisation | None = None) -> list[str]:
        moved = ["indicator", "month"] if obj is not None else []  # a realisation does not move to another row
        return [*moved, "revision", "updated_by", "updated_at"]

    def save_model(
        self, request: HttpRequest, obj: Realisation, form: forms.ModelForm[Realisation], change: bool
    ) -> None:
        """Through the entry page's service: the month editable, the revision unchanged, bumped, recorded."""
        goal = obj.indicator.goal
        values = {name: getattr(obj, name) for name in VALUE_FIELDS}
        row = RowChange(obj.indicator, form.cleaned_data.get("seen_revision") or 0, values)
        saved = save_changes(request.user, goal.unit, goal.year, obj.month, [row], source="admin")  # type: ignore[arg-type]
        stored = saved[obj.indicator.id]
        obj.pk, obj.revision, obj.updated_by, obj.updated_at = (
            stored.pk,
            stored.revision,
            stored.updated_by,
            stored.updated_at,
        )
        obj._state.adding = False


class RecommendationStatusInline(admin.TabularInline[RecommendationStatus, Recommendation]):
    model = RecommendationStatus
    extra = 0
    fields = ["quarter", "status", "done_on", "evidence", "outcome", "state"]
    readonly_fields = ["state"]  # the review goes through the follow-up page (indicators/followup_workflow.py)
    show_change_link = True  # the action plans of a status are edited on its own page


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    """Recommendations of previous evaluations and their follow-up per quarter (§16)."""

    list_display = ["unit", "year", "origin", "first_quarter", "__str__"]
    list_filter = ["year", "origin", "unit"]
    search_fields = ["text", "unit__code"]
    autocomplete_fields = ["unit", "indicators"]
    inlines = [RecommendationStatusInline]

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        """A status changed here moves its revision too, so that an open follow-up page reports a conflict."""
        if formset.model is RecommendationStatus:
            for inline_form in formset.forms:
                if inline_form.has_changed() and inline_form.instance.pk:
                    inline_form.instance.revision += 1
        super().save_formset(request, form, formset, change)


class ActionPlanInline(admin.TabularInline[ActionPlan, RecommendationStatus]):
    model = ActionPlan
    extra = 1
    fields = ["text", "timeline"]


@admin.register(RecommendationStatus)
class RecommendationStatusAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "quarter", "status", "done_on", "state"]
    list_filter = ["quarter", "status", "state"]
    autocomplete_fields = ["recommendation"]
    readonly_fields = ["state", "revision", "review_comment", "submitted_by", "reviewed_by"]
    inlines = [ActionPlanInline]

    def save_model(self, request: Any, obj: RecommendationStatus, form: Any, change: bool) -> None:
        """An admin correction moves the revision (an open follow-up page then reports a conflict) and is
        an audit event like the page's writes."""
        obj.revision += 1
        super().save_model(request, obj, form, change)
        rec = obj.recommendation
        record_event(
            request.user,
            "followup.admin",
            unit=rec.unit,
            obj=obj,
            period=f"{rec.year}-TW{obj.quarter}",
            recommendation=rec.pk,
            status=obj.status,
        )

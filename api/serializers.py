"""What the API reads out. Numbers stored as decimals are strings ("61.1100"), as the database holds them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.models import (
    AgreementTarget,
    Component,
    ComponentValue,
    Goal,
    Indicator,
    MonthlyTarget,
    MonthStatus,
    PerformanceAgreement,
    Realisation,
)
from reports.models import Report
from sakip.models import OrgUnit

UNIT = {"slug_field": "code", "read_only": True}
USER = {"slug_field": "username", "read_only": True, "allow_null": True}


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(**UNIT, allow_null=True)

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent", "group", "province", "city"]


class UnitNodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    children = serializers.ListField(child=serializers.DictField(), help_text="nodes of the same shape")


class GoalSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(**UNIT)
    perspective = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "unit", "year", "level", "perspective", "number", "name", "parent_goal"]


class ComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Component
        fields = ["code", "name", "weight", "uses_ratio"]


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator with how its value is computed: `method` (sakip.scoring.Method), `formula` (a named formula,
    for the method "formula"), `start_month` (a monthly indicator measured from a later month) and its
    `components` in order (SAKIP_DOMAIN.md §11)."""

    unit = serializers.CharField(source="goal.unit.code", read_only=True)
    year = serializers.IntegerField(source="goal.year", read_only=True)
    components = ComponentSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "goal",
            "unit",
            "year",
            "number",
            "code",
            "name",
            "unit_of_measure",
            "value_kind",
            "qualitative_map",
            "polarity",
            "lower_rule",
            "schedule",
            "target_behaviour",
            "decimals",
            "allow_negative",
            "scale_min",
            "scale_max",
            "weight",
            "definition",
            "calculation",
            "method",
            "formula",
            "start_month",
            "components",
            "visibility",
        ]


class AnnualTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementTarget
        fields = ["indicator", "annual_target"]


class AgreementSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(**UNIT)
    targets = AnnualTargetSerializer(many=True, read_only=True)

    class Meta:
        model = PerformanceAgreement
        fields = ["id", "unit", "year", "version", "in_force", "signed_on", "letter_number", "reason", "targets"]


class MonthlyTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonthlyTarget
        fields = ["id", "agreement", "indicator", "month", "value"]


class ComponentNumbersSerializer(serializers.Serializer):
    """A component's numbers in one month: `value`, or `numerator` and `denominator` (null when not stored)."""

    value = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    numerator = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    denominator = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)


NO_NUMBERS = {"value": None, "numerator": None, "denominator": None}


def components_of_month(realisation: Realisation) -> dict[Component, ComponentValue | None]:
    """The indicator's components and what each holds in the realisation's month: set on the realisation by
    whoever loaded them already (the month endpoint, a write), else from the prefetched components and values."""
    loaded = getattr(realisation, "components_of_month", None)
    if loaded is not None:
        return loaded
    return {
        component: next((v for v in component.values.all() if v.month == realisation.month), None)
        for component in realisation.indicator.components.all()
    }


class RealisationSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="indicator.goal.unit.code", read_only=True)
    year = serializers.IntegerField(source="indicator.goal.year", read_only=True)
    updated_by = serializers.SlugRelatedField(**USER)
    components = serializers.SerializerMethodField(
        help_text="by component code: its numbers in this month (every component of the indicator; {} without)"
    )

    class Meta:
        model = Realisation
        fields = [
            "id",
            "indicator",
            "unit",
            "year",
            "month",
            "state",
            "value",
            "numerator",
            "denominator",
            "analysis",
            "kendala",
            "rtl",
            "rtl_status",
            "activities",
            "components",
            "revision",
            "updated_by",
            "updated_at",
        ]

    @extend_schema_field(serializers.DictField(child=ComponentNumbersSerializer()))
    def get_components(self, realisation: Realisation) -> dict[str, Any]:
        return {
            component.code: ComponentNumbersSerializer(stored).data if stored is not None else NO_NUMBERS
            for component, stored in components_of_month(realisation).items()
        }


class MonthStatusSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(**UNIT)
    submitted_by = serializers.SlugRelatedField(**USER)
    reviewed_by = serializers.SlugRelatedField(**USER)

    class Meta:
        model = MonthStatus
        fields = [
            "id",
            "unit",
            "year",
            "month",
            "state",
            "revision",
            "deadline",
            "submitted_at",
            "submitted_by",
            "reviewed_at",
            "reviewed_by",
        ]


class ReportSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(**UNIT)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "audience",
            "unit",
            "year",
            "quarter",
            "status",
            "error",
            "requested_at",
            "finished_at",
            "is_final",
            "page_count",
            "pdf_sha256",
            "download_url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, report: Report) -> str | None:
        """The audited download (the session or a token's user must be allowed it), once the PDF exists."""
        if report.status != Report.Status.DONE or not report.pdf:
            return None
        name = "agency:digest-download" if report.kind == Report.Kind.DIGEST else "reports:report-download"
        url = reverse(name, args=[report.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


# --- a month: read, write, submit, review -------------------------------------------------------------------


class MonthRowSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    due = serializers.BooleanField()
    target = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    annual_target = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    capaian = serializers.CharField(allow_null=True, help_text="two decimals, as the scorecard")
    capaian_reason = serializers.CharField(allow_null=True)
    criterion = serializers.CharField()
    colour = serializers.CharField()
    realisation = RealisationSerializer(required=False, help_text="left out while nothing is stored for the month")


class MonthHeadSerializer(serializers.Serializer):
    unit = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    state = serializers.CharField(help_text="not_started, draft, submitted, returned, approved or locked")
    revision = serializers.IntegerField(help_text="the month's revision: send it back (or If-Match) to submit/review")
    deadline = serializers.DateField()
    editable = serializers.BooleanField()


class MonthSerializer(MonthHeadSerializer):
    rows = MonthRowSerializer(many=True)


class ComponentWriteSerializer(serializers.Serializer):
    """One component's numbers of the month, as the entry form's component fields. Left out: kept as stored."""

    value = serializers.CharField(allow_null=True, allow_blank=True, required=False, max_length=40)
    numerator = serializers.CharField(allow_null=True, allow_blank=True, required=False, max_length=40)
    denominator = serializers.CharField(allow_null=True, allow_blank=True, required=False, max_length=40)


class RealisationWriteSerializer(serializers.Serializer):
    """One indicator's realisation of the month. Fields left out keep what is stored. Numbers: a JSON number or
    a string with a decimal point ("61.11"), or a qualitative word the indicator maps ("WTP")."""

    indicator = serializers.IntegerField(help_text="indicator id")
    revision = serializers.IntegerField(min_value=0, help_text="the realisation's revision as read (0 when new)")
    state = serializers.ChoiceField(choices=Realisation.State.choices, required=False)
    value = serializers.CharField(allow_null=True, allow_blank=True, required=False, max_length=40)
    numerator = serializers.CharField(allow_null=True, allow_blank=True, required=False, max_length=40)
    denominator = serializers.CharField(allow_null=True, allow_blank=True, required=False, max_length=40)
    analysis = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    kendala = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    rtl = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    rtl_status = serializers.ChoiceField(choices=["", "proses", "selesai"], required=False)
    activities = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    components = serializers.DictField(
        child=ComponentWriteSerializer(),
        required=False,
        help_text="by component code: `value`, or `numerator` and `denominator` for a component that uses a ratio; "
        "the indicator's value is computed from them (a value sent as well must agree)",
    )


class MonthWriteSerializer(serializers.Serializer):
    realisations = RealisationWriteSerializer(many=True, allow_empty=False)


class MonthWrittenSerializer(serializers.Serializer):
    saved = RealisationSerializer(many=True, help_text="the rows written, with their new revisions")
    month = MonthHeadSerializer(help_text="the month's status after the save (GET the month for capaian)")


class TransitionSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        min_value=0, required=False, help_text="the month's revision as read (or the If-Match header)"
    )


class ReviewCommentSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(help_text="indicator id")
    text = serializers.CharField()


class ReviewSerializer(TransitionSerializer):
    action = serializers.ChoiceField(choices=["approve", "return"])
    comments = ReviewCommentSerializer(many=True, required=False, default=list)


def comment_map(indicators: dict[int, Indicator], comments: list[dict[str, Any]]) -> dict[Indicator, str]:
    unknown = [c["indicator"] for c in comments if c["indicator"] not in indicators]
    if unknown:
        raise serializers.ValidationError(
            {"comments": [_("Indikator %(id)s tidak ada pada unit dan tahun ini.") % {"id": i} for i in unknown]}
        )
    return {indicators[c["indicator"]]: c["text"] for c in comments}

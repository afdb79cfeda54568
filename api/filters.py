"""Query filters of the list endpoints (?unit=PUSDATIN&year=2022&month=9 ...)."""

from __future__ import annotations

import django_filters as filters

from indicators.models import Goal, Indicator, MonthlyTarget, MonthStatus, PerformanceAgreement, Realisation
from reports.models import Report
from sakip.models import OrgUnit


class UnitFilter(filters.FilterSet):
    parent = filters.CharFilter(field_name="parent__code")

    class Meta:
        model = OrgUnit
        fields = ["parent", "kind", "group", "province"]


class GoalFilter(filters.FilterSet):
    unit = filters.CharFilter(field_name="unit__code")

    class Meta:
        model = Goal
        fields = ["unit", "year", "level"]


class IndicatorFilter(filters.FilterSet):
    unit = filters.CharFilter(field_name="goal__unit__code")
    year = filters.NumberFilter(field_name="goal__year")

    class Meta:
        model = Indicator
        fields = ["unit", "year", "goal", "schedule", "visibility"]


class AgreementFilter(filters.FilterSet):
    unit = filters.CharFilter(field_name="unit__code")

    class Meta:
        model = PerformanceAgreement
        fields = ["unit", "year", "in_force"]


class MonthlyTargetFilter(filters.FilterSet):
    unit = filters.CharFilter(field_name="agreement__unit__code")
    year = filters.NumberFilter(field_name="agreement__year")
    in_force = filters.BooleanFilter(field_name="agreement__in_force")

    class Meta:
        model = MonthlyTarget
        fields = ["unit", "year", "agreement", "in_force", "indicator", "month"]


class RealisationFilter(filters.FilterSet):
    unit = filters.CharFilter(field_name="indicator__goal__unit__code")
    year = filters.NumberFilter(field_name="indicator__goal__year")

    class Meta:
        model = Realisation
        fields = ["unit", "year", "month", "indicator", "state"]


class MonthStatusFilter(filters.FilterSet):
    unit = filters.CharFilter(field_name="unit__code")

    class Meta:
        model = MonthStatus
        fields = ["unit", "year", "month", "state"]


class ReportFilter(filters.FilterSet):
    unit = filters.CharFilter(field_name="unit__code")

    class Meta:
        model = Report
        fields = ["unit", "year", "quarter", "kind", "status"]

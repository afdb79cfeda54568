"""Read endpoints. Every queryset is limited to the units the user may see (sakip.access), which is also who
may see their restricted indicators and figures (sakip.visibility); agency-wide figures follow the viewer."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agency.export import summary_json
from agency.summary import build_summary
from api import filters
from api.serializers import (
    AgreementSerializer,
    GoalSerializer,
    IndicatorSerializer,
    MonthlyTargetSerializer,
    MonthStatusSerializer,
    RealisationSerializer,
    ReportSerializer,
    UnitNodeSerializer,
    UnitSerializer,
)
from indicators.models import Goal, Indicator, MonthlyTarget, MonthStatus, PerformanceAgreement, Realisation
from reports.models import Report
from reports.scorecard import build_scorecard
from reports.scorecard_export import scorecard_json
from sakip.access import get_unit_for_user, is_global, visible_units
from sakip.models import OrgUnit, Visibility
from sakip.visibility import viewer_for


def scoped(queryset: QuerySet[Any], user: Any, unit_path: str) -> QuerySet[Any]:
    """Only rows of units the user may see."""
    if is_global(user):
        return queryset
    return queryset.filter(**{f"{unit_path}__in": visible_units(user)})


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    unit_path = "unit"

    def get_queryset(self) -> QuerySet[Any]:
        return scoped(super().get_queryset(), self.request.user, self.unit_path)


class UnitViewSet(ScopedViewSet):
    """Units the user may see; `parent` is the code of the unit above (the tree), `tree/` nests them."""

    queryset = OrgUnit.objects.select_related("parent").order_by("code")
    serializer_class = UnitSerializer
    filterset_class = filters.UnitFilter
    lookup_field = "code"
    unit_path = "id"

    @extend_schema(responses=UnitNodeSerializer(many=True), filters=False)
    @action(detail=False, pagination_class=None, filterset_class=None)
    def tree(self, request: Request) -> Response:
        units = list(self.get_queryset().values("id", "code", "name", "kind", "parent_id"))
        nodes = {u["id"]: {"code": u["code"], "name": u["name"], "kind": u["kind"], "children": []} for u in units}
        roots: list[dict[str, Any]] = []
        for unit in units:
            parent = nodes.get(unit["parent_id"])
            (parent["children"] if parent else roots).append(nodes[unit["id"]])
        return Response(roots)


class GoalViewSet(ScopedViewSet):
    queryset = Goal.objects.select_related("unit", "perspective").order_by("unit__code", "year", "number")
    serializer_class = GoalSerializer
    filterset_class = filters.GoalFilter


class IndicatorViewSet(ScopedViewSet):
    queryset = (
        Indicator.objects.select_related("goal__unit")
        .prefetch_related("components")
        .order_by("goal__unit__code", "goal__year", "goal__number", "number")
    )
    serializer_class = IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    unit_path = "goal__unit"


class AgreementViewSet(ScopedViewSet):
    """Every version of each PK (`in_force` marks the one that counts) with its annual targets."""

    queryset = (
        PerformanceAgreement.objects.select_related("unit")
        .prefetch_related("targets")
        .order_by("unit__code", "year", "version")
    )
    serializer_class = AgreementSerializer
    filterset_class = filters.AgreementFilter


class MonthlyTargetViewSet(ScopedViewSet):
    queryset = MonthlyTarget.objects.order_by("agreement_id", "indicator_id", "month")
    serializer_class = MonthlyTargetSerializer
    filterset_class = filters.MonthlyTargetFilter
    unit_path = "agreement__unit"


class RealisationViewSet(ScopedViewSet):
    queryset = (
        Realisation.objects.select_related("indicator__goal__unit", "updated_by")
        .prefetch_related("indicator__components__values")
        .order_by("indicator__goal__unit__code", "indicator__goal__year", "indicator_id", "month")
    )
    serializer_class = RealisationSerializer
    filterset_class = filters.RealisationFilter
    unit_path = "indicator__goal__unit"


class MonthStatusViewSet(ScopedViewSet):
    queryset = MonthStatus.objects.select_related("unit", "submitted_by", "reviewed_by").order_by(
        "unit__code", "year", "month"
    )
    serializer_class = MonthStatusSerializer
    filterset_class = filters.MonthStatusFilter


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Lapkin of the units the user may see, and the agency digests the user may read (restricted ones only
    for admins and auditors), with their status and, once rendered, the audited download link."""

    serializer_class = ReportSerializer
    filterset_class = filters.ReportFilter

    def get_queryset(self) -> QuerySet[Report]:
        reports = Report.objects.select_related("unit").order_by("-requested_at", "-id")
        user = self.request.user
        if is_global(user):
            return reports
        lapkin = Q(kind=Report.Kind.LAPKIN, unit__in=visible_units(user))
        digest = Q(kind=Report.Kind.DIGEST) & ~Q(audience=Visibility.RESTRICTED)
        return reports.filter(lapkin | digest)


def _quarter(quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise Http404


class ScorecardView(APIView):
    """A unit's quarterly scorecard: byte for byte what `manage.py scorecard --format json` prints."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="scorecard_retrieve")
    def get(self, request: Request, unit: str, year: int, quarter: int) -> HttpResponse:
        _quarter(quarter)
        card = build_scorecard(get_unit_for_user(request.user, unit), year, quarter)
        if card.agreement is None:
            raise Http404
        return HttpResponse(scorecard_json(card), content_type="application/json; charset=utf-8")


class AgencySummaryView(APIView):
    """BPOM as a whole for a quarter: what `manage.py agency_summary --format json` prints, with only what the
    user may see (admins and auditors: everything, byte for byte the command's default)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="agency_summary_retrieve")
    def get(self, request: Request, year: int, quarter: int) -> HttpResponse:
        _quarter(quarter)
        summary = build_summary(year, quarter, viewer_for(request.user))
        return HttpResponse(summary_json(summary), content_type="application/json; charset=utf-8")

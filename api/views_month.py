"""A unit's month: read it, write its realisations, submit it, review it. The same role checks as the month
page (sakip.access: 404 when the unit is not visible, 403 when the role is lacking) and the same services."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import PreconditionFailed
from api.months import month_data, month_head, save_realisations
from api.serializers import (
    MonthSerializer,
    MonthWriteSerializer,
    MonthWrittenSerializer,
    ReviewSerializer,
    TransitionSerializer,
    comment_map,
)
from indicators import workflow
from indicators.models import Indicator, MonthStatus
from indicators.month import load_month
from sakip.access import get_unit_for_user, require_role
from sakip.models import OrgUnit, Role

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='the month\'s ETag as read ("3"); instead of the revision field',
)


def month_unit(request: Request, unit: str, year: int, month: int, *roles: Role) -> OrgUnit:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    org_unit = get_unit_for_user(request.user, unit)
    if roles:
        require_role(request.user, org_unit, *roles)
    return org_unit


def etag(revision: int) -> str:
    return f'"{revision}"'


def month_response(unit: OrgUnit, year: int, month: int, status: int = 200) -> Response:
    data = month_data(load_month(unit, year, month, show_all=True))
    response = Response(MonthSerializer(data).data, status=status)
    response["ETag"] = etag(data["revision"])
    return response


def revision_of(request: Request, unit: OrgUnit, year: int, month: int, body: dict[str, object]) -> int | None:
    """The revision the client saw: the body's `revision`, or the If-Match header (412 when it is stale)."""
    if body.get("revision") is not None:
        return int(str(body["revision"]))
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    current = MonthStatus.objects.filter(unit=unit, year=year, month=month).values_list("revision", flat=True).first()
    if header.removeprefix("W/") != etag(current or 0):
        raise PreconditionFailed
    return current or 0


class MonthView(APIView):
    """The month as the entry page shows it: status and revision (also the ETag), every indicator of the PK in
    force with its target, stored realisation (with its revision), capaian and criterion."""

    @extend_schema(responses=MonthSerializer, operation_id="month_retrieve")
    def get(self, request: Request, unit: str, year: int, month: int) -> Response:
        return month_response(month_unit(request, unit, year, month), year, month)


class MonthRealisationsView(APIView):
    """Save realisations of the month, all or none, as the planner's entry page does: each item carries the
    revision it was read at (a stale one is a 409 with the current rows); the month must be open (draft or
    returned); the entry form's checks apply (decimals, scale, negative values, numerator and denominator)."""

    @extend_schema(
        request=MonthWriteSerializer, responses=MonthWrittenSerializer, operation_id="month_realisations_write"
    )
    def patch(self, request: Request, unit: str, year: int, month: int) -> Response:
        org_unit = month_unit(request, unit, year, month, Role.PLANNER)
        body = MonthWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved = save_realisations(request.user, org_unit, year, month, body.validated_data["realisations"])
        status = MonthStatus.objects.filter(unit=org_unit, year=year, month=month).first()
        head = month_head(org_unit, year, month, status)
        response = Response(MonthWrittenSerializer({"saved": list(saved.values()), "month": head}).data)
        response["ETag"] = etag(head["revision"])
        return response


class MonthSubmitView(APIView):
    """Submit the month to the unit head (planner): refused with what is missing when incomplete."""

    @extend_schema(
        request=TransitionSerializer, responses=MonthSerializer, parameters=[IF_MATCH], operation_id="month_submit"
    )
    def post(self, request: Request, unit: str, year: int, month: int) -> Response:
        org_unit = month_unit(request, unit, year, month, Role.PLANNER)
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        revision = revision_of(request, org_unit, year, month, body.validated_data)
        workflow.submit_month(request.user, org_unit, year, month, revision)
        return month_response(org_unit, year, month)


class MonthReviewView(APIView):
    """Approve (comments optional) or return (a comment on at least one indicator) a submitted month (unit
    head of the unit or above; not the one who submitted it)."""

    @extend_schema(
        request=ReviewSerializer, responses=MonthSerializer, parameters=[IF_MATCH], operation_id="month_review"
    )
    def post(self, request: Request, unit: str, year: int, month: int) -> Response:
        org_unit = month_unit(request, unit, year, month, Role.HEAD)
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        revision = revision_of(request, org_unit, year, month, body.validated_data)
        indicators = {i.id: i for i in Indicator.objects.filter(goal__unit=org_unit, goal__year=year)}
        comments = comment_map(indicators, body.validated_data["comments"])
        user = request.user
        if body.validated_data["action"] == "approve":
            workflow.approve_month(user, org_unit, year, month, revision, comments)
        else:
            workflow.return_month(user, org_unit, year, month, comments, revision)
        return month_response(org_unit, year, month)

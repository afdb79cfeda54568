"""Every error as JSON: {"detail": "...", "code": "..."} and, for invalid input, the field names:
{"detail": "...", "code": "invalid", "fields": {"realisations": [{}, {"value": ["..."]}]}}.
The workflow's refusals answer 409 (the month's state or someone else's save is in the way)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from indicators.entry import Conflict
from indicators.workflow import Incomplete, TransitionError


class StateConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = "If-Match tidak cocok dengan revisi sekarang."


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Incomplete):
        missing = [
            {"indicator": m.row.indicator.id, "number": m.row.indicator.number, "message": m.message}
            for m in exc.missing
        ]
        return Response({"detail": str(exc), "code": "incomplete", "missing": missing}, status=400)
    if isinstance(exc, TransitionError):
        return Response({"detail": str(exc), "code": "invalid_state"}, status=409)
    if isinstance(exc, Conflict):
        current = [
            {"indicator": indicator_id, "revision": row.revision, "state": row.state, "value": _plain(row.value)}
            for indicator_id, row in exc.rows.items()
        ]
        detail = _("Data diubah orang lain sejak dibaca. Tidak ada yang disimpan.")
        return Response({"detail": detail, "code": "conflict", "current": current}, status=409)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _("Periksa isian. Tidak ada yang disimpan."),
            "code": "invalid",
            "fields": exc.detail,
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {"detail": str(exc.detail), "code": codes if isinstance(codes, str) else "error"}
    return response


def _plain(value: object) -> str | None:
    return None if value is None else str(value)

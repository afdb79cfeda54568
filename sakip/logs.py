"""Logs as JSON lines on stdout, each carrying the id of the request (or Celery task) it belongs to.

The request id comes from the proxy's `X-Request-ID` header when it is a sane token, or is made here; it is
sent back in the response, so a user's screenshot of an error page leads to its log lines.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

current_request_id: ContextVar[str] = ContextVar("request_id", default="-")
access_log = logging.getLogger("sakip.access")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, so formatters can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


def new_request_id(proposed: str | None = None) -> str:
    return proposed if proposed and _SANE_ID.match(proposed) else uuid.uuid4().hex


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, if the request has already looked the user up (never a query of its own: the
    access line is written even when the database is down)."""
    user = getattr(getattr(request, "user", None), "_wrapped", None)
    if user is None or user is empty or not user.is_authenticated:
        return None
    return int(user.pk)


class RequestIdMiddleware:
    """Give each request an id, log one access line for it, and send the id back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        token = current_request_id.set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            current_request_id.reset(token)

"""`/health/` for load balancers and monitoring: no login, JSON; 200 when the database and the broker answer,
503 naming what is down. Without REDIS_URL tasks run in-process and the broker is reported as "eager"."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from sakip.queue import broker_reachable


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError as error:
        return f"down ({type(error).__name__})"


def _broker() -> str:
    if not settings.REDIS_URL:
        return "eager"
    return "ok" if broker_reachable(settings.REDIS_URL) else "down"


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "broker": _broker()}
    down = [name for name, state in checks.items() if state.startswith("down")]
    body = {"status": "unavailable" if down else "ok", **checks, "down": down}
    return JsonResponse(body, status=503 if down else 200)

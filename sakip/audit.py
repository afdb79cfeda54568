"""Record what people do (transitions, imports, downloads) in the append-only AuditEvent log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from sakip.models import AuditEvent, OrgUnit


def record_event(
    user: User | AnonymousUser | None,
    action: str,
    *,
    unit: OrgUnit | None = None,
    obj: models.Model | None = None,
    period: str = "",
    **detail: Any,
) -> AuditEvent:
    return AuditEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        unit=unit,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        period=period,
        detail=detail,
    )

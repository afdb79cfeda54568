"""Which quarter the agency pages open on: the latest one whose last month some unit has approved or locked."""

from __future__ import annotations

from django.utils import timezone

from indicators.models import MonthStatus

VERIFIED = (MonthStatus.State.APPROVED, MonthStatus.State.LOCKED)


def latest_quarter() -> tuple[int, int]:
    found = (
        MonthStatus.objects.filter(state__in=VERIFIED, month__in=[3, 6, 9, 12])
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    if found is None:
        today = timezone.localdate()
        return today.year, (today.month + 2) // 3
    return found[0], found[1] // 3

"""Which months of a unit's year have something due, and which of them are late, for many units at once.

A month is due when at least one indicator of the PK in force is due that month (`month.is_due`: it has a
target that month, or its schedule asks for a value then). A unit without a PK for the year has nothing due,
so it is never late. Two queries whatever the number of units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from indicators.models import AgreementTarget, Indicator, MonthlyTarget, MonthStatus, PerformanceAgreement
from indicators.month import is_due
from indicators.workflow import deadline_for, is_late

MONTHS = range(1, 13)
OPEN_STATES = (MonthStatus.State.DRAFT, MonthStatus.State.RETURNED)


def due_months(agreements: Iterable[PerformanceAgreement]) -> dict[tuple[int, int], set[int]]:
    """(unit id, year) -> the months with something due, for each given agreement (in force)."""
    by_id = {agreement.id: agreement for agreement in agreements}
    schedules: dict[int, dict[int, str]] = defaultdict(dict)
    for agreement_id, indicator_id, schedule in AgreementTarget.objects.filter(agreement_id__in=by_id).values_list(
        "agreement_id", "indicator_id", "indicator__schedule"
    ):
        schedules[agreement_id][indicator_id] = schedule
    targeted: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for agreement_id, indicator_id, month in MonthlyTarget.objects.filter(
        agreement_id__in=by_id, value__isnull=False
    ).values_list("agreement_id", "indicator_id", "month"):
        targeted[agreement_id].add((indicator_id, month))
    result = {}
    for agreement_id, agreement in by_id.items():
        months = set()
        for indicator_id, schedule in schedules[agreement_id].items():
            probe = Indicator(schedule=schedule)
            months |= {m for m in MONTHS if (indicator_id, m) in targeted[agreement_id] or is_due(probe, m, None)}
        result[(agreement.unit_id, agreement.year)] = months
    return result


def months_not_handed_in(
    agreements: list[PerformanceAgreement], statuses: Mapping[tuple[int, int, int], MonthStatus], today: dt.date
) -> Iterator[tuple[PerformanceAgreement, int, MonthStatus | None, dt.date]]:
    """(agreement, month, status, deadline) of every month that is due, has started and is not handed in
    (not started, draft or returned). `statuses` maps (unit id, year, month) to the month's status."""
    due = due_months(agreements)
    for agreement in agreements:
        for month in sorted(due.get((agreement.unit_id, agreement.year), ())):
            if dt.date(agreement.year, month, 1) > today:
                break
            status = statuses.get((agreement.unit_id, agreement.year, month))
            if status is None or status.state in OPEN_STATES:
                yield agreement, month, status, status.deadline if status else deadline_for(agreement.year, month)


def is_overdue(status: MonthStatus | None, year: int, month: int, today: dt.date) -> bool:
    """Past its deadline and still not handed to the head (not started, draft or returned)."""
    not_handed_in = status is None or status.state in OPEN_STATES
    return not_handed_in and is_late(status, year, month, today)

"""Which months of a unit's year are already reported, so targets there must not change silently."""

from __future__ import annotations

from django.db.models import Max

from indicators.models import Realisation
from sakip.models import OrgUnit


def reported_months_by_unit(unit_ids: set[int], years: set[int]) -> dict[tuple[int, int], set[int]]:
    """(unit id, year) -> months of every quarter up to the last quarter with a reported realisation.

    A quarter counts as reported once any realisation of its months is entered (any state but
    'not entered'); every month of that quarter and of the quarters before it is then closed to target
    changes unless an admin overrides. One query for any number of units.
    """
    if not unit_ids or not years:
        return {}
    rows = (
        Realisation.objects.filter(indicator__goal__unit_id__in=unit_ids, indicator__goal__year__in=years)
        .exclude(state=Realisation.State.NOT_ENTERED)
        .values("indicator__goal__unit_id", "indicator__goal__year")
        .annotate(last=Max("month"))
    )
    result = {}
    for row in rows:
        last_quarter = (row["last"] + 2) // 3
        result[(row["indicator__goal__unit_id"], row["indicator__goal__year"])] = set(range(1, 3 * last_quarter + 1))
    return result


def reported_months(unit: OrgUnit, year: int) -> set[int]:
    return reported_months_by_unit({unit.id}, {year}).get((unit.id, year), set())

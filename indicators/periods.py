"""Which months of a unit's year are already reported, so targets there must not change silently."""

from __future__ import annotations

from indicators.models import Realisation
from sakip.models import OrgUnit


def reported_months(unit: OrgUnit, year: int) -> set[int]:
    """Months of every quarter up to the last quarter for which the unit has reported a realisation.

    A quarter counts as reported once any realisation of its months is entered (any state but
    'not entered'); every month of that quarter and of the quarters before it is then closed to
    target changes unless an admin overrides.
    """
    months = (
        Realisation.objects.filter(indicator__goal__unit=unit, indicator__goal__year=year)
        .exclude(state=Realisation.State.NOT_ENTERED)
        .values_list("month", flat=True)
    )
    last_month = max(months, default=0)
    last_quarter = (last_month + 2) // 3
    return set(range(1, 3 * last_quarter + 1))

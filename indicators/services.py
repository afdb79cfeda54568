"""Writes of targets and deletions of realisations, for the Django admin: the month must be editable (a locked
month opens again only through the reopen path), and every write is recorded. Realisations are saved through
`indicators.entry.save_changes`, the service the entry page uses."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import models, transaction

from indicators.models import Indicator, MonthlyTarget, Realisation
from indicators.workflow import editable_status, period_label
from sakip.audit import record_event
from sakip.models import OrgUnit


def month_of(row: MonthlyTarget | Realisation) -> tuple[OrgUnit, int, int]:
    """The unit, year and month whose workflow state governs the row."""
    if isinstance(row, MonthlyTarget):
        return row.agreement.unit, row.agreement.year, row.month
    return row.indicator.goal.unit, row.indicator.goal.year, row.month


def _record(user: User, action: str, row: MonthlyTarget | Realisation, **detail: object) -> None:
    unit, year, _month = month_of(row)
    editable_status(unit, year, row.month, start=False)
    indicator: Indicator = row.indicator
    record_event(
        user, action, unit=unit, obj=row, period=period_label(year, row.month), indicator=indicator.number, **detail
    )


@transaction.atomic
def save_target(user: User, target: MonthlyTarget, source: str = "admin") -> MonthlyTarget:
    _record(user, "target.save", target, value=None if target.value is None else str(target.value), source=source)
    target.save()
    return target


@transaction.atomic
def delete_rows(user: User, rows: Iterable[models.Model], source: str = "admin") -> int:
    """Delete monthly targets or realisations, each only while its month is editable."""
    count = 0
    for row in rows:
        assert isinstance(row, MonthlyTarget | Realisation)
        _record(user, "target.delete" if isinstance(row, MonthlyTarget) else "realisation.delete", row, source=source)
        row.delete()
        count += 1
    return count

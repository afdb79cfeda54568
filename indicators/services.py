"""Writes of targets and deletions of realisations, for the Django admin: the month must be editable (a locked
month opens again only through the reopen path), and every write is recorded. Realisations are saved through
`indicators.entry.save_changes`, the service the entry page uses."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from indicators.models import MonthlyTarget, Realisation
from indicators.workflow import editable_status, period_label
from sakip.audit import record_event


@transaction.atomic
def save_target(user: AbstractBaseUser, target: MonthlyTarget, source: str = "admin") -> MonthlyTarget:
    agreement = target.agreement
    editable_status(agreement.unit, agreement.year, target.month, start=False)
    target.save()
    record_event(
        user,
        "target.save",
        unit=agreement.unit,
        obj=target,
        period=period_label(agreement.year, target.month),
        indicator=target.indicator.number,
        value=None if target.value is None else str(target.value),
        source=source,
    )
    return target


@transaction.atomic
def delete_targets(user: AbstractBaseUser, targets: Iterable[MonthlyTarget], source: str = "admin") -> int:
    count = 0
    for target in targets:
        agreement = target.agreement
        editable_status(agreement.unit, agreement.year, target.month, start=False)
        record_event(
            user,
            "target.delete",
            unit=agreement.unit,
            obj=target,
            period=period_label(agreement.year, target.month),
            indicator=target.indicator.number,
            source=source,
        )
        target.delete()
        count += 1
    return count


@transaction.atomic
def delete_realisations(user: AbstractBaseUser, realisations: Iterable[Realisation], source: str = "admin") -> int:
    count = 0
    for realisation in realisations:
        goal = realisation.indicator.goal
        editable_status(goal.unit, goal.year, realisation.month, start=False)
        record_event(
            user,
            "realisation.delete",
            unit=goal.unit,
            obj=realisation,
            period=period_label(goal.year, realisation.month),
            indicator=realisation.indicator.number,
            source=source,
        )
        realisation.delete()
        count += 1
    return count

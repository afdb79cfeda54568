"""Months in a given workflow state without going through the entry page (whose rules are tested elsewhere)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User

from indicators import workflow
from indicators.models import AgreementTarget, MonthStatus, Realisation
from sakip.models import OrgUnit


def complete_month(code: str, year: int, month: int) -> OrgUnit:
    """Give every indicator of the unit's PK a number for the month, so that nothing due is missing."""
    unit = OrgUnit.objects.get(code=code)
    for target in AgreementTarget.objects.filter(agreement__unit=unit, agreement__year=year, agreement__in_force=True):
        Realisation.objects.update_or_create(
            indicator_id=target.indicator_id,
            month=month,
            defaults={"state": Realisation.State.NUMBER, "value": Decimal(1), "kendala": "-", "rtl": "-"},
        )
    return unit


def submitted(planner: User, code: str, year: int, month: int) -> MonthStatus:
    return workflow.submit_month(planner, complete_month(code, year, month), year, month)

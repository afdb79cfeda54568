"""Data-quality warnings of a month: each indicator's check settings, the checks run on the month's rows, and
the warnings kept with the month (refreshed at every save through `indicators.entry.save_changes`)."""

from __future__ import annotations

from decimal import Decimal

from indicators.checks import Finding, Reading, Settings, check
from indicators.forms import is_percentage
from indicators.models import Indicator, MonthStatus, QualityWarning
from indicators.month import EntryRow, load_month


def settings_of(indicator: Indicator) -> Settings:
    return Settings(
        cumulative=indicator.check_cumulative_drop
        and indicator.target_behaviour == Indicator.TargetBehaviour.CUMULATIVE,
        jump_percent=indicator.check_jump_percent,
        percentage=is_percentage(indicator),
        percent_range=indicator.check_percent_range,
        range_factor=indicator.check_range_factor,
        ratio=indicator.check_ratio,
        decimals=indicator.decimals,
    )


def findings_for(
    row: EntryRow, value: Decimal | None, numerator: Decimal | None = None, denominator: Decimal | None = None
) -> list[Finding]:
    """The checks of one row's value (typed or stored) against its previous month and usual range."""
    if value is None:
        return []
    previous = row.previous
    reading = Reading(
        value=value,
        numerator=numerator,
        denominator=denominator,
        previous=previous.scored_value if previous else None,
        previous_month=previous.month if previous else None,
        usual=tuple(row.usual),
    )
    return check(reading, settings_of(row.indicator))


def as_warning(row: EntryRow, finding: Finding, status: MonthStatus | None = None) -> QualityWarning:
    numbers = {name: str(number) for name, number in finding.numbers.items()}
    return QualityWarning(month_status=status, indicator=row.indicator, kind=finding.check.value, numbers=numbers)


def refresh_warnings(status: MonthStatus) -> list[QualityWarning]:
    """Replace the month's stored warnings by the checks of what is stored now."""
    entry = load_month(status.unit, status.year, status.month)
    warnings = []
    for row in entry.rows:
        current = row.current
        if current is not None and current.is_scored:
            findings = findings_for(row, current.value, current.numerator, current.denominator)
            warnings += [as_warning(row, finding, status) for finding in findings]
    status.warnings.all().delete()
    return QualityWarning.objects.bulk_create(warnings)

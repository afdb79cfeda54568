"""Data-quality checks of one month's realisation, in the manner of DHIS2's validation rules: each finding is
a warning the planner sees before submitting and the head sees in review; none of them blocks a save.

Pure: plain Decimals in, findings out; the thresholds are the indicator's settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from sakip.scoring import HUNDRED, ZERO, round_half_up


class Check(StrEnum):
    CUMULATIVE_DROP = "cumulative_drop"  # a cumulative value lower than the month before
    JUMP = "jump"  # more than X% up or down from the month before
    PERCENT_RANGE = "percent_range"  # a percentage above 100 or below 0
    OUT_OF_RANGE = "out_of_range"  # far above the indicator's usual values ("61.111" read as 61111)
    RATIO = "ratio"  # numerator / denominator do not give the value


@dataclass(frozen=True)
class Settings:
    cumulative: bool = False  # values are cumulative s.d. the month and should not go down
    jump_percent: Decimal | None = None  # None: off
    percentage: bool = False  # the value is a percentage (numerator / denominator x 100)
    percent_range: bool = False  # ...expected within 0..100
    range_factor: Decimal | None = None  # None: off; a value above factor x the usual largest is flagged
    ratio: bool = False
    decimals: int = 2  # values are compared as displayed


@dataclass(frozen=True)
class Reading:
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    previous: Decimal | None = None  # the latest earlier month's value
    previous_month: int | None = None
    usual: tuple[Decimal, ...] = ()  # the year's targets and earlier values


@dataclass(frozen=True)
class Finding:
    check: Check
    numbers: dict[str, Decimal] = field(default_factory=dict)  # what the message shows


def check(reading: Reading, settings: Settings) -> list[Finding]:
    """Every check the settings turn on, in a fixed order."""
    findings = [
        _cumulative_drop(reading, settings),
        _jump(reading, settings),
        _percent_range(reading, settings),
        _out_of_range(reading, settings),
        _ratio(reading, settings),
    ]
    return [finding for finding in findings if finding is not None]


def _month(reading: Reading) -> dict[str, Decimal]:
    return {} if reading.previous_month is None else {"month": Decimal(reading.previous_month)}


def _shown(value: Decimal, settings: Settings) -> Decimal:
    return round_half_up(value, settings.decimals)


def _cumulative_drop(reading: Reading, settings: Settings) -> Finding | None:
    previous = reading.previous
    if not settings.cumulative or previous is None or _shown(reading.value, settings) >= _shown(previous, settings):
        return None
    return Finding(Check.CUMULATIVE_DROP, {"previous": previous, "value": reading.value, **_month(reading)})


def _jump(reading: Reading, settings: Settings) -> Finding | None:
    previous, limit = reading.previous, settings.jump_percent
    if limit is None or previous is None or previous == ZERO:
        return None
    change = (reading.value - previous) / abs(previous) * HUNDRED
    if abs(change) <= limit:
        return None
    return Finding(Check.JUMP, {"change": change, "previous": previous, "limit": limit, **_month(reading)})


def _percent_range(reading: Reading, settings: Settings) -> Finding | None:
    if not (settings.percentage and settings.percent_range) or ZERO <= _shown(reading.value, settings) <= HUNDRED:
        return None
    return Finding(Check.PERCENT_RANGE, {"value": reading.value})


def _out_of_range(reading: Reading, settings: Settings) -> Finding | None:
    factor = settings.range_factor
    largest = max((abs(value) for value in reading.usual), default=ZERO)
    if factor is None or largest == ZERO or abs(reading.value) <= largest * factor:
        return None
    return Finding(Check.OUT_OF_RANGE, {"value": reading.value, "usual": largest, "factor": factor})


def _ratio(reading: Reading, settings: Settings) -> Finding | None:
    numerator, denominator = reading.numerator, reading.denominator
    if not settings.ratio or numerator is None or denominator is None or denominator == ZERO:
        return None
    quotient = numerator / denominator
    candidates = [quotient * HUNDRED] if settings.percentage else [quotient * HUNDRED, quotient]
    if any(_shown(candidate, settings) == _shown(reading.value, settings) for candidate in candidates):
        return None
    return Finding(Check.RATIO, {"ratio": candidates[0], "value": reading.value})

"""The data-quality checks (pure, no database)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from indicators.checks import Check, Reading, Settings, check

ALL = Settings(cumulative=True, jump_percent=D(50), percentage=True, percent_range=True, range_factor=D(10), ratio=True)


def checks(reading: Reading, settings: Settings = ALL) -> list[Check]:
    return [finding.check for finding in check(reading, settings)]


def test_it_finds_nothing_in_a_plausible_month():
    assert checks(Reading(D("31"), previous=D("28.5"), usual=(D(30), D(100)))) == []


def test_it_flags_a_cumulative_value_that_goes_down_only_when_the_indicator_is_cumulative():
    reading = Reading(D("27"), previous=D("28.5"), previous_month=8)
    assert checks(reading) == [Check.CUMULATIVE_DROP]
    assert checks(reading, Settings()) == []
    assert checks(Reading(D("28.501"), previous=D("28.5"))) == []  # equal as displayed


@pytest.mark.parametrize(
    ("value", "previous", "flagged"),
    [("30", "20", False), ("30.01", "20", True), ("10", "20", False), ("9.99", "20", True), ("5", "0", False)],
)
def test_it_flags_a_jump_of_more_than_the_indicators_threshold(value, previous, flagged):
    settings = Settings(jump_percent=D(50))
    assert (checks(Reading(D(value), previous=D(previous)), settings) == [Check.JUMP]) is flagged
    assert checks(Reading(D(value), previous=D(previous)), Settings(jump_percent=None)) == []


@pytest.mark.parametrize(("value", "flagged"), [("100", False), ("100.004", False), ("100.01", True), ("-0.5", True)])
def test_it_flags_a_percentage_above_100_or_below_0(value, flagged):
    assert (Check.PERCENT_RANGE in checks(Reading(D(value)), Settings(percentage=True, percent_range=True))) is flagged
    assert checks(Reading(D(value)), Settings(percentage=True)) == []


def test_it_flags_a_thousands_separator_read_as_a_number_far_outside_the_usual_range():
    usual = (D(75), D(80), D(100), D("61.1"))
    finding = check(Reading(D(61111), usual=usual), Settings(range_factor=D(10)))[0]
    assert finding.check == Check.OUT_OF_RANGE and finding.numbers["usual"] == D(100)
    assert checks(Reading(D(999), usual=usual), Settings(range_factor=D(10))) == []
    assert checks(Reading(D(61111), usual=()), Settings(range_factor=D(10))) == []  # nothing to compare with


def test_it_flags_a_numerator_and_denominator_that_do_not_give_the_value():
    settings = Settings(percentage=True, percent_range=True, ratio=True)
    assert checks(Reading(D(98), numerator=D(4620), denominator=D(4714)), settings) == [Check.RATIO]  # 98.01
    assert checks(Reading(D("108.70"), numerator=D(25), denominator=D(23)), settings) == [Check.PERCENT_RANGE]
    assert checks(Reading(D("1.087"), numerator=D(25), denominator=D(23)), Settings(ratio=True, decimals=3)) == []
    assert checks(Reading(D(98), numerator=D(4620), denominator=D(4714)), Settings(percentage=True)) == []  # off

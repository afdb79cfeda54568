"""Rows the database cannot read back as a sane number never take a page down (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from indicators.models import Indicator, MonthlyTarget, Realisation
from sakip.db import read_decimal
from sakip.formatting import format_number, format_plain
from sakip.scoring import criterion, round2
from tests.indicators.pages import assert_pages_answer

# What raw SQL can leave in a numeric column of each database: SQLite keeps 9999999999999999 as an integer
# (Django reads it through a 15-digit float: 1E+16, which no longer fits the column), makes 1e400 infinity
# and keeps text as text; a PostgreSQL numeric(20, 4) holds NaN and its largest value.
STORED = {
    "sqlite": ["9999999999999999", "9999999999999999.9999", "1e30", "1e400", "-1e400", "'sembilan'"],
    "postgresql": ["'NaN'", "9999999999999999.9999", "-9999999999999999.9999"],
}


def put_raw(indicator: Indicator, month: int, literal: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM indicators_realisation WHERE indicator_id = %s AND month = %s", [indicator.id, month]
        )
        cursor.execute(
            "INSERT INTO indicators_realisation (indicator_id, month, state, value, numerator, denominator, analysis,"
            " kendala, rtl, activities, rtl_status, revision, updated_at)"
            f" VALUES (%s, %s, 'number', {literal}, {literal}, {literal}, '', '', '', '', '', 1, %s)",  # noqa: S608
            [indicator.id, month, "2022-10-01 00:00:00+00:00"],
        )


def test_it_keeps_every_page_of_the_unit_up_whatever_a_stored_number_is(client, planner, head):
    keluhan = Indicator.objects.get(code="KELUHAN", goal__unit__code="PUSDATIN")
    sii = Indicator.objects.get(code="SII", goal__unit__code="PUSDATIN")
    MonthlyTarget.objects.filter(indicator=sii, month=9).update(value=Decimal("0.0001"))  # capaian beyond 28 digits
    for literal in STORED[connection.vendor]:
        put_raw(keluhan, 9, literal)
        put_raw(sii, 9, literal)
        put_raw(keluhan, 12, literal)
        for user in (planner, head):
            client.force_login(user)
            assert_pages_answer(client, "PUSDATIN", 2022, 9)
        stored = Realisation.objects.get(indicator=keluhan, month=9)
        assert stored.value is None or stored.value.is_finite()


@pytest.mark.parametrize(
    ("stored", "places", "read"),
    [
        (9999999999999999, 4, Decimal("9999999999999999.0000")),  # an integer is exact, not a 15-digit float
        (1e16, 4, Decimal("10000000000000000.0000")),  # wider than the column: read, not refused
        (1e30, 4, Decimal("1.00000000000000E+30")),
        (float("inf"), 4, None),
        (float("nan"), 4, None),
        ("sembilan", 4, None),
        (Decimal("NaN"), None, None),
        (84.93, 4, Decimal("84.9300")),
        ("84.93", 2, Decimal("84.93")),
        (None, 4, None),
    ],
)
def test_it_reads_whatever_a_decimal_column_holds(stored, places, read):
    value = read_decimal(stored, places)
    assert value == read
    if read is not None and places is not None and read < Decimal("1e20"):
        assert value.as_tuple().exponent == -places


def test_it_formats_and_rounds_numbers_beyond_the_default_precision():
    huge = Decimal("1E+30") / Decimal("0.0001")
    assert format_number(huge) == "10.000.000.000.000.000.000.000.000.000.000.000,00"
    assert format_plain(huge) == "10000000000000000000000000000000000.00"
    assert round2(huge) == huge
    assert criterion_label(huge) == "Tidak Dapat Disimpulkan"
    assert format_number(Decimal("NaN")) == "-" and format_plain(Decimal("Infinity")) is None
    assert format_number(Decimal("117.095")) == "117,10"


def criterion_label(value: Decimal) -> str:
    from sakip.scoring import Outcome

    return criterion(Outcome.of(value)).label

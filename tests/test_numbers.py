"""Numbers as Indonesian users type them (forms and spreadsheet imports share this parser)."""

from decimal import Decimal

import pytest

from sakip.numbers import NotANumber, parse_id_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,56", "1234.56"),
        ("96%", "96"),
        ("84,93", "84.93"),
        ("84.93", "84.93"),
        ("1.234", "1234"),
        ("364.734.836.000", "364734836000"),
        ("Rp364.734.836.000,00", "364734836000.00"),
        ("1,234.56", "1234.56"),
        ("(5)", "-5"),
        (" 2,5 ", "2.5"),
    ],
)
def test_it_reads_indonesian_numbers(text, value):
    assert parse_id_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3,4,5", "NaN", "Infinity", "12a"])
def test_it_rejects_text_that_is_not_a_number(text):
    with pytest.raises(NotANumber):
        parse_id_number(text)

"""Numbers as Indonesian users type them (forms and spreadsheet imports share this parser)."""

from decimal import Decimal

import pytest

from sakip.numbers import Capacity, DoesNotFit, Misfit, NotANumber, check_fits, parse_id_number


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


@pytest.mark.parametrize("text", ["1e400", "1E5", "٣٤", "١٢٣,٤", "１２３", "12\u0663"])
def test_it_refuses_exponents_and_digits_that_are_not_latin(text):
    with pytest.raises(NotANumber):
        parse_id_number(text)


REALISATION = Capacity(max_digits=20, decimal_places=4)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("10000000000000000", Misfit.TOO_LARGE),  # 17 digits before the mark; (20, 4) holds 16
        ("123456789012345678901234567890", Misfit.TOO_LARGE),
        ("1.23456", Misfit.TOO_MANY_DECIMALS),
        ("1234567.891234", Misfit.TOO_MANY_DECIMALS),
        ("Infinity", Misfit.TOO_LARGE),
    ],
)
def test_it_says_why_a_number_does_not_fit_its_column(value, problem):
    with pytest.raises(DoesNotFit) as caught:
        check_fits(Decimal(value), REALISATION)
    assert caught.value.problem == problem


@pytest.mark.parametrize("value", ["9999999999999999.9999", "-9999999999999999.9999", "1.2300000", "0", "61.1111"])
def test_it_lets_through_what_the_column_holds_exactly(value):
    assert check_fits(Decimal(value), REALISATION) == Decimal(value)


def test_it_refuses_negative_numbers_where_the_column_does_not_allow_them():
    with pytest.raises(DoesNotFit) as caught:
        check_fits(Decimal("-1"), Capacity(20, 4, allow_negative=False))
    assert caught.value.problem == Misfit.NEGATIVE
    assert Capacity(20, 4).largest == Decimal("9999999999999999.9999")


def test_it_reads_the_capacity_of_a_model_column_and_says_what_is_wrong_in_indonesian():
    from indicators.models import Realisation
    from sakip.validation import capacity_of, fitting

    capacity = capacity_of(Realisation, "value")
    assert capacity == Capacity(20, 4)
    with pytest.raises(ValueError, match=r"terlalu besar: paling besar 9\.999\.999\.999\.999\.999,9999"):
        fitting(Decimal("9999999999999999999"), capacity)
    with pytest.raises(ValueError, match="Paling banyak 4 angka di belakang koma"):
        fitting(Decimal("1234567.891234"), capacity)

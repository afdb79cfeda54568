"""Read numbers as Indonesian users type them: "1.234,56", "96%", "Rp1.000", "84,93", "(5)"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

# ASCII digits only: `\d` would also take Arabic-Indic and other Unicode digits. No exponent: nobody types
# "1e400", and Excel's "3,65E+11" display has already lost digits.
_PLAIN = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_ID_THOUSANDS = re.compile(r"^[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+$")


class NotANumber(ValueError):
    pass


class Misfit(StrEnum):
    """Why a number cannot be stored as typed."""

    TOO_LARGE = "too_large"  # more digits before the decimal mark than the column holds
    TOO_MANY_DECIMALS = "too_many_decimals"  # more decimals than the column (or the indicator) holds
    NEGATIVE = "negative"  # a negative number where only positive ones make sense


@dataclass(frozen=True)
class Capacity:
    """What a decimal column holds: DecimalField(max_digits, decimal_places), and whether it may be < 0."""

    max_digits: int
    decimal_places: int
    allow_negative: bool = True

    @property
    def largest(self) -> Decimal:
        """The largest value the column holds, e.g. 9999999999999999.9999 for (20, 4)."""
        return Decimal(10) ** (self.max_digits - self.decimal_places) - Decimal(1).scaleb(-self.decimal_places)


class DoesNotFit(ValueError):
    def __init__(self, problem: Misfit, capacity: Capacity) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.capacity = capacity


def check_fits(value: Decimal, capacity: Capacity) -> Decimal:
    """`value` unchanged if the column holds it exactly; otherwise DoesNotFit saying why (never rounds)."""
    if not value.is_finite():
        raise DoesNotFit(Misfit.TOO_LARGE, capacity)
    if value < 0 and not capacity.allow_negative:
        raise DoesNotFit(Misfit.NEGATIVE, capacity)
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if -exponent > capacity.decimal_places:
        raise DoesNotFit(Misfit.TOO_MANY_DECIMALS, capacity)
    if abs(value) > capacity.largest:
        raise DoesNotFit(Misfit.TOO_LARGE, capacity)
    return value


def parse_id_number(text: str) -> Decimal:
    """'1.234,56' -> 1234.56; '96%' -> 96; 'Rp1.000' -> 1000; '84,93' -> 84.93; '(5)' -> -5.

    A lone dot followed by groups of exactly three digits is a thousands separator ('1.234' -> 1234,
    Indonesian style); any other lone dot is a decimal point, as English spreadsheets write it ('84.93').
    With both separators the last one is the decimal mark ('1.234,56' and '1,234.56').
    """
    cleaned = text.replace("\u00a0", "").replace(" ", "").strip()
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    if cleaned[:2].lower() == "rp":
        cleaned = cleaned[2:]
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", "") if cleaned.count(",") > 1 else cleaned.replace(",", ".")
    elif _ID_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not _PLAIN.match(cleaned):
        raise NotANumber(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern above rules this out
        raise NotANumber(text) from error
    return -value if negative else value

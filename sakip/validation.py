"""What a typed number may be before it is written: the capacity of its column, said in Indonesian.

Forms, the import, the admin and the API all check numbers through here, so that one typed value can
never be written half, rounded silently, or take a page down when it is read back.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _

from sakip.formatting import format_number
from sakip.numbers import Capacity, DoesNotFit, Misfit, check_fits

# SQLite, the default database, keeps 15 significant digits of a decimal that is not a whole number:
# 9999999999999999.5 written to a (20, 4) column reads back as 1E+16. PostgreSQL keeps every digit.
PORTABLE_DIGITS = 15


def capacity_of(model: type[models.Model], field: str, *, allow_negative: bool = True) -> Capacity:
    """The capacity of a DecimalField of `model`."""
    column = model._meta.get_field(field)
    assert isinstance(column, models.DecimalField)
    assert column.max_digits is not None and column.decimal_places is not None
    return Capacity(column.max_digits, column.decimal_places, allow_negative)


def max_length(model: type[models.Model], field: str) -> int:
    """The max_length of a CharField (or FileField) of `model`."""
    column = model._meta.get_field(field)
    assert isinstance(column, models.CharField | models.FileField) and column.max_length is not None
    return column.max_length


def portable(capacity: Capacity, decimal_places: int | None = None) -> Capacity:
    """The part of a column's capacity that every supported database gives back exactly (at most 15 digits),
    with fewer decimals when the value allows fewer (an indicator's `decimals`)."""
    whole = min(capacity.max_digits, PORTABLE_DIGITS) - capacity.decimal_places
    places = capacity.decimal_places if decimal_places is None else min(decimal_places, capacity.decimal_places)
    return Capacity(whole + places, places, capacity.allow_negative)


def misfit_message(error: DoesNotFit) -> str:
    capacity = error.capacity
    if error.problem == Misfit.NEGATIVE:
        return _("Angka tidak boleh negatif.")
    if error.problem == Misfit.TOO_MANY_DECIMALS and capacity.decimal_places == 0:
        return _("Harus bilangan bulat, tanpa angka di belakang koma.")
    if error.problem == Misfit.TOO_MANY_DECIMALS:
        return _("Paling banyak %(n)s angka di belakang koma.") % {"n": capacity.decimal_places}
    return _("Angka terlalu besar: paling besar %(max)s.") % {
        "max": format_number(capacity.largest, capacity.decimal_places)
    }


def fitting(value: Decimal, capacity: Capacity) -> Decimal:
    """`value` if it fits; otherwise ValueError with the Indonesian message (for callers that show text)."""
    try:
        return check_fits(value, capacity)
    except DoesNotFit as error:
        raise ValueError(misfit_message(error)) from error

"""Database backends that read every stored decimal without taking a page down.

Django's SQLite backend reads a DecimalField through a float with 15 significant digits and quantizes it in
a context of the column's `max_digits`: 9999999999999999 stored in a (20, 4) column reads back as 1E+16,
which does not fit and raises InvalidOperation; `inf` (what SQLite makes of 1e400) and text raise too. On
PostgreSQL a constrained numeric may hold NaN, which poisons every comparison. A row written by hand, an
old import or another program must never turn every page of its unit into an error, so these backends read
such a value as the nearest number SQLite can give, or as no value (logged) when it is not a number at all.
Write paths check numbers before they reach the database (`sakip/validation.py`).
"""

from __future__ import annotations

import logging
from decimal import Context, Decimal, InvalidOperation
from typing import Any

logger = logging.getLogger("sakip.db")
_FLOAT = Context(prec=15)  # what SQLite keeps of a REAL


def read_decimal(value: Any, places: int | None) -> Decimal | None:
    """A stored number as a Decimal with `places` decimals (when given); None when it is not a finite number."""
    if value is None:
        return None
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int):
            number = Decimal(value)  # exact: SQLite keeps integers up to 2**63 as integers
        elif isinstance(value, float):
            number = _FLOAT.create_decimal_from_float(value)
        else:
            number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite():
        logger.warning("Stored decimal %r is not a finite number; read as no value", value)
        return None
    if places is None:
        return number
    digits = max(number.adjusted() + 1, 1) + places
    return number.quantize(Decimal(1).scaleb(-places), context=Context(prec=digits + 1))

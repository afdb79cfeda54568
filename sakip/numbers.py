"""Read numbers as Indonesian users type them: "1.234,56", "96%", "84,93", "2,5"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_THOUSANDS_ONLY = re.compile(r"^\d{1,3}(\.\d{3})+$")


class NotANumber(ValueError):
    pass


def parse_id_number(text: str) -> Decimal:
    """'1.234,56' -> 1234.56; '96%' -> 96; '84,93' -> 84.93; '1.234' -> 1234; '84.93' -> 84.93.

    A lone dot followed by groups of exactly three digits is a thousands separator (Indonesian style);
    any other lone dot is a decimal point, as spreadsheets exported in English write it.
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned.startswith("Rp"):
        cleaned = cleaned[2:]
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _THOUSANDS_ONLY.match(cleaned.lstrip("-")):
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise NotANumber(text) from error
    if not value.is_finite():
        raise NotANumber(text)
    return value

"""Read numbers as Indonesian users type them: "1.234,56", "96%", "Rp1.000", "84,93", "(5)"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_ID_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")


class NotANumber(ValueError):
    pass


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

"""Indonesian number display: 1.234,56 and Rp364.734.836.000,00. Display only; scoring stays in scoring.py."""

from __future__ import annotations

from decimal import Decimal

from sakip.scoring import round_half_up

DASH = "-"


def format_number(value: Decimal | int | None, places: int = 2) -> str:
    if value is None or not Decimal(value).is_finite():
        return DASH
    rounded = round_half_up(Decimal(value), places)
    text = f"{rounded:,.{places}f}"  # 1,234.56
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_rupiah(value: Decimal | int | None) -> str:
    return DASH if value is None else f"Rp{format_number(value, 2)}"


def format_plain(value: Decimal | None, places: int = 2) -> str | None:
    """Machine format for JSON/CSV: exactly `places` decimals, half-up, '.' as decimal point."""
    if value is None or not Decimal(value).is_finite():
        return None
    return str(round_half_up(Decimal(value), places))

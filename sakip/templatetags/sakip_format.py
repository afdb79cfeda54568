from decimal import Decimal

from django import template

from sakip.formatting import format_number, format_rupiah
from sakip.scoring import Outcome

register = template.Library()


def _value(value: object) -> Decimal | None:
    if isinstance(value, Outcome):
        return value.value
    if value is None or value == "":
        return None
    return Decimal(str(value))


@register.filter
def idnum(value: object, places: int = 2) -> str:
    """1234.565 -> '1.234,57'; an uncomputable Outcome or None -> '-'."""
    return format_number(_value(value), int(places))


@register.filter
def rupiah(value: object) -> str:
    return format_rupiah(_value(value))


@register.filter
def pct(value: object) -> str:
    number = _value(value)
    return "-" if number is None else f"{format_number(number)}%"


@register.filter
def target_text(value: object, indicator: object) -> str:
    """A target or realisation as shown: the qualitative word where the indicator maps one (4 -> WTP)."""
    number = _value(value)
    label = indicator.label_for(number) if hasattr(indicator, "label_for") else None
    return label or format_number(number)


@register.filter
def reason(outcome: object) -> str:
    """Why an Outcome has no value, in words; empty when it has one."""
    from sakip.labels import REASON_LABELS

    if isinstance(outcome, Outcome) and outcome.reason is not None:
        return str(REASON_LABELS.get(outcome.reason, outcome.reason))
    return ""

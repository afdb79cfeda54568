"""The "Komponen" column of the realisation template: an indicator's component values in one cell,
`EKA=76,65; IKPA=97,35` or `A=61/103; B=3/17` (numerator / denominator), written by the template and read by
the import. The value follows the components (§11): a blank Realisasi takes it, a contradicting one is refused."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from indicators.models import Component, ComponentValue, Indicator
from sakip import scoring
from sakip.numbers import NotANumber, parse_id_number

COLUMNS = ("value", "numerator", "denominator")


def plain(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def cell_text(values: Iterable[ComponentValue]) -> str | None:
    """The cell of one indicator and month, in the components' order; None when nothing is stored."""
    parts = []
    for stored in values:
        if stored.numerator is not None and stored.denominator is not None:
            parts.append(f"{stored.component.code}={plain(stored.numerator)}/{plain(stored.denominator)}")
        elif stored.value is not None:
            parts.append(f"{stored.component.code}={plain(stored.value)}")
    return "; ".join(parts) or None


def cells_for(indicators: Iterable[Indicator]) -> dict[tuple[int, int], str | None]:
    """(indicator id, month) -> cell text, in one query."""
    grouped: dict[tuple[int, int], list[ComponentValue]] = defaultdict(list)
    for stored in (
        ComponentValue.objects.filter(component__indicator__in=list(indicators))
        .select_related("component")
        .order_by("component__order", "component__id")
    ):
        grouped[(stored.component.indicator_id, stored.month)].append(stored)
    return {key: cell_text(values) for key, values in grouped.items()}


def components_of(indicator_ids: Iterable[int]) -> dict[int, dict[str, Component]]:
    """indicator id -> component code (upper case) -> component, in one query."""
    found: dict[int, dict[str, Component]] = defaultdict(dict)
    for component in Component.objects.filter(indicator_id__in=list(indicator_ids)):
        found[component.indicator_id][component.code.upper()] = component
    return found


def parse_cell(text: str, components: dict[str, Component]) -> dict[Component, dict[str, Decimal | None]]:
    """`EKA=76,65; IKPA=97,35` -> {component: {value, numerator, denominator}}; ValueError in Indonesian."""
    if not components:
        raise ValueError(_("indikator ini tidak punya komponen"))
    parsed: dict[Component, dict[str, Decimal | None]] = {}
    for part in (p.strip() for p in str(text).split(";")):
        if not part:
            continue
        code, sep, number = part.partition("=")
        component = components.get(code.strip().upper())
        if not sep or component is None:
            raise ValueError(
                _("«%(part)s»: tulis KODE=nilai, kode salah satu dari %(codes)s")
                % {"part": part, "codes": ", ".join(c.code for c in components.values())}
            )
        try:
            if "/" in number:
                numerator, denominator = (parse_id_number(n.strip()) for n in number.split("/", 1))
                parsed[component] = {"value": None, "numerator": numerator, "denominator": denominator}
            else:
                parsed[component] = {"value": parse_id_number(number.strip()), "numerator": None, "denominator": None}
        except NotANumber:
            raise ValueError(_("«%(part)s»: nilai komponen bukan angka") % {"part": part}) from None
    return parsed


def computed_value(
    indicator: Indicator, month: int, values: dict[Component, dict[str, Decimal | None]]
) -> Decimal | None:
    inputs = [
        scoring.ComponentValue(c.code, c.weight, v["value"], v["numerator"], v["denominator"])
        for c, v in sorted(values.items(), key=lambda item: (item[0].order, item[0].id))
    ]
    return scoring.indicator_value(scoring.Method(indicator.method), inputs, month, indicator.formula).value


def write(month: int, values: dict[Component, dict[str, Any]]) -> int:
    """Store the component values of one month; returns how many rows were created or changed."""
    count = 0
    for component, numbers in values.items():
        stored = ComponentValue.objects.filter(component=component, month=month).first()
        if stored is None:
            ComponentValue.objects.create(component=component, month=month, **numbers)
            count += 1
        elif any(getattr(stored, name) != numbers[name] for name in COLUMNS):
            for name in COLUMNS:
                setattr(stored, name, numbers[name])
            stored.save(update_fields=list(COLUMNS))
            count += 1
    return count


def differs(month: int, values: dict[Component, dict[str, Any]]) -> bool:
    stored = {v.component_id: v for v in ComponentValue.objects.filter(component__in=list(values), month=month)}
    return any(
        c.id not in stored or any(getattr(stored[c.id], n) != numbers[n] for n in COLUMNS)
        for c, numbers in values.items()
    )

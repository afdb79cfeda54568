"""How the Lapkin writes an indicator's calculation from its components (§11), from the snapshot alone:
"Realisasi = 0,6 × EKA + 0,4 × IKPA = 0,6 × 76,65 + 0,4 × 97,35 = 84,93". Only formatting here: every number
comes computed in the snapshot."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sakip.formatting import format_number


def _num(text: str | None) -> str:
    return format_number(Decimal(text)) if text is not None else "-"


def _weight(text: str | None) -> str:
    return (text or "1").replace(".", ",")


def _ratio(item: dict[str, Any]) -> str:
    return f"{format_number(Decimal(item['numerator']), 0) if item['numerator'] else '-'}/" + (
        f"{format_number(Decimal(item['denominator']), 0) if item['denominator'] else '-'}"
    )


def components_line(item: dict[str, Any]) -> str | None:
    """The calculation of one indicator in words and numbers, or None when it has no components entered."""
    parts = item.get("components") or []
    method = item.get("method", "direct")
    if (
        not parts
        or method in ("direct", "staged")
        or not any(p.get("value") is not None or p.get("numerator") is not None for p in parts)
    ):
        return None
    name = item.get("code") or _("Realisasi")
    result = _num(item.get("realisation"))
    if method == "weighted_sum":
        symbols = " + ".join(f"{_weight(p['weight'])} × {p['code']}" for p in parts)
        numbers = " + ".join(f"{_weight(p['weight'])} × {_num(p['value'] or p.get('ratio'))}" for p in parts)
        return f"{name} = {symbols} = {numbers} = {result}"
    if method == "weighted_mean":
        assessed = [p for p in parts if (p["value"] or p.get("ratio")) is not None]
        numbers = " + ".join(f"{_weight(p['weight'])} × {_num(p['value'] or p.get('ratio'))}" for p in assessed)
        weights = " + ".join(_weight(p["weight"]) for p in assessed)
        return f"{name} = ({numbers}) / ({weights}) = {result}"
    if method == "mean_of_ratios":
        assessed = [p for p in parts if p.get("ratio") is not None]
        numbers = " + ".join(f"{_ratio(p)}" for p in assessed)
        text = f"{name} = ({numbers}) / {len(assessed)} = {result}%"
        left_out = [p["code"] for p in parts if p.get("ratio") is None and p.get("numerator") is not None]
        if left_out:
            text += " " + _("(komponen %(codes)s 0/0 tidak dihitung)") % {"codes": ", ".join(left_out)}
        return text
    if method == "ratio":
        part = parts[0]
        return f"{name} = {_ratio(part)} × 100% = {result}%"
    values = "; ".join(f"{p['code']} = {_num(p['value'] or p.get('ratio'))}" for p in parts)
    return f"{name} = {item.get('formula_text') or ''}; {values} → {result}"


def stage_rows(item: dict[str, Any]) -> list[dict[str, str]]:
    """The stage table of a staged programme: stage, weight, completion and contribution (printed as given)."""
    if item.get("method") != "staged":
        return []
    return [
        {
            "name": p["name"],
            "weight": _weight(p["weight"]),
            "completion": _num(p["value"]),
            "contribution": _num(p.get("contribution")),
        }
        for p in item.get("components") or []
    ]

"""The "Metode" and "Definisi komponen" columns of the PK + RAPK template: how an indicator's value is computed
(SAKIP_DOMAIN.md §11) and its components, `EKA|0,6|EKA (SMART DJA); IKPA|0,4|IKPA (OMSPAN)` — code, weight
(blank: none), name, and `rasio` when the component is a numerator / denominator."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from indicators.imports.components import plain
from indicators.imports.parsing import normalise
from indicators.models import Component, Indicator
from sakip import scoring
from sakip.numbers import NotANumber, parse_id_number

METHOD_WORDS = {
    scoring.Method.DIRECT.value: ("Langsung", "direct"),
    scoring.Method.RATIO.value: ("Rasio", "ratio"),
    scoring.Method.MEAN_OF_RATIOS.value: ("Rata-rata rasio komponen", "mean_of_ratios"),
    scoring.Method.WEIGHTED_SUM.value: ("Jumlah berbobot", "weighted_sum"),
    scoring.Method.WEIGHTED_MEAN.value: ("Rata-rata berbobot", "weighted_mean", "konversi bobot"),
    scoring.Method.STAGED.value: ("Program bertahap", "staged"),
    scoring.Method.FORMULA.value: ("Rumus", "formula"),
}
RATIO_FLAG = "rasio"


@dataclass(frozen=True)
class ComponentSpec:
    code: str
    weight: Decimal | None
    name: str
    uses_ratio: bool


def method_text(indicator: Indicator) -> str:
    word = METHOD_WORDS[indicator.method][0]
    return f"{word}: {indicator.formula}" if indicator.method == scoring.Method.FORMULA else word


def parse_method(text: str) -> tuple[str, str]:
    """'Jumlah berbobot' -> ('weighted_sum', ''); 'Rumus: penindakan' -> ('formula', 'penindakan')."""
    head, _sep, name = str(text).partition(":")
    for method, words in METHOD_WORDS.items():
        if normalise(head) in {normalise(w) for w in words}:
            if method == scoring.Method.FORMULA:
                name = name.strip()
                if name not in scoring.FORMULAS:
                    raise ValueError(
                        _("rumus «%(name)s» tidak dikenal; pilihan: %(names)s")
                        % {"name": name, "names": ", ".join(sorted(scoring.FORMULAS))}
                    )
                return method, name
            return method, ""
    raise ValueError(
        _("metode «%(text)s» tidak dikenal; pilihan: %(words)s")
        % {"text": text, "words": ", ".join(words[0] for words in METHOD_WORDS.values())}
    )


def components_text(components: list[Component]) -> str | None:
    parts = []
    for c in components:
        fields = [c.code, plain(c.weight) if c.weight is not None else "", c.name]
        if c.uses_ratio:
            fields.append(RATIO_FLAG)
        parts.append("|".join(fields))
    return "; ".join(parts) or None


def parse_components(text: str) -> list[ComponentSpec]:
    specs = []
    for part in (p.strip() for p in str(text).split(";")):
        if not part:
            continue
        fields = [f.strip() for f in part.split("|")]
        if len(fields) < 3 or not fields[0] or len(fields) > 4 or (len(fields) == 4 and fields[3] != RATIO_FLAG):
            raise ValueError(_("«%(part)s»: tulis KODE|bobot|nama atau KODE|bobot|nama|rasio") % {"part": part})
        try:
            weight = parse_id_number(fields[1]) if fields[1] else None
        except NotANumber:
            raise ValueError(_("«%(part)s»: bobot bukan angka") % {"part": part}) from None
        specs.append(ComponentSpec(fields[0], weight, fields[2], len(fields) == 4))
    return specs


def sync_components(indicator: Indicator, specs: list[ComponentSpec]) -> int:
    """Create or update the indicator's components by code (never deletes: their values are kept)."""
    changed = 0
    existing = {c.code: c for c in indicator.components.all()}
    for order, spec in enumerate(specs, start=1):
        values: dict[str, Any] = {
            "order": order,
            "weight": spec.weight,
            "name": spec.name,
            "uses_ratio": spec.uses_ratio,
        }
        current = existing.get(spec.code)
        if current is None:
            Component.objects.create(indicator=indicator, code=spec.code, **values)
            changed += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save(update_fields=list(values))
            changed += 1
    return changed


def differs(existing: dict[str, Component], specs: list[ComponentSpec]) -> bool:
    """Whether `specs` add or change a component of `existing` (by code)."""
    return any(
        spec.code not in existing
        or (existing[spec.code].weight, existing[spec.code].name, existing[spec.code].uses_ratio)
        != (spec.weight, spec.name, spec.uses_ratio)
        for spec in specs
    )

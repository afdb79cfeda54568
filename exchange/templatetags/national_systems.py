"""`{% national_systems as systems %}`: (code, name) of the national systems a quarter can be exported for."""

from django import template

from exchange.layouts import LAYOUTS

register = template.Library()


@register.simple_tag
def national_systems() -> list[tuple[str, str]]:
    return [(layout.system, layout.name) for layout in LAYOUTS.values()]

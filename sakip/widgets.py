"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms


class IsoDateInput(forms.DateInput):
    """A browser date picker. `<input type="date">` reads only yyyy-mm-dd: the Indonesian locale's format
    (dd-mm-yyyy) would leave it empty, and the form silently unsubmittable."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")

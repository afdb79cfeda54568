"""Build the POST a browser would send for a month's entry page, with some fields changed."""

from __future__ import annotations

from typing import Any

from indicators.month import initial_for, load_month
from sakip.models import OrgUnit


def entry_post(
    code: str,
    year: int,
    month: int,
    changes: dict[str, dict[str, Any]],
    action: str = "save",
    complete: bool = False,
) -> dict:
    """The page's prefilled values for every shown indicator, with `changes` keyed by indicator code.

    `complete`: every due indicator not in `changes` gets its month's target as value (hijau, so that the
    month can be submitted), or "akhir tahun" when it has no target.
    """
    entry = load_month(OrgUnit.objects.get(code=code), year, month)
    data: dict[str, Any] = {"action": action}
    for row in entry.rows:
        prefix = f"i{row.indicator.id}"
        values = {"state": "", "value": "", "numerator": "", "denominator": "", "analysis": "", "kendala": "",
                  "rtl": "", "rtl_status": "", "activities": ""}  # fmt: skip
        values.update({k: v for k, v in initial_for(row).items() if v is not None})
        if complete and row.due and row.indicator.code not in changes:
            if row.target is None:
                values.update(state="year_end", value="")
            else:
                values.update(state="number", value=str(row.target).replace(".", ","), numerator="", denominator="")
        values.update(changes.get(row.indicator.code, {}))
        data.update({f"{prefix}-{name}": value for name, value in values.items()})
    return data


def submit_post(code: str, year: int, month: int, revision: int | None = None) -> dict[str, Any]:
    """The confirmation form's POST (month-submit)."""
    return {} if revision is None else {"revision": revision}

"""A month through the API, by the entry page's own path: the same forms validate what is sent (numbers,
decimals, scale, states), `indicators.entry.save_month` writes all rows or none (month editable, revisions,
audit), `indicators.workflow` submits and reviews."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from rest_framework import serializers

from indicators.entry import save_month
from indicators.forms import component_fields
from indicators.models import Component, ComponentValue, MonthStatus, Realisation
from indicators.month import NARRATIVE_FIELDS, EntryRow, MonthEntry, attach_forms, initial_for, load_month, validate
from indicators.workflow import deadline_for
from sakip.formatting import format_plain
from sakip.models import OrgUnit

_DECIMAL_POINT = re.compile(r"^\s*[+-]?[0-9]*\.?[0-9]+\s*$")
FORM_FIELDS = ("state", "value", "numerator", "denominator", *NARRATIVE_FIELDS)
NUMBER_FIELDS = ("value", "numerator", "denominator")


def form_text(value: object) -> str:
    """What the planner would type for a number the API received: "61.11" -> "61,11" (the form reads the
    Indonesian way, where "1.234" is a thousand); words ("WTP") and empty values pass as they are."""
    if value is None:
        return ""
    text = str(value)
    return text.strip().replace(".", ",") if _DECIMAL_POINT.match(text) else text


def _stored(row: EntryRow) -> dict[str, object]:
    """The form's data for what is stored now (a new row starts empty: no prefill from last month)."""
    if row.current is None:
        return {"state": Realisation.State.NOT_ENTERED}
    return {name: value for name, value in initial_for(row).items() if name != "revision"}


def _as_stored(row: EntryRow, month: int) -> EntryRow:
    """The row without last month's prefill (realisation and component values): the form then compares what
    is sent with what the month holds, so that numbers equal to last month's still count as entered."""
    this_month = {cid: stored for cid, stored in row.component_values.items() if stored.month == month}
    return replace(row, previous=None, component_values=this_month)


def save_realisations(
    user: User, unit: OrgUnit, year: int, month: int, items: list[dict[str, Any]]
) -> dict[int, Realisation]:
    """Validate every item with the entry form and save them all, or raise ValidationError naming the fields
    (nothing is written). Conflict / TransitionError come from the service as for the page."""
    entry = load_month(unit, year, month, show_all=True)
    rows = {row.indicator.id: _as_stored(row, month) for row in entry.rows}
    errors: list[dict[str, Any]] = []
    chosen: list[EntryRow] = []
    data: dict[str, object] = {}
    for item in items:
        row = rows.get(item["indicator"])
        if row is None:
            errors.append({"indicator": [_("Indikator ini tidak ada dalam PK yang berlaku untuk unit dan tahun ini.")]})
            continue
        if row in chosen:
            errors.append({"indicator": [_("Indikator ini dikirim dua kali.")]})
            continue
        chosen.append(row)
        values = _stored(row)
        values.update({name: item[name] for name in FORM_FIELDS if name in item})
        sent, component_errors = component_form_data(row, item.get("components", {}))
        errors.append({"components": component_errors} if component_errors else {})
        values.update(sent)
        prefix = f"i{row.indicator.id}"
        for name, value in values.items():
            text = form_text(value) if name in NUMBER_FIELDS or name in sent else value
            data[f"{prefix}-{name}"] = "" if text is None else text
        data[f"{prefix}-revision"] = str(item["revision"])
    if any(errors):
        raise serializers.ValidationError({"realisations": errors})
    month_entry = replace(entry, rows=chosen)
    attach_forms(month_entry, data)
    if not validate(month_entry):
        by_row = {row.indicator.id: row for row in chosen}
        errors = [_form_errors(by_row[item["indicator"]]) for item in items]
        raise serializers.ValidationError({"realisations": errors})
    # Rows sent as they are stored are left alone (the API sends no files: the evidence field never changes).
    month_entry.rows = [row for row in chosen if row.current is None or set(row.form.changed_data) - {"evidence"}]  # type: ignore[union-attr]
    saved = save_month(user, month_entry, source="api")
    stored = _component_values([c for indicator_id in saved for c in rows[indicator_id].components], month)
    for indicator_id, realisation in saved.items():  # for the answer: unit, year, components without a query per row
        realisation.indicator = rows[indicator_id].indicator
        realisation.indicator.goal.unit = unit
        realisation.components_of_month = {c: stored.get(c.id) for c in rows[indicator_id].components}  # type: ignore[attr-defined]
    return saved


def component_form_data(row: EntryRow, sent: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The entry form's component fields (k<id>, k<id>_num, k<id>_den) for the numbers sent by component code,
    and the errors of codes the indicator does not have or numbers a component does not take."""
    by_code = {component.code: component for component in row.components}
    data: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for code, numbers in sent.items():
        component = by_code.get(code)
        if component is None:
            errors[code] = [
                _("Indikator ini tidak punya komponen %(code)s (komponennya: %(codes)s).")
                % {"code": code, "codes": ", ".join(by_code) or "-"}
            ]
            continue
        fields = _field_names(component)
        wrong = {
            column: [
                _("Komponen ini diisi dengan pembilang dan penyebut.")
                if component.uses_ratio
                else _("Komponen ini diisi dengan satu nilai (value).")
            ]
            for column in numbers
            if column not in fields
        }
        if wrong:
            errors[code] = wrong
        data.update({fields[column]: number for column, number in numbers.items() if column in fields})
    return data, errors


def _field_names(component: Component) -> dict[str, str]:
    """API column -> the entry form's field name of one component."""
    names = [name for name, _label in component_fields(component)]
    return dict(zip(("numerator", "denominator"), names, strict=True)) if component.uses_ratio else {"value": names[0]}


def _component_values(components: list[Component], month: int) -> dict[int, ComponentValue]:
    return {v.component_id: v for v in ComponentValue.objects.filter(component__in=components, month=month)}


def _form_errors(row: EntryRow) -> dict[str, Any]:
    """The form's errors under the API's names; a component's under components -> its code -> its column."""
    form = row.form
    assert form is not None
    columns = {name: (c.code, column) for c in row.components for column, name in _field_names(c).items()}
    errors: dict[str, Any] = {}
    for name, messages in form.errors.items():
        texts = [str(e) for e in messages]
        if name in columns:
            code, column = columns[name]
            errors.setdefault("components", {}).setdefault(code, {})[column] = texts
        else:
            errors["non_field_errors" if name == "__all__" else name] = texts
    return errors


def month_head(unit: OrgUnit, year: int, month: int, status: MonthStatus | None) -> dict[str, Any]:
    return {
        "unit": unit.code,
        "year": year,
        "month": month,
        "state": status.state if status else "not_started",
        "revision": status.revision if status else 0,
        "deadline": status.deadline if status else deadline_for(year, month),
        "editable": status is None or status.editable,
    }


def month_data(entry: MonthEntry) -> dict[str, Any]:
    for row in entry.rows:  # the serializer reads unit, year and components through the rows already loaded
        row.indicator.goal.unit = entry.unit
        if row.current is not None:
            row.current.indicator = row.indicator
            row.current.components_of_month = {  # type: ignore[attr-defined]
                c: stored if (stored := row.component_values.get(c.id)) and stored.month == entry.month else None
                for c in row.components
            }
    return {
        **month_head(entry.unit, entry.year, entry.month, entry.status),
        "rows": [
            {
                "indicator": row.indicator.id,
                "number": row.indicator.number,
                "name": row.indicator.name,
                "due": row.due,
                "target": row.target,
                "annual_target": row.annual_target,
                "capaian": format_plain(row.capaian.value),
                "capaian_reason": row.capaian.reason.value if row.capaian.reason else None,
                "criterion": row.criterion.label,
                "colour": row.criterion.colour,
            }
            | ({"realisation": row.current} if row.current is not None else {})
            for row in entry.rows
        ],
    }

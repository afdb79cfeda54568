"""Saving realisations: a month's changed rows all together or none, through the one service that the entry
page, its autosave and the Django admin share (month editable, optimistic concurrency, revision, audit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.forms import EVIDENCE_TYPES, component_fields
from indicators.models import Component, ComponentValue, Evidence, Indicator, Realisation
from indicators.month import NARRATIVE_FIELDS, EntryRow, MonthEntry
from indicators.quality import refresh_warnings
from indicators.workflow import editable_status, period_label
from sakip.audit import record_event
from sakip.models import OrgUnit
from sakip.uploads import fit_file_name
from sakip.validation import max_length

VALUE_FIELDS = ("state", "value", "numerator", "denominator", *NARRATIVE_FIELDS)


class Conflict(Exception):
    """Someone else saved one of these realisations since the form was shown; nothing was written."""

    def __init__(self, rows: dict[int, Realisation]) -> None:
        super().__init__("conflict")
        self.rows = rows  # indicator id -> the realisation as it is now


@dataclass
class RowChange:
    """New values of one indicator's realisation, made on the revision the editor saw."""

    indicator: Indicator
    revision: int
    values: dict[str, Any]
    uploads: Sequence[UploadedFile] = field(default_factory=list)
    components: dict[Component, dict[str, Any]] = field(default_factory=dict)  # value, numerator, denominator


def rows_to_save(entry: MonthEntry) -> list[EntryRow]:
    """Rows the planner changed, and rows not yet entered this month that now hold something (saving a
    prefilled row accepts the prefill)."""
    chosen = []
    for row in entry.rows:
        form = row.form
        assert form is not None
        state = form.cleaned_data.get("state")
        if row.current is None:
            if state != Realisation.State.NOT_ENTERED:
                chosen.append(row)
        elif form.has_changed():
            chosen.append(row)
    return chosen


def save_month(user: User, entry: MonthEntry, source: str = "form") -> dict[int, Realisation]:
    """Save the validated forms of every changed row, or none of them."""
    changes = []
    for row in rows_to_save(entry):
        data = row.form.cleaned_data  # type: ignore[union-attr]
        values = {name: data.get(name, "") for name in VALUE_FIELDS}
        components = {component: component_values(component, data) for component in row.components}
        changes.append(RowChange(row.indicator, data["revision"], values, data.get("evidence", []), components))
    return save_changes(user, entry.unit, entry.year, entry.month, changes, source=source)


def component_values(component: Component, data: dict[str, Any]) -> dict[str, Any]:
    """A component's cleaned numbers from a form's data: value, numerator, denominator (None when blank)."""
    names = dict(
        zip(("numerator", "denominator"), (name for name, _label in component_fields(component)), strict=False)
    )
    if not component.uses_ratio:
        names = {"value": f"k{component.id}"}
    numbers: dict[str, Any] = {"value": None, "numerator": None, "denominator": None}
    numbers.update({column: data.get(name) for column, name in names.items()})
    return numbers


def locked_realisations(changes: Sequence[RowChange], month: int) -> dict[int, Realisation]:
    """The stored rows the changes touch, locked; Conflict if any moved since its editor saw it."""
    locked = {
        r.indicator_id: r
        for r in Realisation.objects.select_for_update().filter(
            indicator__in=[change.indicator.id for change in changes], month=month
        )
    }
    conflicts = {
        change.indicator.id: locked[change.indicator.id]
        for change in changes
        if (locked[change.indicator.id].revision if change.indicator.id in locked else 0) != change.revision
    }
    if conflicts:
        raise Conflict(conflicts)
    return locked


@transaction.atomic
def save_changes(
    user: User,
    unit: OrgUnit,
    year: int,
    month: int,
    changes: Sequence[RowChange],
    source: str = "form",
) -> dict[int, Realisation]:
    """Write every change or none: the month must be editable and no row may have moved underneath."""
    status = editable_status(unit, year, month)
    assert status is not None  # started
    locked = locked_realisations(changes, month)
    saved = _write_all(user, changes, locked, month)
    if changes:
        refresh_warnings(status)
        components = {  # the component values saved, by indicator number and component code
            change.indicator.number: {
                component.code: {k: str(v) for k, v in numbers.items() if v is not None}
                for component, numbers in change.components.items()
            }
            for change in changes
            if change.components
        }
        record_event(
            user,
            "month.save",
            unit=unit,
            obj=status,
            period=period_label(year, month),
            indicators=[change.indicator.number for change in changes],
            **({"components": components} if components else {}),
            source=source,
        )
    return saved


def _write_all(
    user: User, changes: Sequence[RowChange], locked: dict[int, Realisation], month: int
) -> dict[int, Realisation]:
    """Every change in a fixed number of statements however many rows (one bulk insert and one bulk update, each
    with its history rows), then the evidence files."""
    now = timezone.now()
    new: list[Realisation] = []
    existing: list[Realisation] = []
    for change in changes:
        realisation = locked.get(change.indicator.id) or Realisation(indicator=change.indicator, month=month)
        for name, value in change.values.items():
            setattr(realisation, name, value)
        realisation.revision += 1
        realisation.updated_by = user
        realisation.updated_at = now
        (existing if realisation.pk else new).append(realisation)
    if new:
        bulk_create_with_history(new, Realisation, default_user=user, default_date=now)
    if existing:
        fields = [*VALUE_FIELDS, "revision", "updated_by", "updated_at"]
        bulk_update_with_history(existing, Realisation, fields, default_user=user, default_date=now)
    saved = {realisation.indicator_id: realisation for realisation in [*new, *existing]}
    _write_components(changes, month)
    for change in changes:
        for upload in change.uploads:
            extension = (upload.name or "").rsplit(".", 1)[-1].lower()
            Evidence.objects.create(
                realisation=saved[change.indicator.id],
                file=upload,
                original_name=fit_file_name(upload.name or "", max_length(Evidence, "original_name")),
                content_type=EVIDENCE_TYPES[extension],
                size=upload.size or 0,
                uploaded_by=user,
            )
    return {change.indicator.id: saved[change.indicator.id] for change in changes}


def _write_components(changes: Sequence[RowChange], month: int) -> None:
    """The component values of the changed rows (SAKIP_DOMAIN.md §11), each with its history."""
    for change in changes:
        for component, numbers in change.components.items():
            stored = ComponentValue.objects.filter(component=component, month=month).first()
            if stored is None:
                if any(v is not None for v in numbers.values()):
                    ComponentValue.objects.create(component=component, month=month, **numbers)
            elif any(getattr(stored, k) != v for k, v in numbers.items()):
                for k, v in numbers.items():
                    setattr(stored, k, v)
                stored.save(update_fields=list(numbers))

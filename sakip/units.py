"""The unit tree of a date: master data versions (UnitVersion) applied on top of the units' own rows.

Reports of a past period use the tree in force at the period's end: a Loka that became a Balai on
24 October 2023 is a Loka in the 2023 TW II figures and a Balai from 2023 TW IV on. Two queries whatever
the number of units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from sakip.audit import record_event
from sakip.models import BUDGET_GROUPS, OrgUnit, UnitVersion

VERSIONED_FIELDS = ("name", "kind", "group", "parent", "city", "province")


@dataclass(frozen=True)
class UnitState:
    """A unit as it stood on a date."""

    id: int
    code: str
    name: str
    kind: str
    group: str
    parent_id: int | None
    city: str
    province: str

    @property
    def budget_group(self) -> str | None:
        """central / balai / loka (Balai Besar and Balai together, as Bab 12 groups them); None: no satker."""
        return BUDGET_GROUPS.get(self.group)


def period_end(year: int, quarter: int) -> dt.date:
    month = 3 * quarter
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def tree_as_of(date: dt.date) -> dict[int, UnitState]:
    """Every unit by id, with the master data in force on `date` (the earliest version before its date)."""
    states = {
        unit.id: UnitState(
            unit.id, unit.code, unit.name, unit.kind, unit.group, unit.parent_id, unit.city, unit.province
        )
        for unit in OrgUnit.objects.all()
    }
    chosen: dict[int, UnitVersion] = {}
    for version in UnitVersion.objects.order_by("unit_id", "valid_from"):
        if version.unit_id not in chosen or version.valid_from <= date:
            chosen[version.unit_id] = version
    for unit_id, version in chosen.items():
        states[unit_id] = replace(
            states[unit_id],
            name=version.name,
            kind=version.kind,
            group=version.group,
            parent_id=version.parent_id,
            city=version.city,
            province=version.province,
        )
    return states


def ancestors(states: dict[int, UnitState], unit_id: int) -> list[int]:
    """The unit's parents up to the root, nearest first, in the given tree."""
    chain: list[int] = []
    parent = states[unit_id].parent_id
    while parent is not None and parent not in chain:
        chain.append(parent)
        parent = states[parent].parent_id if parent in states else None
    return chain


def record_unit_change(
    user: Any, unit: OrgUnit, valid_from: dt.date, *, source: str = "", **changes: Any
) -> UnitVersion:
    """A new master data version of `unit` from `valid_from` (e.g. a Loka becoming a Balai). Fields not given
    keep the values of the version in force just before. The unit's own row follows when the date has come."""
    unknown = set(changes) - set(VERSIONED_FIELDS)
    if unknown:
        raise ValueError(f"not versioned: {sorted(unknown)}")
    with transaction.atomic():
        if not unit.versions.exists():  # keep what the unit was until now: it stands for the time before
            UnitVersion.objects.create(
                unit=unit,
                valid_from=valid_from - dt.timedelta(days=1),
                **{name: getattr(unit, name) for name in VERSIONED_FIELDS},
                source="",
            )
        before = unit.versions.filter(valid_from__lt=valid_from).order_by("-valid_from").first()
        values = {name: getattr(before or unit, name) for name in VERSIONED_FIELDS}
        values.update(changes)
        version, _ = UnitVersion.objects.update_or_create(
            unit=unit, valid_from=valid_from, defaults={**values, "source": source}
        )
        in_force = unit.versions.filter(valid_from__lte=timezone.localdate()).order_by("-valid_from").first()
        if in_force is not None:  # the unit's own row holds the version in force today
            for name in VERSIONED_FIELDS:
                setattr(unit, name, getattr(in_force, name))
            unit.save(update_fields=list(VERSIONED_FIELDS))
        record_event(
            user,
            "unit.change",
            unit=unit,
            obj=version,
            valid_from=valid_from.isoformat(),
            changes={name: str(value.pk if hasattr(value, "pk") else value) for name, value in changes.items()},
            source=source,
        )
    return version

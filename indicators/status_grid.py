"""The unit head's overview: units of the subtree x months, with each month's workflow status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _

from indicators.models import MonthStatus, PerformanceAgreement
from indicators.workflow import is_late
from sakip.access import visible_units
from sakip.models import OrgUnit

NOT_STARTED = "not_started"
STATE_LABELS = {NOT_STARTED: _("Belum mulai"), **dict(MonthStatus.State.choices)}


@dataclass
class Cell:
    month: int
    state: str
    late: bool

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class GridRow:
    unit: OrgUnit
    cells: list[Cell]


@dataclass
class Grid:
    year: int | None
    years: list[int]
    rows: list[GridRow]


def build_grid(user: AbstractBaseUser | AnonymousUser, year: int | None, today: dt.date) -> Grid:
    units = list(visible_units(user).order_by("code"))
    years = sorted(
        set(PerformanceAgreement.objects.filter(unit__in=units).values_list("year", flat=True)), reverse=True
    )
    if year is None:
        year = years[0] if years else today.year
    statuses = {(s.unit_id, s.month): s for s in MonthStatus.objects.filter(unit__in=units, year=year)}
    rows = []
    for unit in units:
        cells = []
        for month in range(1, 13):
            status = statuses.get((unit.id, month))
            cells.append(Cell(month, status.state if status else NOT_STARTED, is_late(status, year, month, today)))
        rows.append(GridRow(unit, cells))
    return Grid(year, years, rows)

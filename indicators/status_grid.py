"""The unit head's overview: units of the subtree x months, with each month's workflow status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext_lazy as _

from indicators.due import due_months
from indicators.models import MonthStatus, PerformanceAgreement
from indicators.workflow import is_late
from sakip.access import visible_units
from sakip.models import OrgUnit

NOT_STARTED = "not_started"
NOT_DUE = "not_due"
STATE_LABELS = {NOT_STARTED: _("Belum mulai"), NOT_DUE: _("Tidak wajib"), **dict(MonthStatus.State.choices)}
STATE_HINTS = {
    NOT_STARTED: _("belum ada isian"),
    NOT_DUE: _("tidak ada indikator yang wajib diisi bulan ini"),
    MonthStatus.State.DRAFT: _("sedang diisi perencana"),
    MonthStatus.State.SUBMITTED: _("menunggu reviu kepala unit"),
    MonthStatus.State.RETURNED: _("dikembalikan ke perencana untuk diperbaiki"),
    MonthStatus.State.APPROVED: _("disetujui kepala unit, belum dikunci"),
    MonthStatus.State.LOCKED: _("dikunci admin; hanya dapat dibuka kembali dengan alasan"),
}
OPEN_WORK = (MonthStatus.State.DRAFT, MonthStatus.State.SUBMITTED, MonthStatus.State.RETURNED)


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
    has_agreement: bool
    cells: list[Cell]


@dataclass
class Grid:
    year: int | None
    years: list[int]
    rows: list[GridRow]

    @property
    def legend(self) -> list[tuple[str, str, str]]:
        return [(state, str(STATE_LABELS[state]), str(STATE_HINTS[state])) for state in STATE_HINTS]


def _default_year(units: list[OrgUnit], years: list[int], today: dt.date) -> int:
    """The newest year with work in progress (a draft, a submitted or a returned month), else the newest."""
    busy = MonthStatus.objects.filter(unit__in=units, year__in=years, state__in=OPEN_WORK).order_by("-year")
    year = busy.values_list("year", flat=True).first()
    return year or (years[0] if years else today.year)


def build_grid(user: User | AnonymousUser, year: int | None, today: dt.date) -> Grid:
    units = list(visible_units(user).order_by("code"))
    agreements = PerformanceAgreement.objects.filter(unit__in=units, in_force=True)
    years = sorted(set(agreements.values_list("year", flat=True)), reverse=True)
    if year is None:
        year = _default_year(units, years, today)
    due = due_months(agreements.filter(year=year))
    statuses = {(s.unit_id, s.month): s for s in MonthStatus.objects.filter(unit__in=units, year=year)}
    rows = []
    for unit in units:
        months_due = due.get((unit.id, year))
        cells = []
        for month in range(1, 13):
            status = statuses.get((unit.id, month))
            is_due = months_due is not None and month in months_due
            state = status.state if status else NOT_STARTED if is_due else NOT_DUE
            late = is_due and is_late(status, year, month, today)
            cells.append(Cell(month, state, late))
        rows.append(GridRow(unit, months_due is not None, cells))
    return Grid(year, years, rows)

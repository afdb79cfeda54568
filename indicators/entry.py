"""The planner's monthly entry: which indicators are due, their prefill, and saving them all-or-nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from indicators.forms import EVIDENCE_TYPES, RealisationForm
from indicators.models import (
    AgreementTarget,
    Evidence,
    Indicator,
    MonthlyTarget,
    MonthStatus,
    PerformanceAgreement,
    Realisation,
    ReviewComment,
)
from indicators.workflow import TransitionError, get_or_start, period_label
from sakip import scoring
from sakip.audit import record_event
from sakip.models import OrgUnit, ScoringPolicy

NARRATIVE_FIELDS = ("analysis", "kendala", "rtl", "rtl_status", "activities")


@dataclass
class EntryRow:
    indicator: Indicator
    target: Decimal | None
    annual_target: Decimal | None
    current: Realisation | None
    previous: Realisation | None
    comments: list[ReviewComment] = field(default_factory=list)
    form: RealisationForm | None = None

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.current.evidence.all()) if self.current else []


@dataclass
class MonthEntry:
    unit: OrgUnit
    year: int
    month: int
    agreement: PerformanceAgreement | None
    status: MonthStatus | None
    criteria: tuple[scoring.Band, ...]
    rows: list[EntryRow]
    hidden: int  # indicators not due this month, left out unless asked for


class Conflict(Exception):
    """Someone else saved one of these realisations since the form was shown; nothing was written."""

    def __init__(self, rows: dict[int, Realisation]) -> None:
        super().__init__("conflict")
        self.rows = rows  # indicator id -> the realisation as it is now


def is_due(indicator: Indicator, month: int, target: Decimal | None) -> bool:
    if target is not None:
        return True
    if indicator.schedule == Indicator.Schedule.MONTHLY:
        return True
    if indicator.schedule == Indicator.Schedule.QUARTERLY:
        return month % 3 == 0
    return month == 12


def load_month(unit: OrgUnit, year: int, month: int, show_all: bool = False) -> MonthEntry:
    """Every query the entry page needs, a fixed number whatever the number of indicators."""
    agreement = PerformanceAgreement.objects.filter(unit=unit, year=year, in_force=True).first()
    status = MonthStatus.objects.filter(unit=unit, year=year, month=month).first()
    policy = ScoringPolicy.objects.filter(unit=unit, year=year).prefetch_related("criteria").first()
    criteria = policy.criteria_bands() if policy else scoring.DEFAULT_CRITERIA
    if agreement is None:
        return MonthEntry(unit, year, month, None, status, criteria, [], 0)
    targets = list(
        AgreementTarget.objects.filter(agreement=agreement)
        .select_related("indicator__goal")
        .order_by("indicator__goal__number", "indicator__number")
    )
    monthly = {m.indicator_id: m.value for m in MonthlyTarget.objects.filter(agreement=agreement, month=month)}
    realisations = (
        Realisation.objects.filter(indicator__in=[t.indicator_id for t in targets], month__lte=month)
        .exclude(state=Realisation.State.NOT_ENTERED, month__lt=month)
        .select_related("updated_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by")))
        .order_by("month")
    )
    current: dict[int, Realisation] = {}
    previous: dict[int, Realisation] = {}
    for realisation in realisations:
        (current if realisation.month == month else previous)[realisation.indicator_id] = realisation
    comments: dict[int, list[ReviewComment]] = defaultdict(list)
    if status is not None:
        for comment in status.comments.filter(resolved=False).select_related("author"):
            comments[comment.indicator_id].append(comment)
    rows = []
    hidden = 0
    for target in targets:
        indicator = target.indicator
        month_target = monthly.get(indicator.id)
        due = is_due(indicator, month, month_target) or indicator.id in current
        if not due and not show_all:
            hidden += 1
            continue
        rows.append(
            EntryRow(
                indicator=indicator,
                target=month_target,
                annual_target=target.annual_target,
                current=current.get(indicator.id),
                previous=previous.get(indicator.id),
                comments=comments.get(indicator.id, []),
            )
        )
    return MonthEntry(unit, year, month, agreement, status, criteria, rows, hidden)


def initial_for(row: EntryRow) -> dict[str, object]:
    """This month's entry, or else last month's cumulative value and state as the starting point."""
    source = row.current or row.previous
    initial: dict[str, object] = {"revision": row.current.revision if row.current else 0}
    if source is None:
        initial["state"] = (
            Realisation.State.YEAR_END
            if row.indicator.schedule == Indicator.Schedule.YEAR_END and row.target is None
            else Realisation.State.NOT_ENTERED  # typing a value makes it a number (RealisationForm.clean)
        )
        return initial
    initial["state"] = source.state
    if source.value is not None:
        initial["value"] = _plain(source.value, row.indicator)
    for name in ("numerator", "denominator"):
        number = getattr(source, name)
        if number is not None:
            initial[name] = _plain(number, row.indicator)
    if row.current:
        initial.update({name: getattr(row.current, name) for name in NARRATIVE_FIELDS})
    return initial


def _plain(value: Decimal, indicator: Indicator) -> str:
    """Value as the planner would type it: Indonesian decimal comma, no trailing zeros."""
    label = indicator.label_for(value)
    if label:
        return label
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def attach_forms(entry: MonthEntry, data: object = None, files: object = None) -> None:
    for row in entry.rows:
        row.form = RealisationForm(
            data,
            files,
            prefix=f"i{row.indicator.id}",
            initial=initial_for(row),
            indicator=row.indicator,
            target=row.target,
            criteria=entry.criteria,
        )


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


@transaction.atomic
def save_month(user: AbstractBaseUser, entry: MonthEntry) -> int:
    """Save every changed row or none: the month must be editable and no row may have moved underneath."""
    status = get_or_start(entry.unit, entry.year, entry.month)
    if not status.editable:
        raise TransitionError(
            _("Bulan ini berstatus %(state)s dan tidak dapat diubah.") % {"state": status.get_state_display()}
        )
    rows = rows_to_save(entry)
    locked = {
        r.indicator_id: r
        for r in Realisation.objects.select_for_update().filter(
            indicator__in=[row.indicator.id for row in rows], month=entry.month
        )
    }
    conflicts = {
        row.indicator.id: locked[row.indicator.id]
        for row in rows
        if (locked[row.indicator.id].revision if row.indicator.id in locked else 0) != row.form.cleaned_data["revision"]  # type: ignore[union-attr]
    }
    if conflicts:
        raise Conflict(conflicts)
    for row in rows:
        _save_row(user, row, locked.get(row.indicator.id), entry.month)
    if rows:
        record_event(
            user,
            "month.save",
            unit=entry.unit,
            obj=status,
            period=period_label(entry.year, entry.month),
            indicators=[row.indicator.number for row in rows],
        )
    return len(rows)


def _save_row(user: AbstractBaseUser, row: EntryRow, realisation: Realisation | None, month: int) -> None:
    data = row.form.cleaned_data  # type: ignore[union-attr]
    if realisation is None:
        realisation = Realisation(indicator=row.indicator, month=month)
    realisation.state = data["state"]
    realisation.value = data["value"]
    realisation.numerator = data["numerator"]
    realisation.denominator = data["denominator"]
    for name in NARRATIVE_FIELDS:
        setattr(realisation, name, data.get(name, ""))
    realisation.revision += 1
    realisation.updated_by = user  # type: ignore[assignment]
    realisation.save()
    for upload in data.get("evidence", []):
        extension = upload.name.rsplit(".", 1)[-1].lower()
        Evidence.objects.create(
            realisation=realisation,
            file=upload,
            original_name=upload.name[:200],
            content_type=EVIDENCE_TYPES[extension],
            size=upload.size,
            uploaded_by=user,
        )

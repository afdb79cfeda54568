"""One unit's month as the entry page shows it: the indicators due, their stored state and capaian, the
prefill of the planner's form, and what is still missing before the month can be submitted."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from indicators.forms import RealisationForm, is_percentage
from indicators.models import (
    AgreementTarget,
    Component,
    ComponentValue,
    Evidence,
    Indicator,
    MonthlyTarget,
    MonthStatus,
    PerformanceAgreement,
    QualityWarning,
    Realisation,
    ReviewComment,
)
from sakip import scoring
from sakip.models import OrgUnit, ScoringPolicy

NARRATIVE_FIELDS = ("analysis", "kendala", "rtl", "rtl_status", "activities")
WARNING_COLOURS = {"yellow", "red"}


@dataclass
class EntryRow:
    indicator: Indicator
    target: Decimal | None
    annual_target: Decimal | None
    current: Realisation | None
    previous: Realisation | None
    due: bool
    capaian: scoring.Outcome = scoring.Outcome.missing(scoring.Reason.NOT_ENTERED)
    criterion: scoring.Band = scoring.NOT_DETERMINED
    prefilled: bool = False  # the capaian shown is of last month's value, not yet saved for this month
    missing: list[str] = field(default_factory=list)  # what keeps the month from being submitted (when asked)
    comments: list[ReviewComment] = field(default_factory=list)
    form: RealisationForm | None = None
    usual: list[Decimal] = field(default_factory=list)  # the year's targets and earlier values (data checks)
    warnings: list[QualityWarning] = field(default_factory=list)  # stored with the month at its last save
    thread: list[Any] = field(default_factory=list)  # indicators.review.ThreadItem, oldest first
    changes_since_return: list[Any] = field(default_factory=list)  # indicators.review.Change
    components: list[Component] = field(default_factory=list)
    component_values: dict[int, ComponentValue] = field(default_factory=dict)  # by component id, this month or last

    @property
    def has_components(self) -> bool:
        return bool(self.components)

    @property
    def component_rows(self) -> list[tuple[Component, ComponentValue | None]]:
        """Each component with its stored value (shown when the month is read-only, e.g. to the reviewing head)."""
        return [(component, self.component_values.get(component.id)) for component in self.components]

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.current.evidence.all()) if self.current else []

    @property
    def anchor(self) -> str:
        return f"ind-{self.indicator.number}"

    @property
    def is_ratio(self) -> bool:
        """Numerator and denominator belong in the compact row (a percentage, or they are stored)."""
        source = self.current or self.previous
        return is_percentage(self.indicator) or (source is not None and source.numerator is not None)

    @property
    def scored_value(self) -> Decimal | None:
        """The value the capaian comes from: what the planner typed (or numerator / denominator), or what is stored."""
        form = self.form
        if form is not None and form.is_bound and hasattr(form, "cleaned_data"):
            return form.scored_value
        source = self.current or (self.previous if self.prefilled else None)
        return source.scored_value if source else None

    @property
    def needs_narrative(self) -> bool:
        """Kendala and RTL are required to submit a kuning or merah row."""
        return self.criterion.colour in WARNING_COLOURS

    @property
    def narrative_errors(self) -> bool:
        errors = self.form.errors if self.form is not None and self.form.is_bound else {}
        return any(name in errors for name in (*NARRATIVE_FIELDS, "evidence"))

    @property
    def narratives_filled(self) -> int:
        return sum(1 for name in NARRATIVE_FIELDS if self.current and getattr(self.current, name).strip())


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


@dataclass(frozen=True)
class Missing:
    """Why a due indicator keeps the month from being submitted."""

    row: EntryRow
    message: str


def is_due(indicator: Indicator, month: int, target: Decimal | None) -> bool:
    if target is not None:
        return True
    if indicator.start_month and month < indicator.start_month:
        return False  # a monthly indicator starting later in the year (§12)
    if indicator.schedule == Indicator.Schedule.MONTHLY:
        return True
    if indicator.schedule == Indicator.Schedule.QUARTERLY:
        return month % 3 == 0
    return month == 12


def stored_capaian(
    row: EntryRow, criteria: tuple[scoring.Band, ...], realisation: Realisation | None = None
) -> tuple[scoring.Outcome, scoring.Band]:
    """Capaian and criterion of what is stored for the month (or of `realisation`), by the scorecard's rules."""
    source = realisation or row.current
    capaian = scoring.achievement(
        source.scored_value if source else None,
        row.target,
        scoring.Polarity(row.indicator.polarity),
        scoring.LowerIsBetterRule(row.indicator.lower_rule),
        source.missing_reason() if source else scoring.Reason.NOT_ENTERED,
    )
    return capaian, scoring.criterion(capaian, criteria)


def preview_prefill(entry: MonthEntry) -> None:
    """For the planner: a row not yet entered this month shows the capaian of its prefill (last month's
    cumulative value against this month's target), which a save accepts."""
    for row in entry.rows:
        if row.current is None and row.previous is not None and row.previous.is_scored:
            row.capaian, row.criterion = stored_capaian(row, entry.criteria, row.previous)
            row.prefilled = True


def load_month(unit: OrgUnit, year: int, month: int, show_all: bool = False) -> MonthEntry:
    """Every query the entry page needs, a fixed number whatever the number of indicators."""
    agreement = PerformanceAgreement.objects.filter(unit=unit, year=year, in_force=True).first()
    status = MonthStatus.objects.filter(unit=unit, year=year, month=month).select_related("submitted_by").first()
    policy = ScoringPolicy.objects.filter(unit=unit, year=year).prefetch_related("criteria").first()
    criteria = policy.criteria_bands() if policy else scoring.DEFAULT_CRITERIA
    if agreement is None:
        return MonthEntry(unit, year, month, None, status, criteria, [], 0)
    targets = list(
        AgreementTarget.objects.filter(agreement=agreement)
        .select_related("indicator__goal")
        .order_by("indicator__goal__number", "indicator__number")
    )
    monthly: dict[int, Decimal | None] = {}
    usual: dict[int, list[Decimal]] = defaultdict(list)
    for target_month, indicator_id, value in MonthlyTarget.objects.filter(agreement=agreement).values_list(
        "month", "indicator_id", "value"
    ):
        if target_month == month:
            monthly[indicator_id] = value
        if value is not None:
            usual[indicator_id].append(value)
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
        if realisation.month < month and realisation.scored_value is not None:
            usual[realisation.indicator_id].append(realisation.scored_value)
    components: dict[int, list[Component]] = defaultdict(list)
    for component in Component.objects.filter(indicator__in=[t.indicator_id for t in targets]):
        components[component.indicator_id].append(component)
    owner = {c.id: indicator_id for indicator_id, items in components.items() for c in items}
    component_values: dict[int, dict[int, ComponentValue]] = defaultdict(dict)
    for stored in ComponentValue.objects.filter(component_id__in=list(owner), month__lte=month).order_by("month"):
        component_values[owner[stored.component_id]][stored.component_id] = stored  # the latest month wins
    comments: dict[int, list[ReviewComment]] = defaultdict(list)
    warnings: dict[int, list[QualityWarning]] = defaultdict(list)
    if status is not None:
        for comment in status.comments.filter(resolved=False).select_related("author"):
            comments[comment.indicator_id].append(comment)
        for warning in status.warnings.all():
            warnings[warning.indicator_id].append(warning)
    rows = []
    hidden = 0
    for target in targets:
        indicator = target.indicator
        month_target = monthly.get(indicator.id)
        due = is_due(indicator, month, month_target)
        if not (due or indicator.id in current or show_all):
            hidden += 1
            continue
        row = EntryRow(
            indicator=indicator,
            target=month_target,
            annual_target=target.annual_target,
            current=current.get(indicator.id),
            previous=previous.get(indicator.id),
            due=due,
            comments=comments.get(indicator.id, []),
            usual=[*usual.get(indicator.id, []), *([target.annual_target] if target.annual_target is not None else [])],
            warnings=warnings.get(indicator.id, []),
            components=components.get(indicator.id, []),
            component_values=component_values.get(indicator.id, {}),
        )
        row.capaian, row.criterion = stored_capaian(row, criteria)
        rows.append(row)
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
    for component in row.components:
        stored = row.component_values.get(component.id)
        if stored is not None:
            for suffix, column in (("", "value"), ("_num", "numerator"), ("_den", "denominator")):
                number = getattr(stored, column)
                if number is not None:
                    initial[f"k{component.id}{suffix}"] = _plain(number, row.indicator)
    follows_components = any(f"k{c.id}" in initial or f"k{c.id}_num" in initial for c in row.components)
    if source.value is not None and not follows_components and not _computed(source, row.indicator):
        initial["value"] = _plain(source.value, row.indicator)
    for name in ("numerator", "denominator"):
        number = getattr(source, name)
        if number is not None:
            initial[name] = _plain(number, row.indicator)
    if row.current:
        initial.update({name: getattr(row.current, name) for name in NARRATIVE_FIELDS})
    return initial


def _computed(realisation: Realisation, indicator: Indicator) -> bool:
    """Whether the stored value is its numerator / denominator (left blank in the form: it follows them)."""
    numerator, denominator, value = realisation.numerator, realisation.denominator, realisation.value
    if numerator is None or not denominator or value is None or not is_percentage(indicator):
        return False
    ratio = scoring.ratio_percent(numerator, denominator).value
    return ratio is not None and scoring.round_half_up(ratio, 4) == value


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
            components=row.components,
            month=entry.month,
        )


def validate(entry: MonthEntry) -> bool:
    """Validate every row (not only up to the first bad one) so that each keeps its live capaian."""
    valid = True
    for row in entry.rows:
        form = row.form
        assert form is not None
        valid = form.is_valid() and valid
        row.capaian, row.criterion = form.capaian, form.criterion
    return valid


def missing_for_submit(entry: MonthEntry) -> list[Missing]:
    """What the stored month lacks before it can be submitted: every due indicator has a number, or is
    measured at year end, or is in process with an explanation; kuning and merah rows have kendala and RTL."""
    missing = []
    for row in entry.rows:
        if not row.due:
            continue
        current = row.current
        state = current.state if current else Realisation.State.NOT_ENTERED
        if state == Realisation.State.NOT_ENTERED or (state == Realisation.State.NUMBER and not current.is_scored):  # type: ignore[union-attr]
            missing.append(Missing(row, str(_("belum diisi: isi angka, atau pilih Akhir tahun / Dalam proses"))))
        elif state == Realisation.State.IN_PROCESS and not current.analysis.strip():  # type: ignore[union-attr]
            missing.append(Missing(row, str(_("dalam proses: jelaskan keadaannya pada Analisis"))))
        elif row.criterion.colour in WARNING_COLOURS:
            absent = [
                str(label)
                for name, label in (("kendala", _("kendala")), ("rtl", _("RTL")))
                if not getattr(current, name).strip()
            ]
            if absent:
                missing.append(
                    Missing(
                        row,
                        str(_("capaian %(criterion)s: isi %(fields)s"))
                        % {"criterion": row.criterion.label, "fields": " & ".join(absent)},
                    )
                )
    return missing

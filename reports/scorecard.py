"""Build a unit's quarterly scorecard (Tabel 6, 20 and 21 of the Lapkin) with a fixed number of queries.

Everything numeric comes from sakip.scoring; this module only fetches rows and arranges them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from budget.models import BudgetLine, BudgetRealisation, PaguChange, SpendingType
from indicators.models import (
    AgreementTarget,
    Component,
    ComponentValue,
    Goal,
    Indicator,
    MonthlyTarget,
    PerformanceAgreement,
    Realisation,
)
from indicators.versions import quarter_versions
from sakip import scoring
from sakip.models import OrgUnit, ScoringPolicy
from sakip.scoring import Band, Outcome
from sakip.terms import LevelTerms, terms_for

ZERO = Decimal(0)


def quarter_end_months(quarter: int) -> list[int]:
    """B03, B06, ... up to the quarter's last month."""
    return [3 * q for q in range(1, quarter + 1)]


@dataclass
class Period:
    """One quarter-end month of an indicator: target, realisation, capaian."""

    month: int
    target: Decimal | None
    realisation: Outcome
    capaian: Outcome
    version: int | None = None  # the PK version the target comes from


@dataclass
class ComponentRow:
    """A component of an indicator with its value at the scorecard's month (None: not entered)."""

    component: Component
    stored: ComponentValue | None

    @property
    def input(self) -> scoring.ComponentValue:
        if self.stored is None:
            return scoring.ComponentValue(self.component.code, self.component.weight)
        return self.stored.as_input()


@dataclass
class IndicatorRow:
    indicator: Indicator
    annual_target: Decimal | None
    target_b12: Decimal | None
    periods: list[Period]  # quarter-end months up to the scorecard's quarter, oldest first
    capaian_annual: Outcome
    criterion: Band
    projection: Band
    components: list[ComponentRow] = field(default_factory=list)

    @property
    def method(self) -> scoring.Method:
        return scoring.Method(self.indicator.method)

    @property
    def computed(self) -> scoring.Computed:
        """What the components give at the current month (for the Lapkin's line and the components left out)."""
        return scoring.indicator_value(
            self.method, [c.input for c in self.components], self.current.month, self.indicator.formula
        )

    @property
    def current(self) -> Period:
        return self.periods[-1]

    @property
    def target_version(self) -> int | None:
        return self.current.version

    @property
    def weight(self) -> Decimal:
        return self.indicator.weight


@dataclass
class GoalRow:
    goal: Goal
    indicators: list[IndicatorRow]
    scores: list[Outcome]  # NPS per quarter-end month, aligned with the indicators' periods
    criterion: Band

    @property
    def score(self) -> Outcome:
        return self.scores[-1]


@dataclass
class PerspectiveRow:
    name: str
    goals: list[GoalRow]
    score: Outcome


@dataclass
class BudgetRow:
    label: str
    number: int | None
    pagu: Decimal
    blokir: Decimal
    allocation: Decimal
    realised: Decimal
    absorption: Outcome
    absorption_of_pagu: Outcome


@dataclass
class EfficiencyRow:
    label: str
    number: int | None
    realised: Decimal
    allocation: Decimal
    result: scoring.Efficiency


@dataclass
class Scorecard:
    unit: OrgUnit
    year: int
    quarter: int
    agreement: PerformanceAgreement | None
    policy: ScoringPolicy | None
    criteria: tuple[Band, ...]
    perspectives: list[PerspectiveRow]
    unit_score: Outcome
    unit_criterion: Band
    counts: scoring.Counts
    budget: list[BudgetRow] = field(default_factory=list)
    budget_total: BudgetRow | None = None
    efficiency: list[EfficiencyRow] = field(default_factory=list)
    efficiency_total: EfficiencyRow | None = None
    spending: list[BudgetRow] = field(default_factory=list)  # the DIPA by spending type (Pegawai/Barang/Modal)
    spending_total: BudgetRow | None = None
    pagu_changes: list[PaguChange] = field(default_factory=list)
    dipa: BudgetRow | None = None  # the unit's own line (the DIPA), when there is one
    period_agreements: dict[int, PerformanceAgreement] = field(default_factory=dict)  # month -> PK version

    @property
    def allocation_total(self) -> Decimal | None:
        """Σ allocation of the goal rows (the RAPK / POK layer), which need not add up to the DIPA."""
        return sum((row.allocation for row in self.budget), ZERO) if self.budget else None

    @property
    def allocation_difference(self) -> Decimal | None:
        """Goal allocations minus the DIPA's pagu − blokir; shown, never reconciled (§14)."""
        if self.dipa is None or self.allocation_total is None:
            return None
        return self.allocation_total - self.dipa.allocation

    @property
    def revised(self) -> bool:
        """Whether the quarter-end months of this scorecard take their targets from more than one PK version."""
        return len({a.id for a in self.period_agreements.values()}) > 1

    def target_sources(self) -> list[tuple[list[int], PerformanceAgreement]]:
        """Consecutive quarter-end months grouped by the PK version their targets come from."""
        groups: list[tuple[list[int], PerformanceAgreement]] = []
        for month in self.months:
            agreement = self.period_agreements.get(month)
            if agreement is None:
                continue
            if groups and groups[-1][1].id == agreement.id:
                groups[-1][0].append(month)
            else:
                groups.append(([month], agreement))
        return groups

    @property
    def months(self) -> list[int]:
        return quarter_end_months(self.quarter)

    @property
    def terms(self) -> LevelTerms:
        """The words of the unit's level: sasaran program / kegiatan, NPS / NSPK, NPSS (§10)."""
        return terms_for(self.unit.kind)

    @property
    def annual_target_column(self) -> bool:
        """Whether the B12 (annual) target needs a column of its own; in quarter IV it is the last period's."""
        return self.months[-1] != 12

    @property
    def column_count(self) -> int:
        """Columns of the capaian table: goal, indicator, target/realisation/capaian per month, annual, NPS."""
        return 2 + 3 * len(self.months) + int(self.annual_target_column) + 2

    @property
    def goals(self) -> list[GoalRow]:
        return [goal for perspective in self.perspectives for goal in perspective.goals]

    @property
    def indicators(self) -> list[IndicatorRow]:
        return [row for goal in self.goals for row in goal.indicators]

    @property
    def goals_evaluated(self) -> int:
        return sum(1 for goal in self.goals if goal.score.computable)

    @property
    def efficient_rows(self) -> int:
        return sum(1 for row in self.efficiency if row.result.efficient)

    @property
    def inefficient_rows(self) -> int:
        return sum(1 for row in self.efficiency if row.result.efficient is False)

    @property
    def efficiency_rows_without_output(self) -> int:
        """Rows left out of the total's sums (no output this period, e.g. measured at year end)."""
        return sum(1 for row in self.efficiency if not row.result.output.computable)

    @property
    def efficiency_total_method(self) -> str:
        return self.policy.efficiency_total if self.policy else scoring.EfficiencyTotal.UNIT_SCORE.value


def build_scorecard(unit: OrgUnit, year: int, quarter: int) -> Scorecard:
    return build_scorecards([unit], year, quarter)[unit.id]


def build_scorecards(units: list[OrgUnit], year: int, quarter: int) -> dict[int, Scorecard]:
    """The scorecards of many units at once, by unit id: a fixed number of queries whatever their number."""
    return build_scorecards_by_quarter(units, year, [quarter])[quarter]


def build_scorecards_by_quarter(
    units: list[OrgUnit], year: int, quarters: list[int]
) -> dict[int, dict[int, Scorecard]]:
    """The scorecards of many units for several quarters of a year (quarter -> unit id -> card), from one
    reading of the rows: the same fixed number of queries as one quarter."""
    if not quarters or any(quarter not in (1, 2, 3, 4) for quarter in quarters):
        raise ValueError("quarter must be 1..4")
    months = quarter_end_months(max(quarters))
    unit_ids = [unit.id for unit in units]
    policies = {
        policy.unit_id: policy
        for policy in ScoringPolicy.objects.filter(unit_id__in=unit_ids, year=year).prefetch_related(
            "criteria", "tiers"
        )
    }
    versions = quarter_versions(unit_ids, year)  # (unit id, quarter) -> the PK version scoring it
    agreements_of = {  # quarter -> unit id -> the PK version its scorecard is built on
        quarter: {unit_id: agreement for (unit_id, q), agreement in versions.items() if q == quarter}
        for quarter in quarters
    }
    targets: dict[int, list[AgreementTarget]] = defaultdict(list)
    for target in (
        AgreementTarget.objects.filter(
            agreement__in={a.id for by_unit in agreements_of.values() for a in by_unit.values()}
        )
        .select_related("indicator__goal__perspective")
        .order_by("indicator__goal__perspective__order", "indicator__goal__number", "indicator__number")
    ):
        targets[target.agreement_id].append(target)
    by_agreement: dict[tuple[int, int, int], Decimal | None] = {
        (m.agreement_id, m.indicator_id, m.month): m.value
        for m in MonthlyTarget.objects.filter(agreement__in={a.id for a in versions.values()}, month__in=[*months, 12])
    }
    indicator_ids = {t.indicator_id for rows in targets.values() for t in rows}
    realisations = {
        (r.indicator_id, r.month): r
        for r in Realisation.objects.filter(indicator_id__in=indicator_ids, month__in=months)
    }
    components: dict[int, dict[int, list[ComponentRow]]] = {q: defaultdict(list) for q in quarters}  # q -> indicator
    values = {
        (v.component_id, v.month): v
        for v in ComponentValue.objects.filter(
            component__indicator_id__in=indicator_ids, month__in=[3 * quarter for quarter in quarters]
        )
    }
    for component in Component.objects.filter(indicator_id__in=indicator_ids):
        for quarter in quarters:
            stored = values.get((component.id, 3 * quarter))  # the components at the scorecard's month
            if stored is not None:
                stored.component = component  # no query per value
            components[quarter][component.indicator_id].append(ComponentRow(component, stored))
    budget_lines: dict[int, list[BudgetLine]] = defaultdict(list)
    realised: dict[int, dict[int, Decimal | None]] = {quarter: {} for quarter in quarters}  # quarter -> line id
    latest = {  # the cumulative realisation at the latest month entered up to each quarter's end
        f"realised_q{quarter}": Subquery(
            BudgetRealisation.objects.filter(line=OuterRef("pk"), month__lte=3 * quarter)
            .order_by("-month")
            .values("amount")[:1]
        )
        for quarter in quarters
    }
    for line in BudgetLine.objects.filter(unit_id__in=unit_ids, year=year).annotate(**latest):
        budget_lines[line.unit_id].append(line)
        for quarter in quarters:
            realised[quarter][line.id] = getattr(line, f"realised_q{quarter}")
    pagu_changes: dict[int, list[PaguChange]] = defaultdict(list)
    for change in PaguChange.objects.filter(unit_id__in=unit_ids, year=year).order_by("effective_on", "id"):
        pagu_changes[change.unit_id].append(change)
    by_quarter: dict[int, dict[int, Scorecard]] = {}
    for quarter in quarters:
        cards = by_quarter[quarter] = {}
        for unit in units:
            card = _scorecard(
                unit,
                year,
                quarter,
                policies.get(unit.id),
                versions,
                targets,
                by_agreement,
                realisations,
                components[quarter],
            )
            card.pagu_changes = pagu_changes[unit.id]
            _add_budget(card, budget_lines[unit.id], realised[quarter])
            cards[unit.id] = card
    return by_quarter


def _scorecard(
    unit: OrgUnit,
    year: int,
    quarter: int,
    policy: ScoringPolicy | None,
    versions: dict[tuple[int, int], PerformanceAgreement],
    targets: dict[int, list[AgreementTarget]],
    by_agreement: dict[tuple[int, int, int], Decimal | None],
    realisations: dict[tuple[int, int], Realisation],
    components: dict[int, list[ComponentRow]],
) -> Scorecard:
    """One unit's quarter; each quarter-end month takes its targets from the PK version in force for its quarter."""
    months = quarter_end_months(quarter)
    criteria = policy.criteria_bands() if policy else scoring.DEFAULT_CRITERIA
    agreement = versions.get((unit.id, quarter))
    monthly: dict[tuple[int, int], tuple[Decimal | None, int]] = {}
    for month in [*months, 12]:
        version = versions.get((unit.id, (month + 2) // 3 if month in months else quarter))
        if version is None:
            continue
        for indicator_id in (t.indicator_id for t in targets[agreement.id]) if agreement else ():
            monthly[(indicator_id, month)] = (by_agreement.get((version.id, indicator_id, month)), version.version)
    perspectives = (
        _perspective_rows(targets[agreement.id], months, criteria, monthly, realisations, components)
        if agreement
        else []
    )
    rollup = scoring.RollUp(policy.rollup) if policy else scoring.RollUp.MEAN_OF_PERSPECTIVES
    unit_score = scoring.unit_score([[goal.score for goal in p.goals] for p in perspectives], rollup)
    card = Scorecard(
        unit=unit,
        year=year,
        quarter=quarter,
        agreement=agreement,
        policy=policy,
        criteria=criteria,
        perspectives=perspectives,
        unit_score=unit_score,
        unit_criterion=scoring.criterion(unit_score, criteria),
        counts=scoring.count_by_criterion(
            [row.current.capaian for p in perspectives for goal in p.goals for row in goal.indicators], criteria
        ),
    )
    card.period_agreements = {
        month: versions[(unit.id, month // 3)] for month in months if (unit.id, month // 3) in versions
    }
    return card


def _perspective_rows(
    targets: list[AgreementTarget],
    months: list[int],
    criteria: tuple[Band, ...],
    monthly: dict[tuple[int, int], tuple[Decimal | None, int]],
    realisations: dict[tuple[int, int], Realisation],
    components: dict[int, list[ComponentRow]],
) -> list[PerspectiveRow]:
    goals: dict[int, GoalRow] = {}
    perspectives: dict[int, PerspectiveRow] = {}
    for target in targets:
        indicator = target.indicator
        row = _indicator_row(indicator, target.annual_target, months, monthly, realisations, criteria)
        row.components = components.get(indicator.id, [])
        goal = indicator.goal
        if goal.id not in goals:
            goals[goal.id] = GoalRow(goal=goal, indicators=[], scores=[], criterion=scoring.NOT_DETERMINED)
            perspective = perspectives.setdefault(
                goal.perspective_id, PerspectiveRow(goal.perspective.name, [], Outcome(None))
            )
            perspective.goals.append(goals[goal.id])
        goals[goal.id].indicators.append(row)
    for goal_row in goals.values():
        goal_row.scores = [
            scoring.goal_score((row.periods[i].capaian, row.weight) for row in goal_row.indicators)
            for i in range(len(months))
        ]
        goal_row.criterion = scoring.criterion(goal_row.score, criteria)
    for perspective in perspectives.values():
        perspective.score = scoring.perspective_score(goal.score for goal in perspective.goals)
    return list(perspectives.values())


def _indicator_row(
    indicator: Indicator,
    annual_target: Decimal | None,
    months: list[int],
    monthly: dict[tuple[int, int], tuple[Decimal | None, int]],
    realisations: dict[tuple[int, int], Realisation],
    criteria: tuple[Band, ...],
) -> IndicatorRow:
    polarity = scoring.Polarity(indicator.polarity)
    rule = scoring.LowerIsBetterRule(indicator.lower_rule)
    periods = []
    for month in months:
        target, version = monthly.get((indicator.id, month), (None, None))
        entry = realisations.get((indicator.id, month))
        value = entry.scored_value if entry else None
        reason = entry.missing_reason() if entry else scoring.Reason.NOT_ENTERED
        realisation = Outcome(value) if value is not None else Outcome.missing(reason)
        capaian = scoring.achievement(value, target, polarity, rule, missing_reason=reason)
        periods.append(Period(month, target, realisation, capaian, version))
    current = periods[-1]
    progress, status = scoring.projection(current.realisation.value, annual_target, polarity, rule)
    if indicator.method == scoring.Method.STAGED and current.realisation.computable:
        # before B12 the capaian against the annual target is the progress itself (§11)
        progress = scoring.staged_annual_capaian(current.realisation.value, current.month, annual_target)
        status = scoring.look_up(progress.value, scoring.DEFAULT_PROJECTION)
    if current.realisation.reason and progress.reason == scoring.Reason.NOT_ENTERED:
        progress = Outcome.missing(current.realisation.reason)
    return IndicatorRow(
        indicator=indicator,
        annual_target=annual_target,
        target_b12=monthly.get((indicator.id, 12), (None, None))[0],
        periods=periods,
        capaian_annual=progress,
        criterion=scoring.criterion(current.capaian, criteria),
        projection=status,
    )


def _add_budget(card: Scorecard, lines: list[BudgetLine], latest: dict[int, Decimal | None]) -> None:
    """Budget and efficiency tables from the unit's lines; `latest`: line id -> cumulative realisation at the
    latest month entered up to the quarter (None: nothing entered)."""
    if not lines:
        return
    realised = {line.id: latest[line.id] or ZERO for line in lines}
    unit_line = next((line for line in lines if line.goal_id is None and not line.spending_type), None)
    goal_lines = {line.goal_id: line for line in lines if line.goal_id and line.indicator_id is None}
    indicator_lines = {line.indicator_id: line for line in lines if line.indicator_id}
    by_goal: dict[int, list[BudgetLine]] = defaultdict(list)
    for line in indicator_lines.values():
        by_goal[line.goal_id].append(line)  # type: ignore[index]

    labels = dict(SpendingType.choices)
    typed = [line for line in lines if line.goal_id is None and line.spending_type]
    order = [kind.value for kind in SpendingType]
    for line in sorted(typed, key=lambda line: order.index(line.spending_type)):
        card.spending.append(_budget_row(str(labels[line.spending_type]), None, [line], realised))
    if card.spending:
        card.spending_total = _budget_row("Total", None, typed, realised)
    if unit_line is not None:
        card.dipa = _budget_row("DIPA", None, [unit_line], realised)

    for goal_row in card.goals:
        goal = goal_row.goal
        own = goal_lines.get(goal.id)
        parts = [own] if own else by_goal.get(goal.id, [])
        if parts:
            card.budget.append(_budget_row(f"SS{goal.number}", goal.number, parts, realised))
    if card.budget:
        card.budget_total = _budget_total(card.budget, unit_line, realised, latest)

    policy = card.policy
    table = policy.efficiency_table() if policy else scoring.DEFAULT_EFFICIENCY_TABLE
    annual_basis = policy is not None and policy.output_basis == ScoringPolicy.OutputBasis.ANNUAL
    if policy is not None and policy.efficiency_level == ScoringPolicy.EfficiencyLevel.INDICATOR:
        for row in card.indicators:
            indicator_line = indicator_lines.get(row.indicator.id)
            if indicator_line is None:
                continue
            output = row.capaian_annual if annual_basis else row.current.capaian
            card.efficiency.append(
                _efficiency_row(
                    str(row.indicator.number), row.indicator.number, output, [indicator_line], realised, table
                )
            )
    else:
        budget_by_goal = {row.number: row for row in card.budget}
        for goal_row in card.goals:
            budget = budget_by_goal.get(goal_row.goal.number)
            if budget is None:
                continue
            output = (
                scoring.goal_score((r.capaian_annual, r.weight) for r in goal_row.indicators)
                if annual_basis
                else goal_row.score
            )
            card.efficiency.append(
                EfficiencyRow(
                    budget.label,
                    budget.number,
                    budget.realised,
                    budget.allocation,
                    scoring.efficiency(output, budget.absorption, table),
                )
            )
    if card.efficiency:
        total_input = scoring.total_input((r.result.output, r.realised, r.allocation) for r in card.efficiency)
        measured = [r for r in card.efficiency if r.result.output.computable]
        method = scoring.EfficiencyTotal(policy.efficiency_total) if policy else scoring.EfficiencyTotal.UNIT_SCORE
        output = scoring.total_output((r.result.output for r in card.efficiency), card.unit_score, method)
        card.efficiency_total = EfficiencyRow(
            "Total",
            None,
            sum((r.realised for r in measured), ZERO),
            sum((r.allocation for r in measured), ZERO),
            scoring.efficiency(output, total_input, table),
        )


def _budget_row(label: str, number: int | None, lines: list[BudgetLine], realised: dict[int, Decimal]) -> BudgetRow:
    pagu = sum((line.pagu for line in lines), ZERO)
    blokir = sum((line.blokir for line in lines), ZERO)
    allocation = sum((line.available for line in lines), ZERO)
    spent = sum((realised[line.id] for line in lines), ZERO)
    return BudgetRow(
        label,
        number,
        pagu,
        blokir,
        allocation,
        spent,
        scoring.absorption(spent, allocation),
        scoring.absorption(spent, pagu),
    )


def _budget_total(
    rows: list[BudgetRow],
    unit_line: BudgetLine | None,
    realised: dict[int, Decimal],
    latest: dict[int, Decimal | None],
) -> BudgetRow:
    """Total of the goal rows; the unit's own line, when there is one, gives pagu, blokir and (if reported)
    the realisation, as OMSPAN reports it for the whole unit."""
    spent = sum((row.realised for row in rows), ZERO)
    if unit_line is not None:
        pagu, blokir, allocation = unit_line.pagu, unit_line.blokir, unit_line.available
        if latest[unit_line.id] is not None:
            spent = realised[unit_line.id]
    else:
        pagu = sum((row.pagu for row in rows), ZERO)
        blokir = sum((row.blokir for row in rows), ZERO)
        allocation = sum((row.allocation for row in rows), ZERO)
    return BudgetRow(
        "Total",
        None,
        pagu,
        blokir,
        allocation,
        spent,
        scoring.absorption(spent, allocation),
        scoring.absorption(spent, pagu),
    )


def _efficiency_row(
    label: str,
    number: int | None,
    output: Outcome,
    lines: list[BudgetLine],
    realised: dict[int, Decimal],
    table: scoring.EfficiencyTable,
) -> EfficiencyRow:
    budget = _budget_row(label, number, lines, realised)
    return EfficiencyRow(
        label,
        number,
        budget.realised,
        budget.allocation,
        scoring.efficiency(output, budget.absorption, table),
    )

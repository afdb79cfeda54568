"""Build a unit's quarterly scorecard (Tabel 6, 20 and 21 of the Lapkin) with a fixed number of queries.

Everything numeric comes from sakip.scoring; this module only fetches rows and arranges them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from budget.models import BudgetLine, BudgetRealisation
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
from sakip import scoring
from sakip.models import OrgUnit, ScoringPolicy
from sakip.scoring import Band, Outcome

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

    @property
    def months(self) -> list[int]:
        return quarter_end_months(self.quarter)

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


def build_scorecard(unit: OrgUnit, year: int, quarter: int) -> Scorecard:
    return build_scorecards([unit], year, quarter)[unit.id]


def build_scorecards(units: list[OrgUnit], year: int, quarter: int) -> dict[int, Scorecard]:
    """The scorecards of many units at once, by unit id: a fixed number of queries whatever their number."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1..4")
    months = quarter_end_months(quarter)
    unit_ids = [unit.id for unit in units]
    policies = {
        policy.unit_id: policy
        for policy in ScoringPolicy.objects.filter(unit_id__in=unit_ids, year=year).prefetch_related(
            "criteria", "tiers"
        )
    }
    agreements = {
        agreement.unit_id: agreement
        for agreement in PerformanceAgreement.objects.filter(unit_id__in=unit_ids, year=year, in_force=True)
    }
    targets: dict[int, list[AgreementTarget]] = defaultdict(list)
    for target in (
        AgreementTarget.objects.filter(agreement__in=agreements.values())
        .select_related("indicator__goal__perspective")
        .order_by("indicator__goal__perspective__order", "indicator__goal__number", "indicator__number")
    ):
        targets[target.agreement_id].append(target)
    monthly: dict[tuple[int, int], Decimal | None] = {
        (m.indicator_id, m.month): m.value
        for m in MonthlyTarget.objects.filter(agreement__in=agreements.values(), month__in=[*months, 12])
    }
    indicator_ids = [t.indicator_id for rows in targets.values() for t in rows]
    realisations = {
        (r.indicator_id, r.month): r
        for r in Realisation.objects.filter(indicator_id__in=indicator_ids, month__in=months)
    }
    components: dict[int, list[ComponentRow]] = defaultdict(list)
    values = {
        (v.component_id, v.month): v
        for v in ComponentValue.objects.filter(component__indicator_id__in=indicator_ids, month=months[-1])
    }
    for component in Component.objects.filter(indicator_id__in=indicator_ids):
        stored = values.get((component.id, months[-1]))
        if stored is not None:
            stored.component = component  # no query per value
        components[component.indicator_id].append(ComponentRow(component, stored))
    budget_lines: dict[int, list[BudgetLine]] = defaultdict(list)
    for line in (
        BudgetLine.objects.filter(unit_id__in=unit_ids, year=year)
        .select_related("goal", "indicator")
        .prefetch_related(
            Prefetch(
                "realisations",
                queryset=BudgetRealisation.objects.filter(month__lte=months[-1]).order_by("month"),
            )
        )
    ):
        budget_lines[line.unit_id].append(line)
    cards = {}
    for unit in units:
        policy = policies.get(unit.id)
        criteria = policy.criteria_bands() if policy else scoring.DEFAULT_CRITERIA
        agreement = agreements.get(unit.id)
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
        _add_budget(card, budget_lines[unit.id])
        cards[unit.id] = card
    return cards


def _perspective_rows(
    targets: list[AgreementTarget],
    months: list[int],
    criteria: tuple[Band, ...],
    monthly: dict[tuple[int, int], Decimal | None],
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
    monthly: dict[tuple[int, int], Decimal | None],
    realisations: dict[tuple[int, int], Realisation],
    criteria: tuple[Band, ...],
) -> IndicatorRow:
    polarity = scoring.Polarity(indicator.polarity)
    rule = scoring.LowerIsBetterRule(indicator.lower_rule)
    periods = []
    for month in months:
        target = monthly.get((indicator.id, month))
        entry = realisations.get((indicator.id, month))
        value = entry.scored_value if entry else None
        reason = entry.missing_reason() if entry else scoring.Reason.NOT_ENTERED
        realisation = Outcome(value) if value is not None else Outcome.missing(reason)
        capaian = scoring.achievement(value, target, polarity, rule, missing_reason=reason)
        periods.append(Period(month, target, realisation, capaian))
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
        target_b12=monthly.get((indicator.id, 12)),
        periods=periods,
        capaian_annual=progress,
        criterion=scoring.criterion(current.capaian, criteria),
        projection=status,
    )


def _add_budget(card: Scorecard, lines: list[BudgetLine]) -> None:
    """Budget and efficiency tables from the unit's lines (their realisations prefetched up to the quarter)."""
    if not lines:
        return
    realised = {line.id: _realised(line) for line in lines}
    unit_line = next((line for line in lines if line.goal_id is None and not line.spending_type), None)
    goal_lines = {line.goal_id: line for line in lines if line.goal_id and line.indicator_id is None}
    indicator_lines = {line.indicator_id: line for line in lines if line.indicator_id}
    by_goal: dict[int, list[BudgetLine]] = defaultdict(list)
    for line in indicator_lines.values():
        by_goal[line.goal_id].append(line)  # type: ignore[index]

    for goal_row in card.goals:
        goal = goal_row.goal
        own = goal_lines.get(goal.id)
        parts = [own] if own else by_goal.get(goal.id, [])
        if parts:
            card.budget.append(_budget_row(f"SS{goal.number}", goal.number, parts, realised))
    if card.budget:
        card.budget_total = _budget_total(card.budget, unit_line, realised)

    policy = card.policy
    table = policy.efficiency_table() if policy else scoring.DEFAULT_EFFICIENCY_TABLE
    annual_basis = policy is not None and policy.output_basis == ScoringPolicy.OutputBasis.ANNUAL
    if policy is not None and policy.efficiency_level == ScoringPolicy.EfficiencyLevel.INDICATOR:
        for row in card.indicators:
            line = indicator_lines.get(row.indicator.id)
            if line is None:
                continue
            output = row.capaian_annual if annual_basis else row.current.capaian
            card.efficiency.append(
                _efficiency_row(str(row.indicator.number), row.indicator.number, output, [line], realised, table)
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
        card.efficiency_total = EfficiencyRow(
            "Total",
            None,
            sum((r.realised for r in measured), ZERO),
            sum((r.allocation for r in measured), ZERO),
            scoring.efficiency(card.unit_score, total_input, table),
        )


def _realised(line: BudgetLine) -> Decimal:
    """Cumulative realisation at the latest month entered (the prefetch is already limited and ordered)."""
    entries = list(line.realisations.all())
    return entries[-1].amount if entries else ZERO


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


def _budget_total(rows: list[BudgetRow], unit_line: BudgetLine | None, realised: dict[int, Decimal]) -> BudgetRow:
    """Total of the goal rows; the unit's own line, when there is one, gives pagu, blokir and (if reported)
    the realisation, as OMSPAN reports it for the whole unit."""
    spent = sum((row.realised for row in rows), ZERO)
    if unit_line is not None:
        pagu, blokir, allocation = unit_line.pagu, unit_line.blokir, unit_line.available
        if unit_line.realisations.all():
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

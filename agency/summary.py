"""BPOM as a whole for a quarter: budget by group and spending type, every satker with its absorption, rank and
score, and the indicator matrix of Lampiran I — with a fixed number of queries whatever the number of units.

Rules:
- the unit tree is the one in force at the quarter's end (`sakip.units.tree_as_of`);
- a unit's score and indicators feed agency figures only when the quarter's last month is approved or locked;
  otherwise they show as not verified, never as zero, and `verified_to` says up to which month the unit is;
- budget: realisation s.d. the quarter's last month (the latest month entered up to it); absorption against
  pagu and against pagu after automatic adjustment (pagu − blokir), unrounded until display;
- what the viewer may not see (sakip.visibility) is left out (indicators) or masked (a unit's figures).
Every number comes from sakip.scoring.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from agency.models import DataWarning, FigureKind, figure_visibility
from budget.models import BudgetLine, BudgetRealisation
from indicators.models import Goal, MonthStatus, Realisation
from reports.scorecard import IndicatorRow, Scorecard, build_scorecards
from sakip import scoring
from sakip.models import OrgUnit, Visibility
from sakip.scoring import Band, Outcome, Reason
from sakip.units import UnitState, period_end, tree_as_of
from sakip.visibility import Viewer

GROUPS = ("central", "balai", "loka")
GROUP_LABELS = {"central": _("Unit pusat"), "balai": _("Balai Besar/Balai POM"), "loka": _("Loka POM")}
SPENDING_TYPES = ("pegawai", "barang", "modal")
VERIFIED = (MonthStatus.State.APPROVED, MonthStatus.State.LOCKED)
ZERO = Decimal(0)


@dataclass
class Money:
    """Pagu, blokir (None: not broken down) and realisation s.d. the month (None: nothing entered yet)."""

    pagu: Decimal
    blokir: Decimal | None
    realised: Decimal | None

    @property
    def pagu_aa(self) -> Decimal | None:
        return None if self.blokir is None else scoring.available_budget(self.pagu, self.blokir)

    @property
    def absorption_of_pagu(self) -> Outcome:
        if self.realised is None:
            return Outcome.missing(Reason.NOT_ENTERED)
        return scoring.absorption(self.realised, self.pagu)

    @property
    def absorption_of_pagu_aa(self) -> Outcome:
        if self.pagu_aa is None:
            return Outcome.missing(Reason.NOT_BROKEN_DOWN)
        if self.realised is None:
            return Outcome.missing(Reason.NOT_ENTERED)
        return scoring.absorption(self.realised, self.pagu_aa)


def total(items: list[Money]) -> Money:
    realised = [m.realised for m in items if m.realised is not None]
    blokir = [m.blokir for m in items if m.blokir is not None]
    return Money(
        pagu=sum((m.pagu for m in items), ZERO),
        blokir=sum(blokir, ZERO) if len(blokir) == len(items) else None,
        realised=sum(realised, ZERO) if realised else None,
    )


@dataclass
class UnitRow:
    state: UnitState
    parent: UnitState | None
    budget: Money | None  # None: no budget line, or masked
    rank: int | None
    score: Outcome
    criterion: Band
    month_state: str  # state of the quarter's last month ("" = not started)
    verified_to: int | None  # latest approved or locked month of the year
    card: Scorecard | None

    @property
    def group(self) -> str | None:
        return self.state.budget_group

    @property
    def group_label(self) -> str:
        return str(GROUP_LABELS.get(self.group or "", "-"))


@dataclass
class MatrixRow:
    unit: UnitState
    program: str
    kegiatan: str
    row: IndicatorRow
    status: str  # measured / year_end / in_process / not_due / not_entered / not_verified
    progress: Decimal | None
    warnings: list[str] = field(default_factory=list)

    @property
    def measured(self) -> bool:
        return self.status == "measured"


@dataclass
class Summary:
    year: int
    quarter: int
    viewer: Viewer
    visibility: dict[str, str]
    criteria: tuple[Band, ...]
    total: Money | None
    groups: dict[str, Money]
    spending_types: dict[str, Money]
    units: list[UnitRow]
    matrix: list[MatrixRow]
    counts: scoring.Counts
    warnings: list[DataWarning]
    notes: list[str]  # reconciliation findings computed here

    @property
    def month(self) -> int:
        return 3 * self.quarter

    def units_in(self, group: str) -> list[UnitRow]:
        return [row for row in self.units if row.group == group]


ScorecardSource = Callable[[list[OrgUnit], int, int], dict[int, Scorecard]]


def build_summary(year: int, quarter: int, viewer: Viewer, scorecards: ScorecardSource = build_scorecards) -> Summary:
    """`scorecards(units, year, quarter)` builds the units' cards (the dashboard reads several quarters at once)."""
    month = 3 * quarter
    tree = tree_as_of(period_end(year, quarter))
    visibility = figure_visibility()
    units = {unit.id: unit for unit in OrgUnit.objects.filter(id__in=tree)}
    cards = scorecards(list(units.values()), year, quarter)
    statuses = _month_statuses(year, month)
    budgets, type_lines = _budgets(year, month)
    satker = [state for state in tree.values() if state.group]
    all_ids = [state.id for state in satker]

    rows = []
    for state in sorted(satker, key=lambda s: (GROUPS.index(s.budget_group or "central"), s.code)):  # rank below
        state_of_month, verified_to = statuses.get(state.id, ("", None))
        card = cards.get(state.id)
        score = _score(card, state_of_month)
        if not viewer.can_see(visibility[FigureKind.UNIT_SCORES], state.id):
            score, card = Outcome.missing(Reason.RESTRICTED), None
        budget = budgets.get(state.id)
        if budget is not None and not viewer.can_see(visibility[FigureKind.BUDGET], state.id):
            budget = None
        rows.append(
            UnitRow(
                state=state,
                parent=tree.get(state.parent_id) if state.parent_id else None,
                budget=budget,
                rank=None,
                score=score,
                criterion=scoring.criterion(score, card.criteria if card else scoring.DEFAULT_CRITERIA),
                month_state=state_of_month,
                verified_to=verified_to,
                card=card,
            )
        )
    _rank(rows)
    rows.sort(key=lambda r: (GROUPS.index(r.group or "central"), r.rank or len(rows) + 1, r.state.code))
    notes: list[str] = []
    budget_visible = viewer.can_see(visibility[FigureKind.BUDGET], all_ids)
    by_group = {g: [budgets[r.state.id] for r in rows if r.group == g and r.state.id in budgets] for g in GROUPS}
    groups = {g: total(items) for g, items in by_group.items() if items}
    grand = total([m for items in by_group.values() for m in items]) if groups else None
    spending = _spending_types(type_lines, grand, notes)
    warnings = list(DataWarning.objects.filter(year=year).select_related("unit", "indicator"))
    matrix = _matrix(tree, cards, statuses, viewer, warnings, month)
    criteria = scoring.DEFAULT_CRITERIA
    counts = scoring.count_by_criterion(
        [m.row.current.capaian if m.status != "not_verified" else Outcome(None) for m in matrix], criteria
    )
    return Summary(
        year=year,
        quarter=quarter,
        viewer=viewer,
        visibility=visibility,
        criteria=criteria,
        total=grand if budget_visible else None,
        groups=groups if budget_visible else {},
        spending_types=spending if budget_visible else {},
        units=rows,
        matrix=matrix,
        counts=counts,
        warnings=warnings if viewer.level != Visibility.PUBLIC else [],
        notes=notes,
    )


def _score(card: Scorecard | None, month_state: str) -> Outcome:
    if card is None or card.agreement is None:
        return Outcome.missing(Reason.NO_AGREEMENT)
    if month_state not in VERIFIED:
        return Outcome.missing(Reason.NOT_VERIFIED)
    return card.unit_score


def _month_statuses(year: int, month: int) -> dict[int, tuple[str, int | None]]:
    """unit id -> (state of `month`, latest approved or locked month of the year)."""
    found: dict[int, tuple[str, int | None]] = {}
    for unit_id, m, state in MonthStatus.objects.filter(year=year).values_list("unit_id", "month", "state"):
        current, verified = found.get(unit_id, ("", None))
        if m == month:
            current = state
        if state in VERIFIED and (verified is None or m > verified):
            verified = m
        found[unit_id] = (current, verified)
    return found


def _budgets(year: int, month: int) -> tuple[dict[int, Money], list[tuple[str, Money]]]:
    """Unit budget lines (all spending types) by unit, and spending-type lines of the agency's root."""
    latest = BudgetRealisation.objects.filter(line=OuterRef("pk"), month__lte=month).order_by("-month")
    lines = (
        BudgetLine.objects.filter(year=year, goal=None, indicator=None)
        .annotate(realised=Subquery(latest.values("amount")[:1]))
        .values_list("unit_id", "unit__kind", "spending_type", "pagu", "blokir", "realised")
    )
    units: dict[int, Money] = {}
    types: list[tuple[str, Money]] = []
    for unit_id, kind, spending_type, pagu, blokir, realised in lines:
        money = Money(pagu, blokir, realised)
        if not spending_type:
            units[unit_id] = money
        elif kind == OrgUnit.Kind.BADAN:
            types.append((spending_type, money))
    return units, types


def _spending_types(lines: list[tuple[str, Money]], grand: Money | None, notes: list[str]) -> dict[str, Money]:
    """The agency's budget per spending type; a breakdown that does not add up to the satker total is said so
    (and its pagu AA left out when the blokir is not broken down), never reconciled silently (§14)."""
    by_type: dict[str, list[Money]] = defaultdict(list)
    for kind, money in lines:
        by_type[kind].append(money)
    result = {kind: total(by_type[kind]) for kind in SPENDING_TYPES if by_type[kind]}
    if not result or grand is None:
        return result
    combined = total(list(result.values()))
    if combined.pagu != grand.pagu or combined.realised != grand.realised:
        notes.append("spending_types_do_not_add_up")
    if combined.blokir != grand.blokir:
        notes.append("blokir_not_broken_down")
        result = {kind: Money(m.pagu, None, m.realised) for kind, m in result.items()}
    return result


def _rank(rows: list[UnitRow]) -> None:
    """Rank within the group by absorption of pagu AA, highest first (unrounded), as Lampiran II sorts."""
    for group in GROUPS:
        ranked = [r for r in rows if r.group == group and r.budget and r.budget.absorption_of_pagu_aa.computable]
        ranked.sort(key=lambda r: (-r.budget.absorption_of_pagu_aa.value, r.state.code))  # type: ignore[operator, union-attr]
        for rank, row in enumerate(ranked, start=1):
            row.rank = rank


def _matrix(
    tree: dict[int, UnitState],
    cards: dict[int, Scorecard],
    statuses: dict[int, tuple[str, int | None]],
    viewer: Viewer,
    warnings: list[DataWarning],
    month: int,
) -> list[MatrixRow]:
    """Every indicator of every PK in force of the year (Lampiran I), in the order of its code."""
    shown = [
        (card, row)
        for card in cards.values()
        if card.agreement is not None
        for row in card.indicators
        if viewer.can_see(row.indicator.visibility, card.unit.id)
    ]
    parents = dict(
        Goal.objects.filter(id__in={row.indicator.goal.parent_goal_id for _, row in shown}).values_list("id", "name")
    )
    progress = dict(
        Realisation.objects.filter(
            indicator_id__in=[row.indicator.id for _, row in shown],
            month=month,
            state=Realisation.State.IN_PROCESS,
        ).values_list("indicator_id", "value")
    )
    by_indicator: dict[int, list[str]] = defaultdict(list)
    for warning in warnings:
        if warning.indicator_id:
            by_indicator[warning.indicator_id].append(warning.message)
    matrix = []
    for card, row in shown:
        goal = row.indicator.goal
        is_program = goal.level == Goal.Level.PROGRAM
        matrix.append(
            MatrixRow(
                unit=tree[card.unit.id],
                program=goal.name if is_program else parents.get(goal.parent_goal_id, ""),  # type: ignore[arg-type]
                kegiatan="" if is_program else goal.name,
                row=row,
                status=_status(row, statuses.get(card.unit.id, ("", None))[0]),
                progress=progress.get(row.indicator.id),
                warnings=by_indicator.get(row.indicator.id, []),
            )
        )
    matrix.sort(
        key=lambda m: (m.row.indicator.code or "~", m.unit.code, m.row.indicator.goal.number, m.row.indicator.number)
    )
    return matrix


def _status(row: IndicatorRow, month_state: str) -> str:
    if month_state not in VERIFIED:
        return "not_verified"
    current = row.current
    if current.realisation.computable:
        return "measured" if current.capaian.computable or row.capaian_annual.computable else "not_due"
    if current.realisation.reason == Reason.YEAR_END:
        return "year_end"
    if current.realisation.reason == Reason.IN_PROCESS:
        return "in_process"
    return "not_due" if current.target is None else "not_entered"

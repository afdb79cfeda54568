"""Every scoring rule of SAKIP_DOMAIN.md §4, as pure functions over Decimal.

No Django import here: callers pass plain values and small frozen dataclasses. Values stay at full
precision; `round2` (half-up) is applied only where a rule looks a value up in a table, and at display.
A value that cannot be computed is an `Outcome` with `value=None` and a `reason`, never 0 and never
an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE = Decimal(1)
TWO_PLACES = Decimal("0.01")


def round_half_up(value: Decimal, places: int) -> Decimal:
    """The one rounding helper: `places` decimals, half-up (117.095 -> 117.10), at any magnitude.

    The default context holds 28 digits; a stored value divided by a tiny one may need more, and rounding it
    must not raise.
    """
    digits = max(value.adjusted() + 1, 1) + places + 1
    return value.quantize(Decimal(1).scaleb(-places), context=Context(prec=digits, rounding=ROUND_HALF_UP))


def round2(value: Decimal) -> Decimal:
    """2 decimals, half-up: where a rule looks a value up in a table."""
    return round_half_up(value, 2)


class Reason(StrEnum):
    """Why a value is not computable (shown to users as '-' with this reason)."""

    NO_TARGET = "no_target"
    TARGET_ZERO = "target_zero"
    NOT_ENTERED = "not_entered"
    YEAR_END = "year_end"
    IN_PROCESS = "in_process"
    NOTHING_MEASURED = "nothing_measured"
    NO_BUDGET = "no_budget"
    NO_INPUT = "no_input"
    NO_OUTPUT = "no_output"
    ZERO_REALISATION = "zero_realisation"
    NO_AGREEMENT = "no_agreement"  # the unit has no PK in force for the year
    NOT_VERIFIED = "not_verified"  # the month is not approved: agency figures wait for it (SOP Operational Center)
    RESTRICTED = "restricted"  # the viewer may not see it
    NOT_BROKEN_DOWN = "not_broken_down"  # a breakdown the source does not give (pagu AA per spending type)


@dataclass(frozen=True)
class Outcome:
    value: Decimal | None
    reason: Reason | None = None

    @property
    def computable(self) -> bool:
        return self.value is not None

    @classmethod
    def of(cls, value: Decimal) -> Outcome:
        return cls(value=value)

    @classmethod
    def missing(cls, reason: Reason) -> Outcome:
        return cls(value=None, reason=reason)


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


class LowerIsBetterRule(StrEnum):
    MIRROR = "mirror"  # (2T - R) / T x 100, floored at 0 (PermenPANRB)
    RATIO = "ratio"  # T / R x 100


# --- §4.1 capaian ------------------------------------------------------------------------------------


def achievement(
    realisation: Decimal | None,
    target: Decimal | None,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    lower_rule: LowerIsBetterRule = LowerIsBetterRule.MIRROR,
    missing_reason: Reason = Reason.NOT_ENTERED,
) -> Outcome:
    """Capaian (%) of one realisation against one target. Never capped."""
    if realisation is None and missing_reason != Reason.NOT_ENTERED:
        return Outcome.missing(missing_reason)  # "akhir tahun" says more than "no target this month"
    if target is None:
        return Outcome.missing(Reason.NO_TARGET)
    if target == ZERO:
        return Outcome.missing(Reason.TARGET_ZERO)
    if realisation is None:
        return Outcome.missing(missing_reason)
    if polarity == Polarity.HIGHER_IS_BETTER:
        return Outcome.of(realisation / target * HUNDRED)
    if lower_rule == LowerIsBetterRule.RATIO:
        if realisation == ZERO:
            return Outcome.missing(Reason.ZERO_REALISATION)  # T / 0 has no value; the mirror rule has one
        return Outcome.of(target / realisation * HUNDRED)
    return Outcome.of(max(ZERO, (2 * target - realisation) / target * HUNDRED))


def ratio_percent(numerator: Decimal, denominator: Decimal) -> Outcome:
    """A ratio indicator's value, e.g. 104 of 175 regulations -> 59.43%."""
    if denominator == ZERO:
        return Outcome.missing(Reason.TARGET_ZERO)
    return Outcome.of(numerator / denominator * HUNDRED)


def weighted_sum(components: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Composite indicator, e.g. NKA = 0.6 x EKA + 0.4 x IKPA (weights as fractions)."""
    return sum((value * weight for value, weight in components), ZERO)


# --- §4.4 / §4.5 aggregates -------------------------------------------------------------------------


def weighted_mean(scores: Iterable[tuple[Outcome, Decimal]]) -> Outcome:
    """Σ w·c / Σ w over the computable scores only; nothing computable -> not computable."""
    total = ZERO
    weights = ZERO
    for outcome, weight in scores:
        if outcome.value is None:
            continue
        total += outcome.value * weight
        weights += weight
    if weights == ZERO:
        return Outcome.missing(Reason.NOTHING_MEASURED)
    return Outcome.of(total / weights)


def mean(scores: Iterable[Outcome]) -> Outcome:
    return weighted_mean((score, ONE) for score in scores)


def goal_score(indicator_scores: Iterable[tuple[Outcome, Decimal]]) -> Outcome:
    """NPS of a goal: weighted mean of its indicators' capaian that are computable this period."""
    return weighted_mean(indicator_scores)


def perspective_score(goal_scores: Iterable[Outcome]) -> Outcome:
    return mean(goal_scores)


class RollUp(StrEnum):
    MEAN_OF_PERSPECTIVES = "mean_of_perspectives"
    MEAN_OF_GOALS = "mean_of_goals"


def unit_score(goal_scores_by_perspective: Sequence[Sequence[Outcome]], method: RollUp) -> Outcome:
    """NPSS of a unit. Goals and perspectives with nothing measured are left out."""
    if method == RollUp.MEAN_OF_GOALS:
        return mean(score for goals in goal_scores_by_perspective for score in goals)
    return mean(perspective_score(goals) for goals in goal_scores_by_perspective)


# --- §4.3 criterion and §4.6 projection --------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A half-open or closed interval of a look-up table; None means unbounded."""

    code: str
    label: str
    colour: str
    lower: Decimal | None = None
    lower_inclusive: bool = True
    upper: Decimal | None = None
    upper_inclusive: bool = False
    conclusion: str = ""

    def contains(self, value: Decimal) -> bool:
        if self.lower is not None:
            if value < self.lower or (value == self.lower and not self.lower_inclusive):
                return False
        if self.upper is not None:
            if value > self.upper or (value == self.upper and not self.upper_inclusive):
                return False
        return True


NOT_DETERMINED = Band(code="not_determined", label="Belum dapat ditentukan", colour="none")

DEFAULT_CRITERIA: tuple[Band, ...] = (
    Band("exceeds", "Tidak Dapat Disimpulkan", "grey", lower=Decimal(120), lower_inclusive=False),
    Band("meets", "Memenuhi Ekspektasi", "green", Decimal(100), True, Decimal(120), True, "Efektif"),
    Band(
        "below",
        "Belum Memenuhi Ekspektasi",
        "yellow",
        Decimal(80),
        True,
        Decimal(100),
        False,
        "Kurang Efektif",
    ),
    Band("fails", "Tidak Memenuhi Ekspektasi", "red", upper=Decimal(80), conclusion="Tidak Efektif"),
)

DEFAULT_PROJECTION: tuple[Band, ...] = (
    Band("reached", "Tercapai / Melampaui", "green", lower=Decimal(100)),
    Band("on_track", "Akan Tercapai", "yellow", Decimal(75), False, Decimal(100), False),
    # The source leaves x = 75 undefined; it goes to the lower band.
    Band("hard_effort", "Perlu Upaya Keras", "red", upper=Decimal(75), upper_inclusive=True),
)


def look_up(value: Decimal | None, bands: Sequence[Band]) -> Band:
    """The band holding `value` rounded to 2 decimals; NOT_DETERMINED when there is no value."""
    if value is None:
        return NOT_DETERMINED
    rounded = round2(value)
    for band in bands:
        if band.contains(rounded):
            return band
    return NOT_DETERMINED


def criterion(capaian: Outcome, bands: Sequence[Band] = DEFAULT_CRITERIA) -> Band:
    return look_up(capaian.value, bands)


def projection(
    realisation: Decimal | None,
    final_target: Decimal | None,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    lower_rule: LowerIsBetterRule = LowerIsBetterRule.MIRROR,
    bands: Sequence[Band] = DEFAULT_PROJECTION,
) -> tuple[Outcome, Band]:
    """Capaian against the year's (or Renstra's) final target, and its projection status."""
    progress = achievement(realisation, final_target, polarity, lower_rule)
    return progress, look_up(progress.value, bands)


# --- §4.7 budget and efficiency ----------------------------------------------------------------------


def available_budget(pagu: Decimal, blokir: Decimal) -> Decimal:
    return pagu - blokir


def absorption(realised: Decimal, allocation: Decimal) -> Outcome:
    """Budget absorption (%) of `allocation` (pagu minus blokir, or pagu alone)."""
    if allocation == ZERO:
        return Outcome.missing(Reason.NO_BUDGET)
    return Outcome.of(realised / allocation * HUNDRED)


@dataclass(frozen=True)
class EfficiencyTier:
    """One row of the TE table: TE (2 dp) in (previous upper, upper]; upper None = unbounded."""

    upper: Decimal | None
    capaian: Decimal | None
    efficient: bool


@dataclass(frozen=True)
class EfficiencyTable:
    tiers: tuple[EfficiencyTier, ...]  # ascending by upper, the first starting at TE = 0
    below_zero: EfficiencyTier  # TE < 0: never efficient; its capaian is a setting

    def tier_for(self, te: Decimal) -> EfficiencyTier:
        rounded = round2(te)
        if rounded < ZERO:
            return self.below_zero
        for tier in self.tiers:
            if tier.upper is None or rounded <= tier.upper:
                return tier
        return self.tiers[-1]


DEFAULT_EFFICIENCY_TABLE = EfficiencyTable(
    tiers=(
        EfficiencyTier(Decimal("0.20"), Decimal(100), True),
        EfficiencyTier(Decimal("0.40"), Decimal(95), True),
        EfficiencyTier(Decimal("0.60"), Decimal(92), True),
        EfficiencyTier(Decimal("0.80"), Decimal(90), True),
        EfficiencyTier(Decimal("1.00"), Decimal(88), True),
        EfficiencyTier(Decimal("1.20"), Decimal(86), False),
        EfficiencyTier(Decimal("1.40"), Decimal(84), False),
        EfficiencyTier(Decimal("1.60"), Decimal(80), False),
        EfficiencyTier(Decimal("1.80"), Decimal(78), False),
        EfficiencyTier(None, Decimal(75), False),
    ),
    below_zero=EfficiencyTier(ZERO, None, False),
)

EFFICIENCY_STANDARD = ONE  # SE


@dataclass(frozen=True)
class Efficiency:
    output: Outcome
    input: Outcome
    index: Outcome  # IE
    level: Outcome  # TE
    tier: EfficiencyTier | None

    @property
    def capaian(self) -> Decimal | None:
        return self.tier.capaian if self.tier else None

    @property
    def efficient(self) -> bool | None:
        return self.tier.efficient if self.tier else None


def efficiency(output: Outcome, input_: Outcome, table: EfficiencyTable = DEFAULT_EFFICIENCY_TABLE) -> Efficiency:
    """IE = output% / input%, TE = (IE - SE) / SE, tier looked up on TE rounded to 2 dp."""
    if output.value is None:
        missing = Outcome.missing(Reason.NO_OUTPUT)
        return Efficiency(output, input_, missing, missing, None)
    if input_.value is None or input_.value == ZERO:
        missing = Outcome.missing(Reason.NO_INPUT)
        return Efficiency(output, input_, missing, missing, None)
    index = output.value / input_.value
    level = (index - EFFICIENCY_STANDARD) / EFFICIENCY_STANDARD
    return Efficiency(output, input_, Outcome.of(index), Outcome.of(level), table.tier_for(level))


class EfficiencyTotal(StrEnum):
    """What the output of the efficiency table's total row is (§15), a per-unit setting."""

    UNIT_SCORE = "unit_score"  # Settama: the unit score (NPSS)
    MEAN_OF_ROWS = "mean_of_rows"  # UPT: the mean of the rows' outputs


def total_output(row_outputs: Iterable[Outcome], unit_score: Outcome, method: EfficiencyTotal) -> Outcome:
    """Output of the total row: the unit score, or the mean of the rows that have an output (a row without
    one, e.g. a year-end indicator mid-year, is left out, never counted as 0)."""
    if method == EfficiencyTotal.MEAN_OF_ROWS:
        return mean(row_outputs)
    return unit_score


def total_input(rows: Iterable[tuple[Outcome, Decimal, Decimal]]) -> Outcome:
    """Σ realisation / Σ allocation over the rows (output, realised, allocation) that have an output."""
    realised = ZERO
    allocation = ZERO
    for output, row_realised, row_allocation in rows:
        if output.value is None:
            continue
        realised += row_realised
        allocation += row_allocation
    if allocation == ZERO and realised == ZERO:
        return Outcome.missing(Reason.NOTHING_MEASURED)
    return absorption(realised, allocation)


# --- §4.8 counts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    total: int
    measured: int
    by_criterion: dict[str, int]

    @property
    def not_measured(self) -> int:
        return self.total - self.measured


def count_by_criterion(scores: Sequence[Outcome], bands: Sequence[Band] = DEFAULT_CRITERIA) -> Counts:
    by_criterion = {band.code: 0 for band in bands}
    measured = 0
    for score in scores:
        if score.value is None:
            continue
        measured += 1
        band = criterion(score, bands)
        by_criterion[band.code] = by_criterion.get(band.code, 0) + 1
    return Counts(total=len(scores), measured=measured, by_criterion=by_criterion)


# --- §11 how an indicator's value is computed ----------------------------------------------------------


class Method(StrEnum):
    DIRECT = "direct"  # the number typed
    RATIO = "ratio"  # numerator / denominator x 100
    MEAN_OF_RATIOS = "mean_of_ratios"  # mean of each component's percentage
    WEIGHTED_SUM = "weighted_sum"  # Σ weight x component (weights as fractions)
    WEIGHTED_MEAN = "weighted_mean"  # Σ v·w / Σ w over the components assessed ("konversi bobot")
    STAGED = "staged"  # B01..B11: Σ stage weight x completion; B12: the final count
    FORMULA = "formula"  # a named function of the registry below


@dataclass(frozen=True)
class ComponentValue:
    """One component of an indicator in one month: its code, weight and value (or numerator / denominator).

    For a stage of a staged programme, `value` is the stage's completion in % (0..100)."""

    code: str
    weight: Decimal | None = None
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def ratio(self) -> Decimal | None:
        """numerator / denominator x 100; None when either is missing or the denominator is 0."""
        if self.numerator is None or self.denominator is None or self.denominator == ZERO:
            return None
        return self.numerator / self.denominator * HUNDRED

    @property
    def amount(self) -> Decimal | None:
        """The component's number: its value, or its ratio."""
        return self.value if self.value is not None else self.ratio


@dataclass(frozen=True)
class Computed:
    """An indicator's value computed from its components, with the components left out (0/0, not assessed)."""

    outcome: Outcome
    left_out: tuple[str, ...] = ()

    @property
    def value(self) -> Decimal | None:
        return self.outcome.value


@dataclass(frozen=True)
class Formula:
    """A named formula: its text as the Lapkin prints it, the component codes it needs, its function."""

    name: str
    text: str
    codes: tuple[str, ...]
    function: Callable[[dict[str, Decimal]], Outcome]


def _enforcement(values: dict[str, Decimal]) -> Outcome:
    """Penindakan: each case earns SPDP 15 / Tahap I 40 / P21 30 / Tahap II 15 per stage reached (cases carried
    over from last year count in KASUS); value = Σ weight x cases at the stage / KASUS."""
    cases = values["KASUS"]
    if cases == ZERO:
        return Outcome.missing(Reason.TARGET_ZERO)
    weights = {"SPDP": Decimal(15), "TAHAP1": Decimal(40), "P21": Decimal(30), "TAHAP2": Decimal(15)}
    return Outcome.of(sum((weights[code] * values[code] for code in weights), ZERO) / cases)


def _mean_of_two(values: dict[str, Decimal]) -> Outcome:
    """Kerja sama yang efektif: (A + B) / 2."""
    return Outcome.of((values["A"] + values["B"]) / 2)


FORMULAS: dict[str, Formula] = {
    formula.name: formula
    for formula in (
        Formula(
            "penindakan",
            "(15% × SPDP + 40% × Tahap I + 30% × P21 + 15% × Tahap II) / jumlah kasus",
            ("SPDP", "TAHAP1", "P21", "TAHAP2", "KASUS"),
            _enforcement,
        ),
        Formula("rata_rata_a_b", "(A + B) / 2", ("A", "B"), _mean_of_two),
    )
}


def indicator_value(
    method: Method, components: Sequence[ComponentValue], month: int = 1, formula: str = ""
) -> Computed:
    """The realisation of an indicator from its components, at full precision (§11). DIRECT, and STAGED in
    B12 (the final count), take the number typed: they give no value here (`NOTHING_MEASURED`)."""
    nothing = Computed(Outcome.missing(Reason.NOTHING_MEASURED))
    if method == Method.DIRECT or (method == Method.STAGED and month == 12):
        return nothing
    if method == Method.RATIO:
        for component in components:
            if component.numerator is not None and component.denominator is not None:
                return Computed(ratio_percent(component.numerator, component.denominator))
        return nothing
    if method == Method.MEAN_OF_RATIOS:
        assessed = [c for c in components if c.numerator is not None and c.denominator is not None]
        left_out = tuple(c.code for c in assessed if c.ratio is None)
        ratios = [Outcome(c.ratio) for c in assessed]
        return Computed(mean(ratios), left_out)
    if method == Method.WEIGHTED_SUM:
        pairs = [(c.amount, c.weight or ZERO) for c in components]
        if any(amount is None for amount, _ in pairs) or not pairs:
            return nothing  # every component is needed
        return Computed(Outcome.of(weighted_sum((a, w) for a, w in pairs if a is not None)))
    if method == Method.WEIGHTED_MEAN:
        left_out = tuple(c.code for c in components if c.amount is None)
        return Computed(weighted_mean((Outcome(c.amount), c.weight or ONE) for c in components), left_out)
    if method == Method.STAGED:
        return Computed(staged_progress(components))
    return named_formula(formula, components)


def staged_progress(stages: Sequence[ComponentValue]) -> Outcome:
    """Progress % of a staged programme: Σ stage weight x completion (completion in %, weights summing to 100,
    partial credit allowed). Stages with no completion entered count as 0; no stage entered: not computable."""
    if all(stage.value is None for stage in stages):
        return Outcome.missing(Reason.NOTHING_MEASURED)
    return Outcome.of(sum((stage_contribution(s) or ZERO for s in stages), ZERO))


def stage_contribution(stage: ComponentValue) -> Decimal | None:
    """What one stage adds to a programme's progress: weight x completion / 100 (None when not entered)."""
    if stage.value is None:
        return None
    return (stage.weight or ZERO) * stage.value / HUNDRED


def named_formula(name: str, components: Sequence[ComponentValue]) -> Computed:
    formula = FORMULAS.get(name)
    if formula is None:
        return Computed(Outcome.missing(Reason.NOTHING_MEASURED))
    values = {c.code: c.amount for c in components}
    missing = tuple(code for code in formula.codes if values.get(code) is None)
    if missing:
        return Computed(Outcome.missing(Reason.NOTHING_MEASURED), missing)
    return Computed(formula.function({code: values[code] for code in formula.codes}))  # type: ignore[misc]


def staged_annual_capaian(progress: Decimal | None, month: int, final_target: Decimal | None) -> Outcome:
    """Capaian of a staged programme against its annual target: before B12 the progress % itself (the annual
    count is 100% of the programme), never progress ÷ count; in B12 the final count against the target."""
    if month < 12:
        return Outcome.missing(Reason.NOT_ENTERED) if progress is None else Outcome.of(progress)
    return achievement(progress, final_target)

"""Goals, indicators, performance agreements (PK) with versions, monthly targets (RAPK), realisations."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip import scoring
from sakip.formatting import format_number
from sakip.models import OrgUnit, Visibility
from sakip.numbers import Capacity
from sakip.validation import capacity_of, portable

MONTHS = [(m, f"B{m:02d}") for m in range(1, 13)]
month_field_validators = [MinValueValidator(1), MaxValueValidator(12)]


class Perspective(models.Model):
    """Balanced Scorecard perspective, shared by every unit."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """Sasaran (strategic / program / activity level) of one unit in one year."""

    class Level(models.TextChoices):
        STRATEGIC = "strategic", _("Sasaran strategis")
        PROGRAM = "program", _("Sasaran program")
        ACTIVITY = "activity", _("Sasaran kegiatan")

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="goals")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.PROGRAM)
    perspective = models.ForeignKey(Perspective, on_delete=models.PROTECT, related_name="goals")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    parent_goal = models.ForeignKey(
        "self", verbose_name=_("cascades from"), null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal (sasaran)")
        verbose_name_plural = _("goals (sasaran)")
        ordering = ["unit", "year", "number"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "number"], name="unique_goal_number")]

    def __str__(self) -> str:
        return f"SS{self.number} {self.name}"


class Indicator(models.Model):
    """IKU of a goal."""

    class ValueKind(models.TextChoices):
        NUMBER = "number", _("Angka")
        QUALITATIVE = "qualitative", _("Kualitatif (dipetakan ke angka)")

    class Schedule(models.TextChoices):
        MONTHLY = "monthly", _("Bulanan")
        QUARTERLY = "quarterly", _("Triwulanan")
        YEAR_END = "year_end", _("Akhir tahun")

    class TargetBehaviour(models.TextChoices):
        CUMULATIVE = "cumulative", _("Kumulatif naik")
        FLAT = "flat", _("Tetap")
        YEAR_END = "year_end", _("Hanya akhir tahun")

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.CharField(_("code"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=300)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=100, blank=True)
    value_kind = models.CharField(_("value kind"), max_length=12, choices=ValueKind.choices, default="number")
    qualitative_map = models.JSONField(
        _("qualitative mapping"), default=dict, blank=True, help_text=_('e.g. {"WTP": 4, "WDP": 3}')
    )
    polarity = models.CharField(
        _("polarity"),
        max_length=6,
        choices=[
            (scoring.Polarity.HIGHER_IS_BETTER, _("Makin tinggi makin baik")),
            (scoring.Polarity.LOWER_IS_BETTER, _("Makin rendah makin baik")),
        ],
        default=scoring.Polarity.HIGHER_IS_BETTER,
    )
    lower_rule = models.CharField(
        _("lower-is-better formula"),
        max_length=6,
        choices=[
            (scoring.LowerIsBetterRule.MIRROR, "(2T − R) / T"),
            (scoring.LowerIsBetterRule.RATIO, "T / R"),
        ],
        default=scoring.LowerIsBetterRule.MIRROR,
    )
    schedule = models.CharField(_("measured"), max_length=10, choices=Schedule.choices, default="monthly")
    target_behaviour = models.CharField(
        _("monthly targets"), max_length=10, choices=TargetBehaviour.choices, default="cumulative"
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimals"), default=2, help_text=_("decimals a typed realisation or target may have")
    )
    allow_negative = models.BooleanField(
        _("negative values allowed"), default=False, help_text=_("realisations and targets may be below 0")
    )
    scale_min = models.DecimalField(_("scale minimum"), max_digits=20, decimal_places=4, null=True, blank=True)
    scale_max = models.DecimalField(_("scale maximum"), max_digits=20, decimal_places=4, null=True, blank=True)
    weight = models.DecimalField(_("weight in goal"), max_digits=8, decimal_places=4, default=Decimal(1))
    # Data-quality checks of monthly realisations (warnings only; indicators/checks.py).
    check_cumulative_drop = models.BooleanField(
        _("check: cumulative value going down"),
        default=True,
        help_text=_("for indicators with cumulative monthly targets: warn when a month is below the one before"),
    )
    check_jump_percent = models.DecimalField(
        _("check: jump from the previous month (%)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal(50),
        help_text=_("warn when the value moves more than this % from the previous month; blank: off"),
    )
    check_percent_range = models.BooleanField(
        _("check: percentage within 0–100"), default=True, help_text=_("for indicators measured in %")
    )
    check_range_factor = models.DecimalField(
        _("check: times the usual range"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal(10),
        help_text=_("warn when the value is more than this many times the year's largest target or value; blank: off"),
    )
    check_ratio = models.BooleanField(_("check: numerator / denominator give the value"), default=True)
    definition = models.TextField(_("definition"), blank=True)
    calculation = models.TextField(_("calculation method"), blank=True)
    method = models.CharField(
        _("how the value is computed"),
        max_length=16,
        choices=[
            (scoring.Method.DIRECT, _("Langsung (angka yang diisi)")),
            (scoring.Method.RATIO, _("Rasio (pembilang / penyebut × 100)")),
            (scoring.Method.MEAN_OF_RATIOS, _("Rata-rata persentase komponen")),
            (scoring.Method.WEIGHTED_SUM, _("Jumlah berbobot komponen")),
            (scoring.Method.WEIGHTED_MEAN, _("Rata-rata berbobot (konversi bobot)")),
            (scoring.Method.STAGED, _("Program bertahap")),
            (scoring.Method.FORMULA, _("Rumus bernama")),
        ],
        default=scoring.Method.DIRECT,
    )
    formula = models.CharField(
        _("named formula"),
        max_length=40,
        blank=True,
        choices=[(name, f"{name}: {f.text}") for name, f in scoring.FORMULAS.items()],
        help_text=_("only for the method «Rumus bernama»"),
    )
    start_month = models.PositiveSmallIntegerField(
        _("measured from month"),
        null=True,
        blank=True,
        choices=MONTHS,
        help_text=_("a monthly indicator starting later in the year: earlier months are not due"),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
        help_text=_(
            "public: the public page; internal: logged-in users; restricted: the unit, its heads, admins, auditors"
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator (IKU)")
        verbose_name_plural = _("indicators (IKU)")
        ordering = ["goal__unit", "goal__year", "number"]
        constraints = [models.UniqueConstraint(fields=["goal", "number"], name="unique_indicator_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def capacity(self, model: type[models.Model], field: str) -> Capacity:
        """What a number typed for this indicator into `model.field` may be: what every database stores
        exactly, with at most the indicator's decimals, negative only where the indicator allows it."""
        column = capacity_of(model, field, allow_negative=self.allow_negative)
        return portable(column, self.decimals)

    def label_for(self, value: Decimal | None) -> str | None:
        """The qualitative word for a mapped number (4 -> 'WTP'), if any."""
        if value is None:
            return None
        for word, number in self.qualitative_map.items():
            if Decimal(str(number)) == value:
                return str(word)
        return None


class Component(models.Model):
    """A component of an indicator's value (EKA / IKPA of NKA, one ratio of a mean of ratios, a stage of a
    staged programme with its weight); the indicator's method says how they combine (sakip.scoring §11)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="components")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    weight = models.DecimalField(
        _("weight"),
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("a fraction for a weighted sum (0,6), a weight for a weighted mean, % of a stage"),
    )
    uses_ratio = models.BooleanField(_("numerator / denominator"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["indicator", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["indicator", "code"], name="unique_component_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ComponentValue(models.Model):
    """A component's value s.d. a month (for a stage: its completion in %), saved with the realisation."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="values")
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS, validators=month_field_validators)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=20, decimal_places=4, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("component value")
        verbose_name_plural = _("component values")
        ordering = ["component__order", "month"]
        constraints = [models.UniqueConstraint(fields=["component", "month"], name="unique_component_value")]

    def __str__(self) -> str:
        return f"{self.component.code} B{self.month:02d}"

    def as_input(self) -> scoring.ComponentValue:
        return scoring.ComponentValue(
            self.component.code, self.component.weight, self.value, self.numerator, self.denominator
        )


class PerformanceAgreement(models.Model):
    """One version of a unit's PK for a year. Exactly one version is in force; older ones are kept."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="agreements")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    letter_number = models.CharField(_("letter number"), max_length=100, blank=True)
    reason = models.TextField(_("reason for revision"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    in_force = models.BooleanField(_("in force"), default=False)
    effective_month = models.PositiveSmallIntegerField(
        _("effective from month"),
        choices=MONTHS,
        validators=month_field_validators,
        default=1,
        help_text=_("a revision changes the targets from this month on; earlier quarters keep the version before"),
    )
    request_letter = models.CharField(_("request letter"), max_length=100, blank=True)
    override_reason = models.TextField(
        _("override reason"),
        blank=True,
        help_text=_("why the admin allowed a lowered annual target or a change in reported months"),
    )
    first_party = models.CharField(_("first party (Pihak Pertama)"), max_length=200, blank=True)
    first_party_title = models.CharField(_("first party's position"), max_length=200, blank=True)
    second_party = models.CharField(_("second party (Pihak Kedua)"), max_length=200, blank=True)
    second_party_title = models.CharField(_("second party's position"), max_length=200, blank=True)
    budget_total = models.DecimalField(_("budget total"), max_digits=20, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("performance agreement (PK)")
        verbose_name_plural = _("performance agreements (PK)")
        ordering = ["unit", "year", "version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "version"], name="unique_agreement_version"),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=models.Q(in_force=True), name="one_agreement_in_force"
            ),
        ]

    def __str__(self) -> str:
        kind = _("semula") if self.version == 1 else _("revisi %(n)s") % {"n": self.version - 1}
        return f"PK {self.unit.code} {self.year} ({kind})"


class AgreementTarget(models.Model):
    """An indicator's annual target in one agreement version; an indicator without one is not in the PK."""

    agreement = models.ForeignKey(PerformanceAgreement, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="agreement_targets")
    annual_target = models.DecimalField(_("annual target"), max_digits=20, decimal_places=4, null=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual target")
        verbose_name_plural = _("annual targets")
        constraints = [models.UniqueConstraint(fields=["agreement", "indicator"], name="unique_agreement_target")]

    def __str__(self) -> str:
        return f"{self.indicator} = {self.annual_target}"


class RevisionItem(models.Model):
    """One indicator of a PK revision request: the values before, the proposal and the decision."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Disetujui")
        REFUSED = "refused", _("Ditolak")
        CHANGED = "changed", _("Disetujui dengan perubahan")

    agreement = models.ForeignKey(PerformanceAgreement, on_delete=models.CASCADE, related_name="revision_items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="revision_items")
    old_annual = models.DecimalField(_("annual target before"), max_digits=20, decimal_places=4, null=True, blank=True)
    proposed_annual = models.DecimalField(
        _("proposed annual target"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    decided_annual = models.DecimalField(
        _("decided annual target"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    old_months = models.JSONField(_("monthly targets before"), default=dict, blank=True)
    proposed_months = models.JSONField(_("proposed monthly targets"), default=dict, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.APPROVED)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revision item")
        verbose_name_plural = _("revision items")
        ordering = ["agreement", "indicator__number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "indicator"], name="unique_revision_item")]

    def __str__(self) -> str:
        return f"{self.indicator.number}: {self.old_annual} → {self.proposed_annual} ({self.get_decision_display()})"


class QuarterTargets(models.Model):
    """The PK version a unit's quarter was reported with, stored once the quarter is reported so that a later
    revision never rescores it."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="quarter_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    agreement = models.ForeignKey(PerformanceAgreement, on_delete=models.PROTECT, related_name="quarters")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("targets of a reported quarter")
        verbose_name_plural = _("targets of reported quarters")
        ordering = ["unit", "year", "quarter"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "quarter"], name="unique_quarter_targets")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year} TW {self.quarter}: PK versi {self.agreement.version}"


class MonthlyTarget(models.Model):
    """RAPK: an indicator's target for month B01..B12 in one agreement version. No row or null = '-'."""

    agreement = models.ForeignKey(PerformanceAgreement, on_delete=models.CASCADE, related_name="monthly_targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="monthly_targets")
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS, validators=month_field_validators)
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly target (RAPK)")
        verbose_name_plural = _("monthly targets (RAPK)")
        ordering = ["agreement", "indicator__number", "month"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "indicator", "month"], name="unique_monthly_target")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.number} B{self.month:02d} = {self.value if self.value is not None else '-'}"


class Realisation(models.Model):
    """An indicator's realisation s.d. a month, with its state and the narratives the Lapkin uses."""

    class State(models.TextChoices):
        NUMBER = "number", _("Angka")
        YEAR_END = "year_end", _("Akhir tahun")
        NOT_ENTERED = "not_entered", _("Belum diisi")
        IN_PROCESS = "in_process", _("Dalam proses")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="realisations")
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS, validators=month_field_validators)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NOT_ENTERED)
    value = models.DecimalField(_("realisation"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=20, decimal_places=4, null=True, blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    kendala = models.TextField(_("kendala"), blank=True)
    rtl = models.TextField(_("RTL (follow-up plan)"), blank=True)
    activities = models.TextField(_("activities done"), blank=True)
    rtl_status = models.CharField(
        _("RTL status"),
        max_length=10,
        blank=True,
        choices=[("proses", _("Proses")), ("selesai", _("Selesai"))],
    )
    revision = models.PositiveIntegerField(_("revision"), default=0, help_text=_("for optimistic concurrency"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["indicator__number", "month"]
        constraints = [models.UniqueConstraint(fields=["indicator", "month"], name="unique_realisation")]

    def __str__(self) -> str:
        return f"{self.indicator.number} B{self.month:02d}: {self.value if self.is_scored else self.state}"

    @property
    def is_scored(self) -> bool:
        return self.state == self.State.NUMBER and self.value is not None

    @property
    def scored_value(self) -> Decimal | None:
        return self.value if self.is_scored else None

    def missing_reason(self) -> scoring.Reason:
        return {
            self.State.YEAR_END: scoring.Reason.YEAR_END,
            self.State.IN_PROCESS: scoring.Reason.IN_PROCESS,
        }.get(self.State(self.state), scoring.Reason.NOT_ENTERED)


class MonthStatus(models.Model):
    """Where a unit's month stands in the workflow: draft -> submitted -> approved / returned -> locked.

    No row means "not started". `revision` guards concurrent transitions.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        APPROVED = "approved", _("Disetujui")
        LOCKED = "locked", _("Dikunci")

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="month_statuses")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS, validators=month_field_validators)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    deadline = models.DateField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("month status")
        verbose_name_plural = _("month statuses")
        ordering = ["unit", "year", "month"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "month"], name="unique_month_status")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year}-B{self.month:02d}: {self.get_state_display()}"

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class ReviewComment(models.Model):
    """A unit head's comment on one indicator when returning or approving a month. Comments are never deleted
    or overwritten: together with the realisations' history they are the month's review thread."""

    class Kind(models.TextChoices):
        RETURN = "return", _("Dikembalikan")
        APPROVE = "approve", _("Disetujui")

    month_status = models.ForeignKey(MonthStatus, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RETURN)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:50]


class QualityWarning(models.Model):
    """A data-quality finding of one indicator in a month (indicators/checks.py), kept with the month and
    refreshed at every save; never blocks anything."""

    class Kind(models.TextChoices):
        CUMULATIVE_DROP = "cumulative_drop", _("Nilai kumulatif turun")
        JUMP = "jump", _("Lonjakan dari bulan sebelumnya")
        PERCENT_RANGE = "percent_range", _("Persentase di luar 0–100")
        OUT_OF_RANGE = "out_of_range", _("Jauh di luar kisaran biasa")
        RATIO = "ratio", _("Pembilang/penyebut tidak cocok")

    month_status = models.ForeignKey(MonthStatus, on_delete=models.CASCADE, related_name="warnings")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("check"), max_length=20, choices=Kind.choices)
    numbers = models.JSONField(_("numbers"), default=dict, help_text=_("what the message shows, as decimal strings"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data-quality warning")
        verbose_name_plural = _("data-quality warnings")
        ordering = ["month_status", "indicator__number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["month_status", "indicator", "kind"], name="unique_quality_warning")
        ]

    def __str__(self) -> str:
        return f"{self.month_status} {self.indicator.number}: {self.get_kind_display()}"

    @property
    def message(self) -> str:
        """The finding in words, e.g. "Nilai kumulatif turun dari 28,50 (B08) menjadi 27,00."."""
        shown: dict[str, str] = {name: format_number(Decimal(text)) for name, text in self.numbers.items()}
        month = self.numbers.get("month")
        shown["month"] = f"B{int(Decimal(month)):02d}" if month is not None else str(_("bulan sebelumnya"))
        template = {
            self.Kind.CUMULATIVE_DROP: _("Nilai kumulatif turun dari %(previous)s (%(month)s) menjadi %(value)s."),
            self.Kind.JUMP: _("Berubah %(change)s%% dari %(month)s (%(previous)s); batas indikator ini %(limit)s%%."),
            self.Kind.PERCENT_RANGE: _("Persentase %(value)s di luar 0–100."),
            self.Kind.OUT_OF_RANGE: _(
                "%(value)s lebih dari %(factor)s kali nilai terbesar tahun ini (%(usual)s): salah ketik pemisah ribuan?"
            ),
            self.Kind.RATIO: _("Pembilang/penyebut memberi %(ratio)s, bukan %(value)s."),
        }[self.Kind(self.kind)]
        return str(template) % shown


def evidence_path(instance: Evidence, filename: str) -> str:
    """Stored name never comes from the user: a random id plus a vetted extension."""
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    unit = instance.realisation.indicator.goal.unit_id
    return f"evidence/{unit}/{uuid.uuid4().hex}.{extension}"


class Evidence(models.Model):
    """A supporting file of a realisation, stored outside the static area and served only through a view."""

    realisation = models.ForeignKey(Realisation, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ImportJob(models.Model):
    """A spreadsheet import read and planned (preview) or written (apply) by a Celery worker, so that a large
    file never runs inside a web request; its page shows the progress, then the preview or the result.

    The uploaded file waits under MEDIA_ROOT/imports/<token> (`indicators.imports.pending`)."""

    class Phase(models.TextChoices):
        PREVIEW = "preview", _("Pratinjau")
        APPLY = "apply", _("Penyimpanan")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang diproses")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.PREVIEW)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    token = models.CharField(_("upload token"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=255)
    override = models.BooleanField(_("reported months may change"), default=False)
    reason = models.TextField(_("reason for revision"), blank=True)
    letter_number = models.CharField(_("letter number"), max_length=100, blank=True)
    expected_digest = models.CharField(_("digest of the preview"), max_length=64, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)  # {"plan": ..., "stale": bool} | {"rejected": ..}
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.kind} {self.file_name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class Recommendation(models.Model):
    """A recommendation from a previous evaluation, followed up quarter by quarter until done (§16)."""

    class Origin(models.TextChoices):
        MONEV = "monev", _("Monev internal")
        MANAGEMENT_REVIEW = "management_review", _("Kaji ulang manajemen")
        PLANNING_BUREAU = "planning_bureau", _("Biro Perencanaan dan Keuangan")
        INSPECTORATE = "inspectorate", _("Inspektorat")
        OTHER = "other", _("Lainnya")

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="recommendations")
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("code"), max_length=30, blank=True, help_text=_("Names it in the follow-up import."))
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.MONEV)
    text = models.TextField(_("recommendation"))
    indicators = models.ManyToManyField(Indicator, verbose_name=_("indicators"), related_name="recommendations")
    first_quarter = models.PositiveSmallIntegerField(
        _("followed up from quarter"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["unit", "year", "first_quarter", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class RecommendationStatus(models.Model):
    """A recommendation's follow-up in one quarter: done (date, evidence) or not yet (action plans), and its
    outcome. A quarter without a row carries the last status forward."""

    class Status(models.TextChoices):
        DONE = "selesai", _("Selesai")
        NOT_YET = "belum", _("Belum")

    class State(models.TextChoices):
        """The quarter's follow-up goes through the head of the unit like a month: draft, submitted, then
        approved or returned (editable again)."""

        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        APPROVED = "approved", _("Disetujui")
        RETURNED = "returned", _("Dikembalikan")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="statuses")
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NOT_YET)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    state = models.CharField(_("review state"), max_length=10, choices=State.choices, default=State.DRAFT)
    revision = models.PositiveIntegerField(default=0)
    review_comment = models.TextField(_("review comment"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up status")
        verbose_name_plural = _("follow-up statuses")
        ordering = ["recommendation", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "quarter"], name="unique_recommendation_quarter")
        ]

    def __str__(self) -> str:
        return f"TW {self.quarter}: {self.get_status_display()}"


class ActionPlan(models.Model):
    """One action of a follow-up not yet done, with its own timeline ("Desember 2022", "TW IV 2022")."""

    status = models.ForeignKey(RecommendationStatus, on_delete=models.CASCADE, related_name="action_plans")
    text = models.TextField(_("action plan"))
    timeline = models.CharField(_("timeline"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["status", "id"]

    def __str__(self) -> str:
        return f"{self.text[:50]} ({self.timeline})"

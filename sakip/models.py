"""Core: the organisation tree, who holds which role where, and each unit's scoring policy."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from sakip import scoring


class UnitGroup(models.TextChoices):
    """The satker group of a unit as BPOM's budget reports group them (blank: not a satker of its own)."""

    CENTRAL = "central", _("Unit pusat")
    BALAI_BESAR = "balai_besar", _("Balai Besar POM")
    BALAI = "balai", _("Balai POM")
    LOKA = "loka", _("Loka POM")


# Bab 12 / Lampiran II put Balai Besar and Balai together: the agency's three groups.
BUDGET_GROUPS: dict[str, str] = {"central": "central", "balai_besar": "balai", "balai": "balai", "loka": "loka"}


class Visibility(models.TextChoices):
    """Who may see an indicator or a figure (SOP Operational Center); the rule is in sakip/visibility.py."""

    PUBLIC = "public", _("Publik")
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Terbatas")


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        BADAN = "badan", _("Badan")
        ESELON_1 = "eselon1", _("Eselon I")
        ESELON_2 = "eselon2", _("Eselon II")
        UPT = "upt", _("UPT")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    group = models.CharField(_("satker group"), max_length=12, choices=UnitGroup.choices, blank=True)
    province = models.CharField(_("province"), max_length=60, blank=True)
    satker_code = models.CharField(
        _("satker code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("A satker code has 6 digits."))],
        help_text=_("DIPA satker code (6 digits), as OMSPAN/SAKTI files name the unit; blank: none."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["satker_code"], condition=~models.Q(satker_code=""), name="unique_satker_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class UnitVersion(models.Model):
    """A unit's master data from a date on: name, kind, group, parent and location can change (Loka POM become
    Balai POM). The unit's own row holds the values in force today; reports of a past period use the version in
    force at the period's end (`sakip.units.tree_as_of`). A unit's earliest version also stands for the time
    before it, for want of older records."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("valid from"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=OrgUnit.Kind.choices)
    group = models.CharField(_("satker group"), max_length=12, choices=UnitGroup.choices, blank=True)
    parent = models.ForeignKey(
        OrgUnit, verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("regulation or document"))

    class Meta:
        verbose_name = _("unit master data version")
        verbose_name_plural = _("unit master data versions")
        ordering = ["unit", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["unit", "valid_from"], name="unique_unit_version_date")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.valid_from}: {self.name}"


def subtree_ids(unit_ids: set[int]) -> set[int]:
    """The given units and all their descendants (one query per tree level, at most 4 in BPOM)."""
    found = set(unit_ids)
    frontier = set(unit_ids)
    while frontier:
        frontier = set(OrgUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


class Role(models.TextChoices):
    PLANNER = "planner", _("Perencana")
    HEAD = "head", _("Kepala unit")
    ADMIN = "admin", _("Admin (Biro Perencanaan)")
    AUDITOR = "auditor", _("Auditor")


class Membership(models.Model):
    """A user's role in a unit. Admins and auditors see every unit whatever unit they are attached to."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit.code}"


class ScoringPolicy(models.Model):
    """Per unit and year: roll-up method, efficiency settings, criteria bands and TE tiers (§4)."""

    class EfficiencyLevel(models.TextChoices):
        GOAL = "goal", _("Sasaran")
        INDICATOR = "indicator", _("Indikator")

    class OutputBasis(models.TextChoices):
        PERIOD = "period", _("Capaian periode")
        ANNUAL = "annual", _("Capaian terhadap target tahunan")

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="policies")
    year = models.PositiveSmallIntegerField(_("year"))
    rollup = models.CharField(
        _("unit score roll-up"),
        max_length=30,
        choices=[(m.value, m.value) for m in scoring.RollUp],
        default=scoring.RollUp.MEAN_OF_PERSPECTIVES,
    )
    efficiency_level = models.CharField(
        _("efficiency level"), max_length=10, choices=EfficiencyLevel.choices, default=EfficiencyLevel.GOAL
    )
    output_basis = models.CharField(
        _("efficiency output basis"), max_length=10, choices=OutputBasis.choices, default=OutputBasis.PERIOD
    )
    efficiency_total = models.CharField(
        _("efficiency total output"),
        max_length=20,
        choices=[
            (scoring.EfficiencyTotal.UNIT_SCORE.value, _("Nilai unit (NPSS)")),
            (scoring.EfficiencyTotal.MEAN_OF_ROWS.value, _("Rata-rata output baris")),
        ],
        default=scoring.EfficiencyTotal.UNIT_SCORE,
        help_text=_("output of the efficiency table's total row; rows without output are left out of both sums"),
    )
    criteria_source = models.CharField(
        _("criteria source"), max_length=200, default="Keputusan Kepala BPOM Nomor 128 Tahun 2022"
    )
    criteria_effective_from = models.DateField(_("criteria effective from"), null=True, blank=True)
    below_zero_capaian = models.DecimalField(
        _("capaian TE for TE < 0"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring policy")
        verbose_name_plural = _("scoring policies")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_policy_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year}"

    def criteria_bands(self) -> tuple[scoring.Band, ...]:
        bands = tuple(band.as_band() for band in self.criteria.all())
        return bands or scoring.DEFAULT_CRITERIA

    def efficiency_table(self) -> scoring.EfficiencyTable:
        tiers = tuple(tier.as_tier() for tier in self.tiers.all())
        if not tiers:
            return scoring.DEFAULT_EFFICIENCY_TABLE
        below_zero = scoring.EfficiencyTier(Decimal(0), self.below_zero_capaian, efficient=False)
        return scoring.EfficiencyTable(tiers=tiers, below_zero=below_zero)


class CriterionBand(models.Model):
    class Colour(models.TextChoices):
        GREY = "grey", _("Abu gelap")
        GREEN = "green", _("Hijau")
        YELLOW = "yellow", _("Kuning")
        RED = "red", _("Merah")

    policy = models.ForeignKey(ScoringPolicy, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=20)
    label = models.CharField(_("criterion"), max_length=100)
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices)
    lower = models.DecimalField(_("lower bound"), max_digits=8, decimal_places=2, null=True, blank=True)
    lower_inclusive = models.BooleanField(_("lower bound included"), default=True)
    upper = models.DecimalField(_("upper bound"), max_digits=8, decimal_places=2, null=True, blank=True)
    upper_inclusive = models.BooleanField(_("upper bound included"), default=False)
    conclusion = models.CharField(_("effectiveness"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion band")
        verbose_name_plural = _("criterion bands")
        ordering = ["policy", "order"]

    def __str__(self) -> str:
        return self.label

    def as_band(self) -> scoring.Band:
        return scoring.Band(
            code=self.code,
            label=self.label,
            colour=self.colour,
            lower=self.lower,
            lower_inclusive=self.lower_inclusive,
            upper=self.upper,
            upper_inclusive=self.upper_inclusive,
            conclusion=self.conclusion,
        )


class EfficiencyTier(models.Model):
    """TE (2 dp) in (previous upper, upper]; the first tier starts at 0; blank upper = unbounded."""

    policy = models.ForeignKey(ScoringPolicy, on_delete=models.CASCADE, related_name="tiers")
    upper = models.DecimalField(_("TE upper bound"), max_digits=6, decimal_places=2, null=True, blank=True)
    capaian = models.DecimalField(_("capaian TE"), max_digits=6, decimal_places=2, null=True, blank=True)
    efficient = models.BooleanField(_("efficient"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("efficiency tier")
        verbose_name_plural = _("efficiency tiers")
        ordering = ["policy", models.F("upper").asc(nulls_last=True)]

    def __str__(self) -> str:
        return f"≤ {self.upper}" if self.upper is not None else "> …"

    def as_tier(self) -> scoring.EfficiencyTier:
        return scoring.EfficiencyTier(upper=self.upper, capaian=self.capaian, efficient=self.efficient)


def seed_default_policy(policy: ScoringPolicy) -> None:
    """Give a new policy the BPOM defaults of SAKIP_DOMAIN.md §4 (criteria bands and TE tiers), with history."""
    if not policy.criteria.exists():
        bands = [
            CriterionBand(
                policy=policy,
                order=order,
                code=band.code,
                label=band.label,
                colour=band.colour,
                lower=band.lower,
                lower_inclusive=band.lower_inclusive,
                upper=band.upper,
                upper_inclusive=band.upper_inclusive,
                conclusion=band.conclusion,
            )
            for order, band in enumerate(scoring.DEFAULT_CRITERIA)
        ]
        bulk_create_with_history(bands, CriterionBand)
    if not policy.tiers.exists():
        tiers = [
            EfficiencyTier(policy=policy, upper=tier.upper, capaian=tier.capaian, efficient=tier.efficient)
            for tier in scoring.DEFAULT_EFFICIENCY_TABLE.tiers
        ]
        bulk_create_with_history(tiers, EfficiencyTier)


class AuditEvent(models.Model):
    """An append-only record of something done that is not a field change: a workflow transition, an
    import, a download, a report request. Field changes of targets, realisations and budget are recorded
    by django-simple-history; the audit page shows both."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=50, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    period = models.CharField(_("period"), max_length=20, blank=True, help_text=_("e.g. 2023-B06 or 2023-TW2"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")

"""Budget lines (pagu, blokir, allocation) per unit, goal and indicator, with cumulative monthly realisation."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import MONTHS, Goal, Indicator, month_field_validators
from sakip import scoring
from sakip.models import OrgUnit


class SpendingType(models.TextChoices):
    """Jenis belanja of the DIPA; blank on a budget line means every type together."""

    ALL = "", _("Semua jenis belanja")
    PEGAWAI = "pegawai", _("Belanja Pegawai")
    BARANG = "barang", _("Belanja Barang")
    MODAL = "modal", _("Belanja Modal")


class BudgetLine(models.Model):
    """Budget of a unit for a year: the whole unit (no goal), one goal, or one indicator of a goal.

    A unit-level line may be one spending type of the unit (Pegawai / Barang / Modal); `blokir` is the
    self-blocking (automatic adjustment), so pagu − blokir is the pagu after AA. `allocation` is the amount
    absorption is measured against; blank means pagu minus blokir.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.PROTECT, related_name="budget_lines")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="budget_lines"
    )
    spending_type = models.CharField(
        _("spending type"), max_length=10, choices=SpendingType.choices, default=SpendingType.ALL, blank=True
    )
    pagu = models.DecimalField(_("pagu"), max_digits=18, decimal_places=2)
    blokir = models.DecimalField(_("blokir"), max_digits=18, decimal_places=2, default=Decimal(0))
    allocation = models.DecimalField(
        _("allocation (pagu − blokir)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["unit", "year", "goal__number", "indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "spending_type"],
                condition=models.Q(goal=None, indicator=None),
                name="one_unit_budget",
            ),
            models.CheckConstraint(
                condition=models.Q(spending_type="") | models.Q(goal=None), name="spending_type_on_unit_lines_only"
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "goal"], condition=models.Q(indicator=None), name="one_goal_budget"
            ),
            models.UniqueConstraint(fields=["unit", "year", "indicator"], name="one_indicator_budget"),
            models.CheckConstraint(
                condition=models.Q(indicator=None) | ~models.Q(goal=None), name="indicator_budget_has_goal"
            ),
        ]

    def __str__(self) -> str:
        target = self.indicator or self.goal or self.unit.code
        kind = f" {self.get_spending_type_display()}" if self.spending_type else ""
        return f"{self.year} {target}{kind}"

    @property
    def available(self) -> Decimal:
        return self.allocation if self.allocation is not None else scoring.available_budget(self.pagu, self.blokir)


class BudgetRealisation(models.Model):
    """Budget spent on a line s.d. the end of a month (cumulative)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="realisations")
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS, validators=month_field_validators)
    amount = models.DecimalField(_("realised s.d. month"), max_digits=18, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget realisation")
        verbose_name_plural = _("budget realisations")
        ordering = ["line", "month"]
        constraints = [models.UniqueConstraint(fields=["line", "month"], name="unique_budget_realisation")]

    def __str__(self) -> str:
        return f"{self.line} B{self.month:02d} = {self.amount}"


class PaguChange(models.Model):
    """The DIPA pagu of a unit from a date on, with the letter that set it (the first DIPA, then each
    addition or revision). The Lapkin lists them; the unit's budget line holds the pagu in force, and a
    difference between the two is shown, never reconciled silently (SAKIP_DOMAIN §14)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="pagu_changes")
    year = models.PositiveSmallIntegerField(_("year"))
    effective_on = models.DateField(_("date"))
    letter_number = models.CharField(_("letter number"), max_length=200)
    pagu = models.DecimalField(_("pagu after the change"), max_digits=18, decimal_places=2)
    description = models.CharField(_("description"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("DIPA pagu change")
        verbose_name_plural = _("DIPA pagu changes")
        ordering = ["unit", "year", "effective_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "effective_on", "letter_number"], name="unique_pagu_change")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.effective_on} {self.letter_number}: {self.pagu}"

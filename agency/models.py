"""What the agency roll-up needs besides the units' own data: imported sampling tables, the visibility of
each kind of figure, and the source's data-quality warnings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from sakip.models import OrgUnit, Visibility


class FigureKind(models.TextChoices):
    BUDGET = "budget", _("Anggaran dan realisasinya per satker")
    UNIT_SCORES = "unit_scores", _("Nilai kinerja per unit")
    SAMPLING = "sampling", _("Sampling dan pengujian")


DEFAULT_VISIBILITY = {
    FigureKind.BUDGET: Visibility.PUBLIC,  # Bab 12 and Lampiran II are published in the digest
    FigureKind.UNIT_SCORES: Visibility.INTERNAL,
    FigureKind.SAMPLING: Visibility.PUBLIC,
}


class FigureVisibility(models.Model):
    """Who may see one kind of figure (the classification of the SOP Operational Center); a kind without a row
    has its default. Indicators carry their own visibility."""

    kind = models.CharField(_("figure"), max_length=20, choices=FigureKind.choices, unique=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)

    class Meta:
        verbose_name = _("figure visibility")
        verbose_name_plural = _("figure visibility")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_visibility_display()}"


def figure_visibility() -> dict[str, str]:
    stored = dict(FigureVisibility.objects.values_list("kind", "visibility"))
    return {kind.value: stored.get(kind.value, default.value) for kind, default in DEFAULT_VISIBILITY.items()}


class SamplingResult(models.Model):
    """One row of Tabel 1 (targeted) or Tabel 2 (random) of the digest: sampling and testing s.d. a quarter."""

    class Table(models.TextChoices):
        TARGETED = "targeted", _("Targeted")
        RANDOM = "random", _("Random")

    COUNT_FIELDS = (
        "a_jumlah_sampling",
        "b_tmk_tie_ilegal_palsu",
        "b_tmk_kedaluwarsa",
        "b_tmk_rusak",
        "c_tmk_label",
        "d_masuk_lab",
        "e_diuji",
        "f_ms",
        "g_tms",
        "h_total_tms",
        "i_belum_selesai",
        "j_diperiksa_diuji_sesuai_standar",
    )

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    table = models.CharField(_("method"), max_length=10, choices=Table.choices)
    commodity = models.CharField(_("commodity"), max_length=60)
    a_jumlah_sampling = models.PositiveIntegerField(_("(a) sampled"), null=True, blank=True)
    b_tmk_tie_ilegal_palsu = models.PositiveIntegerField(
        _("(b) TMK: no permit / illegal / fake"), null=True, blank=True
    )
    b_tmk_kedaluwarsa = models.PositiveIntegerField(_("(b) TMK: expired"), null=True, blank=True)
    b_tmk_rusak = models.PositiveIntegerField(_("(b) TMK: damaged"), null=True, blank=True)
    c_tmk_label = models.PositiveIntegerField(_("(c) TMK label"), null=True, blank=True)
    d_masuk_lab = models.PositiveIntegerField(_("(d) into the laboratory"), null=True, blank=True)
    e_diuji = models.PositiveIntegerField(_("(e) tested"), null=True, blank=True)
    f_ms = models.PositiveIntegerField(_("(f) MS"), null=True, blank=True)
    g_tms = models.PositiveIntegerField(_("(g) TMS"), null=True, blank=True)
    h_total_tms = models.PositiveIntegerField(_("(h) total TMS"), null=True, blank=True)
    i_belum_selesai = models.PositiveIntegerField(_("(i) not finished"), null=True, blank=True)
    j_diperiksa_diuji_sesuai_standar = models.PositiveIntegerField(
        _("(j) examined and tested to standard"), null=True, blank=True
    )
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)

    class Meta:
        verbose_name = _("sampling result")
        verbose_name_plural = _("sampling results")
        ordering = ["year", "quarter", "table", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter", "table", "commodity"], name="unique_sampling_row")
        ]

    def __str__(self) -> str:
        return f"{self.year} TW{self.quarter} {self.table} {self.commodity}"


class DataWarning(models.Model):
    """A defect of the source data kept visible (a name cut at 100 characters, a unit that does not match the
    indicator, a garbled unit), never silently fixed."""

    year = models.PositiveSmallIntegerField(_("year"))
    code = models.SlugField(_("kind"), max_length=40)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="data_warnings"
    )
    message = models.CharField(_("warning"), max_length=300)
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)

    class Meta:
        verbose_name = _("data-quality warning")
        verbose_name_plural = _("data-quality warnings")
        ordering = ["year", "source_line", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.code}: {self.message}"

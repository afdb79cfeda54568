"""Quarterly Lapkin reports: one row per rendering request, with the snapshot it was built from and its PDF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.models import OrgUnit, Visibility

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class ReportIsFinal(Exception):
    """A final report never changes; make a new one instead."""


def report_path(instance: Report, filename: str) -> str:
    """Stored name never comes from the user."""
    return f"reports/{instance.unit_id}/{instance.year}-tw{instance.quarter}/{instance.kind}-{instance.pk}.pdf"


class Report(models.Model):
    """A Lapkin of a unit for a year and quarter.

    Rendering happens in a Celery worker; the row records where it stands. Once `is_final` is set the row
    (snapshot, PDF, signature) never changes again: a new report can be requested and the old one stays.
    """

    class Kind(models.TextChoices):
        LAPKIN = "lapkin", _("Lapkin unit")
        DIGEST = "digest", _("Kinerja BPOM Dalam Angka")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LAPKIN)
    audience = models.CharField(
        _("audience"),
        max_length=10,
        choices=Visibility.choices,
        blank=True,
        help_text=_("digest: the most confidential data it may hold (restricted: admins and auditors only)"),
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"TW {r}") for q, r in ROMAN.items()])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    worker = models.CharField(_("rendered by"), max_length=200, blank=True)
    snapshot = models.JSONField(_("scoring snapshot"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    render_seconds = models.DecimalField(_("render time (s)"), max_digits=8, decimal_places=3, null=True, blank=True)
    place = models.CharField(_("place"), max_length=100)
    signed_on = models.DateField(_("date"))
    signatory_name = models.CharField(_("signatory"), max_length=200)
    signatory_title = models.CharField(_("signatory title"), max_length=200)
    is_final = models.BooleanField(_("final"), default=False)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Lapkin report")
        verbose_name_plural = _("Lapkin reports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "unit", "year", "quarter", "audience"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_report_per_period",
            ),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="report_quarter_1_4"),
            models.CheckConstraint(condition=~models.Q(is_final=True) | models.Q(status="done"), name="final_is_done"),
        ]
        indexes = [models.Index(fields=["unit", "year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit.code} {self.year} TW{self.quarter} #{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and Report.objects.filter(pk=self.pk, is_final=True).exists():
            raise ReportIsFinal(f"report {self.pk} is final and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.pk is not None and Report.objects.filter(pk=self.pk, is_final=True).exists():
            raise ReportIsFinal(f"report {self.pk} is final and cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def period(self) -> str:
        return f"{self.year}-TW{self.quarter}"

    @property
    def quarter_roman(self) -> str:
        return ROMAN[self.quarter]

    @property
    def filename(self) -> str:
        if self.kind == self.Kind.DIGEST:
            return f"Kinerja_BPOM_Dalam_Angka_{self.year}_TW{self.quarter}_{self.audience}.pdf"
        return f"Lapkin_{self.unit.code}_{self.year}_TW{self.quarter}.pdf"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def waiting_for_queue(self) -> bool:
        """Queued, but not yet sent to the broker (it was unreachable)."""
        return self.status == self.Status.QUEUED and not self.task_id


class ReportText(models.Model):
    """The parts of a Lapkin people write (Kata Pengantar, BAB I, Saran), per unit, year and quarter, and the
    signature the period's report is to carry (place, date, signatory), which a new request starts from.

    A report copies them into its snapshot when it is rendered; editing them later changes only new reports.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="report_texts")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"TW {r}") for q, r in ROMAN.items()])
    foreword = models.TextField(_("Kata Pengantar"), blank=True)
    introduction = models.TextField(_("BAB I Pendahuluan"), blank=True)
    recommendations = models.TextField(_("Saran"), blank=True)
    place = models.CharField(_("place of signature"), max_length=100, blank=True)
    signed_on = models.DateField(_("date of signature"), null=True, blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Lapkin text")
        verbose_name_plural = _("Lapkin texts")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "quarter"], name="unique_report_text_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year} TW{self.quarter}"

"""Each user's notification preferences, and the reminders already sent (so that none is sent twice)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sakip.models import OrgUnit


class Preference(models.Model):
    """A user's choices; a user without a row gets every e-mail, in Indonesian."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    events = models.BooleanField(
        _("e-mail saat bulan diajukan, dikembalikan, disetujui, dikunci dan saat Lapkin selesai"), default=True
    )
    reminders = models.BooleanField(_("pengingat tenggat realisasi bulanan"), default=True)
    digest = models.BooleanField(_("ringkasan mingguan unit yang saya pimpin"), default=True)
    language = models.CharField(_("bahasa"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")

    def __str__(self) -> str:
        return str(self.user)


class SentReminder(models.Model):
    """A reminder or digest that was sent. Never two reminders for the same user, month and day; never two
    digests for the same user and day (the constraints hold even when the beat job and the command race)."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("sebelum tenggat")
        AFTER = "after", _("setelah tenggat")
        DIGEST = "digest", _("ringkasan mingguan")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("bulan"), null=True, blank=True)
    sent_on = models.DateField(_("tanggal kirim"))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "year", "month", "sent_on"],
                condition=~models.Q(kind="digest"),
                name="one_reminder_per_user_month_day",
            ),
            models.UniqueConstraint(
                fields=["user", "sent_on"], condition=models.Q(kind="digest"), name="one_digest_per_user_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.sent_on}"

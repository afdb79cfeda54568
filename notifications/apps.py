from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """E-mail on workflow transitions and finished reports, deadline reminders and the heads' weekly digest."""

    name = "notifications"
    verbose_name = _("Notifikasi")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    """The home page: each user's tasks of the monthly round (it reads every app, so it sits on top)."""

    name = "inbox"
    verbose_name = _("Kotak tugas")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail pages: field history and audit events of every app, read-only."""

    name = "audit"
    verbose_name = _("Jejak audit")

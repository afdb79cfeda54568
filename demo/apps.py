from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data loader: sits at the top because it writes into every app."""

    name = "demo"
    verbose_name = _("Data demo")

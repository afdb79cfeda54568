from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgencyConfig(AppConfig):
    name = "agency"
    verbose_name = _("BPOM as a whole")

    def ready(self) -> None:
        from agency.digest import register

        register()

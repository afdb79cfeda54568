from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SakipConfig(AppConfig):
    name = "sakip"
    verbose_name = _("SAKIP core")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from sakip.models import Membership
        from sakip.roles import ensure_admin_group, on_membership_change

        # every app's post_migrate: the permissions of apps migrated after this one exist only then
        post_migrate.connect(ensure_admin_group, dispatch_uid="sakip-admin-group")
        post_save.connect(on_membership_change, sender=Membership, dispatch_uid="sakip-admin-role")
        post_delete.connect(on_membership_change, sender=Membership, dispatch_uid="sakip-admin-role-end")

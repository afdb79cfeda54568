from django.contrib import admin
from django.urls import include, path

from sakip import health, views_twofactor

urlpatterns = [
    path("", include("inbox.urls")),
    path("health/", health.health, name="health"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("akun/2fa/", views_twofactor.twofactor_account, name="twofactor-account"),
    path("akun/2fa/daftar/", views_twofactor.twofactor_setup, name="twofactor-setup"),
    path("akun/2fa/qr.svg", views_twofactor.twofactor_qr, name="twofactor-qr"),
    path("akun/2fa/verifikasi/", views_twofactor.twofactor_verify, name="twofactor-verify"),
    path("akun/2fa/matikan/", views_twofactor.twofactor_disable, name="twofactor-disable"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    path("realisasi/", include("indicators.urls")),
    path("audit/", include("audit.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("imports/", include("indicators.imports.urls")),
    path("pertukaran/", include("exchange.urls")),
    path("agency/", include("agency.urls")),
    path("publik/", include("agency.public_urls")),
    path("api/", include("api.urls")),
]

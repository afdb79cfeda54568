from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("inbox.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    path("realisasi/", include("indicators.urls")),
    path("audit/", include("audit.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("imports/", include("indicators.imports.urls")),
]

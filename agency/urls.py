from django.urls import path

from agency import views, views_digest

app_name = "agency"
urlpatterns = [
    path("", views.latest, name="latest"),
    path("<int:year>/q<int:quarter>/", views.dashboard, name="dashboard"),
    path("<int:year>/q<int:quarter>/ekspor.<str:file_format>", views.export, name="export"),
    path("ikhtisar/", views_digest.digest_index, name="digest-index"),
    path("ikhtisar/<int:year>/q<int:quarter>/request/", views_digest.digest_request, name="digest-request"),
    path("ikhtisar/<int:pk>/", views_digest.digest_detail, name="digest-detail"),
    path("ikhtisar/<int:pk>/retry/", views_digest.digest_retry, name="digest-retry"),
    path("ikhtisar/<int:pk>/finalise/", views_digest.digest_finalise, name="digest-finalise"),
    path("ikhtisar/<int:pk>/download/", views_digest.digest_download, name="digest-download"),
]

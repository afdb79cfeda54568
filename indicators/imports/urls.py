from django.urls import path

from indicators.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_page, name="page"),
    path("confirm/", views.confirm_import, name="confirm"),
    path("jobs/<int:pk>/", views.import_job, name="job"),
    path("cancel/", views.cancel_import, name="cancel"),
    path("template/", views.download_template, name="template"),
    path("rapk/<slug:unit>/<int:year>/", views.rapk_page, name="rapk"),
    path("export/<str:kind>/<slug:unit>/<int:year>/", views.export_data, name="export"),
    path("export/scorecard/<slug:unit>/<int:year>/q<int:quarter>/", views.export_scorecard, name="export-scorecard"),
]

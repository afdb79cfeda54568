from django.urls import path

from reports import views, views_lapkin

app_name = "reports"
urlpatterns = [
    path("scorecard/<slug:unit>/<int:year>/q<int:quarter>/", views.scorecard, name="scorecard"),
    path("lapkin/", views_lapkin.report_index, name="report-index"),
    path("lapkin/<slug:unit>/<int:year>/q<int:quarter>/", views_lapkin.report_list, name="report-list"),
    path("lapkin/<slug:unit>/<int:year>/q<int:quarter>/request/", views_lapkin.report_request, name="report-request"),
    path("lapkin/<slug:unit>/<int:year>/q<int:quarter>/texts/", views_lapkin.report_texts, name="report-texts"),
    path("lapkin/report/<int:pk>/", views_lapkin.report_detail, name="report-detail"),
    path("lapkin/report/<int:pk>/retry/", views_lapkin.report_retry, name="report-retry"),
    path("lapkin/report/<int:pk>/finalise/", views_lapkin.report_finalise, name="report-finalise"),
    path("lapkin/report/<int:pk>/download/", views_lapkin.report_download, name="report-download"),
]

from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("status/", views.status_grid, name="status-grid"),
    path("<slug:unit>/<int:year>/b<int:month>/", views.month_entry, name="month-entry"),
    path("<slug:unit>/<int:year>/b<int:month>/preview/<int:indicator>/", views.month_preview, name="month-preview"),
    path("<slug:unit>/<int:year>/b<int:month>/review/", views.month_review, name="month-review"),
    path("<slug:unit>/<int:year>/b<int:month>/close/", views.month_close, name="month-close"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
]

from django.urls import path

from indicators import views, views_entry, views_followup

app_name = "indicators"
MONTH = "<slug:unit>/<int:year>/b<int:month>/"
QUARTER = "<slug:unit>/<int:year>/tw<int:quarter>/"
urlpatterns = [
    path("status/", views.status_grid, name="status-grid"),
    path(MONTH, views_entry.month_entry, name="month-entry"),
    path(MONTH + "preview/<int:indicator>/", views_entry.month_preview, name="month-preview"),
    path(MONTH + "draft/", views_entry.month_draft, name="month-draft"),
    path(MONTH + "submit/", views_entry.month_submit, name="month-submit"),
    path(MONTH + "review/", views_entry.month_review, name="month-review"),
    path(MONTH + "close/", views_entry.month_close, name="month-close"),
    path(QUARTER + "tindak-lanjut/", views_followup.follow_up_page, name="follow-up"),
    path(QUARTER + "tindak-lanjut/reviu/", views_followup.follow_up_review, name="follow-up-review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
]

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("scorecard/<slug:unit>/<int:year>/q<int:quarter>/", views.scorecard, name="scorecard"),
]

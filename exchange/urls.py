from django.urls import path

from exchange import views

app_name = "exchange"
urlpatterns = [
    path("<str:system>/<slug:unit>/<int:year>/q<int:quarter>/", views.export_for_system, name="export"),
]

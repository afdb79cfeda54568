from django.urls import path

from sakip import audit_views

app_name = "audit"
urlpatterns = [path("", audit_views.audit_trail, name="trail")]

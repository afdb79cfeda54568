from django.urls import path

from agency.views import public_page

urlpatterns = [path("", public_page, name="public")]

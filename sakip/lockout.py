"""The page a locked-out login gets (django-axes calls this): the login page with the reason, HTTP 429."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    context = {"locked_out": True, "cooloff_minutes": settings.SAKIP_LOGIN_COOLOFF_MINUTES}
    return render(request, "registration/login.html", context, status=429)

"""The home page: the user's inbox of the monthly round, then the units they may see."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from inbox.services import build_inbox, units_with_years


def home(request: HttpRequest) -> HttpResponse:
    inbox = build_inbox(request.user, timezone.localdate())
    context = {"inbox": inbox, "units": units_with_years(request.user), "quarters": [1, 2, 3, 4]}
    return render(request, "inbox/home.html", context)

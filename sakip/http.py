"""The request of a signed-in user, for the type checker."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """What a view behind the login gets: every page but the login and the public ones requires it
    (sakip.middleware.LoginRequiredEverywhere), so `request.user` is a User, never AnonymousUser. Annotating a view's
    request with it lets it hand `request.user` to services that record who did what."""

    user: User

import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

UNREACHABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailable:
    """A database that cannot be reached answers 503 with a page that needs no database (`503.html`), whoever
    hit it: a view (the login POST), a middleware loading the session or the user, or the session being saved.
    Those errors are turned into responses layer by layer before reaching this outermost middleware, so the
    exception is noted when Django signals it; DEBUG's technical page is replaced too. It is still logged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and isinstance(getattr(request, "sakip_exception", None), UNREACHABLE):
            return unavailable()
        return response


def note_exception(sender: Any, request: HttpRequest | None = None, **_kwargs: Any) -> None:
    if request is not None:
        request.sakip_exception = sys.exc_info()[1]  # type: ignore[attr-defined]


got_request_exception.connect(note_exception, dispatch_uid="sakip-note-exception")


def unavailable() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class LoginRequiredEverywhere(LoginRequiredMiddleware):
    """Every page needs login; views opt out with django.contrib.auth.decorators.login_not_required."""


class IndonesianUnlessChosen:
    """Indonesian by default whatever the browser asks for; English only when the user picks it.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show a half-English page
    to an Indonesian civil servant whose browser happens to be set to English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

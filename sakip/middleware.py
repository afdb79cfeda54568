from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LoginRequiredEverywhere(LoginRequiredMiddleware):
    """Every page needs login; views opt out with django.contrib.auth.decorators.login_not_required."""


class IndonesianUnlessChosen:
    """Indonesian by default whatever the browser asks for; English only when the user picks it.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show a half-English page
    to an Indonesian civil servant whose browser happens to be set to English.
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

"""A user's notification preferences and language (the language also picks the e-mails' language)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from notifications.models import Preference
from sakip.http import AuthenticatedHttpRequest


class PreferenceForm(forms.ModelForm[Preference]):
    class Meta:
        model = Preference
        fields = ["events", "reminders", "digest", "language"]


def _preference(user: User) -> Preference:
    preference = Preference.objects.filter(user=user).first()
    return preference or Preference(user=user, language=translation.get_language() or "id")


def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST or None, instance=_preference(request.user))
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        translation.activate(saved.language)
        messages.success(request, _("Pengaturan notifikasi disimpan."))
        response = redirect("notifications:preferences")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            saved.language,
            samesite="Lax",
            secure=request.is_secure(),
            max_age=365 * 86400,
        )
        return response
    return render(request, "notifications/preferences.html", {"form": form, "email": request.user.email})


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembering the choice for the user's e-mails too."""
    response = set_language(request)
    chosen = request.POST.get("language", "")
    if request.user.is_authenticated and chosen in dict(Preference._meta.get_field("language").choices or []):
        preference = _preference(request.user)
        preference.language = chosen
        preference.save()
    return response

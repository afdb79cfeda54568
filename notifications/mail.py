"""Who gets an e-mail, in which language, and sending it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from notifications.models import Preference
from sakip.models import Membership, OrgUnit, Role


@dataclass(frozen=True)
class Recipient:
    user: User
    email: str
    language: str


def absolute(path: str) -> str:
    return f"{settings.SAKIP_BASE_URL}{path}"


def month_url(unit: OrgUnit, year: int, month: int) -> str:
    return absolute(reverse("indicators:month-entry", args=[unit.code, year, month]))


def month_name(year: int, month: int) -> str:
    """'B09 (September 2022)' in the active language."""
    return f"B{month:02d} ({formats.date_format(dt.date(year, month, 1), 'F Y')})"


def display_name(user: User | None) -> str:
    if user is None:
        return "SAKIP"
    return getattr(user, "get_full_name", lambda: "")() or user.get_username()


def ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The unit and its parents up to the root (a head of any of them reaches the unit)."""
    chain, seen = [unit], {unit.pk}
    while chain[-1].parent_id and chain[-1].parent_id not in seen:
        parent = OrgUnit.objects.get(pk=chain[-1].parent_id)
        chain.append(parent)
        seen.add(parent.pk)
    return chain


def members(units: Iterable[OrgUnit], role: Role) -> list[User]:
    ids = Membership.objects.filter(unit__in=list(units), role=role).values_list("user_id", flat=True)
    return list(User._default_manager.filter(pk__in=ids, is_active=True).order_by("pk"))


def recipients(users: Iterable[User], wants: str, exclude: User | None = None) -> list[Recipient]:
    """Users with an e-mail address who have not turned `wants` ('events', 'reminders', 'digest') off."""
    users = [u for u in users if getattr(u, "email", "") and (exclude is None or u.pk != exclude.pk)]
    preferences = {p.user_id: p for p in Preference.objects.filter(user__in=users)}
    chosen = []
    for user in users:
        preference = preferences.get(user.pk)
        if preference is None or getattr(preference, wants):
            language = preference.language if preference else settings.LANGUAGE_CODE
            chosen.append(Recipient(user, user.email, language))
    return chosen


def send(recipient: Recipient, subject: str, template: str, context: dict[str, object]) -> None:
    """Render the body in the recipient's language and send it (raises when the backend fails). The caller
    writes the subject under the same language (`translation.override(recipient.language)`)."""
    with translation.override(recipient.language):
        context = {
            **context,
            "recipient": display_name(recipient.user),
            "preferences_url": absolute(reverse("notifications:preferences")),
        }
        body = render_to_string(template, context)
        message = EmailMessage(f"[SAKIP] {subject}", body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        message.send()

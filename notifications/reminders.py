"""Deadline reminders for planners and the weekly digest for heads; the Celery beat job and the
`send_reminders` command both call `send_reminders`.

A planner is reminded SAKIP_REMINDER_DAYS_BEFORE days before a month's deadline and SAKIP_REMINDER_DAYS_AFTER
days after it, for every month of their units that is due and not handed in (not started, draft or returned).
Heads get their inbox (months awaiting review, units late) on SAKIP_DIGEST_WEEKDAY when it is not empty.
Every e-mail sent is stored (SentReminder): a second run on the same day sends nothing again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from inbox.services import MonthTask, build_inbox
from indicators.due import months_not_handed_in
from indicators.models import MonthStatus, PerformanceAgreement
from notifications.mail import Recipient, absolute, month_name, month_url, recipients, send
from notifications.models import SentReminder
from sakip.models import Membership, Role

logger = logging.getLogger(__name__)
Kind = SentReminder.Kind


def send_reminders(today: dt.date) -> Counter[str]:
    """Send what is due today; returns how many e-mails of each kind went out."""
    sent: Counter[str] = Counter()
    months = _months_to_remind(today)
    planners = _planners_of({task.unit.pk for _kind, task in months})
    for kind, task in months:
        for recipient in planners.get(task.unit.pk, []):
            if _send_once(recipient, kind, task, today):
                sent[kind] += 1
    if today.weekday() == settings.SAKIP_DIGEST_WEEKDAY:
        sent[Kind.DIGEST] += _send_digests(today)
    return sent


def _months_to_remind(today: dt.date) -> list[tuple[str, MonthTask]]:
    """(kind, month) for every month due and not handed in whose deadline is N days away or N days past."""
    before, after = set(settings.SAKIP_REMINDER_DAYS_BEFORE), set(settings.SAKIP_REMINDER_DAYS_AFTER)
    years = {today.year - 1, today.year}
    agreements = list(PerformanceAgreement.objects.filter(in_force=True, year__in=years).select_related("unit"))
    statuses = {
        (s.unit_id, s.year, s.month): s
        for s in MonthStatus.objects.filter(unit__in=[a.unit_id for a in agreements], year__in=years)
    }
    found: list[tuple[str, MonthTask]] = []
    for agreement, month, status, deadline in months_not_handed_in(agreements, statuses, today):
        offset = (deadline - today).days
        kind = Kind.BEFORE if offset in before else Kind.AFTER if -offset in after else None
        if kind:
            found.append((kind, MonthTask(agreement.unit, agreement.year, month, deadline, status)))
    return found


def _planners_of(unit_ids: set[int]) -> dict[int, list[Recipient]]:
    """unit id -> its planners who want reminders, in two queries."""
    memberships = Membership.objects.filter(unit_id__in=unit_ids, role=Role.PLANNER).select_related("user")
    by_unit: dict[int, list] = defaultdict(list)  # type: ignore[type-arg]
    for membership in memberships:
        if membership.user.is_active:
            by_unit[membership.unit_id].append(membership.user)
    wanted = {r.user.pk: r for r in recipients([u for users in by_unit.values() for u in users], "reminders")}
    return {unit_id: [wanted[u.pk] for u in users if u.pk in wanted] for unit_id, users in by_unit.items()}


def _send_once(recipient: Recipient, kind: str, task: MonthTask | None, today: dt.date) -> bool:
    """Record, then send, in one transaction: a failed send records nothing; a second call sends nothing."""
    lookup = {"user": recipient.user, "sent_on": today}
    if task is not None:
        lookup.update(unit=task.unit, year=task.year, month=task.month)
    existing = SentReminder.objects.filter(**lookup)
    if (existing if task is not None else existing.filter(kind=Kind.DIGEST)).exists():
        return False
    try:
        with transaction.atomic():
            SentReminder.objects.create(kind=kind, **lookup)
            if task is None:
                _write_digest(recipient, today)
            else:
                _write_reminder(recipient, kind, task, today)
    except (IntegrityError, _NothingToSay):  # another run got there first; an empty digest is not sent
        return False
    except Exception:
        logger.exception("could not send the %s reminder to %s", kind, recipient.email)
        return False
    return True


def _write_reminder(recipient: Recipient, kind: str, task: MonthTask, today: dt.date) -> None:
    with translation.override(recipient.language):
        month = month_name(task.year, task.month)
        names = {"unit": task.unit.code, "month": month}
        if kind == Kind.BEFORE:
            subject = _("Pengingat: realisasi %(unit)s %(month)s jatuh tempo") % names
        else:
            subject = _("Terlambat: realisasi %(unit)s %(month)s belum diajukan") % names
        context = {
            "kind": kind,
            "unit": task.unit,
            "month": month,
            "state": task.state_label,
            "deadline": formats.date_format(task.deadline, "j F Y"),
            "days": abs((task.deadline - today).days),
            "url": month_url(task.unit, task.year, task.month),
        }
        send(recipient, subject, "notifications/email/reminder.txt", context)


def _send_digests(today: dt.date) -> int:
    heads = Membership.objects.filter(role=Role.HEAD, user__is_active=True).select_related("user")
    people = recipients(list({m.user.pk: m.user for m in heads}.values()), "digest")
    return sum(1 for recipient in people if _send_once(recipient, Kind.DIGEST, None, today))


def _write_digest(recipient: Recipient, today: dt.date) -> None:
    inbox = build_inbox(recipient.user, today)
    if not (inbox.to_review or inbox.late_units):
        raise _NothingToSay
    with translation.override(recipient.language):
        subject = _("Ringkasan mingguan: %(review)s bulan menunggu reviu, %(late)s unit terlambat") % {
            "review": len(inbox.to_review),
            "late": len(inbox.late_units),
        }
        context = {
            "to_review": [(task, month_url(task.unit, task.year, task.month)) for task in inbox.to_review],
            "late_units": inbox.late_units,
            "url": absolute("/"),
        }
        send(recipient, subject, "notifications/email/digest.txt", context)


class _NothingToSay(Exception):
    """A head with nothing awaiting and nobody late gets no digest (and nothing is recorded)."""

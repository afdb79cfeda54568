"""Celery tasks of the notifications app: thin, primary keys only."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from notifications import events, reminders


@shared_task(name="notifications.notify_month")
def notify_month(status_id: int, action: str, actor_id: int | None) -> int:
    return events.notify_month(status_id, action, actor_id)


@shared_task(name="notifications.notify_report")
def notify_report(report_id: int) -> int:
    return events.notify_report(report_id)


@shared_task(name="notifications.send_reminders")
def send_reminders() -> dict[str, int]:
    """Daily (Celery beat, SAKIP_REMINDER_HOUR): deadline reminders, and the heads' digest on its weekday."""
    return dict(reminders.send_reminders(timezone.localdate()))

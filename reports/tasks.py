"""Celery tasks of the reports app: thin, primary keys only; the work and the status live in services."""

from __future__ import annotations

import os

from celery import shared_task
from django.conf import settings

from reports import services

TIME_LIMIT = int(getattr(settings, "SAKIP_REPORT_TIME_LIMIT", 300))


@shared_task(
    bind=True,
    name="reports.render_report",
    acks_late=True,
    reject_on_worker_lost=True,  # a killed worker gives the task back; run_report then marks the report failed
    soft_time_limit=max(TIME_LIMIT - 30, 30),
    time_limit=TIME_LIMIT,
)
def render_report(self, report_id: int) -> str:  # type: ignore[no-untyped-def]
    """Render one Lapkin. Failures are recorded on the report, never raised to the broker."""
    hostname = f"eager@{os.uname().nodename}" if self.request.is_eager else self.request.hostname
    return services.run_report(report_id, worker=f"{hostname} pid {os.getpid()}", task_id=self.request.id or "")


@shared_task(name="reports.expire_stale_reports")
def expire_stale_reports() -> int:
    """Periodic (Celery beat): fail reports left running or queued by a worker that died."""
    return services.expire_stale_reports()


@shared_task(name="reports.send_waiting_reports")
def send_waiting_reports() -> int:
    """Periodic (Celery beat): send the reports queued while the broker was unreachable."""
    return services.send_waiting_reports()

"""Celery tasks of the indicators app: thin, primary keys only; the work and the status live in services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from indicators.imports import jobs

# The import stops itself at SAKIP_IMPORT_MAX_SECONDS (limits.Meter); the hard limit only backs that up.
TIME_LIMIT = int(getattr(settings, "SAKIP_IMPORT_MAX_SECONDS", 300)) + 60


@shared_task(name="indicators.run_import_job", acks_late=True, time_limit=TIME_LIMIT)
def run_import_job(job_id: int) -> str:
    return jobs.run_job(job_id)

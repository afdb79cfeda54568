"""Imports run by a Celery worker: the page enqueues a job and shows its progress, then its preview or result.

Eager mode (no broker) runs the job in-process when the request's transaction commits. The worker stops the
job at the first limit of `limits.Meter` (rows, cells, columns, time); the task's hard time limit is a
backstop. Tasks take the job's primary key; the result (the plan as data) is kept on the row.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.imports import pending
from indicators.imports.errors import FileRejected, Problem
from indicators.imports.limits import Meter
from indicators.imports.plan import Plan
from indicators.imports.service import StalePlan, run_import
from indicators.models import ImportJob
from sakip.audit import record_event
from sakip.queue import queue_task

logger = logging.getLogger(__name__)
TASK = "indicators.run_import_job"


def start_job(user: User, phase: str, upload: dict[str, Any], **options: Any) -> ImportJob:
    """A job for the pending `upload` (token, kind, name, override), sent to the worker once committed. Jobs
    older than their upload (a day) go: what an import wrote is in the audit trail."""
    ImportJob.objects.filter(created_at__lt=timezone.now() - dt.timedelta(seconds=pending.MAX_AGE_SECONDS)).delete()
    job = ImportJob.objects.create(
        user=user,
        phase=phase,
        kind=upload["kind"],
        token=upload["token"],
        file_name=upload["name"],
        override=upload["override"],
        **options,
    )
    transaction.on_commit(lambda: send(job.pk))
    return job


def send(job_id: int) -> None:
    try:
        queue_task(TASK, job_id)
    except Exception:  # the broker is down: say so on the job rather than leave it waiting
        logger.exception("could not enqueue import job %s", job_id)
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.FAILED,
            error=_("Antrean pekerjaan tidak tersedia; impor belum diproses. Coba lagi beberapa saat lagi."),
            finished_at=timezone.now(),
        )


def run_job(job_id: int) -> str:
    """Claim a queued job, run the import (reading, planning and, for `apply`, writing) and keep its result."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    mine = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING)

    def progress(rows: int) -> None:
        mine.update(rows_read=rows)

    meter = Meter(on_progress=progress)
    result: dict[str, Any]
    try:
        content = pending.read_token(job.token)
        if content is None:
            raise FileRejected(_("Berkas unggahan tidak ditemukan lagi. Unggah berkasnya lagi."))
        plan = run_import(
            job.kind,
            content,
            job.file_name,
            job.user,
            override=job.override,
            commit=job.phase == ImportJob.Phase.APPLY,
            reason=job.reason,
            letter_number=job.letter_number,
            expected_digest=job.expected_digest or None,
            meter=meter,
        )
        result = {"plan": plan.as_data()}
    except FileRejected as rejected:
        result = {"rejected": rejected.message}
    except StalePlan as stale:
        result = {"plan": stale.plan.as_data(), "stale": True}
    except Exception as error:
        logger.exception("import job %s failed", job_id)
        mine.update(
            status=ImportJob.Status.FAILED,
            error=_("Impor gagal karena kesalahan sistem (%(error)s); tidak ada yang disimpan.")
            % {"error": type(error).__name__},
            rows_read=meter.rows,
            finished_at=timezone.now(),
        )
        return ImportJob.Status.FAILED
    _record_rejection(job, result)
    mine.update(status=ImportJob.Status.DONE, result=result, rows_read=meter.rows, finished_at=timezone.now())
    return ImportJob.Status.DONE


def _record_rejection(job: ImportJob, result: dict[str, Any]) -> None:
    """A refused file, or a plan with problems, is an audit event (the admin's inbox lists them)."""
    plan = result.get("plan") or {}
    problems = plan.get("problems") or []
    if "rejected" not in result and not problems:
        return
    first = str(result["rejected"]) if "rejected" in result else str(Problem(**problems[0]))
    count = 1 if "rejected" in result else len(problems)
    record_event(job.user, "import.rejected", kind=job.kind, file=job.file_name, problems=count, first=first)


def expire_if_stale(job: ImportJob) -> ImportJob:
    """Called when the job's page is opened: a job running past the time limit (+60 s) lost its worker."""
    limit = timezone.now() - dt.timedelta(seconds=settings.SAKIP_IMPORT_MAX_SECONDS + 60)
    stale = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING, started_at__lt=limit)
    if stale.update(
        status=ImportJob.Status.FAILED,
        error=_("Impor terhenti: worker berhenti sebelum selesai; tidak ada yang disimpan. Unggah berkasnya lagi."),
        finished_at=timezone.now(),
    ):
        job.refresh_from_db()
    return job


def job_plan(job: ImportJob) -> Plan | None:
    data = job.result.get("plan")
    return Plan.from_data(data) if data else None

"""Enqueue a Celery task by its registered name, so that services never import the task modules that call
them back (tasks -> services is the only direction). Eager mode (no broker) runs the task in-process."""

from __future__ import annotations

import logging
from typing import Any

from celery.result import AsyncResult
from django.db import transaction

from sakip.celery_app import app

logger = logging.getLogger(__name__)


def queue_task(name: str, *args: Any, **options: Any) -> AsyncResult:
    if name not in app.tasks:  # register every app's tasks module (Celery's autodiscovery), or eager mode
        app.loader.import_default_modules()  # would hand the task to a broker nobody reads
    return app.signature(name, args=args).apply_async(**options)


def queue_after_commit(name: str, *args: Any) -> None:
    """Enqueue once the current transaction commits (at once outside one). A side effect such as an e-mail
    must never undo or fail the change that caused it: a broker or task error is logged, not raised."""

    def send() -> None:
        try:
            queue_task(name, *args)
        except Exception:
            logger.exception("could not run or enqueue %s%r", name, args)

    transaction.on_commit(send)

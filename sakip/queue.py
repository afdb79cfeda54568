"""Enqueue a Celery task by its registered name, so that services never import the task modules that call
them back (tasks -> services is the only direction). Eager mode (no broker) runs the task in-process.

With a broker, a task is published over a connection of its own that tries once (SAKIP_BROKER_TIMEOUT) and
never retries: a dead broker raises at once, and the caller records that the task waits to be sent."""

from __future__ import annotations

import logging
from typing import Any

from celery.result import AsyncResult
from django.db import transaction

from sakip.celery_app import app

logger = logging.getLogger(__name__)


def queue_task(name: str, *args: Any, **options: Any) -> AsyncResult:
    if name not in app.tasks:
        # Outside a worker nothing has imported the apps' task modules yet (Celery discovers them when a
        # worker starts); unknown, the task would be sent by name, and eager mode would never run it.
        app.loader.import_default_modules()
    signature = app.signature(name, args=args)
    if app.conf.task_always_eager:
        return signature.apply_async(**options)
    with app.connection_for_write(transport_options={"max_retries": 0}) as connection:
        return signature.apply_async(connection=connection, retry=False, **options)


def broker_reachable(url: str) -> bool:
    """Whether the broker at `url` answers now (one attempt, SAKIP_BROKER_TIMEOUT). Raises nothing."""
    try:
        with app.connection_for_write(url, transport_options={"max_retries": 0}) as connection:
            connection.ensure_connection(max_retries=0)
        return True
    except Exception:
        return False


def queue_after_commit(name: str, *args: Any) -> None:
    """Enqueue once the current transaction commits (at once outside one). A side effect such as an e-mail
    must never undo or fail the change that caused it: a broker or task error is logged, not raised."""

    def send() -> None:
        try:
            queue_task(name, *args)
        except Exception:
            logger.exception("could not run or enqueue %s%r", name, args)

    transaction.on_commit(send)

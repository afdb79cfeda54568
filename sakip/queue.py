"""Enqueue a Celery task by its registered name, so that services never import the task modules that call
them back (tasks -> services is the only direction). Eager mode (no broker) runs the task in-process."""

from __future__ import annotations

from typing import Any

from celery.result import AsyncResult

from sakip.celery_app import app


def queue_task(name: str, *args: Any, **options: Any) -> AsyncResult:
    # The apps' task modules are registered lazily (autodiscover); without them an eager run (no broker) would
    # hand the task to the in-memory transport, where nothing ever runs it. Importing is cached after once.
    app.loader.import_default_modules()
    return app.signature(name, args=args).apply_async(**options)

"""Celery side of the request id: a task logs with the id of the request that queued it."""

from __future__ import annotations

from typing import Any

from celery.signals import before_task_publish, task_postrun, task_prerun

from sakip.logs import current_request_id

HEADER = "sakip_request_id"
_tokens: dict[str, Any] = {}


def _send_request_id(headers: dict[str, Any] | None = None, **_kwargs: Any) -> None:
    if headers is not None:
        headers.setdefault(HEADER, current_request_id.get())


def _take_request_id(task_id: str = "", task: Any = None, **_kwargs: Any) -> None:
    request_id = getattr(task.request, HEADER, None) if task is not None else None
    running_in = current_request_id.get()  # eager mode: the task runs inside the request that queued it
    _tokens[task_id] = current_request_id.set(request_id or (running_in if running_in != "-" else f"task-{task_id}"))


def _drop_request_id(task_id: str = "", **_kwargs: Any) -> None:
    token = _tokens.pop(task_id, None)
    if token is not None:
        current_request_id.reset(token)


# Connected by call, not as decorators: Celery's signal decorators are untyped.
before_task_publish.connect(_send_request_id)
task_prerun.connect(_take_request_id)
task_postrun.connect(_drop_request_id)

"""Tasks are enqueued by name (sakip/queue.py) and, without a broker, run in-process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def test_it_runs_a_task_by_name_eagerly_in_a_process_that_never_imported_its_module():
    """A web process (`make run`, no broker) has imported no task module: Celery discovers them only when a
    worker starts. Sent by name, the task would go to the in-memory broker and never run."""
    code = (
        "import django; django.setup()\n"
        "from indicators.imports import jobs\n"
        "jobs.run_job = lambda job_id: f'ran job {job_id}'\n"
        "from sakip.queue import queue_task\n"
        "print(queue_task('indicators.run_import_job', 7).get(timeout=5))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sakip.settings", "REDIS_URL": ""}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    # The log lines (stdout, as in production) come first; the task's result is the last line.
    assert result.stdout.strip().splitlines()[-1:] == ["ran job 7"], result.stderr[-2000:]

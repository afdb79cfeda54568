"""`python -m tests.reports.hanging_worker worker ...`: a real Celery worker of SAKIP whose Lapkin rendering hangs,
so that a test can kill it in the middle of a report (tests/reports/test_celery_worker.py)."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")
django.setup()

from reports import services  # noqa: E402
from sakip.celery_app import app  # noqa: E402


def hang(snapshot: dict[str, Any]) -> Any:
    time.sleep(600)


if __name__ == "__main__":
    services.render_snapshot = hang  # the pool's processes are forked from this one and inherit it
    app.worker_main(sys.argv[1:])

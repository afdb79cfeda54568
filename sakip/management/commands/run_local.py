"""`make run`: the development server and a Celery worker (with beat) side by side, stopped together.

Without REDIS_URL the worker reads the filesystem queue (SAKIP_TASK_QUEUE=filesystem, folders under
SAKIP_QUEUE_DIR), so a Lapkin renders in the background exactly as in production: queued -> running -> done.
Ctrl-C (or SIGTERM) stops both; if either stops on its own, the other is stopped too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
GRACE_SECONDS = 20


class Command(BaseCommand):
    help = "Run the development server and a Celery worker with beat (filesystem queue unless REDIS_URL is set)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, addrport: str, **options: Any) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if not env.get("REDIS_URL"):
            env["SAKIP_TASK_QUEUE"] = "filesystem"
        schedule = settings.SAKIP_QUEUE_DIR / "beat-schedule"
        schedule.parent.mkdir(parents=True, exist_ok=True)
        worker_command = [
            sys.executable, "-m", "celery", "-A", "sakip", "worker", "--beat", f"--schedule={schedule}",
            "--loglevel=INFO", "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        web_command = [sys.executable, "manage.py", "runserver", addrport]
        stop_requested = []
        for signum in STOP_SIGNALS:
            signal.signal(signum, lambda number, _frame: stop_requested.append(number))
        # Each child leads its own process group: the terminal's Ctrl-C reaches only this command, which
        # stops the children in order (runserver's autoreloader child goes with its group).
        children = {  # fixed argument lists, no shell
            "worker": subprocess.Popen(worker_command, cwd=settings.BASE_DIR, env=env, start_new_session=True),  # noqa: S603
            "web": subprocess.Popen(web_command, cwd=settings.BASE_DIR, env=env, start_new_session=True),  # noqa: S603
        }
        self.stdout.write(", ".join(f"{name} pid {child.pid}" for name, child in children.items()))
        self.stdout.flush()
        exited = None
        while not stop_requested and exited is None:
            time.sleep(0.3)
            exited = next((name for name, child in children.items() if child.poll() is not None), None)
        if exited:
            self.stderr.write(f"{exited} stopped (exit code {children[exited].returncode}); stopping the rest")
        self._stop(children)
        if exited and not stop_requested:
            sys.exit(children[exited].returncode or 1)

    def _stop(self, children: dict[str, subprocess.Popen[bytes]]) -> None:
        """SIGTERM (Celery finishes the task at hand), then SIGKILL whatever is left after the grace period."""
        for name, child in children.items():
            if child.poll() is None:  # Celery's main process stops its own pool; runserver's group goes whole
                (os.kill if name == "worker" else os.killpg)(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
        for child in children.values():  # runserver's reloader child, Celery's pool: nothing stays behind
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

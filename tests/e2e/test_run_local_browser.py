"""`make run` as a new user meets it: `manage.py run_local` (what `make run` starts) on a fresh SQLite file,
with nothing installed. A head clicks "Buat Lapkin" without touching the form; a separate Celery worker on the
filesystem queue renders it while the page goes queued -> running -> done; SIGINT (Ctrl-C) stops everything."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser
BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, runner: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if runner.poll() is not None:
            pytest.fail(f"run_local exited with {runner.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    pytest.fail(f"nothing listens on {port}:\n{log.read_text()[-3000:]}")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]


@pytest.fixture
def local_site(tmp_path):  # type: ignore[no-untyped-def]
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "SAKIP_TASK_QUEUE")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SAKIP_QUEUE_DIR=str(tmp_path / "queue"),
        SAKIP_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SETTINGS_MODULE="sakip.settings",
    )
    for command in (["migrate", "-v0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    port = free_port()
    log = tmp_path / "run_local.log"
    with open(log, "w") as out:
        runner = subprocess.Popen(
            [sys.executable, "manage.py", "run_local", f"127.0.0.1:{port}"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for_port(port, runner, log)
        yield f"http://127.0.0.1:{port}", runner, log
    finally:
        if runner.poll() is None:
            runner.send_signal(signal.SIGINT)
            runner.wait(timeout=60)


def test_it_renders_a_lapkin_in_a_background_worker_and_stops_on_ctrl_c(browser, local_site):
    url, runner, log = local_site
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, SimpleNamespace(url=url), "kepala", "sakip-demo")
    page.goto(f"{url}/reports/lapkin/SETTAMA/2023/q2/")
    page.click("button:has-text('Buat Lapkin')")  # the prefilled form as it is: the date must be there
    page.wait_for_url(re.compile(r".*/reports/lapkin/report/\d+/$"))
    seen = [page.get_attribute("#report-status", "data-status")]
    deadline = time.monotonic() + 180
    while seen[-1] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
        seen.append(page.get_attribute("#report-status", "data-status"))
    context.close()
    assert seen[0] in ("queued", "running") and seen[-1] == "done", (seen, log.read_text()[-3000:])
    text = log.read_text()
    assert "Task reports.render_report" in text and "succeeded" in text  # rendered by the worker process

    pids = [int(pid) for pid in re.findall(r"(?:worker|web) pid (\d+)", text)]
    assert len(pids) == 2
    runner.send_signal(signal.SIGINT)
    assert runner.wait(timeout=60) == 0
    assert not any(alive(pid) for pid in pids)
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", int(url.rsplit(":", 1)[1]))) != 0

"""A real `celery -A sakip worker` process, fed through a real redis-server, renders the SETTAMA Lapkin.

Runs when SAKIP_TEST_REDIS_URL is set and the test database is PostgreSQL (CI's second pass: .ci/run starts
both). The worker is a separate process, so it must see the test database: an in-memory SQLite one cannot be
shared, hence the skip on the SQLite pass. With CI=true and both set, any problem fails the test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from demo.loader import load_demo
from reports import services
from reports.models import Report
from sakip.celery_app import app
from sakip.models import OrgUnit

REDIS_URL = os.environ.get("SAKIP_TEST_REDIS_URL", "")
BASE_DIR = Path(settings.BASE_DIR)
TITLE = "LAPORAN KINERJA INTERIM SEKRETARIAT UTAMA TRIWULAN II TAHUN 2023"


def database_url() -> str:
    """The URL of the test database this process uses, for the worker and the command."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


@pytest.fixture
def worker_env(transactional_db, settings, tmp_path):
    if not REDIS_URL:
        pytest.skip("SAKIP_TEST_REDIS_URL is not set (.ci/run starts redis-server and sets it)")
    if connection.vendor != "postgresql":
        pytest.skip(
            "a worker process cannot see this pass's in-memory SQLite test database; "
            "this test runs in the PostgreSQL pass (DATABASE_URL=postgres://...)"
        )
    import redis

    redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()  # fails (not skips) when Redis is down
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "SAKIP_MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "sakip.settings",
        "PYTHONUNBUFFERED": "1",
    }


def wait_for(report_filter: dict, seconds: float, worker: subprocess.Popen, log: Path) -> Report:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report = Report.objects.filter(**report_filter).first()
        if report is not None and report.status in (Report.Status.DONE, Report.Status.FAILED):
            return report
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)
    pytest.fail(f"no finished report after {seconds} s:\n{log.read_text()[-4000:]}")


def test_a_real_worker_renders_a_real_pdf(worker_env, tmp_path):
    load_demo(agency=False)
    node = f"sakip-test-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    with open(log, "w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "sakip", "worker", "--loglevel=INFO", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{node}@%h"],
            cwd=BASE_DIR, env=worker_env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            command = subprocess.run(
                [sys.executable, "manage.py", "generate_reports", "--year", "2023", "--quarter", "2",
                 "--unit", "SETTAMA", "--place", "Jakarta", "--date", "2023-07-20",
                 "--signatory-name", "Dra. Rita Mahyona, Apt, M.Si", "--signatory-title", "Sekretaris Utama"],
                cwd=BASE_DIR, env=worker_env, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert command.returncode == 0, command.stderr
            assert "1 report(s) queued." in command.stdout
            report = wait_for({"unit__code": "SETTAMA", "year": 2023, "quarter": 2}, 180, worker, log)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    assert report.status == Report.Status.DONE, f"{report.error}\n{log.read_text()[-4000:]}"
    assert report.worker.startswith(f"{node}@"), report.worker  # rendered by the worker process, not eagerly
    pdf = (Path(settings.MEDIA_ROOT) / report.pdf.name).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == report.pdf_sha256
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == report.page_count and 18 <= report.page_count <= 60
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert TITLE in text and "105,84" in text
    assert "Tabel 6. Pencapaian IKU Sekretariat Utama Triwulan II Tahun 2023" in text
    assert "Tabel 21. Efisiensi Berdasarkan Sasaran Program Sekretariat Utama Triwulan II Tahun 2023" in text
    assert "Dra. Rita Mahyona, Apt, M.Si" in text and "Jakarta, 20 Juli 2023" in text


def test_a_worker_killed_in_the_middle_of_a_render_leaves_the_report_failed_not_running(worker_env, tmp_path):
    """SIGKILL to the process rendering a Lapkin (what the kernel's out-of-memory killer does): the broker gives
    the task back and the report ends failed with a message, within seconds, instead of staying running."""
    unit = OrgUnit.objects.create(code="UJI", name="Unit Uji", kind=OrgUnit.Kind.UPT)
    report = Report.objects.create(
        unit=unit, year=2023, quarter=2, place="Jakarta", signed_on=dt.date(2023, 7, 20), signatory_name="A",
        signatory_title="B", snapshot={"schema": "sakip-lapkin/1"},  # built already: the worker goes straight to render
    )  # fmt: skip
    node = f"sakip-test-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    with open(log, "w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.reports.hanging_worker", "worker", "--loglevel=INFO", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{node}@%h"],
            cwd=BASE_DIR, env=worker_env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            with override_broker(REDIS_URL):
                assert services.enqueue(report.pk)
            report = wait_for_status(report.pk, {Report.Status.RUNNING}, 60, worker, log)
            assert report.worker.startswith(f"{node}@"), report.worker
            os.kill(int(report.worker.rsplit(" pid ", 1)[1]), signal.SIGKILL)  # the pool process rendering it
            report = wait_for_status(report.pk, {Report.Status.FAILED, Report.Status.DONE}, 60, worker, log)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    assert report.status == Report.Status.FAILED, log.read_text()[-4000:]
    assert "worker yang membuatnya mati di tengah jalan" in report.error and not report.pdf
    assert "WorkerLostError" in log.read_text()


@contextmanager
def override_broker(url: str) -> Iterator[None]:
    """This process sends to the real broker (its settings run tasks eagerly)."""
    conf = {"task_always_eager": False, "broker_url": url}
    saved = {key: app.conf[key] for key in conf}
    app.conf.update(conf)
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1)
        yield
    finally:
        app.conf.update(saved)


def wait_for_status(pk: int, statuses: set[str], seconds: float, worker: subprocess.Popen, log: Path) -> Report:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report = Report.objects.get(pk=pk)
        if report.status in statuses:
            return report
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log.read_text()[-4000:]}")
        time.sleep(0.2)
    pytest.fail(f"report {pk} not {statuses} after {seconds} s:\n{log.read_text()[-4000:]}")

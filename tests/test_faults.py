"""Faults: an unreachable database answers a 503 page in the app's style (never DEBUG's technical page); /health/
names what is down; a dead broker does not hold a Lapkin request, and the report is sent when it is back."""

from __future__ import annotations

import datetime as dt
import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports import services, tasks
from reports.models import Report
from reports.pdf import Rendered
from sakip import storage
from sakip.celery_app import app

pytestmark = pytest.mark.django_db
DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: the connection is refused


@contextmanager
def database_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every new query fails as it does when the server is down or the file cannot be opened."""

    def refuse() -> None:
        raise OperationalError('connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused')

    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", refuse)
        yield


@pytest.mark.parametrize("debug", [False, True])
def test_it_answers_a_login_with_the_database_down_with_a_503_page(monkeypatch, settings, debug):
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    with database_down(monkeypatch):
        response = client.post(reverse("login"), {"username": "perencana", "password": "sakip-demo"})
    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Layanan sementara tidak tersedia" in page and "tidak dapat menghubungi basis datanya" in page
    assert "OperationalError" not in page and "Traceback" not in page and "10.0.0.5" not in page


def test_it_answers_a_page_whose_session_cannot_be_loaded_with_the_503_page(monkeypatch, planner):
    client = Client(raise_request_exception=False)
    client.force_login(planner)
    with database_down(monkeypatch):
        response = client.get(reverse("indicators:status-grid"))
    assert response.status_code == 503 and "Layanan sementara tidak tersedia" in response.content.decode()


def test_it_reports_health_without_login(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager", "down": []}


def test_it_names_the_dependency_that_is_down(monkeypatch, settings):
    client = Client(raise_request_exception=False)
    settings.REDIS_URL = DEAD_BROKER
    assert client.get("/health/").json() == {"status": "unavailable", "database": "ok", "broker": "down",
                                             "down": ["broker"]}  # fmt: skip
    with database_down(monkeypatch):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "down (OperationalError)" and response.json()["down"] == [
        "database",
        "broker",
    ]


@pytest.mark.skipif(not os.environ.get("SAKIP_TEST_REDIS_URL"), reason="needs SAKIP_TEST_REDIS_URL (.ci/run)")
def test_it_reports_a_live_broker(client, settings):
    settings.REDIS_URL = os.environ["SAKIP_TEST_REDIS_URL"]
    assert client.get("/health/").json()["broker"] == "ok"


@pytest.fixture
def dead_broker(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", DEAD_BROKER)


@pytest.fixture
def fake_render(monkeypatch, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "render_snapshot", lambda snapshot: Rendered(b"%PDF-1.7 ok", 2))


SIGNATURE = {"place": "Jakarta", "signed_on": dt.date(2023, 7, 20), "signatory_name": "Rita", "signatory_title": "Ses"}
FORM = {"place": "Jakarta", "signed_on": "2023-07-20", "signatory_name": "Rita", "signatory_title": "Sekretaris Utama"}


def test_it_answers_a_lapkin_request_at_once_when_the_broker_is_down_and_sends_it_later(
    client, head, fake_render, dead_broker, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(head)
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report-request", args=["SETTAMA", 2023, 2]), FORM, follow=True)
    assert time.perf_counter() - started < 5
    report = Report.objects.get()
    assert (report.status, report.task_id, report.error) == ("queued", "", "")
    page = response.content.decode()
    assert "Antrean pembuatan laporan sedang tidak dapat dihubungi" in page and 'id="report-waiting"' in page
    assert services.send_waiting_reports(older_than=dt.timedelta(0)) == 0  # still down

    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the broker is back (and runs it at once)
    client.get(reverse("reports:report-detail", args=[report.pk]))  # opening its page sends it
    report.refresh_from_db()
    assert report.status == "done" and report.task_id


def test_it_sends_waiting_reports_from_the_periodic_task_oldest_first(
    head, fake_render, dead_broker, monkeypatch, django_capture_on_commit_callbacks
):
    unit = head.memberships.get().unit
    signature = {
        "place": "Jakarta",
        "signed_on": dt.date(2023, 7, 20),
        "signatory_name": "Rita",
        "signatory_title": "Ses",
    }
    with django_capture_on_commit_callbacks(execute=True):
        for quarter in (1, 2):
            services.request_report(head, unit, 2023, quarter, **signature)
    assert list(Report.objects.values_list("status", "task_id")) == [("queued", "")] * 2
    Report.objects.update(requested_at=timezone.now() - dt.timedelta(minutes=5))
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    assert tasks.send_waiting_reports() == 2
    assert set(Report.objects.values_list("status", flat=True)) == {"done"}


def test_a_task_delivered_again_for_the_report_it_left_running_marks_it_failed(head, fake_render):
    """The worker died in the middle (killed, out of memory): the broker gives the unacknowledged task back
    (acks_late, reject_on_worker_lost) and the next delivery ends the report as failed instead of leaving it
    running; a task with another id (a retry already sent) does not touch it."""
    unit = head.memberships.get().unit
    report, _ = services.request_report(head, unit, 2023, 2, **SIGNATURE)
    Report.objects.filter(pk=report.pk).update(status="running", task_id="t-1", started_at=timezone.now(), attempts=1)
    assert services.run_report(report.pk, task_id="t-2") == "running"
    report.refresh_from_db()
    assert report.status == "running"
    assert services.run_report(report.pk, worker="w2@host pid 9", task_id="t-1") == "failed"
    report.refresh_from_db()
    assert report.status == "failed" and report.finished_at and not report.pdf
    assert "worker yang membuatnya mati di tengah jalan" in report.error
    assert tasks.render_report.reject_on_worker_lost and tasks.render_report.acks_late


def test_a_full_disk_while_writing_the_pdf_fails_the_report_and_leaves_no_half_file(
    client, head, fake_render, settings, monkeypatch, django_capture_on_commit_callbacks
):
    def disk_full(out, chunk):  # half the PDF reaches the disk, then the disk is full
        out.write(chunk[: len(chunk) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "write_chunk", disk_full)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report-request", args=["SETTAMA", 2023, 2]), FORM)
    report = Report.objects.get()
    assert report.status == "failed" and not report.pdf and not report.pdf_sha256
    assert report.error.startswith("Pembuatan laporan gagal: ruang disk server penuh")
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []  # no half file, no temp file
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert "ruang disk server penuh" in page
    assert reverse("reports:report-download", args=[report.pk]) not in page
    assert client.get(reverse("reports:report-download", args=[report.pk])).status_code == 404

    monkeypatch.undo()  # space again: a retry renders it
    monkeypatch.setattr(services, "render_snapshot", lambda snapshot: Rendered(b"%PDF-1.7 ok", 2))
    with django_capture_on_commit_callbacks(execute=True):
        services.rerun_report(report, head)
    report.refresh_from_db()
    assert report.status == "done" and report.pdf.read() == b"%PDF-1.7 ok"
    report.pdf.close()


def test_the_storage_writes_a_whole_file_with_the_configured_permissions(settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("evidence/1/bukti.pdf", ContentFile(b"%PDF-1.7 " + b"x" * 200_000))
    again = default_storage.save("evidence/1/bukti.pdf", ContentFile(b"%PDF-1.7 kedua"))
    assert name == "evidence/1/bukti.pdf" and again != name and again.startswith("evidence/1/bukti_")
    assert (tmp_path / name).read_bytes() == b"%PDF-1.7 " + b"x" * 200_000
    assert (tmp_path / name).stat().st_mode & 0o777 == settings.FILE_UPLOAD_PERMISSIONS
    assert sorted(path.name for path in (tmp_path / "evidence" / "1").iterdir()) == sorted(
        [name.rsplit("/", 1)[1], again.rsplit("/", 1)[1]]
    )

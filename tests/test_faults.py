"""Faults: an unreachable database answers a 503 page in the app's style (never DEBUG's technical page); /health/
names what is down; a dead broker does not hold a Lapkin request, and the report is sent when it is back."""

from __future__ import annotations

import datetime as dt
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

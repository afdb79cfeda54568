"""Requesting, rendering (eager Celery), failing, retrying, finalising and recovering Lapkin reports."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from indicators.models import PerformanceAgreement
from reports import services, tasks
from reports.models import Report, ReportIsFinal
from reports.pdf import Rendered
from sakip.models import AuditEvent, OrgUnit

pytestmark = pytest.mark.django_db
FORM = {
    "place": "Jakarta",
    "signed_on": "2023-07-20",
    "signatory_name": "Dra. Rita Mahyona, Apt, M.Si",
    "signatory_title": "Sekretaris Utama",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fake_render(monkeypatch):
    """A fast stand-in for WeasyPrint: the bytes depend only on the snapshot."""
    calls = []

    def render(snapshot):
        calls.append(snapshot)
        return Rendered(pdf=b"%PDF-1.7 NPSS " + str(snapshot["unit_score"]["value"]).encode(), pages=3)

    monkeypatch.setattr(services, "render_snapshot", render)
    return calls


def request(client, user, code="SETTAMA", year=2023, quarter=2, **data):
    client.force_login(user)
    return client.post(reverse("reports:report-request", args=[code, year, quarter]), {**FORM, **data})


def test_it_enqueues_after_commit_and_the_task_renders_the_report(
    client, head, fake_render, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = request(client, head)
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:report-detail", args=[report.pk])
    assert report.status == Report.Status.QUEUED and len(callbacks) == 1 and not fake_render
    callbacks[0]()  # the transaction committed: the (eager) task runs
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    assert report.requested_by == head and report.signatory_name == FORM["signatory_name"]
    assert report.snapshot["unit_score"]["value"] == "105.84" and report.snapshot["signature"]["place"] == "Jakarta"
    with report.pdf.open("rb") as stored:
        pdf = stored.read()
    assert report.pdf_sha256 == hashlib.sha256(pdf).hexdigest() and report.page_count == 3
    assert report.attempts == 1 and report.worker.startswith("eager@") and report.task_id
    assert AuditEvent.objects.filter(action="report.request", user=head, period="2023-TW2").count() == 1


def test_it_returns_the_report_in_progress_instead_of_queuing_another(client, head, fake_render):
    request(client, head)
    request(client, head)
    assert Report.objects.count() == 1


def test_it_lets_only_heads_and_admins_request(client, planner, auditor, admin_user, fake_render):
    assert request(client, planner, "PUSDATIN", 2022, 4).status_code == 403
    assert request(client, auditor, "PUSDATIN", 2022, 4).status_code == 403
    assert not Report.objects.exists()
    assert request(client, admin_user, "PUSDATIN", 2022, 4).status_code == 302


def test_it_hides_other_units_from_outsiders(client, outsider, fake_render):
    assert request(client, outsider).status_code == 404
    assert client.get(reverse("reports:report-list", args=["SETTAMA", 2023, 2])).status_code == 404


def test_it_refuses_a_unit_without_an_agreement_in_force(client, head, fake_render):
    response = request(client, head, year=2030)
    assert response.status_code == 302 and not Report.objects.exists()


def test_it_records_a_failure_with_its_error_and_a_retry_renders_it(
    client, head, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(snapshot):
        raise RuntimeError("font file missing")

    monkeypatch.setattr(services, "render_snapshot", broken)
    with django_capture_on_commit_callbacks(execute=True):
        request(client, head)
    report = Report.objects.get()
    assert report.status == Report.Status.FAILED
    assert report.error == "RuntimeError: font file missing" and report.finished_at is not None
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert "RuntimeError: font file missing" in page and reverse("reports:report-retry", args=[report.pk]) in page
    generated_at = report.snapshot["generated_at"]

    monkeypatch.setattr(services, "render_snapshot", lambda snapshot: Rendered(b"%PDF-1.7 ok", 2))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report-retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.error == "" and report.attempts == 2
    assert report.snapshot["generated_at"] == generated_at  # the retry renders the same snapshot
    assert AuditEvent.objects.filter(action="report.retry", object_id=str(report.pk)).exists()


def make_report(status, **fields):
    unit = OrgUnit.objects.get(code="SETTAMA")
    defaults = {"place": "Jakarta", "signed_on": dt.date(2023, 7, 20), "signatory_name": "A", "signatory_title": "B"}
    return Report.objects.create(unit=unit, year=2023, quarter=2, status=status, **{**defaults, **fields})


def test_the_periodic_sweep_fails_a_report_whose_worker_died(demo, settings):
    settings.SAKIP_REPORT_TIME_LIMIT = 300
    stale = make_report(Report.Status.RUNNING, started_at=timezone.now() - dt.timedelta(seconds=400))
    other = OrgUnit.objects.get(code="PUSDATIN")
    fresh = Report.objects.create(
        unit=other, year=2022, quarter=4, status=Report.Status.RUNNING, started_at=timezone.now(),
        place="Jakarta", signed_on=dt.date(2023, 1, 20), signatory_name="A", signatory_title="B",
    )  # fmt: skip
    assert tasks.expire_stale_reports.delay().get() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == Report.Status.FAILED and "terhenti" in stale.error
    assert fresh.status == Report.Status.RUNNING


def test_opening_the_page_of_a_stale_report_fails_it(client, head, settings):
    settings.SAKIP_REPORT_TIME_LIMIT = 60
    report = make_report(Report.Status.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(head)
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert 'http-equiv="refresh"' not in page and "terhenti" in page


def test_a_late_worker_does_not_overwrite_a_report_the_sweep_gave_up_on(demo, monkeypatch, settings):
    report = make_report(Report.Status.QUEUED)

    def slow(snapshot):  # while rendering, the sweep decides the worker is dead
        Report.objects.filter(pk=report.pk).update(started_at=timezone.now() - dt.timedelta(hours=2))
        services.expire_stale_reports()
        return Rendered(b"%PDF-1.7 late", 1)

    monkeypatch.setattr(services, "render_snapshot", slow)
    assert services.run_report(report.pk) == Report.Status.FAILED
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and not report.pdf
    assert not list((settings.MEDIA_ROOT / "reports").rglob("*.pdf"))


def test_a_final_report_never_changes_and_a_new_one_can_be_made(
    client, head, auditor, fake_render, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request(client, head)
    report = Report.objects.get()
    assert client.post(reverse("reports:report-finalise", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.is_final and report.finalised_by == head
    sha = report.pdf_sha256

    report.signatory_name = "Someone else"
    with pytest.raises(ReportIsFinal):
        report.save()
    with pytest.raises(ReportIsFinal):
        report.delete()
    with pytest.raises(ReportIsFinal):
        services.rerun_report(report, head)
    with pytest.raises(ReportIsFinal):
        services.finalise_report(report, head)
    client.post(reverse("reports:report-retry", args=[report.pk]))
    report.refresh_from_db()
    assert (report.status, report.pdf_sha256, report.signatory_name) == ("done", sha, FORM["signatory_name"])

    with django_capture_on_commit_callbacks(execute=True):
        request(client, head, signatory_name="Plt. Sekretaris Utama")
    assert Report.objects.count() == 2
    newer = Report.objects.exclude(pk=report.pk).get()
    assert newer.status == Report.Status.DONE and not newer.is_final
    client.force_login(auditor)
    response = client.get(reverse("reports:report-download", args=[report.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_it_renders_a_draft_again_from_the_same_snapshot(demo, head, fake_render, django_capture_on_commit_callbacks):
    unit = OrgUnit.objects.get(code="SETTAMA")
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.request_report(head, unit, 2023, 2, **services.default_signature(unit, head))
    report.refresh_from_db()
    first = (report.snapshot, report.pdf_sha256)
    with django_capture_on_commit_callbacks(execute=True):
        services.rerun_report(report, head)
    report.refresh_from_db()
    assert (report.snapshot, report.pdf_sha256) == first and report.attempts == 2
    assert fake_render[0] == fake_render[1]
    assert len(list(report.pdf.storage.listdir(report.pdf.name.rsplit("/", 1)[0])[1])) == 1  # old file removed


def test_it_renders_a_real_pdf_end_to_end(client, head, planner, django_capture_on_commit_callbacks):
    """Eager Celery, real WeasyPrint: the head of SETTAMA requests PUSDATIN's Lapkin, its planner downloads it."""
    with django_capture_on_commit_callbacks(execute=True):
        request(client, head, "PUSDATIN", 2022, 4, signatory_name="Syamsidar Thamrin, ST, MBA")
    report = Report.objects.get()
    assert report.status == Report.Status.DONE, report.error
    client.force_login(planner)
    response = client.get(reverse("reports:report-download", args=[report.pk]))
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == report.pdf_sha256
    reader = PdfReader(BytesIO(body))
    assert len(reader.pages) == report.page_count >= 15
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "LAPORAN KINERJA PUSAT DATA DAN INFORMASI OBAT DAN MAKANAN TRIWULAN IV TAHUN 2022" in text
    assert "Syamsidar Thamrin, ST, MBA" in text
    # An Eselon II unit: its level's words (SAKIP_DOMAIN §10), not Settama's NPSS.
    score = report.snapshot["unit_score"]["value"].replace(".", ",")
    assert f"Nilai Pencapaian Sasaran Kegiatan {score}" in " ".join(text.split())


def test_the_command_queues_one_report_per_unit_with_an_agreement(
    demo, fake_render, django_capture_on_commit_callbacks
):
    PerformanceAgreement.objects.create(unit=OrgUnit.objects.get(code="PUSDATIN"), year=2023, in_force=True)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("generate_reports", year=2023, quarter=2, stdout=out)
    assert len(callbacks) == 4  # one rendering per unit, then (after each rendering) its "report ready" e-mail
    assert sorted(Report.objects.values_list("unit__code", "status")) == [("PUSDATIN", "done"), ("SETTAMA", "done")]
    assert "2 report(s) queued." in out.getvalue()
    assert all(report.requested_by is None for report in Report.objects.all())

    out = StringIO()
    call_command("generate_reports", year=2022, quarter=4, unit="PUSDATIN", stdout=out)
    assert "PUSDATIN 2022 TW4: report" in out.getvalue()
    with pytest.raises(CommandError, match="Unknown unit"):
        call_command("generate_reports", year=2023, quarter=2, unit="NOPE")
    with pytest.raises(CommandError, match="no performance agreement"):
        call_command("generate_reports", year=2021, quarter=2, unit="SETTAMA")

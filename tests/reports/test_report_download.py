"""Who may download which Lapkin, and that every download is in the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports.models import Report
from sakip.models import AuditEvent, OrgUnit

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7 a stored report"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_report(code="SETTAMA", year=2023, quarter=2, status=Report.Status.DONE) -> Report:
    report = Report.objects.create(
        unit=OrgUnit.objects.get(code=code),
        year=year,
        quarter=quarter,
        status=status,
        place="Jakarta",
        signed_on=dt.date(2023, 7, 20),
        signatory_name="Dra. Rita Mahyona, Apt, M.Si",
        signatory_title="Sekretaris Utama",
    )
    if status == Report.Status.DONE:
        report.pdf.save("lapkin.pdf", ContentFile(PDF), save=False)
        report.pdf_sha256 = hashlib.sha256(PDF).hexdigest()
        report.page_count = 1
        report.save()
    return report


def download(client, user, report):
    client.force_login(user)
    response = client.get(reverse("reports:report-download", args=[report.pk]))
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def test_an_auditor_downloads_any_report_and_the_download_is_audited(client, auditor):
    report = stored_report()
    response, body = download(client, auditor, report)
    assert response.status_code == 200 and body == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Lapkin_SETTAMA_2023_TW2.pdf"'
    event = AuditEvent.objects.get(action="report.download")
    assert (event.user, event.unit.code, event.period) == (auditor, "SETTAMA", "2023-TW2")
    assert (event.object_type, event.object_id) == ("reports.Report", str(report.pk))
    assert event.detail == {"sha256": report.pdf_sha256}


def test_an_admin_downloads_any_report(client, admin_user):
    assert download(client, admin_user, stored_report("PUSDATIN", 2022, 4))[0].status_code == 200


def test_a_head_downloads_the_reports_of_the_subtree(client, head):
    assert download(client, head, stored_report("SETTAMA"))[0].status_code == 200
    response, _ = download(client, head, stored_report("PUSDATIN", 2022, 4))
    assert response["Content-Disposition"] == 'attachment; filename="Lapkin_PUSDATIN_2022_TW4.pdf"'
    assert AuditEvent.objects.filter(action="report.download", user=head).count() == 2


def test_a_planner_downloads_only_the_own_units_reports(client, planner):
    assert download(client, planner, stored_report("PUSDATIN", 2022, 4))[0].status_code == 200
    assert download(client, planner, stored_report("SETTAMA"))[0].status_code == 404
    assert AuditEvent.objects.filter(action="report.download").count() == 1


def test_an_outsider_gets_404_and_nothing_is_audited(client, outsider):
    report = stored_report()
    assert download(client, outsider, report)[0].status_code == 404
    assert client.get(reverse("reports:report-detail", args=[report.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="report.download").exists()


def test_it_needs_login(client, demo):
    report = stored_report()
    response = client.get(reverse("reports:report-download", args=[report.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_report_not_rendered_yet_cannot_be_downloaded(client, auditor):
    assert download(client, auditor, stored_report(status=Report.Status.QUEUED))[0].status_code == 404


def test_planners_and_auditors_cannot_finalise_or_retry(client, planner, auditor):
    own = stored_report("PUSDATIN", 2022, 4)
    for user in (planner, auditor):
        client.force_login(user)
        assert client.post(reverse("reports:report-finalise", args=[own.pk])).status_code == 403
        assert client.post(reverse("reports:report-retry", args=[own.pk])).status_code == 403
    own.refresh_from_db()
    assert not own.is_final and own.status == Report.Status.DONE

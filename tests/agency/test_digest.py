"""The digest "Kinerja BPOM Dalam Angka" goes through the Lapkin's machinery: requested by an admin, rendered by
the (eager) Celery worker from a snapshot, SHA-256 stored, final reports immutable, downloads audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from reports import tasks  # noqa: F401  (registers the rendering task for the eager worker)
from reports.models import Report, ReportIsFinal
from sakip.models import AuditEvent, OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_digest(audience: str) -> Report:
    report = Report.objects.create(
        kind=Report.Kind.DIGEST,
        audience=audience,
        unit=OrgUnit.objects.get(code="BPOM"),
        year=2024,
        quarter=2,
        status=Report.Status.DONE,
        place="Jakarta",
        signed_on=dt.date(2024, 8, 15),
        signatory_name="Kepala",
        signatory_title="Kepala BPOM",
    )
    report.pdf.save("digest.pdf", ContentFile(b"%PDF-1.7 digest"), save=False)
    report.pdf_sha256 = hashlib.sha256(b"%PDF-1.7 digest").hexdigest()
    report.save()
    return report


def test_an_admin_requests_a_digest_the_worker_renders_it_and_it_becomes_final(
    client, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    form = {
        "year": 2024,
        "quarter": 2,
        "audience": "internal",
        "place": "Jakarta",
        "signed_on": "2024-08-15",
        "signatory_name": "Dr. Dra. L. Rizka Andalucia, M.Pharm., Apt.",
        "signatory_title": "Plt. Kepala Badan Pengawas Obat dan Makanan",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("agency:digest-request", args=[2024, 2]), form)
    report = Report.objects.get(kind=Report.Kind.DIGEST)
    assert response.status_code == 302 and response["Location"] == reverse("agency:digest-detail", args=[report.pk])
    assert report.status == Report.Status.DONE, report.error
    with report.pdf.open("rb") as stored:
        pdf = stored.read()
    assert report.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    text = " ".join(p.extract_text().replace("\x00", "") for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    # headline figures computed from the data (Bab 12, Lampiran I)
    assert "43,95%" in text and "47,24%" in text and "31.687 sampel" in text
    assert "30 satker pusat, 42 Balai Besar/Balai POM dan 31 Loka POM" in text
    assert "DIT. INTELIJEN" not in text and "Direktorat Intelijen Obat dan Makanan" in text  # Lampiran II ranking
    assert report.snapshot["schema"] == "sakip-digest/1" and report.snapshot["audience"] == "internal"

    download = client.get(reverse("agency:digest-download", args=[report.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf
    assert AuditEvent.objects.filter(action="report.download", object_id=str(report.pk)).count() == 1

    client.post(reverse("agency:digest-finalise", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_final
    report.place = "Bogor"
    with pytest.raises(ReportIsFinal):
        report.save()


@pytest.mark.parametrize(
    ("who", "status"), [("planner", 404), ("head", 404), ("outsider", 404), ("admin_user", 200), ("auditor", 200)]
)
def test_only_admins_and_auditors_download_a_restricted_digest(client, request, who, status):
    report = stored_digest("restricted")
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("agency:digest-download", args=[report.pk]))
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.7 digest"
    assert response.status_code == status
    assert client.get(reverse("agency:digest-detail", args=[report.pk])).status_code == status


@pytest.mark.parametrize("who", ["planner", "head", "outsider", "admin_user", "auditor"])
def test_every_logged_in_user_downloads_an_internal_digest(client, request, who):
    report = stored_digest("internal")
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("agency:digest-download", args=[report.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 digest"
    assert response["Content-Disposition"] == 'attachment; filename="Kinerja_BPOM_Dalam_Angka_2024_TW2_internal.pdf"'


def test_an_anonymous_visitor_gets_no_digest(client, bpom):
    report = stored_digest("public")
    response = client.get(reverse("agency:digest-download", args=[report.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_lapkin_pages_do_not_serve_a_digest(client, admin_user):
    report = stored_digest("internal")
    client.force_login(admin_user)
    assert client.get(reverse("reports:report-download", args=[report.pk])).status_code == 404

"""The import page: admins only; upload -> preview (nothing written) -> confirm; errors; templates and exports."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.imports import pending
from indicators.imports.exports import SHADES
from indicators.models import ImportJob, MonthlyTarget, PerformanceAgreement
from sakip.models import AuditEvent, Membership, OrgUnit, Role
from tests.imports.conftest import column, find_row, make_file, rows_for, snapshot

pytestmark = pytest.mark.django_db
PAGE = "/imports/"


def through_job(client, url, data):  # type: ignore[no-untyped-def]
    """POST, let the (eager) import job run when the request commits, then open the job's page."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    if response.status_code == 302 and "/imports/jobs/" in response["Location"]:
        return client.get(response["Location"])
    return response


def upload(client, content, name, kind="pk_rapk", override=False):  # type: ignore[no-untyped-def]
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if override:
        data["override"] = "on"
    return through_job(client, PAGE, data)


def confirm(client, **data):  # type: ignore[no-untyped-def]
    return through_job(client, reverse("imports:confirm"), data)


def changed_settama_file():  # type: ignore[no-untyped-def]
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    row = find_row("pk_rapk", rows, 27)
    row[column("pk_rapk", "annual_target")] = Decimal("94.3")
    row[column("pk_rapk", "b12")] = Decimal("94.3")
    return make_file("pk_rapk", rows)


def test_it_lets_only_admins_import(client, planner, head, auditor, admin_user, media):
    content, name = changed_settama_file()
    for user, status in ((planner, 403), (head, 403), (auditor, 403), (admin_user, 200)):
        client.force_login(user)
        assert client.get(PAGE).status_code == status
        assert upload(client, content, name).status_code == status
        assert client.post(reverse("imports:cancel")).status_code == (status if status == 403 else 302)
        template = client.get(reverse("imports:template"), {"kind": "budget", "year": 2023, "format": "csv"})
        assert template.status_code == status
    client.logout()
    assert client.get(PAGE).status_code == 302  # to the login page


def test_it_previews_then_writes_on_confirmation(client, admin_user, media):
    client.force_login(admin_user)
    content, name = changed_settama_file()
    before = snapshot()
    response = upload(client, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Revisi PK: versi 2 menggantikan versi 1 (1 indikator berubah)" in page
    assert "IKU 27: target tahunan 94,20 → 94,30; B12 94,20 → 94,30" in page
    assert 'name="reason"' in page
    assert snapshot() == before  # the preview wrote nothing
    waiting = pending.get(client.session)
    assert waiting is not None and (media / "imports" / waiting["token"]).is_file()

    missing_reason = confirm(client, reason="")
    assert (
        "Bidang ini tidak boleh kosong" in missing_reason.content.decode()
        or "required" in missing_reason.content.decode()
    )
    assert snapshot() == before

    response = confirm(client, reason="Revisi target NKA", letter_number="B-12")
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:rapk", args=["SETTAMA", 2023])
    agreement = PerformanceAgreement.objects.get(unit__code="SETTAMA", year=2023, in_force=True)
    assert (agreement.version, agreement.reason, agreement.author) == (2, "Revisi target NKA", admin_user)
    assert MonthlyTarget.objects.get(agreement=agreement, indicator__number=27, month=12).value == Decimal("94.3")
    assert not (media / "imports" / waiting["token"]).exists()
    assert pending.get(client.session) is None
    rapk = client.get(response["Location"]).content.decode()
    assert "94,30" in rapk


def test_it_shows_row_errors_and_keeps_nothing(client, admin_user, media):
    client.force_login(admin_user)
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    find_row("pk_rapk", rows, 9)[column("pk_rapk", "b07")] = "6x"
    content, name = make_file("pk_rapk", rows)
    before = snapshot()
    page = upload(client, content, name).content.decode()
    assert "1 kesalahan — tidak ada yang disimpan" in page
    assert '<td>PK RAPK</td><td class="num">13</td><td>B07</td><td>«6x» bukan angka</td>' in page
    assert pending.get(client.session) is None
    assert not (media / "imports").exists() or not list((media / "imports").iterdir())
    after = snapshot()
    assert after.pop("AuditEvent") == before.pop("AuditEvent") + 1  # the rejection, for the admins' inbox
    assert after == before
    assert AuditEvent.objects.latest("id").action == "import.rejected"


def test_it_rejects_a_bad_file_with_one_message(client, admin_user, media):
    client.force_login(admin_user)
    page = upload(client, b"%PDF-1.7\x00\x00", "laporan.pdf").content.decode()
    assert "Berkas ditolak:" in page
    assert "Berkas ini bukan spreadsheet (xlsx atau csv)." in page


def test_it_says_when_a_file_changes_nothing(client, admin_user, media):
    client.force_login(admin_user)
    content, name = make_file("budget", rows_for("budget", "PUSDATIN", 2022), "csv")
    page = upload(client, content, name, kind="budget").content.decode()
    assert "tidak mengubah apa pun" in page
    assert "confirm-form" not in page


def test_it_shows_a_new_preview_when_the_data_changed_since_the_preview(client, admin_user, media):
    client.force_login(admin_user)
    content, name = changed_settama_file()
    upload(client, content, name)
    MonthlyTarget.objects.filter(indicator__number=27, month=11, agreement__unit__code="SETTAMA").update(
        value=Decimal("92.5")
    )  # someone else edits the RAPK meanwhile
    response = confirm(client, reason="Revisi")
    page = response.content.decode()
    assert "Data berubah sejak pratinjau dibuat" in page
    assert "B11 92,50 → 92,20" in page
    assert PerformanceAgreement.objects.filter(unit__code="SETTAMA").count() == 1
    response = confirm(client, reason="Revisi")
    assert response.status_code == 302
    assert PerformanceAgreement.objects.filter(unit__code="SETTAMA").count() == 2


def test_it_cancels_a_pending_import(client, admin_user, media):
    client.force_login(admin_user)
    content, name = changed_settama_file()
    upload(client, content, name)
    client.post(reverse("imports:cancel"))
    assert not list((media / "imports").iterdir())
    response = client.post(reverse("imports:confirm"), {"reason": "x"}, follow=True)
    assert "Tidak ada impor yang menunggu konfirmasi" in response.content.decode()


def test_it_downloads_a_template_of_the_current_configuration(client, admin_user):
    client.force_login(admin_user)
    response = client.get(
        reverse("imports:template"), {"kind": "pk_rapk", "unit": "PUSDATIN", "year": 2022, "format": "xlsx"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="pk_rapk_pusdatin_2022.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["PK RAPK"]
    assert sheet["A3"].value == "Kode unit" and sheet["N4"].value == "B01"
    assert sheet.max_row == 4 + 17
    empty_year = client.get(reverse("imports:template"), {"kind": "realisations", "year": 2030, "format": "csv"})
    assert empty_year.content.decode("utf-8-sig").startswith("Kode unit;Tahun;No. indikator;")
    assert AuditEvent.objects.filter(action="export.pk_rapk").exists()


def test_it_exports_to_anyone_who_may_see_the_unit(client, planner, head, auditor, outsider):
    cases = [(planner, "PUSDATIN", 200), (planner, "SETTAMA", 404), (head, "PUSDATIN", 200),
             (outsider, "SETTAMA", 404), (auditor, "SETTAMA", 200)]  # fmt: skip
    for user, unit, status in cases:
        client.force_login(user)
        year = 2022 if unit == "PUSDATIN" else 2023
        for url in (
            reverse("imports:export", args=["pk_rapk", unit, year]),
            reverse("imports:export", args=["budget", unit, year]) + "?format=csv",
            reverse("imports:export", args=["realisations", unit, year]),
            reverse("imports:export-scorecard", args=[unit, year, 4]),
            reverse("imports:rapk", args=[unit, year]),
        ):
            assert client.get(url).status_code == status, (user, url)


def test_it_exports_the_scorecard_with_the_criterion_colours_of_its_bands(client, auditor):
    client.force_login(auditor)
    response = client.get(reverse("imports:export-scorecard", args=["SETTAMA", 2023, 2]))
    assert response["Content-Disposition"] == 'attachment; filename="kartu_skor_SETTAMA_2023_tw2.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Kartu skor"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=5) if isinstance(row[1].value, int)}
    capaian_b06 = rows[27][4 + 3 + 2 + 1]  # 4 labels, targets B03 B06 B12, realisations B03 B06, capaian B03
    assert capaian_b06.value == 120.19
    assert capaian_b06.number_format == "#,##0.00"
    assert capaian_b06.fill.fgColor.rgb.endswith(SHADES["grey"])
    assert rows[27][12].value == "Tidak Dapat Disimpulkan"
    assert rows[16][10].fill.fgColor.rgb.endswith(SHADES["yellow"])  # 94,94: Belum Memenuhi Ekspektasi
    npss = next(row for row in sheet.iter_rows() if row[2].value == "Nilai Pencapaian Sasaran Strategis (NPSS)")
    assert npss[13].value == 105.84
    assert npss[13].fill.fgColor.rgb.endswith(SHADES["green"])
    assert workbook["Anggaran"]["F16"].value == 57.48  # total absorption, SAKIP_DOMAIN §5
    assert workbook["Efisiensi"].max_row > 4


def test_it_heads_the_quarter_iv_export_columns_once_each(client, auditor):
    client.force_login(auditor)
    response = client.get(reverse("imports:export-scorecard", args=["PUSDATIN", 2022, 4]))
    header = [cell.value for cell in load_workbook(io.BytesIO(response.content))["Kartu skor"][4]]
    assert header.count("Target B12") == 1
    assert len(header) == len(set(header))


def test_it_gives_every_element_of_the_import_page_its_own_id(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("imports:page")).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert ids and len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_it_reads_the_upload_in_a_worker_while_the_page_shows_progress(client, admin_user, media):
    client.force_login(admin_user)
    content, name = changed_settama_file()
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post(PAGE, {"kind": "pk_rapk", "file": SimpleUploadedFile(name, content)})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    assert (job.status, job.phase, job.file_name) == ("queued", "preview", name)  # not read in the request
    waiting = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting and "Menunggu worker" in waiting
    callbacks[0]()  # the request committed: the (eager) worker reads the file
    job.refresh_from_db()
    assert (job.status, job.rows_read) == ("done", 30)  # 27 indicators under two title rows and the header
    assert "Revisi PK: versi 2 menggantikan versi 1" in client.get(response["Location"]).content.decode()


def test_it_shows_a_job_only_to_the_admin_who_started_it(client, admin_user, media):
    client.force_login(admin_user)
    upload(client, *changed_settama_file())
    other = User.objects.create_user("dina", password="x")
    Membership.objects.create(user=other, unit=OrgUnit.objects.get(code="BPOM"), role=Role.ADMIN)
    client.force_login(other)
    assert client.get(reverse("imports:job", args=[ImportJob.objects.get().pk])).status_code == 404


def test_it_stops_a_job_at_the_time_limit_and_says_so(client, admin_user, media, settings):
    settings.SAKIP_IMPORT_MAX_SECONDS = 0
    client.force_login(admin_user)
    page = upload(client, *changed_settama_file()).content.decode()
    assert "Impor dihentikan: melewati batas waktu impor 0 detik." in page
    assert ImportJob.objects.get().status == "done" and pending.get(client.session) is None


def test_it_fails_the_job_with_a_message_when_the_queue_is_down(client, admin_user, media, monkeypatch):
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr("indicators.imports.jobs.queue_task", refuse)
    client.force_login(admin_user)
    page = upload(client, *changed_settama_file()).content.decode()
    assert "Antrean pekerjaan tidak tersedia; impor belum diproses." in page
    assert ImportJob.objects.get().status == "failed"


def test_it_fails_a_job_whose_worker_died_when_its_page_is_opened(client, admin_user, media, settings):
    client.force_login(admin_user)
    content, name = changed_settama_file()
    with TestCase.captureOnCommitCallbacks(execute=False):
        response = client.post(PAGE, {"kind": "pk_rapk", "file": SimpleUploadedFile(name, content)})
    ImportJob.objects.update(status="running", started_at=timezone.now() - dt.timedelta(seconds=400))
    settings.SAKIP_IMPORT_MAX_SECONDS = 300
    page = client.get(response["Location"]).content.decode()
    assert "Impor gagal:" in page and "worker berhenti sebelum selesai" in page
    assert ImportJob.objects.get().status == "failed"

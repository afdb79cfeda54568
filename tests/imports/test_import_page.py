"""The import page: admins only; upload -> preview (nothing written) -> confirm; errors; templates and exports."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.imports import pending
from indicators.imports.exports import SHADES
from indicators.models import MonthlyTarget, PerformanceAgreement
from sakip.models import AuditEvent
from tests.imports.conftest import column, find_row, make_file, rows_for, snapshot

pytestmark = pytest.mark.django_db
PAGE = "/imports/"


def upload(client, content, name, kind="pk_rapk", override=False):  # type: ignore[no-untyped-def]
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if override:
        data["override"] = "on"
    return client.post(PAGE, data)


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

    missing_reason = client.post(reverse("imports:confirm"), {"reason": ""})
    assert (
        "Bidang ini tidak boleh kosong" in missing_reason.content.decode()
        or "required" in missing_reason.content.decode()
    )
    assert snapshot() == before

    response = client.post(reverse("imports:confirm"), {"reason": "Revisi target NKA", "letter_number": "B-12"})
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
    response = client.post(reverse("imports:confirm"), {"reason": "Revisi"})
    page = response.content.decode()
    assert "Data berubah sejak pratinjau dibuat" in page
    assert "B11 92,50 → 92,20" in page
    assert PerformanceAgreement.objects.filter(unit__code="SETTAMA").count() == 1
    response = client.post(reverse("imports:confirm"), {"reason": "Revisi"})
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

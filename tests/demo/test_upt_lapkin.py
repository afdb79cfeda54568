"""The demo UPT's Lapkin TW III 2022 (`generate_reports --unit BBPOM-CONTOH`) prints what a UPT's report holds:
sasaran kegiatan, the stage table of its staged programme, the follow-up matrices, the DIPA by spending type
and its pagu changes, the PK revision of B07 (Semula/Menjadi, a refused lowering kept), and no placeholder."""

from __future__ import annotations

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def text(demo, settings, tmp_path, django_capture_on_commit_callbacks) -> str:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_reports", year=2022, quarter=3, unit="BBPOM-CONTOH", stdout=StringIO())
    report = Report.objects.get(unit__code="BBPOM-CONTOH", year=2022, quarter=3)
    assert report.status == Report.Status.DONE, report.error
    with report.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_demo_upt_lapkin_has_no_placeholder_and_speaks_of_sasaran_kegiatan(text):
    assert "belum diisi" not in text and "belum tersedia" not in text
    assert "Nilai Pencapaian Sasaran Kegiatan" in text and "Sasaran Strategis" not in text
    assert "Kota Contoh, 7 Oktober 2022" in text and "Nama Kepala Balai (data contoh/fiktif)" in text
    assert "Definisi Operasional Indikator Kinerja" in text and "Realisasi = 0,6 × EKA + 0,4 × IKPA." in text


def test_it_prints_the_stage_table_of_the_staged_programme(text):
    assert "Tahapan Bobot (%) Penyelesaian s.d. B09 (%) Kontribusi (%)" in text
    assert "Sampling dan pengujian PJAS" in text and "Monitoring dan evaluasi" in text


def test_it_prints_the_follow_up_matrices_with_carried_statuses(text):
    assert "Matriks Tindak Lanjut Rekomendasi Indikator 7" in text
    assert "Belum — status TW 2 dibawa ke triwulan ini" in text
    assert "Menyusun nota kesepahaman dengan Kejaksaan Tinggi (target waktu: Desember 2022)" in text
    assert "Laporan verifikasi lapangan No. LV-09/2022" in text  # done in TW III, with its evidence
    assert "Belum ada rekomendasi yang perlu ditindaklanjuti untuk indikator ini." in text


def test_it_prints_the_dipa_by_spending_type_and_its_pagu_changes(text):
    assert "Pagu dan Realisasi Anggaran per Jenis Belanja s.d. Triwulan III Tahun 2022" in text
    assert "Belanja Barang Rp15.000.000.000,00 Rp1.200.000.000,00 Rp9.500.000.000,00 63,33 68,84" in text
    assert "Total Rp42.000.000.000,00 Rp1.500.000.000,00 Rp28.750.000.000,00 68,45 70,99" in text
    assert "DIPA-CONTOH-001/2022" in text and "Rp40.500.000.000,00" in text


def test_it_prints_the_revision_semula_and_menjadi_with_the_refused_lowering(text):
    assert "Semula dan Menjadi" in text and "berlaku mulai B07" in text
    assert "90,00 92,00 Disetujui" in text
    assert "100,00 100,00 Ditolak, tetap" in text  # the lowering asked for was refused: the target stays

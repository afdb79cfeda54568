"""Evidence uploads: too many files or too many bytes in one request get a message on the form, not a bare 400,
and keep what was typed; a very long file name keeps its extension."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Evidence, Realisation
from sakip.uploads import fit_file_name
from tests.indicators.helpers import entry_post

pytestmark = pytest.mark.django_db
URL = reverse("indicators:month-entry", args=["PUSDATIN", 2022, 9])
TYPED = {"BCM": {"value": "31", "analysis": "Analisis yang diketik panjang-panjang"}}


@pytest.fixture
def bcm(planner, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return Realisation.objects.get(indicator__code="BCM", month=12).indicator


def pdf(name: str, size: int = 20) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * (size - 9), content_type="application/pdf")


def test_it_refuses_150_files_in_one_request_with_a_message_keeping_what_was_typed(client, planner, bcm):
    client.force_login(planner)
    data = entry_post("PUSDATIN", 2022, 9, TYPED)
    data[f"i{bcm.id}-evidence"] = [pdf(f"bukti-{n}.pdf") for n in range(150)]
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tidak ada yang disimpan: 150 berkas dilampirkan sekaligus, paling banyak 20 per penyimpanan." in page
    assert "Analisis yang diketik panjang-panjang" in page and 'value="31"' in page
    assert not Evidence.objects.exists() and not Realisation.objects.filter(indicator=bcm, month=9).exists()


def test_it_limits_the_bytes_of_one_request_besides_the_size_of_each_file(client, planner, bcm, settings):
    settings.SAKIP_EVIDENCE_MAX_BYTES = 1000  # each file is under it
    settings.SAKIP_EVIDENCE_MAX_REQUEST_BYTES = 1500
    client.force_login(planner)
    data = entry_post("PUSDATIN", 2022, 9, TYPED)
    data[f"i{bcm.id}-evidence"] = [pdf("satu.pdf", 900), pdf("dua.pdf", 900)]
    page = client.post(URL, data).content.decode()
    assert "berkas yang dilampirkan sekaligus lebih dari 0 MB" in page
    assert "Analisis yang diketik panjang-panjang" in page
    assert not Evidence.objects.exists()
    data[f"i{bcm.id}-evidence"] = [pdf("satu.pdf", 900)]
    assert client.post(URL, data).status_code == 302 and Evidence.objects.count() == 1


def test_it_keeps_the_extension_of_a_300_character_file_name(client, planner, bcm):
    client.force_login(planner)
    name = "laporan " + "sangat panjang " * 20 + "x" * 60 + ".pdf"
    assert len(name) == 372
    data = entry_post("PUSDATIN", 2022, 9, TYPED)
    data[f"i{bcm.id}-evidence"] = pdf(name)
    assert client.post(URL, data).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name.endswith(".pdf") and len(evidence.original_name) == 200
    assert evidence.file.name.endswith(".pdf")
    download = client.get(reverse("indicators:evidence-download", args=[evidence.pk]))
    download.close()
    assert download["Content-Disposition"].endswith('.pdf"')


@pytest.mark.parametrize(
    ("name", "length", "cut"),
    [("pendek.pdf", 20, "pendek.pdf"), ("a" * 20 + ".xlsx", 14, "a" * 9 + ".xlsx"),
     ("tanpa-ekstensi" * 2, 11, "tanpa-ekste"), ("a." + "b" * 20, 11, "a.bbbbbbbbb")],
)  # fmt: skip
def test_it_cuts_a_file_name_to_its_column_keeping_the_extension(name, length, cut):
    assert fit_file_name(name, length) == cut

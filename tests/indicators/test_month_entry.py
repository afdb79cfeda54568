"""The planner's monthly entry page: due indicators, prefill, Indonesian numbers, validation, evidence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Evidence, MonthStatus, Realisation
from sakip.models import AuditEvent
from tests.indicators.helpers import entry_post

pytestmark = pytest.mark.django_db
URL = reverse("indicators:month-entry", args=["PUSDATIN", 2022, 9])


def realisation(code: str, month: int = 9) -> Realisation:
    return Realisation.objects.get(indicator__code=code, indicator__goal__unit__code="PUSDATIN", month=month)


def test_it_lists_the_indicators_due_this_month_and_hides_the_rest_until_asked(client, planner):
    client.force_login(planner)
    html = client.get(URL).content.decode()
    assert html.count('fieldset class="indicator') == 8  # the indicators with a B09 target
    assert "Persentase Pemenuhan Business Continuity Management" in html
    assert "Indeks SPBE" not in html  # measured at year end
    assert "Tampilkan 9 indikator lain" in html
    assert client.get(URL + "?semua=1").content.decode().count('fieldset class="indicator') == 17


def test_it_prefills_last_months_cumulative_value(client, planner):
    Realisation.objects.create(
        indicator=realisation("BCM", 12).indicator, month=8, state="number", value=Decimal("28.5")
    )
    client.force_login(planner)
    html = client.get(URL).content.decode()
    assert 'value="28,5"' in html


def test_it_saves_indonesian_numbers_as_a_draft(client, planner):
    client.force_login(planner)
    data = entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": "30,5"}, "KELUHAN": {"value": "97%"}})
    response = client.post(URL, data)
    assert response.status_code == 302
    assert realisation("BCM").value == Decimal("30.5")
    assert realisation("KELUHAN").value == Decimal("97")
    assert realisation("BCM").updated_by == planner
    assert MonthStatus.objects.get(unit__code="PUSDATIN", year=2022, month=9).state == "draft"


def test_it_computes_a_percentage_from_numerator_and_denominator(client, planner):
    client.force_login(planner)
    data = entry_post("PUSDATIN", 2022, 9, {"KELUHAN": {"value": "", "numerator": "4.620", "denominator": "4.714"}})
    assert client.post(URL, data).status_code == 302
    saved = realisation("KELUHAN")
    assert (saved.numerator, saved.denominator) == (Decimal(4620), Decimal(4714))
    assert saved.value.quantize(Decimal("0.01")) == Decimal("98.01")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": "sembilan puluh"}, "value", "bukan angka"),
        ({"value": "", "numerator": "50", "denominator": "40"}, "numerator", "tidak boleh lebih besar dari penyebut"),
        ({"value": "", "numerator": "5", "denominator": "0"}, "denominator", "Penyebut harus lebih dari 0"),
        ({"state": "number", "value": ""}, "value", "Isi realisasi"),
    ],
)
def test_it_rejects_bad_input_next_to_the_field_and_saves_nothing(client, planner, changes, field, message):
    client.force_login(planner)
    before = Realisation.objects.count()
    response = client.post(URL, entry_post("PUSDATIN", 2022, 9, {"BCM": changes, "KELUHAN": {"value": "97"}}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "field-" + field + " invalid" in html
    assert "Tidak ada yang disimpan" in html
    assert Realisation.objects.count() == before  # KELUHAN was valid but is not saved either


def test_it_rejects_a_value_outside_the_indicators_scale(client, planner):
    indicator = realisation("IPDI", 12).indicator
    indicator.scale_min, indicator.scale_max = Decimal(0), Decimal(3)
    indicator.save()
    client.force_login(planner)
    response = client.post(URL, entry_post("PUSDATIN", 2022, 9, {"IPDI": {"value": "3,5"}}))
    assert "Nilai di luar skala indikator (0,00 – 3,00)" in response.content.decode()


def test_it_requires_kendala_and_rtl_when_the_criterion_is_kuning(client, planner):
    client.force_login(planner)
    data = entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": "27"}})  # 27 / 30 = 90% -> kuning
    html = client.post(URL, data).content.decode()
    assert html.count("Wajib diisi karena capaian Belum Memenuhi Ekspektasi") == 2
    data = entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": "27", "kendala": "DRC terbatas", "rtl": "Tambah DRC"}})
    assert client.post(URL, data).status_code == 302
    assert realisation("BCM").kendala == "DRC terbatas"


def test_it_previews_capaian_criterion_and_colour_from_the_server(client, planner):
    client.force_login(planner)
    bcm = realisation("BCM", 12).indicator
    url = reverse("indicators:month-preview", args=["PUSDATIN", 2022, 9, bcm.id])
    data = client.post(url, {f"i{bcm.id}-state": "number", f"i{bcm.id}-value": "27"}).json()
    assert (data["capaian"], data["colour"], data["criterion"]) == ("90,00", "yellow", "Belum Memenuhi Ekspektasi")
    data = client.post(url, {f"i{bcm.id}-state": "number", f"i{bcm.id}-value": "abc"}).json()
    assert data["capaian"] == "-" and "bukan angka" in data["errors"]["value"][0]


def test_it_stores_evidence_under_a_random_name_and_serves_it_to_the_unit_only(
    client, planner, outsider, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(planner)
    upload = SimpleUploadedFile("../../etc/laporan BCM.pdf", b"%PDF-1.4 bukti", content_type="application/pdf")
    data = entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": "31"}})
    data[f"i{realisation('BCM', 12).indicator.id}-evidence"] = upload
    assert client.post(URL, data).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "laporan BCM.pdf"
    assert "laporan" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert str(tmp_path) in evidence.file.path
    response = client.get(reverse("indicators:evidence-download", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 bukti"
    assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="evidence.download", user=planner, period="2022-B09").exists()
    client.force_login(outsider)
    assert client.get(reverse("indicators:evidence-download", args=[evidence.pk])).status_code == 404


def test_it_refuses_evidence_of_a_forbidden_type_or_too_large(client, planner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SAKIP_EVIDENCE_MAX_BYTES = 10
    client.force_login(planner)
    bcm = realisation("BCM", 12).indicator
    for name, content, message in [
        ("skrip.exe", b"MZ", "jenis berkas tidak diizinkan"),
        ("besar.pdf", b"%PDF-1.4 lebih dari sepuluh byte", "lebih besar dari batas"),
    ]:
        data = entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": "31"}})
        data[f"i{bcm.id}-evidence"] = SimpleUploadedFile(name, content)
        html = client.post(URL, data).content.decode()
        assert message in html
    assert not Evidence.objects.exists()
    assert not Realisation.objects.filter(indicator=bcm, month=9).exists()


def test_it_escapes_html_in_narratives_on_every_page(client, planner, head, auditor):
    client.force_login(planner)
    script = "<script>alert('x')</script>"
    data = entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": "27", "kendala": script, "rtl": script}})
    assert client.post(URL, data).status_code == 302
    for user, urls in ((planner, [URL]), (head, [URL]), (auditor, [URL, reverse("audit:trail")])):
        client.force_login(user)
        for url in urls:
            html = client.get(url).content.decode()
            assert script not in html
            assert "&lt;script&gt;" in html


def test_its_query_count_does_not_grow_with_the_number_of_indicators(client, planner, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(planner)
    Realisation.objects.create(indicator=realisation("DIM", 12).indicator, month=8, state="number", value=1)
    with CaptureQueriesContext(connection) as small:
        client.get(URL + "?semua=1")
    for code in ("BCM", "KELUHAN", "SII"):
        Realisation.objects.create(indicator=realisation(code, 12).indicator, month=8, state="number", value=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL + "?semua=1")

"""The planner's monthly entry page: due indicators, prefill, Indonesian numbers, validation, evidence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Evidence, MonthStatus, Realisation
from sakip.models import AuditEvent
from tests.indicators.helpers import entry_post
from tests.indicators.pages import assert_pages_answer

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


def test_it_prefills_last_months_cumulative_value_with_its_capaian_for_the_planner(client, planner, head):
    Realisation.objects.create(
        indicator=realisation("BCM", 12).indicator, month=8, state="number", value=Decimal("28.5")
    )
    client.force_login(planner)
    html = client.get(URL).content.decode()
    assert 'value="28,5"' in html
    bcm = row_html(html, "BCM")
    assert "95,00" in bcm and "crit-yellow" in bcm and "dari nilai B08, belum disimpan" in bcm  # 28,5 / 30
    client.force_login(head)
    bcm = row_html(client.get(URL).content.decode(), "BCM")
    assert "Belum diisi" in bcm and "95,00" not in bcm


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
    assert saved.value == Decimal("98.0059")  # stored as the column holds it; the form shows it from the two
    form = entry_post("PUSDATIN", 2022, 9, {})
    assert form[f"i{saved.indicator_id}-value"] == "" and form[f"i{saved.indicator_id}-numerator"] == "4620"


def test_it_accepts_a_numerator_larger_than_the_denominator(client, planner):
    client.force_login(planner)
    data = entry_post("PUSDATIN", 2022, 9, {"DIM": {"value": "", "numerator": "25", "denominator": "23"}})
    assert client.post(URL, data).status_code == 302
    assert realisation("DIM").value == Decimal("108.6957")  # 25 of 23 dashboards
    html = client.get(URL).content.decode()
    assert "108,70" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": "sembilan puluh"}, "value", "bukan angka"),
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


def test_it_saves_a_kuning_draft_without_kendala_and_rtl(client, planner):
    client.force_login(planner)
    data = entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": "27"}})  # 27 / 30 = 90% -> kuning
    assert client.post(URL, data).status_code == 302
    assert realisation("BCM").value == Decimal(27) and realisation("BCM").kendala == ""
    html = client.get(URL).content.decode()
    assert "kendala dan RTL wajib sebelum diajukan" in html


def test_it_previews_capaian_criterion_and_colour_from_the_server(client, planner):
    client.force_login(planner)
    bcm = realisation("BCM", 12).indicator
    url = reverse("indicators:month-preview", args=["PUSDATIN", 2022, 9, bcm.id])
    data = client.post(url, {f"i{bcm.id}-state": "number", f"i{bcm.id}-value": "27"}).json()
    assert (data["capaian"], data["colour"], data["criterion"]) == ("90,00", "yellow", "Belum Memenuhi Ekspektasi")
    data = client.post(url, {f"i{bcm.id}-state": "number", f"i{bcm.id}-value": "abc"}).json()
    assert data["capaian"] == "-" and "bukan angka" in data["errors"]["value"][0]
    data = client.post(url, {f"i{bcm.id}-state": "number", f"i{bcm.id}-value": "9999999999999999"}).json()
    assert data["capaian"] == "-" and "terlalu besar" in data["errors"]["value"][0]


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
    data = entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": "27", "kendala": script, "rtl": script}}, complete=True)
    assert client.post(URL, data).status_code == 302
    assert client.post(reverse("indicators:month-submit", args=["PUSDATIN", 2022, 9])).status_code == 302
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


def row_html(html: str, code: str) -> str:
    """The fieldset of one indicator (by its code) in the month page."""
    number = Realisation.objects.filter(indicator__code=code).values_list("indicator__number", flat=True).first()
    start = html.index(f'id="ind-{number}"')
    return html[start : html.index("</fieldset>", start)]


def test_it_shows_each_stored_capaian_in_its_colour_to_the_planner_and_the_head(client, planner, head):
    b12 = reverse("indicators:month-entry", args=["PUSDATIN", 2022, 12])  # locked in the demo
    for user in (planner, head):
        client.force_login(user)
        html = client.get(b12).content.decode()
        keluhan = row_html(html, "KELUHAN")  # 98 of 95 (Tabel 3.1 prints 103,15, truncated)
        assert 'class="preview crit-green"' in keluhan and "103,16" in keluhan
        assert "Memenuhi Ekspektasi" in keluhan
        assert 'class="preview crit-yellow"' in row_html(html, "RB")  # 71,47 of 80,2 = 89,11
        assert "Belum dapat ditentukan" not in row_html(html, "BCM")
        assert "<textarea" not in keluhan.split("review-box")[0]  # read-only: narratives as text


def test_it_keeps_the_capaian_of_the_valid_rows_after_a_failed_save(client, planner):
    client.force_login(planner)
    data = entry_post(
        "PUSDATIN", 2022, 9, {"BCM": {"value": "abc"}, "SII": {"value": "33"}, "KELUHAN": {"value": "97"}}
    )
    html = client.post(URL, data).content.decode()
    assert "Tidak ada yang disimpan" in html
    assert "101,04" in row_html(html, "KELUHAN") and "crit-green" in row_html(html, "KELUHAN")  # 97 / 96
    assert "50,00" in row_html(html, "SII") and "crit-red" in row_html(html, "SII")  # 33 / 66, after the bad row
    banner = html[html.index('id="entry-errors"') :]
    assert 'href="#ind-' in banner and "Business Continuity" in banner[: banner.index("</div>")]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("9999999999999999", "Angka terlalu besar: paling besar 99.999.999.999,99"),
        ("123456789012345678901234567890", "Angka terlalu besar"),
        ("1e400", "bukan angka"),
        ("-5", "tidak boleh negatif"),
        ("30,125", "Paling banyak 2 angka di belakang koma"),
    ],
)
def test_it_refuses_a_number_the_indicator_cannot_hold_and_keeps_what_was_typed(client, planner, head, typed, message):
    client.force_login(planner)
    history = Realisation.history.count()
    response = client.post(URL, entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": typed}, "KELUHAN": {"value": "97"}}))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in row_html(html, "BCM")
    assert f'value="{typed}"' in row_html(html, "BCM")
    assert not Realisation.objects.filter(month=9, indicator__goal__unit__code="PUSDATIN").exists()
    assert (
        Realisation.history.count() == history
        and not MonthStatus.objects.filter(unit__code="PUSDATIN", month=9).exists()
    )
    for user in (planner, head):
        client.force_login(user)
        assert_pages_answer(client, "PUSDATIN", 2022, 9)


def test_it_refuses_numerators_that_do_not_fit_and_a_ratio_beyond_the_column(client, planner):
    client.force_login(planner)
    changes = {"DIM": {"value": "", "numerator": "99999999999", "denominator": "0,01"}}
    html = client.post(URL, entry_post("PUSDATIN", 2022, 9, changes)).content.decode()
    assert "Pembilang ÷ penyebut × 100: Angka terlalu besar" in row_html(html, "DIM")
    changes = {"DIM": {"value": "", "numerator": "123456789012345678901234567890", "denominator": "3"}}
    assert "Angka terlalu besar" in row_html(
        client.post(URL, entry_post("PUSDATIN", 2022, 9, changes)).content.decode(), "DIM"
    )
    assert not Realisation.objects.filter(month=9, indicator__goal__unit__code="PUSDATIN").exists()


def test_it_lets_negative_values_only_where_the_indicator_allows_them(client, planner):
    bcm = realisation("BCM", 12).indicator
    bcm.allow_negative = True
    bcm.save()
    client.force_login(planner)
    assert client.post(URL, entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": "-1,5"}})).status_code == 302
    assert realisation("BCM").value == Decimal("-1.5")


def test_it_names_who_submitted_and_reviewed_the_month(client, planner, head):
    planner.first_name, planner.last_name = "Alice", "Perencana"
    planner.save()
    b12 = reverse("indicators:month-entry", args=["PUSDATIN", 2022, 12])
    client.force_login(planner)
    assert "oleh None" not in client.get(b12).content.decode()  # the demo's months have no person
    client.post(URL, entry_post("PUSDATIN", 2022, 9, {}, complete=True))
    client.post(reverse("indicators:month-submit", args=["PUSDATIN", 2022, 9]))
    client.force_login(head)
    client.post(reverse("indicators:month-review", args=["PUSDATIN", 2022, 9]), {"action": "approve"})
    html = client.get(URL).content.decode()
    assert "oleh Alice Perencana" in html and "oleh bob" in html and "None" not in html.split("status-line")[1][:600]


def test_saving_a_month_takes_the_same_number_of_queries_however_many_rows_change(
    client, planner, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.month import load_month
    from sakip.models import OrgUnit

    due = [row for row in load_month(OrgUnit.objects.get(code="PUSDATIN"), 2022, 9).rows if row.target is not None]
    assert len(due) == 8

    def save(rows, above):  # every row's target + `above`: green, no narrative needed
        changes = {row.indicator.code: {"state": "number", "value": str(row.target + above).replace(".", ",")}
                   for row in rows}  # fmt: skip
        assert client.post(URL, entry_post("PUSDATIN", 2022, 9, changes)).status_code == 302

    client.force_login(planner)
    save(due[:2], 1)  # the month starts; two rows are created
    with CaptureQueriesContext(connection) as few:
        save(due[:3], 2)  # two updated, one created
    with django_assert_max_num_queries(len(few.captured_queries)):
        save(due, 3)  # three updated, five created
    assert [realisation(row.indicator.code).value for row in due] == [row.target + 3 for row in due]
    assert realisation(due[0].indicator.code).history.count() == 3  # one history row per save, as before
    assert realisation(due[0].indicator.code).revision == 3

"""Data-quality warnings on the month page: computed on save, kept with the month, shown to the planner before
submitting and to the head in review, configurable per indicator, never blocking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, MonthStatus, QualityWarning, Realisation
from tests.indicators.helpers import entry_post
from tests.indicators.test_month_entry import row_html

pytestmark = pytest.mark.django_db
ARGS = ["PUSDATIN", 2022, 9]
ENTRY = reverse("indicators:month-entry", args=ARGS)
SUBMIT = reverse("indicators:month-submit", args=ARGS)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code, goal__unit__code="PUSDATIN")


def kinds(code: str) -> list[str]:
    return list(QualityWarning.objects.filter(indicator__code=code).values_list("kind", flat=True))


def test_it_warns_the_planner_and_the_head_without_blocking_anything(client, planner, head):
    Realisation.objects.create(indicator=indicator("BCM"), month=8, state="number", value=Decimal("28.5"))
    client.force_login(planner)
    changes = {
        "DIM": {"value": "61.111"},  # typed for 61,111%: read the Indonesian way as 61111
        "BCM": {"value": "31"},  # 28,5 in B08: no warning
        "KELUHAN": {"value": "98", "numerator": "4.620", "denominator": "4.714"},  # 98,01
    }
    assert client.post(ENTRY, entry_post(*ARGS, changes, action="submit", complete=True)).status_code == 302
    assert sorted(kinds("DIM")) == ["out_of_range", "percent_range"]
    assert kinds("KELUHAN") == ["ratio"] and kinds("BCM") == []
    html = client.get(ENTRY + "?ajukan=1").content.decode()
    assert "lebih dari 10,00 kali nilai terbesar tahun ini (100,00): salah ketik pemisah ribuan?" in row_html(
        html, "DIM"
    )
    assert "Pembilang/penyebut memberi 98,01, bukan 98,00." in row_html(html, "KELUHAN")
    panel = html[html.index('id="konfirmasi"') :]
    assert "Peringatan kualitas data pada 2 indikator" in panel and "Ya, ajukan sekarang" in panel
    assert client.post(SUBMIT).status_code == 302
    assert MonthStatus.objects.get(unit__code="PUSDATIN", month=9).state == "submitted"

    client.force_login(head)
    html = client.get(ENTRY).content.decode()
    summary = html[html.index('id="review-summary"') :]
    assert "Peringatan kualitas data pada 2 indikator" in summary and "61.111,00" in summary
    assert "Persentase 61.111,00 di luar 0–100." in row_html(html, "DIM")


def test_it_flags_a_cumulative_value_going_down_and_a_jump_and_clears_them_once_fixed(client, planner):
    Realisation.objects.create(indicator=indicator("BCM"), month=8, state="number", value=Decimal("28.5"))
    Realisation.objects.create(indicator=indicator("SII"), month=8, state="number", value=Decimal("20"))
    client.force_login(planner)
    client.post(ENTRY, entry_post(*ARGS, {"BCM": {"value": "27"}, "SII": {"value": "40"}}))
    html = client.get(ENTRY).content.decode()
    assert "Nilai kumulatif turun dari 28,50 (B08) menjadi 27,00." in row_html(html, "BCM")
    assert "Berubah 100,00% dari B08 (20,00); batas indikator ini 50,00%." in row_html(html, "SII")
    client.post(ENTRY, entry_post(*ARGS, {"BCM": {"value": "29"}, "SII": {"value": "25"}}))
    assert kinds("BCM") == [] and kinds("SII") == []


def test_it_follows_each_indicators_settings(client, planner):
    dim = indicator("DIM")
    dim.check_range_factor, dim.check_percent_range = None, False
    dim.save()
    keluhan = indicator("KELUHAN")
    keluhan.check_ratio = False
    keluhan.save()
    client.force_login(planner)
    changes = {"DIM": {"value": "61.111"}, "KELUHAN": {"value": "98", "numerator": "4.620", "denominator": "4.714"}}
    client.post(ENTRY, entry_post(*ARGS, changes))
    assert QualityWarning.objects.count() == 0


def test_it_previews_the_warnings_while_the_planner_types(client, planner):
    client.force_login(planner)
    dim = indicator("DIM")
    url = reverse("indicators:month-preview", args=[*ARGS, dim.id])
    data = client.post(url, {f"i{dim.id}-state": "number", f"i{dim.id}-value": "61.111"}).json()
    assert data["warnings"] == [
        "Persentase 61.111,00 di luar 0–100.",
        "61.111,00 lebih dari 10,00 kali nilai terbesar tahun ini (100,00): salah ketik pemisah ribuan?",
    ]
    assert client.post(url, {f"i{dim.id}-state": "number", f"i{dim.id}-value": "61,111"}).json()["warnings"] == []


def test_it_lets_the_admin_set_each_indicators_checks(client, demo):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="admin"))
    dim = indicator("DIM")
    page = client.get(reverse("admin:indicators_indicator_change", args=[dim.pk])).content.decode()
    for name in ("check_cumulative_drop", "check_jump_percent", "check_percent_range", "check_range_factor"):
        assert f'name="{name}"' in page

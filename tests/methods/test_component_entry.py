"""Component values in the monthly entry form: the value follows them, a contradicting value is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Component, ComponentValue, Realisation
from sakip.models import AuditEvent
from tests.indicators.helpers import entry_post

pytestmark = pytest.mark.django_db
URL = reverse("indicators:month-entry", args=["PUSDATIN", 2022, 9])


@pytest.fixture
def keluhan(demo):
    """Pusdatin's complaints indicator as a mean of two component ratios."""
    realisation = Realisation.objects.get(indicator__code="KELUHAN", indicator__goal__unit__code="PUSDATIN", month=12)
    indicator = realisation.indicator
    indicator.method = "mean_of_ratios"
    indicator.save()
    a = Component.objects.create(indicator=indicator, order=1, code="A", name="Pengaduan", uses_ratio=True)
    b = Component.objects.create(indicator=indicator, order=2, code="B", name="Informasi", uses_ratio=True)
    return indicator, a, b


def components(a: Component, b: Component, value: str = "") -> dict[str, str]:
    return {f"k{a.id}_num": "61", f"k{a.id}_den": "103", f"k{b.id}_num": "3", f"k{b.id}_den": "17", "value": value}


def test_it_computes_the_value_from_the_components_and_keeps_them(client, planner, keluhan):
    indicator, a, b = keluhan
    client.force_login(planner)
    response = client.post(URL, entry_post("PUSDATIN", 2022, 9, {"KELUHAN": components(a, b)}))
    assert response.status_code == 302
    stored = Realisation.objects.get(indicator=indicator, month=9)
    assert stored.state == "number" and stored.value == Decimal("38.4352")  # (59.22 + 17.65) / 2, not 64/120
    assert ComponentValue.objects.get(component=a, month=9).numerator == 61
    assert ComponentValue.objects.get(component=b, month=9).denominator == 17
    event = AuditEvent.objects.filter(action="month.save").latest("id")
    assert event.detail["components"][str(indicator.number)]["A"] == {"numerator": "61", "denominator": "103"}
    html = client.get(URL).content.decode()
    assert f'name="i{indicator.id}-k{a.id}_num"' in html and 'value="61"' in html


def test_it_refuses_a_typed_value_that_contradicts_the_components(client, planner, keluhan):
    indicator, a, b = keluhan
    client.force_login(planner)
    response = client.post(URL, entry_post("PUSDATIN", 2022, 9, {"KELUHAN": components(a, b, "53,33")}))
    assert response.status_code == 200
    assert "tidak sesuai dengan komponennya, yang memberi 38,44" in response.content.decode()
    assert not Realisation.objects.filter(indicator=indicator, month=9).exists()
    assert not ComponentValue.objects.filter(component__in=[a, b]).exists()


def test_it_accepts_a_typed_value_that_agrees_with_the_components(client, planner, keluhan):
    indicator, a, b = keluhan
    client.force_login(planner)
    response = client.post(URL, entry_post("PUSDATIN", 2022, 9, {"KELUHAN": components(a, b, "38,44")}))
    assert response.status_code == 302
    assert Realisation.objects.get(indicator=indicator, month=9).value == Decimal("38.4352")


def test_the_live_preview_shows_the_value_the_components_give(client, planner, keluhan):
    indicator, a, b = keluhan
    client.force_login(planner)
    prefix = f"i{indicator.id}"
    data = {f"{prefix}-{k}": v for k, v in components(a, b).items()}
    data.update({f"{prefix}-state": "number", f"{prefix}-revision": "0"})
    url = reverse("indicators:month-preview", args=["PUSDATIN", 2022, 9, indicator.id])
    answer = client.post(url, data).json()
    assert answer["value"] == "38,44"
    assert answer["errors"] == {}


def test_the_reviewing_head_sees_each_components_value_on_the_read_only_month(client, head):
    """A locked or submitted month is read-only: the components are listed with the values they were saved with."""
    client.force_login(head)
    html = client.get(reverse("indicators:month-entry", args=["SETTAMA", 2023, 6])).content.decode()
    assert "Hanya-baca" in html or "hanya-baca" in html.lower()
    assert "EKA" in html and "<strong>76,65</strong>" in html and "<strong>97,35</strong>" in html

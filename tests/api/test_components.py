"""Calculation methods and components through the API: indicators show how their value is computed, realisations
show their components' numbers, and a write of components goes through the entry form (value computed, a
contradicting value refused by field, audit and revisions as for the other fields)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from indicators.models import Component, ComponentValue, Indicator, Realisation
from sakip.models import AuditEvent, Membership, OrgUnit, Role

pytestmark = pytest.mark.django_db
SETTAMA = "/api/v1/months/SETTAMA/2023/b{month}/"  # B03 and B06 are locked in the demo; B07 is open
PUSDATIN = "/api/v1/months/PUSDATIN/2022/b9/"


@pytest.fixture
def settama_planner(demo: None) -> User:
    user = User.objects.create_user("frank", password="pw-frank")
    Membership.objects.create(user=user, unit=OrgUnit.objects.get(code="SETTAMA"), role=Role.PLANNER)
    return user


@pytest.fixture
def nka(demo: None) -> Indicator:
    """Nilai Kinerja Anggaran of Settama 2023 (fixtures/demo/components.json): 0,6 x EKA + 0,4 x IKPA."""
    return Indicator.objects.get(goal__unit__code="SETTAMA", goal__year=2023, number=4)


@pytest.fixture
def keluhan(demo: None) -> tuple[Indicator, Component, Component]:
    """Pusdatin's complaints indicator as a mean of two component ratios (as tests/methods)."""
    indicator = Indicator.objects.get(code="KELUHAN", goal__unit__code="PUSDATIN", goal__year=2022)
    indicator.method = "mean_of_ratios"
    indicator.save()
    a = Component.objects.create(indicator=indicator, order=1, code="A", name="Pengaduan", uses_ratio=True)
    b = Component.objects.create(indicator=indicator, order=2, code="B", name="Informasi", uses_ratio=True)
    return indicator, a, b


def patch(client, rows, url):  # type: ignore[no-untyped-def]
    return client.patch(url + "realisations/", {"realisations": rows}, content_type="application/json")


def nka_components(eka: object = "76.65", ikpa: object = "97.35") -> dict[str, dict[str, object]]:
    return {"EKA": {"value": eka}, "IKPA": {"value": ikpa}}


def test_it_shows_an_indicators_method_and_components(api, head, nka):
    response = api(head).get("/api/v1/indicators/", {"unit": "SETTAMA", "year": 2023, "page_size": 100})
    assert response.status_code == 200
    found = next(i for i in response.json()["results"] if i["id"] == nka.id)
    assert (found["method"], found["formula"], found["start_month"]) == ("weighted_sum", "", None)
    assert found["components"] == [
        {"code": "EKA", "name": "EKA (SMART DJA)", "weight": "0.600000", "uses_ratio": False},
        {"code": "IKPA", "name": "IKPA (OMSPAN)", "weight": "0.400000", "uses_ratio": False},
    ]
    rata_rata = next(i for i in response.json()["results"] if i["number"] == 17)
    assert (rata_rata["method"], rata_rata["formula"]) == ("formula", "rata_rata_a_b")
    plain = next(i for i in response.json()["results"] if i["number"] == 1)
    assert (plain["method"], plain["components"]) == ("direct", [])


def test_the_indicator_list_does_not_query_per_indicator(api, head, django_assert_max_num_queries):
    client = api(head)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/indicators/", {"page_size": 500})
    assert len(response.json()["results"]) > 40


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_the_realisation_list_does_not_query_per_row(api, head, django_assert_max_num_queries):
    client = api(head)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/realisations/", {"page_size": 500})
    assert len(response.json()["results"]) > 50
    assert any(r["components"] for r in response.json()["results"])


def test_a_month_and_the_realisations_show_the_stored_component_values(api, head, nka):
    client = api(head)
    month = client.get(SETTAMA.format(month=6)).json()
    row = next(r for r in month["rows"] if r["indicator"] == nka.id)
    expected = {
        "EKA": {"value": "76.6500", "numerator": None, "denominator": None},
        "IKPA": {"value": "97.3500", "numerator": None, "denominator": None},
    }
    assert row["realisation"]["value"] == "84.9300" and row["realisation"]["components"] == expected
    listed = client.get("/api/v1/realisations/", {"indicator": nka.id}).json()["results"]
    assert {r["month"]: r["components"] for r in listed} == {
        3: {"EKA": {"value": None, "numerator": None, "denominator": None}, "IKPA": expected["IKPA"] | {"value": None}},
        6: expected,
    }
    plain = next(r for r in month["rows"] if r["number"] == 1 and "realisation" in r)
    assert plain["realisation"]["components"] == {}


def test_a_component_write_computes_the_value_as_the_form_does(api, settama_planner, nka):
    client = api(settama_planner)
    response = patch(
        client, [{"indicator": nka.id, "revision": 0, "components": nka_components()}], SETTAMA.format(month=7)
    )
    assert response.status_code == 200, response.json()
    saved = Realisation.objects.get(indicator=nka, month=7)
    assert (saved.state, saved.value, saved.revision) == ("number", Decimal("84.93"), 1)  # 0,6 x 76,65 + 0,4 x 97,35
    stored = {v.component.code: v.value for v in ComponentValue.objects.filter(component__indicator=nka, month=7)}
    assert stored == {"EKA": Decimal("76.65"), "IKPA": Decimal("97.35")}
    answer = response.json()["saved"][0]
    assert answer["value"] == "84.9300" and answer["components"]["IKPA"]["value"] == "97.3500"
    event = AuditEvent.objects.get(action="month.save")
    assert event.detail["source"] == "api"
    assert event.detail["components"] == {"4": {"EKA": {"value": "76.65"}, "IKPA": {"value": "97.35"}}}
    row = next(r for r in client.get(SETTAMA.format(month=7)).json()["rows"] if r["indicator"] == nka.id)
    assert row["capaian"] == "99.45"  # 84,93 / 85,40 (B07 target)


def test_a_value_that_agrees_with_the_components_is_accepted(api, settama_planner, nka):
    row = {"indicator": nka.id, "revision": 0, "value": 84.93, "components": nka_components(76.65, 97.35)}
    assert patch(api(settama_planner), [row], SETTAMA.format(month=7)).status_code == 200
    assert Realisation.objects.get(indicator=nka, month=7).value == Decimal("84.93")


def test_a_value_contradicting_the_components_is_refused_and_nothing_is_written(api, settama_planner, nka):
    row = {"indicator": nka.id, "revision": 0, "value": "90", "components": nka_components()}
    response = patch(api(settama_planner), [row], SETTAMA.format(month=7))
    assert response.status_code == 400
    errors = response.json()["fields"]["realisations"]
    assert list(errors[0]) == ["value"]
    assert "tidak sesuai dengan komponennya, yang memberi 84,93" in errors[0]["value"][0]
    assert not Realisation.objects.filter(indicator=nka, month=7).exists()
    assert not ComponentValue.objects.filter(component__indicator=nka, month=7).exists()
    assert not AuditEvent.objects.filter(action="month.save").exists()


def test_components_left_out_keep_what_is_stored_and_revisions_guard_them(api, settama_planner, nka):
    client = api(settama_planner)
    url = SETTAMA.format(month=7)
    assert patch(client, [{"indicator": nka.id, "revision": 0, "components": nka_components()}], url).status_code == 200
    response = patch(client, [{"indicator": nka.id, "revision": 1, "components": {"IKPA": {"value": "90"}}}], url)
    assert response.status_code == 200, response.json()
    saved = Realisation.objects.get(indicator=nka, month=7)
    assert (saved.value, saved.revision) == (Decimal("81.99"), 2)  # 0,6 x 76,65 + 0,4 x 90
    assert ComponentValue.objects.get(component__indicator=nka, component__code="EKA", month=7).value == Decimal(
        "76.65"
    )
    stale = patch(client, [{"indicator": nka.id, "revision": 1, "components": {"IKPA": {"value": "50"}}}], url)
    assert stale.status_code == 409 and stale.json()["current"][0]["revision"] == 2
    assert ComponentValue.objects.get(component__indicator=nka, component__code="IKPA", month=7).value == Decimal(90)


def test_ratio_components_take_numerator_and_denominator(api, planner, keluhan):
    indicator, a, b = keluhan
    components = {"A": {"numerator": 61, "denominator": "103"}, "B": {"numerator": 3, "denominator": 17}}
    response = patch(api(planner), [{"indicator": indicator.id, "revision": 0, "components": components}], PUSDATIN)
    assert response.status_code == 200, response.json()
    assert Realisation.objects.get(indicator=indicator, month=9).value == Decimal("38.4352")  # (59,22 + 17,65) / 2
    assert response.json()["saved"][0]["components"]["A"] == {
        "value": None,
        "numerator": "61.0000",
        "denominator": "103.0000",
    }


def test_bad_component_numbers_are_refused_by_component_and_column(api, planner, keluhan):
    indicator, a, b = keluhan
    client = api(planner)
    sent = {"A": {"numerator": "banyak", "denominator": 103}, "B": {"numerator": 3, "denominator": 17}}
    response = patch(client, [{"indicator": indicator.id, "revision": 0, "components": sent}], PUSDATIN)
    assert response.status_code == 400
    errors = response.json()["fields"]["realisations"][0]
    assert list(errors) == ["components"] and list(errors["components"]) == ["A"]
    assert "bukan angka" in errors["components"]["A"]["numerator"][0]
    sent = {"A": {"value": 50}, "C": {"value": 1}}
    response = patch(client, [{"indicator": indicator.id, "revision": 0, "components": sent}], PUSDATIN)
    errors = response.json()["fields"]["realisations"][0]["components"]
    assert "pembilang dan penyebut" in errors["A"]["value"][0]
    assert "tidak punya komponen C (komponennya: A, B)" in errors["C"][0]
    assert not Realisation.objects.filter(indicator=indicator, month=9).exists()
    assert not ComponentValue.objects.filter(component__indicator=indicator).exists()

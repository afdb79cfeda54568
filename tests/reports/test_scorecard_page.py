"""The scorecard page unit heads read in the browser, and the `scorecard` command."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import AgreementTarget, Indicator, MonthlyTarget, PerformanceAgreement, Realisation

pytestmark = pytest.mark.django_db
URL = reverse("reports:scorecard", args=["SETTAMA", 2023, 2])


def cell(html: str, indicator: int, field: str = "capaian") -> str:
    row = re.search(rf'<tr data-indicator="{indicator}">(.*?)</tr>', html, re.S)
    assert row, f"no row for indicator {indicator}"
    match = re.search(rf'<td class="([^"]*)"[^>]*data-field="{field}"[^>]*>([^<]*)</td>', row.group(1))
    assert match, f"no {field} cell for indicator {indicator}"
    return f"{match.group(1)}|{match.group(2).strip()}"


def test_it_shows_tabel_6_in_indonesian_format_with_criterion_colours(client, head):
    client.force_login(head)
    html = client.get(URL).content.decode()
    assert 'id="unit-score">105,84<' in html
    assert cell(html, 27) == "num crit-grey|120,19"
    assert cell(html, 4) == "num crit-green|101,83"
    assert cell(html, 9) == "num crit-yellow|89,25"
    assert cell(html, 1) == "num crit-none|-"
    assert "Rp364.734.836.000,00" in html  # pagu, Tabel 20
    assert ">57,48<" in html  # total absorption
    assert "Tidak Dapat Disimpulkan" in html and "Belum dapat ditentukan" in html  # the legend
    assert ">WTP<" in html  # indicator 3's qualitative target


def test_it_needs_login(client, demo):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_hides_other_units_from_outsiders(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 404


def test_it_lets_a_planner_see_only_their_own_unit(client, planner):
    client.force_login(planner)
    assert client.get(reverse("reports:scorecard", args=["PUSDATIN", 2022, 4])).status_code == 200
    assert client.get(URL).status_code == 404


def test_it_rejects_a_quarter_outside_1_to_4(client, head):
    client.force_login(head)
    assert client.get(reverse("reports:scorecard", args=["SETTAMA", 2023, 5])).status_code == 404


def add_indicators(count: int) -> None:
    agreement = PerformanceAgreement.objects.get(unit__code="SETTAMA", year=2023, in_force=True)
    goal = agreement.targets.select_related("indicator__goal").first().indicator.goal
    for n in range(count):
        indicator = Indicator.objects.create(goal=goal, number=100 + n, name=f"Extra {n}")
        AgreementTarget.objects.create(agreement=agreement, indicator=indicator, annual_target=Decimal(100))
        MonthlyTarget.objects.bulk_create(
            MonthlyTarget(agreement=agreement, indicator=indicator, month=m, value=Decimal(50)) for m in (3, 6, 12)
        )
        Realisation.objects.create(indicator=indicator, month=6, state="number", value=Decimal(40))


def test_its_query_count_does_not_grow_with_the_number_of_indicators(client, head, django_assert_max_num_queries):
    client.force_login(head)
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    add_indicators(25)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count("data-indicator=") == 27 + 25


def test_it_prints_the_scorecard_as_json_with_two_decimal_strings(demo):
    out = StringIO()
    call_command("scorecard", unit="SETTAMA", year=2023, quarter=2, format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == [
        "unit",
        "year",
        "quarter",
        "indicators",
        "goals",
        "perspectives",
        "unit_score",
        "counts",
        "budget",
        "efficiency",
        "terms",  # added by issue 9: the words of the unit's level (§10)
    ]
    assert data["terms"]["goal_title"] == "Sasaran Program" and data["terms"]["unit_score"] == "NPSS"
    assert data["unit_score"]["value"] == "105.84"
    by_number = {item["number"]: item for item in data["indicators"]}
    assert by_number[27]["capaian"] == "120.19" and by_number[27]["colour"] == "grey"
    assert by_number[1]["capaian"] is None and by_number[1]["capaian_reason"] == "year_end"
    assert by_number[3]["annual_target_label"] == "WTP"
    assert [p["score"] for p in data["perspectives"]] == ["101.83", "98.60", "117.10"]
    assert data["counts"]["measured"] == 11
    assert data["budget"]["total"]["absorption"] == "57.48"
    total = data["efficiency"]["total"]
    assert (total["ie"], total["te"], total["capaian_te"], total["category"]) == (
        "2.29",
        "1.29",
        "84.00",
        "Tidak Efisien",
    )


def test_it_prints_a_readable_table(demo):
    out = StringIO()
    call_command("scorecard", unit="SETTAMA", year=2023, quarter=2, format="table", stdout=out)
    text = out.getvalue()
    assert "NPSS: 105.84 (Memenuhi Ekspektasi)" in text
    assert "Indikator diukur: 11 dari 27" in text


def test_it_refuses_an_unknown_unit(demo):
    with pytest.raises(CommandError, match="Unknown unit"):
        call_command("scorecard", unit="NOPE", year=2023, quarter=2)


def header_cells(html: str) -> list[str]:
    thead = re.search(r'<table class="scorecard" id="capaian">.*?<thead>(.*?)</thead>', html, re.S)
    assert thead
    second_row = re.findall(r"<tr>(.*?)</tr>", thead.group(1), re.S)[1]
    return [cell.strip() for cell in re.findall(r"<th>(.*?)</th>", second_row, re.S)]


def test_it_heads_each_target_column_once_in_quarter_iv(client, head):
    client.force_login(head)
    html = client.get(reverse("reports:scorecard", args=["PUSDATIN", 2022, 4])).content.decode()
    targets = ["B03", "B06", "B09", "B12"]
    assert header_cells(html) == [*targets, *(f"s.d. {m}" for m in targets), *targets]
    row = re.search(r'<tr data-indicator="3">(.*?)</tr>', html, re.S).group(1)
    assert len(re.findall(r"<td", row)) == 2 + 3 * 4 + 2  # goal, indicator, T/R/% per month, annual, NPS
    html = client.get(URL).content.decode()  # quarter II keeps its extra B12 (annual) target column
    assert header_cells(html) == ["B03", "B06", "B12", "s.d. B03", "s.d. B06", "B03", "B06"]

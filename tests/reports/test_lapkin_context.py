"""The Lapkin's snapshot (every number as a string) and the context built from it alone, without a PDF."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from indicators.models import Realisation
from reports import charts
from reports.lapkin import band_range, build_context, ordinal, terbilang
from reports.services import build_snapshot
from sakip.models import OrgUnit

SIGNATURE = {
    "place": "Jakarta",
    "date": "2023-07-20",
    "name": "Dra. Rita Mahyona, Apt, M.Si",
    "title": "Sekretaris Utama",
}


@pytest.fixture
def snapshot(demo):
    return build_snapshot(OrgUnit.objects.get(code="SETTAMA"), 2023, 2, texts={}, signature=SIGNATURE)


def by_number(items, key="number"):
    return {item[key]: item for item in items}


@pytest.mark.django_db
def test_it_snapshots_every_number_as_a_two_decimal_string(snapshot):
    assert json.loads(json.dumps(snapshot)) == snapshot  # plain JSON, no Decimal or date objects
    assert snapshot["unit_score"]["value"] == "105.84"
    nka = by_number(snapshot["indicators"])[4]
    assert [(p["month"], p["target"], p["realisation"], p["capaian"]) for p in nka["periods"]] == [
        (3, "66.20", "36.18", "54.65"),
        (6, "83.40", "84.93", "101.83"),
    ]
    assert nka["capaian_annual"] == "89.87" and nka["target_b12"] == "94.50"
    assert nka["monthly_targets"][:3] == ["32.50", "60.00", "66.20"] and len(nka["monthly_targets"]) == 12
    assert nka["narrative"]["analysis"].startswith("NKA = 60%")
    goal6 = by_number(snapshot["goals"])[6]
    assert [s["value"] for s in goal6["scores"]] == ["102.08", "96.99"] and goal6["indicators"] == [15, 16]
    assert [p["goals"] for p in snapshot["perspectives"]] == [[1, 2], [3, 4, 5, 6, 7, 8], [9, 10, 11, 12]]
    budget = by_number(snapshot["budget"]["rows"], "goal")
    assert budget[4]["share"] == "50.72"  # SAKIP_DOMAIN §5: goal 4's share of the allocation
    assert len(snapshot["budget"]["indicators"]) == 27
    assert snapshot["efficiency"]["total"]["te"] == "1.29"
    assert snapshot["signature"] == SIGNATURE


@pytest.mark.django_db
def test_it_keeps_kendala_rtl_and_the_rtl_status_of_every_quarter(demo):
    from indicators.models import Realisation

    Realisation.objects.filter(indicator__goal__unit__code="SETTAMA", indicator__number=18, month=6).update(
        rtl_status="proses"
    )
    snapshot = build_snapshot(OrgUnit.objects.get(code="SETTAMA"), 2023, 2)
    followup = by_number(snapshot["indicators"])[18]["followup"]
    assert followup["kendala"].startswith("Belum tercapainya target indikator")
    assert followup["status"] == ["", "proses"]
    rows = {row["number"]: row for row in build_context(snapshot)["followups"]}
    assert sorted(rows) == [18, 19]
    assert rows[18]["statuses"] == ["-", "Proses", "", ""]


@pytest.mark.django_db
def test_it_builds_the_snapshot_with_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    unit = OrgUnit.objects.get(code="SETTAMA")
    # 16 before PK versions and components: +1 stored quarter versions, +1 PK revisions, +3 follow-up matrices,
    # +2 the indicators' components and their values
    with django_assert_max_num_queries(23):
        build_snapshot(unit, 2023, 2)


@pytest.mark.django_db
def test_it_builds_the_context_from_the_snapshot_alone(snapshot, django_assert_num_queries):
    snapshot["unit_score"]["value"] = "99.99"  # whatever the snapshot says is what the report prints
    with django_assert_num_queries(0):
        context = build_context(snapshot)
    assert context["unit_score"]["value"] == "99.99"


@pytest.mark.django_db
def test_it_numbers_tables_figures_and_appendices_in_document_order(snapshot):
    context = build_context(snapshot)
    tables = [item["label"] for item in context["tables"]]
    assert tables[0] == "Tabel 1. Perjanjian Kinerja Tahun 2023"
    assert tables[5] == "Tabel 6. Pencapaian IKU Sekretariat Utama Triwulan II Tahun 2023"
    assert tables[6] == "Tabel 7. Pencapaian Sasaran Pertama Tahun 2023"
    assert tables[17] == "Tabel 18. Pencapaian Sasaran Keduabelas Tahun 2023"
    assert tables[-2] == (
        "Tabel 20. Target dan Realisasi Keuangan Berdasarkan Sasaran Program Sekretariat Utama "
        "s.d. Triwulan II Tahun 2023"
    )
    assert tables[-1] == "Tabel 21. Efisiensi Berdasarkan Sasaran Program Sekretariat Utama Triwulan II Tahun 2023"
    assert len({item["id"] for item in context["tables"]}) == len(tables) == 21
    assert [item["number"] for item in context["figures"]] == [1, 2]
    assert [item["label"].split(".")[0] for item in context["appendices"]] == [
        "Lampiran 1",
        "Lampiran 2",
        "Lampiran 3",
    ]
    assert context["title"] == "Laporan Kinerja Interim Sekretariat Utama Triwulan II Tahun 2023"


@pytest.mark.django_db
def test_it_groups_indicators_and_goals_by_the_criterion_in_the_snapshot(snapshot):
    """Ringkasan Eksekutif of the Settama TW II 2023 Lapkin: 5 Memenuhi, 5 Belum Memenuhi, 1 Tidak Dapat Disimpulkan."""
    context = build_context(snapshot)
    groups = {g["code"]: [row["number"] for row in g["rows"]] for g in context["criterion_groups"]}
    assert groups == {"exceeds": [27], "meets": [4, 17, 19, 21, 26], "below": [9, 15, 16, 18, 20]}
    assert context["counts"]["total"] == "27 (dua puluh tujuh)"
    assert context["counts"]["measured"] == "11 (sebelas)"
    assert context["counts"]["later"] == "16 (enam belas)"
    assert context["counts"]["goals_evaluated"] == "7 (tujuh)"
    assert (context["counts"]["efficient"], context["counts"]["not_efficient"]) == ("2 (dua)", "5 (lima)")
    goals = {g["code"]: [goal["number"] for goal in g["rows"]] for g in context["goal_groups"]}
    assert goals == {"exceeds": [12], "meets": [1, 7, 11], "below": [3, 6, 8]}
    assert [goal["number"] for goal in context["attention"]] == [3, 6, 8]
    assert context["budget"]["largest"]["goal"] == 4


@pytest.mark.django_db
def test_it_leaves_missing_narratives_empty_for_a_visible_placeholder(demo):
    Realisation.objects.filter(indicator__goal__unit__code="SETTAMA", indicator__number=1).update(
        analysis="", activities=""
    )  # the demo loads the report's narratives; a unit that has not written them yet
    snapshot = build_snapshot(OrgUnit.objects.get(code="SETTAMA"), 2023, 2, texts={}, signature=SIGNATURE)
    indicators = by_number(build_context(snapshot)["indicators"])
    assert indicators[1]["analysis"] is None and indicators[1]["activities"] is None
    assert indicators[4]["analysis"].startswith("NKA = 60%")
    assert indicators[3]["annual_target"] == "WTP"  # qualitative target printed as its word
    assert indicators[1]["current"]["realisation"] == "Akhir tahun"
    assert indicators[4]["current"]["target"] == "83,40"


def test_it_spells_counts_and_ordinals_in_indonesian():
    assert [terbilang(n) for n in (1, 7, 11, 12, 16, 27, 100, 115, 1000, 2023)] == [
        "satu",
        "tujuh",
        "sebelas",
        "dua belas",
        "enam belas",
        "dua puluh tujuh",
        "seratus",
        "seratus lima belas",
        "seribu",
        "dua ribu dua puluh tiga",
    ]
    assert [ordinal(n) for n in (1, 2, 4, 11, 12)] == ["Pertama", "Kedua", "Keempat", "Kesebelas", "Keduabelas"]


def test_it_describes_criteria_bands_from_their_bounds():
    def band(lower, upper, lower_inclusive=True, upper_inclusive=False):
        return {"lower": lower, "upper": upper, "lower_inclusive": lower_inclusive, "upper_inclusive": upper_inclusive}

    assert band_range(band("120.00", None, lower_inclusive=False)) == "x > 120%"
    assert band_range(band("100.00", "120.00", upper_inclusive=True)) == "100% ≤ x ≤ 120%"
    assert band_range(band("80.00", "100.00")) == "80% ≤ x < 100%"
    assert band_range(band(None, "80.00")) == "x < 80%"
    assert band_range(band("75.50", None)) == "x ≥ 75,50%"


@pytest.mark.django_db
def test_it_draws_goal_nps_over_the_criteria_bands(snapshot):
    svg = str(build_context(snapshot)["chart_capaian"])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "SS 12" in texts and "120,19" in texts and "101,83" in texts
    assert texts.count("belum dapat ditentukan") == 5  # goals 2, 4, 5, 9, 10 have no NPS
    zone_fills = {charts.PALETTE[c][0] for c in ("grey", "green", "yellow", "red")}
    assert zone_fills <= {r.get("fill") for r in root.iter(f"{ns}rect")}


@pytest.mark.django_db
def test_it_draws_budget_absorption_against_performance_per_goal(snapshot):
    svg = str(build_context(snapshot)["chart_budget"])
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "96,99" in texts and "65,47" in texts  # goal 6: NPS and absorption (Tabel 21)


def test_it_escapes_labels_in_charts():
    svg = charts.capaian_chart(
        [charts.Bar("SS <1>", Decimal("50"), "red")], [charts.Zone(None, Decimal(80), "red", "A & B")], "T"
    )
    ET.fromstring(svg)
    assert "SS &lt;1&gt;" in svg and "A &amp; B" in svg

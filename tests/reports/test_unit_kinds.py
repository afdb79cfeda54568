"""Every kind of BPOM unit (SAKIP_DOMAIN §10, §14, §15): the words of the unit's level on pages, exports and
the Lapkin, the operational definitions table of Eselon II and UPT reports, the budget by spending type and the
allocation layer beside the DIPA, and the efficiency total as a policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from budget.models import BudgetLine, BudgetRealisation, PaguChange, SpendingType
from indicators.imports.columns import BUDGET, PK_RAPK
from indicators.imports.service import run_import
from indicators.models import Goal
from reports.lapkin import build_context
from reports.scorecard import build_scorecard
from reports.scorecard_export import scorecard_as_dict
from reports.services import TEMPLATE, build_snapshot
from sakip import scoring
from sakip.models import OrgUnit, ScoringPolicy
from sakip.terms import terms_for
from tests.imports.conftest import column, make_file, rows_for

pytestmark = pytest.mark.django_db
SIGNATURE = {"place": "Jakarta", "date": "2023-01-20", "name": "Syamsidar Thamrin, ST, MBA", "title": "Kepala"}


def lapkin_html(code: str, year: int, quarter: int) -> str:
    snapshot = build_snapshot(OrgUnit.objects.get(code=code), year, quarter, texts={}, signature=SIGNATURE)
    return " ".join(render_to_string(TEMPLATE, build_context(snapshot)).split())


def test_the_words_follow_the_kind_of_unit_not_its_code():
    assert terms_for(OrgUnit.Kind.BADAN).goal == "sasaran strategis"
    assert terms_for(OrgUnit.Kind.ESELON_1).goal_score == "NPS"
    for kind in (OrgUnit.Kind.ESELON_2, OrgUnit.Kind.UPT):
        terms = terms_for(kind)
        assert (terms.goal, terms.goal_score, terms.unit_score_name) == (
            "sasaran kegiatan",
            "NSPK",
            "Nilai Pencapaian Sasaran Kegiatan",
        )
        assert terms.definitions_table and terms.goal_level == Goal.Level.ACTIVITY


def test_it_shows_each_unit_its_own_levels_words_on_the_scorecard_page(client, head):
    client.force_login(head)
    pusdatin = client.get(reverse("reports:scorecard", args=["PUSDATIN", 2022, 4])).content.decode()
    settama = client.get(reverse("reports:scorecard", args=["SETTAMA", 2023, 2])).content.decode()
    assert "Sasaran Kegiatan" in pusdatin and "NSPK (%)" in pusdatin
    assert "Nilai Pencapaian Sasaran Kegiatan" in pusdatin and "NPSS" not in pusdatin
    assert "Sasaran Program" in settama and "NPS (%)" in settama
    assert "Nilai Pencapaian Sasaran Strategis (NPSS)" in settama and "Sasaran Kegiatan" not in settama


def test_the_terminal_scorecard_uses_the_levels_words(demo):
    out = StringIO()
    call_command("scorecard", unit="PUSDATIN", year=2022, quarter=4, format="table", stdout=out)
    assert "Nilai Pencapaian Sasaran Kegiatan: 101.10" in out.getvalue()
    assert "NSPK" in out.getvalue() and "NPSS" not in out.getvalue()


def test_the_eselon_ii_lapkin_speaks_of_sasaran_kegiatan_and_prints_its_operational_definitions(demo):
    html = lapkin_html("PUSDATIN", 2022, 4)
    assert "sasaran kegiatan" in html and "Nilai Pencapaian Sasaran Kegiatan" in html
    assert "sasaran program" not in html.lower() and "NPSS" not in html
    assert "Definisi Operasional Indikator Kinerja Pusat Data dan Informasi Obat dan Makanan Tahun 2022" in html
    assert "Cara Perhitungan" in html
    assert "Sistem Pemerintahan Berbasis Elektronik, selanjutnya disingkat SPBE" in html  # Tabel 2.1


def test_the_eselon_i_lapkin_keeps_its_words_and_needs_no_definitions_table(demo):
    html = lapkin_html("SETTAMA", 2023, 2)
    assert "Nilai Pencapaian Sasaran Strategis (NPSS)" in html and "sasaran program" in html
    assert "Definisi Operasional" not in html and "Sasaran Kegiatan" not in html


def test_a_snapshot_from_before_the_terms_renders_with_the_words_it_was_printed_with(demo):
    snapshot = build_snapshot(OrgUnit.objects.get(code="PUSDATIN"), 2022, 4, texts={}, signature=SIGNATURE)
    del snapshot["terms"]
    context = build_context(snapshot)
    assert context["terms"]["goal_title"] == "Sasaran Program" and context["table_definitions"] is None


def test_new_goals_get_the_level_of_their_units_kind(demo, admin_user):
    rows = [
        row for code in ("PUSDATIN", "SETTAMA") for row in rows_for(PK_RAPK, code, 2022 if code == "PUSDATIN" else 2023)
    ]
    for row in rows:
        row[column(PK_RAPK, "year")] = 2025
    content, name = make_file(PK_RAPK, rows)
    plan = run_import(PK_RAPK, content, name, admin_user, commit=True)
    assert plan.problems == []
    levels = dict(Goal.objects.filter(year=2025).values_list("unit__code", "level").distinct())
    assert levels == {"PUSDATIN": Goal.Level.ACTIVITY, "SETTAMA": Goal.Level.PROGRAM}


# --- §14 budget layers ---------------------------------------------------------------------------------


def spending_lines(unit: OrgUnit) -> None:
    """Bab 12 of Kinerja BPOM Dalam Angka TW II 2024 (pagu and realisation per jenis belanja), with a blokir
    invented for the test on Barang and Modal."""
    for kind, pagu, blokir, realised in (
        (SpendingType.PEGAWAI, "804240516000", "0", "434700349936"),
        (SpendingType.BARANG, "1247639596000", "100000000000", "530468196543"),
        (SpendingType.MODAL, "302441834000", "2441834000", "69609759917"),
    ):
        line = BudgetLine.objects.create(
            unit=unit, year=2022, spending_type=kind, pagu=Decimal(pagu), blokir=Decimal(blokir)
        )
        BudgetRealisation.objects.create(line=line, month=12, amount=Decimal(realised))


def test_it_reports_the_budget_by_spending_type_with_both_absorptions(demo):
    unit = OrgUnit.objects.get(code="PUSDATIN")
    spending_lines(unit)
    card = build_scorecard(unit, 2022, 4)
    of_pagu = [scoring.round2(row.absorption_of_pagu.value) for row in card.spending]  # type: ignore[arg-type]
    assert [row.label for row in card.spending] == ["Belanja Pegawai", "Belanja Barang", "Belanja Modal"]
    assert of_pagu == [Decimal("54.05"), Decimal("42.52"), Decimal("23.02")]  # Bab 12
    after_blokir = [scoring.round2(row.absorption.value) for row in card.spending]  # type: ignore[arg-type]
    assert after_blokir == [Decimal("54.05"), Decimal("46.22"), Decimal("23.20")]  # 530,47 / 1.147,64; 69,61 / 300
    assert scoring.round2(card.spending_total.absorption_of_pagu.value) == Decimal("43.95")  # type: ignore[union-attr, arg-type]
    data = scorecard_as_dict(card)["budget"]
    assert [row["absorption"] for row in data["spending_types"]] == ["54.05", "46.22", "23.20"]
    assert data["spending_total"]["absorption_of_pagu"] == "43.95"
    html = lapkin_html("PUSDATIN", 2022, 4)
    assert "per Jenis Belanja" in html and "Belanja Modal" in html and "23,20" in html


def test_it_lists_the_dipa_pagu_changes_with_date_and_letter(demo):
    unit = OrgUnit.objects.get(code="PUSDATIN")
    PaguChange.objects.create(
        unit=unit, year=2022, effective_on=dt.date(2021, 12, 8), letter_number="SP DIPA-063.01.1.4/2022",
        pagu=Decimal("47000000000"), description="DIPA awal",
    )  # fmt: skip
    PaguChange.objects.create(
        unit=unit, year=2022, effective_on=dt.date(2022, 9, 1), letter_number="Revisi DIPA ke-3",
        pagu=Decimal("49107869000"), description="Tambahan pagu",
    )  # fmt: skip
    data = scorecard_as_dict(build_scorecard(unit, 2022, 4))["budget"]["pagu_changes"]
    assert [(c["date"], c["pagu"]) for c in data] == [
        ("2021-12-08", "47000000000.00"),
        ("2022-09-01", "49107869000.00"),
    ]
    html = lapkin_html("PUSDATIN", 2022, 4)
    assert "Perubahan Pagu DIPA" in html and "Revisi DIPA ke-3" in html and "Rp49.107.869.000,00" in html


def test_the_allocation_layer_is_printed_beside_the_dipa_with_its_difference(demo):
    unit = OrgUnit.objects.get(code="SETTAMA")
    line = BudgetLine.objects.get(unit=unit, year=2023, goal__number=4, indicator=None)
    line.allocation = line.available + Decimal("30494800000")  # the goal allocations now exceed the DIPA
    line.save()
    layers = scorecard_as_dict(build_scorecard(unit, 2023, 2))["budget"]["layers"]
    assert (layers["dipa"], layers["difference"], layers["share_total"]) == (
        "346593234000.00",
        "30494800000.00",
        "108.80",
    )
    html = lapkin_html("SETTAMA", 2023, 2)
    assert "Selisih" in html and "Rp30.494.800.000,00" in html
    assert "jumlah porsi adalah 108,80%; selisih ini tidak disesuaikan" in html


def test_an_allocation_equal_to_the_dipa_is_said_so(demo):
    html = lapkin_html("SETTAMA", 2023, 2)
    assert "sama dengan pagu DIPA dikurangi blokir, Rp346.593.234.000,00" in html


def test_the_budget_import_reads_the_spending_type_of_unit_rows(demo, admin_user):
    rows = rows_for(BUDGET, "PUSDATIN", 2022)
    unit_row = next(row for row in rows if row[column(BUDGET, "goal_number")] is None)
    typed = list(unit_row)
    typed[column(BUDGET, "spending_type")] = "Belanja Modal"
    typed[column(BUDGET, "pagu")] = "2.000.000.000"
    typed[column(BUDGET, "blokir")] = "-"
    content, name = make_file(BUDGET, [typed])
    plan = run_import(BUDGET, content, name, admin_user, commit=True)
    assert plan.problems == []
    line = BudgetLine.objects.get(unit__code="PUSDATIN", year=2022, spending_type=SpendingType.MODAL)
    assert line.pagu == Decimal("2000000000")
    assert BudgetLine.objects.get(unit__code="PUSDATIN", year=2022, goal=None, spending_type="").pagu == Decimal(
        "49107869000"
    )  # the DIPA line as a whole is another line


def test_the_budget_import_refuses_a_spending_type_on_an_indicator_row(demo, admin_user):
    rows = rows_for(BUDGET, "PUSDATIN", 2022)
    row = next(row for row in rows if row[column(BUDGET, "indicator_number")] == 3)
    row[column(BUDGET, "spending_type")] = "Pegawai"
    content, name = make_file(BUDGET, [row])
    plan = run_import(BUDGET, content, name, admin_user, commit=True)
    assert [p.message for p in plan.problems] == ["jenis belanja hanya untuk baris unit (tanpa sasaran dan indikator)"]
    assert not BudgetLine.objects.exclude(spending_type="").filter(unit__code="PUSDATIN").exists()


# --- §15 efficiency total ------------------------------------------------------------------------------


def test_the_efficiency_total_follows_the_policy():
    rows = [
        scoring.Outcome.of(Decimal(100)),
        scoring.Outcome.missing(scoring.Reason.YEAR_END),
        scoring.Outcome.of(Decimal(80)),
    ]
    unit_score = scoring.Outcome.of(Decimal("101.10"))
    assert scoring.total_output(rows, unit_score, scoring.EfficiencyTotal.UNIT_SCORE) == unit_score
    mean = scoring.total_output(rows, unit_score, scoring.EfficiencyTotal.MEAN_OF_ROWS)
    assert mean.value == Decimal(90)  # the row without output is left out, never counted as 0


def test_the_scorecard_total_row_uses_the_units_efficiency_policy(demo):
    unit = OrgUnit.objects.get(code="PUSDATIN")
    default = build_scorecard(unit, 2022, 4)
    assert default.efficiency_total.result.output == default.unit_score  # type: ignore[union-attr]
    ScoringPolicy.objects.filter(unit=unit, year=2022).update(
        efficiency_level=ScoringPolicy.EfficiencyLevel.INDICATOR, efficiency_total=scoring.EfficiencyTotal.MEAN_OF_ROWS
    )
    card = build_scorecard(unit, 2022, 4)
    outputs = [row.result.output.value for row in card.efficiency if row.result.output.computable]
    assert card.efficiency_rows_without_output == 1  # SPBE, still in process at B12
    assert len(outputs) == len(card.efficiency) - 1
    assert card.efficiency_total.result.output.value == sum(outputs) / len(outputs)  # type: ignore[union-attr, operator]
    data = scorecard_as_dict(card)["efficiency"]
    assert (data["total_method"], data["rows_without_output"]) == ("mean_of_rows", 1)
    html = lapkin_html("PUSDATIN", 2022, 4)
    assert "rata-rata output baris" in html
    assert "1 (satu) baris tanpa output pada periode ini (misalnya diukur akhir tahun) tidak dihitung" in html

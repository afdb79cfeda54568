"""Budget and realisation imports: what they write, what blank cells mean, the override for entered values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget.models import BudgetLine, BudgetRealisation
from indicators.imports.service import run_import
from indicators.models import Realisation
from sakip.models import AuditEvent
from tests.imports.conftest import column, find_row, make_file, rows_for, snapshot

pytestmark = pytest.mark.django_db


def _goal_row(rows, goal):  # type: ignore[no-untyped-def]
    return next(
        r
        for r in rows
        if r[column("budget", "goal_number")] == goal and r[column("budget", "indicator_number")] is None
    )


def test_it_updates_budget_lines_and_adds_monthly_realisation(demo, admin_user):
    rows = rows_for("budget", "SETTAMA", 2023)
    goal = _goal_row(rows, 1)
    goal[column("budget", "pagu")] = "20.400.000.000"
    goal[column("budget", "b09")] = "15.000.000.000,50"
    goal[column("budget", "b06")] = None  # blank: the stored B06 stays
    content, name = make_file("budget", rows, "csv")
    plan = run_import("budget", content, name, admin_user, commit=True)
    assert plan.applied
    [unit] = plan.units
    assert [line.text for line in unit.lines] == [
        "Anggaran SS1: pagu 20.307.209.240,00 → 20.400.000.000,00; realisasi B09 15.000.000.000,50"
    ]
    line = BudgetLine.objects.get(unit__code="SETTAMA", goal__number=1, indicator=None)
    assert line.pagu == Decimal("20400000000")
    amounts = dict(BudgetRealisation.objects.filter(line=line).values_list("month", "amount"))
    assert amounts == {6: Decimal("9858819845"), 9: Decimal("15000000000.50")}
    assert line.history.first().history_user == admin_user
    event = AuditEvent.objects.get(action="import.budget")
    assert (event.detail["budget_lines_updated"], event.detail["budget_realisations_created"]) == (1, 1)


def test_it_reads_a_blank_allocation_as_pagu_minus_blokir_and_a_dash_as_zero(demo, admin_user):
    rows = rows_for("budget", "SETTAMA", 2023)
    goal = _goal_row(rows, 2)
    goal[column("budget", "allocation")] = None
    goal[column("budget", "blokir")] = "-"
    content, name = make_file("budget", rows)
    assert run_import("budget", content, name, admin_user, commit=True).applied
    line = BudgetLine.objects.get(unit__code="SETTAMA", goal__number=2, indicator=None)
    assert (line.allocation, line.blokir, line.available) == (None, Decimal(0), Decimal("112355558800"))


def test_it_refuses_an_indicator_under_another_goal(demo, admin_user):
    rows = rows_for("budget", "SETTAMA", 2023)
    find_row("budget", rows, 4)[column("budget", "goal_number")] = 2
    content, name = make_file("budget", rows)
    before = snapshot()
    plan = run_import("budget", content, name, admin_user, commit=True)
    assert [(p.column, p.message) for p in plan.problems] == [
        ("No. sasaran", "indikator 4 termasuk sasaran 1, bukan sasaran 2")
    ]
    assert snapshot() == before


def test_it_back_fills_realisations_of_months_not_entered(demo, admin_user):
    rows = rows_for("realisations", "SETTAMA", 2023)
    find_row("realisations", rows, 4, 9)[column("realisations", "value")] = "87,1"
    find_row("realisations", rows, 1, 9)[column("realisations", "value")] = "Akhir tahun"
    find_row("realisations", rows, 3, 12)[column("realisations", "value")] = "WTP"
    ratio = find_row("realisations", rows, 15, 9)
    ratio[column("realisations", "value")] = "70,29%"
    ratio[column("realisations", "numerator")] = 123
    ratio[column("realisations", "denominator")] = 175
    ratio[column("realisations", "kendala")] = "Rapat harmonisasi tertunda"
    content, name = make_file("realisations", rows)
    plan = run_import("realisations", content, name, admin_user, commit=True)
    assert plan.applied
    stored = {
        (r.indicator.number, r.month): r
        for r in Realisation.objects.filter(indicator__goal__unit__code="SETTAMA", month__in=[9, 12])
    }
    assert (stored[(4, 9)].state, stored[(4, 9)].value, stored[(4, 9)].updated_by) == (
        "number",
        Decimal("87.1"),
        admin_user,
    )
    assert (stored[(1, 9)].state, stored[(1, 9)].value) == ("year_end", None)
    assert stored[(3, 12)].value == Decimal(4)
    assert (stored[(15, 9)].numerator, stored[(15, 9)].kendala) == (Decimal(123), "Rapat harmonisasi tertunda")
    assert AuditEvent.objects.get(action="import.realisations").detail["realisations_created"] == 4


def test_it_changes_an_entered_realisation_only_with_the_override(demo, admin_user):
    rows = rows_for("realisations", "SETTAMA", 2023)
    find_row("realisations", rows, 4, 6)[column("realisations", "value")] = "85"
    find_row("realisations", rows, 4, 6)[column("realisations", "components")] = (
        None  # components stay; the value is typed
    )
    content, name = make_file("realisations", rows)
    before = snapshot()
    refused = run_import("realisations", content, name, admin_user, commit=True)
    [problem] = refused.problems
    assert problem.column == "Realisasi"
    assert problem.message.startswith("IKU 4 B06 sudah diisi (84,93); mengubah realisasi yang sudah diisi hanya")
    assert snapshot() == before

    plan = run_import("realisations", content, name, admin_user, override=True, commit=True)
    assert plan.applied
    assert [line.text for line in plan.units[0].lines] == ["IKU 4 B06: 84,93 → 85,00"]
    realisation = Realisation.objects.get(indicator__goal__unit__code="SETTAMA", indicator__number=4, month=6)
    assert (realisation.value, realisation.revision, realisation.updated_by) == (Decimal(85), 1, admin_user)
    assert realisation.history.first().history_change_reason == "Impor Realisasi: realisations.xlsx"


def test_it_changes_narratives_of_an_entered_realisation_without_the_override(demo, admin_user):
    rows = rows_for("realisations", "PUSDATIN", 2022)
    find_row("realisations", rows, 2, 12)[column("realisations", "analysis")] = "Survei selesai Desember."
    content, name = make_file("realisations", rows, "csv")
    plan = run_import("realisations", content, name, admin_user, commit=True)
    assert plan.applied
    assert plan.units[0].lines[0].text == "IKU 2 B12: Analisis"


def test_it_reads_the_rtl_status_and_names_the_column_of_a_word_it_does_not_know(demo, admin_user):
    rows = rows_for("realisations", "PUSDATIN", 2022)
    find_row("realisations", rows, 4, 12)[column("realisations", "rtl_status")] = "selesai"
    find_row("realisations", rows, 5, 12)[column("realisations", "rtl_status")] = "Progres"
    content, name = make_file("realisations", rows, "csv")
    plan = run_import("realisations", content, name, admin_user, commit=True)
    assert plan.applied
    assert [line.text for line in plan.units[0].lines] == ["IKU 4 B12: Status RTL", "IKU 5 B12: Status RTL"]
    stored = dict(
        Realisation.objects.filter(indicator__goal__unit__code="PUSDATIN", month=12).values_list(
            "indicator__number", "rtl_status"
        )
    )
    assert (stored[4], stored[5], stored[6]) == ("selesai", "proses", "")

    find_row("realisations", rows, 4, 12)[column("realisations", "rtl_status")] = "hampir"
    content, name = make_file("realisations", rows)
    before = snapshot()
    [problem] = run_import("realisations", content, name, admin_user, commit=True).problems
    assert (problem.column, problem.message) == ("Status RTL", "«hampir» tidak dikenal; pilihan: Proses, Selesai")
    assert snapshot() == before

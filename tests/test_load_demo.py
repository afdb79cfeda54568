"""Tests of the demo data loader (`demo.loader.load_demo`, `manage.py load_demo`).

The expected numbers are those of the two Lapkin the demo files were built from: Sekretariat Utama TW II 2023
(Tabel 1, 6, 7-19, 20, Lampiran 7) and Pusdatin TW IV 2022 (Tabel 2.2, 2.3, 3.1, budget per indicator), with
the corrections of SAKIP_DOMAIN.md §9 applied.
"""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from budget.models import BudgetLine, BudgetRealisation
from demo.loader import load_demo
from indicators.models import (
    AgreementTarget,
    Goal,
    Indicator,
    MonthlyTarget,
    PerformanceAgreement,
    Perspective,
    Realisation,
)
from sakip.access import visible_units
from sakip.models import CriterionBand, EfficiencyTier, Membership, OrgUnit, Role, ScoringPolicy

MODELS = (
    OrgUnit,
    Perspective,
    ScoringPolicy,
    CriterionBand,
    EfficiencyTier,
    Goal,
    Indicator,
    PerformanceAgreement,
    AgreementTarget,
    MonthlyTarget,
    Realisation,
    BudgetLine,
    BudgetRealisation,
    Membership,
    get_user_model(),
)
HISTORY_MODELS = (PerformanceAgreement, AgreementTarget, MonthlyTarget, Realisation, BudgetLine, BudgetRealisation)


def row_counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts.update({f"history {model.__name__}": model.history.count() for model in HISTORY_MODELS})
    return counts


def monthly(agreement: PerformanceAgreement, number: int) -> dict[int, Decimal | None]:
    rows = MonthlyTarget.objects.filter(agreement=agreement, indicator__number=number)
    return {row.month: row.value for row in rows}


def settama_indicator(number: int) -> Indicator:
    return Indicator.objects.get(goal__unit__code="SETTAMA", goal__year=2023, number=number)


def pusdatin_indicator(code: str) -> Indicator:
    return Indicator.objects.get(goal__unit__code="PUSDATIN", goal__year=2022, code=code)


@pytest.mark.django_db
def test_it_builds_the_unit_tree_and_perspectives():
    load_demo(agency=False)

    bpom, settama, pusdatin = (OrgUnit.objects.get(code=code) for code in ("BPOM", "SETTAMA", "PUSDATIN"))
    assert (bpom.kind, bpom.parent, bpom.name) == ("badan", None, "Badan Pengawas Obat dan Makanan")
    assert (settama.kind, settama.parent, settama.name) == ("eselon1", bpom, "Sekretariat Utama")
    assert (pusdatin.kind, pusdatin.parent) == ("eselon2", settama)
    assert pusdatin.name == "Pusat Data dan Informasi Obat dan Makanan"
    assert list(Perspective.objects.values_list("code", "order")) == [
        ("stakeholder", 1),
        ("customer", 2),
        ("internal", 3),
        ("learning", 4),
    ]


@pytest.mark.django_db
def test_it_loads_settama_2023_goals_and_indicators():
    load_demo(agency=False)

    goals = Goal.objects.filter(unit__code="SETTAMA", year=2023)
    assert goals.count() == 12
    assert set(goals.values_list("level", flat=True)) == {"program"}
    assert set(goals.values_list("perspective__code", flat=True)) == {"stakeholder", "internal", "learning"}
    assert Indicator.objects.filter(goal__in=goals).count() == 27
    assert list(goals.filter(perspective__code="stakeholder").values_list("number", flat=True)) == [1, 2]
    wtp = settama_indicator(3)
    assert (wtp.value_kind, wtp.qualitative_map, wtp.label_for(Decimal(4))) == ("qualitative", {"WTP": 4}, "WTP")
    assert (settama_indicator(1).schedule, settama_indicator(1).target_behaviour) == ("year_end", "year_end")
    assert (settama_indicator(4).schedule, settama_indicator(4).target_behaviour) == ("monthly", "cumulative")
    assert (settama_indicator(16).schedule, settama_indicator(16).target_behaviour) == ("quarterly", "flat")
    assert (settama_indicator(10).scale_min, settama_indicator(10).scale_max) == (1, 4)
    assert settama_indicator(27).goal.number == 12


@pytest.mark.django_db
def test_it_loads_the_settama_agreement_with_corrected_targets():
    load_demo(agency=False)

    agreement = PerformanceAgreement.objects.get(unit__code="SETTAMA", year=2023)
    assert (agreement.version, agreement.in_force) == (1, True)
    targets = dict(agreement.targets.values_list("indicator__number", "annual_target"))
    assert len(targets) == 27
    assert targets[27] == Decimal("94.2")  # PK Tabel 1; Tabel 6 used the Renstra 2022 target 93.6 (§9)
    assert targets[3] == 4  # WTP
    assert monthly(agreement, 4) == {
        m: Decimal(v)
        for m, v in enumerate(
            ["32.5", "60", "66.2", "81.4", "82.7", "83.4", "85.4", "86.2", "87", "88.4", "91.8", "94.5"], start=1
        )
    }
    assert monthly(agreement, 15) == {3: 30, 6: 60, 12: 100}  # Tabel 12; Tabel 6 prints 60 for B03
    assert monthly(agreement, 20) == {3: Decimal("99.4"), 6: Decimal("99.6"), 12: Decimal("99.6")}  # Tabel 14
    assert monthly(agreement, 22) == {m: Decimal("4.6") for m in range(7, 13)}  # one-column shift in the RAPK
    assert monthly(agreement, 23) == {12: Decimal("83.5")}
    assert monthly(agreement, 1) == {12: Decimal("34.4")}
    assert monthly(agreement, 3) == {12: 4}
    assert monthly(agreement, 27)[12] == Decimal("94.2")


@pytest.mark.django_db
def test_it_loads_settama_realisations_for_quarters_one_and_two():
    load_demo(agency=False)

    realisations = Realisation.objects.filter(indicator__goal__unit__code="SETTAMA")
    assert realisations.count() == 54
    assert set(realisations.values_list("month", flat=True)) == {3, 6}
    assert realisations.filter(state="number").count() == 22  # 11 indicators measured each quarter
    assert not realisations.filter(state="year_end").exclude(value=None).exists()
    nka = settama_indicator(4).realisations
    assert (nka.get(month=3).value, nka.get(month=6).value) == (Decimal("36.18"), Decimal("84.93"))
    regulations = settama_indicator(15).realisations.get(month=6)
    assert (regulations.value, regulations.numerator, regulations.denominator) == (
        Decimal("59.43"),
        104,
        175,
    )
    media = settama_indicator(18).realisations.get(month=6)
    assert "Kualitas Pemberitaan" in media.kendala and media.rtl.startswith("Mengamplifikasi")
    assert settama_indicator(1).realisations.get(month=6).state == "year_end"


@pytest.mark.django_db
def test_it_loads_the_settama_budget():
    load_demo(agency=False)

    lines = BudgetLine.objects.filter(unit__code="SETTAMA", year=2023)
    unit_line = lines.get(goal=None)
    assert (unit_line.pagu, unit_line.blokir, unit_line.available) == (364734836000, 18141602000, 346593234000)
    goal_lines = lines.filter(indicator=None).exclude(goal=None)
    assert goal_lines.count() == 12
    assert sum(line.available for line in goal_lines) == 346593234000
    goal6 = goal_lines.get(goal__number=6)
    assert (goal6.pagu, goal6.available) == (7821209000, 3948199000)
    assert goal6.realisations.get(month=6).amount == 2584961244
    indicator_lines = lines.exclude(indicator=None)
    assert indicator_lines.count() == 27
    assert sum(line.available for line in indicator_lines) == 346593234000
    assert indicator_lines.get(indicator__number=14).realisations.get(month=6).amount == 0
    spent = BudgetRealisation.objects.filter(line__in=indicator_lines, month=6)
    assert sum(r.amount for r in spent) == 199204505081


@pytest.mark.django_db
def test_it_loads_pusdatin_2022_with_both_agreement_versions():
    load_demo(agency=False)

    goals = Goal.objects.filter(unit__code="PUSDATIN", year=2022)
    assert goals.count() == 9
    original, revised = PerformanceAgreement.objects.filter(unit__code="PUSDATIN", year=2022).order_by("version")
    assert (original.version, original.in_force, str(original.signed_on)) == (1, False, "2022-01-21")
    assert (revised.version, revised.in_force, str(revised.signed_on)) == (2, True, "2022-04-01")
    assert revised.reason.startswith("Revisi PK")
    in_force = Indicator.objects.filter(agreement_targets__agreement=revised)
    assert in_force.count() == 17
    assert in_force.values("goal").distinct().count() == 9
    psi = pusdatin_indicator("PSI")
    assert psi.goal.number == 1
    assert list(psi.agreement_targets.values_list("agreement__version", flat=True)) == [1]
    assert original.targets.count() == 15
    keluhan = pusdatin_indicator("KELUHAN")
    assert keluhan.agreement_targets.get(agreement=original).annual_target == 96
    assert keluhan.agreement_targets.get(agreement=revised).annual_target == 95
    assert monthly(revised, keluhan.number)[11] == 96
    assert monthly(revised, keluhan.number)[12] == 95
    assert monthly(original, keluhan.number)[12] == 96
    assert monthly(revised, pusdatin_indicator("CSIRT").number) == {12: Decimal("3.6")}
    assert pusdatin_indicator("DIM").goal.number == 3


@pytest.mark.django_db
def test_it_loads_pusdatin_realisations_of_quarter_four():
    load_demo(agency=False)

    realisations = Realisation.objects.filter(indicator__goal__unit__code="PUSDATIN")
    assert realisations.count() == 17
    assert set(realisations.values_list("month", flat=True)) == {12}
    spbe = pusdatin_indicator("SPBE").realisations.get(month=12)
    assert (spbe.state, spbe.value) == ("in_process", None)
    keluhan = pusdatin_indicator("KELUHAN").realisations.get(month=12)
    assert (keluhan.value, keluhan.numerator, keluhan.denominator) == (98, None, None)
    assert len(keluhan.kendala.splitlines()) == 3 and len(keluhan.rtl.splitlines()) == 3
    dim = pusdatin_indicator("DIM").realisations.get(month=12)
    assert (dim.value, dim.numerator, dim.denominator) == (Decimal("108.70"), 25, 23)


@pytest.mark.django_db
def test_it_loads_the_pusdatin_budget_with_the_corrected_sii_realisation():
    load_demo(agency=False)

    lines = BudgetLine.objects.filter(unit__code="PUSDATIN", year=2022)
    assert lines.get(goal=None).pagu == 49107869000
    indicator_lines = lines.exclude(indicator=None)
    assert indicator_lines.count() == 17
    assert not indicator_lines.filter(goal=None).exists()
    sii = indicator_lines.get(indicator__code="SII")
    assert sii.realisations.get(month=12).amount == 5266913767  # the report prints 6266913767
    spent = BudgetRealisation.objects.filter(line__in=indicator_lines, month=12)
    assert sum(r.amount for r in spent) == 49097659353


@pytest.mark.django_db
def test_it_sets_the_scoring_policies():
    load_demo(agency=False)

    settama = ScoringPolicy.objects.get(unit__code="SETTAMA", year=2023)
    assert (settama.rollup, settama.efficiency_level, settama.output_basis) == (
        "mean_of_perspectives",
        "goal",
        "period",
    )
    pusdatin = ScoringPolicy.objects.get(unit__code="PUSDATIN", year=2022)
    assert (pusdatin.rollup, pusdatin.efficiency_level, pusdatin.output_basis) == (
        "mean_of_goals",
        "indicator",
        "period",
    )
    assert settama.criteria.count() == 4 and settama.tiers.count() == 10


@pytest.mark.django_db
def test_it_is_idempotent():
    first = load_demo(agency=False)
    before = row_counts()

    second = load_demo(agency=False)

    assert row_counts() == before
    assert first["indicators_created"] == 45 + 8 and first["users_created"] == 4  # Settama, Pusdatin, demo UPT
    assert set(second.values()) == {0}


@pytest.mark.django_db
def test_it_restores_a_changed_demo_row():
    load_demo(agency=False)
    realisation = settama_indicator(4).realisations.get(month=6)
    realisation.value = Decimal(1)
    realisation.save()

    counts = load_demo(agency=False)

    realisation.refresh_from_db()
    assert realisation.value == Decimal("84.93")
    assert counts["realisations_updated"] == 1
    assert sum(counts.values()) == 1


@pytest.mark.django_db
def test_it_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=StringIO())

    assert not OrgUnit.objects.exists()


@pytest.mark.django_db
def test_it_loads_with_force_when_debug_is_off(settings):
    settings.DEBUG = False

    call_command("load_demo", "--force", stdout=StringIO())

    # Settama 2023, Pusdatin 2022 (two PK versions), Lampiran I, the demo UPT
    assert Indicator.objects.count() == 27 + 18 + 460 + 8


@pytest.mark.django_db
def test_it_prints_the_demo_logins_and_reports_nothing_new_on_a_second_run(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert "no rows created or changed" in out.getvalue()
    for username in ("perencana", "kepala", "admin", "auditor", "sakip-demo"):
        assert username in out.getvalue()


@pytest.mark.django_db
def test_it_creates_the_demo_users_and_memberships():
    load_demo(agency=False)

    users = {user.username: user for user in get_user_model().objects.all()}
    assert set(users) == {"perencana", "kepala", "admin", "auditor"}
    assert all(user.check_password("sakip-demo") for user in users.values())
    assert users["admin"].is_staff and not users["admin"].is_superuser
    assert not users["perencana"].is_staff
    memberships = set(Membership.objects.values_list("user__username", "role", "unit__code"))
    assert memberships == {
        ("perencana", Role.PLANNER, "PUSDATIN"),
        ("kepala", Role.HEAD, "SETTAMA"),
        ("admin", Role.ADMIN, "BPOM"),
        ("auditor", Role.AUDITOR, "BPOM"),
    }
    assert set(visible_units(users["kepala"]).values_list("code", flat=True)) == {"SETTAMA", "PUSDATIN"}
    assert set(visible_units(users["perencana"]).values_list("code", flat=True)) == {"PUSDATIN"}


@pytest.mark.django_db
def test_it_keeps_the_password_of_an_existing_user():
    get_user_model().objects.create_user("kepala", password="my-own-secret")

    load_demo(agency=False)

    kepala = get_user_model().objects.get(username="kepala")
    assert kepala.check_password("my-own-secret")
    assert Membership.objects.filter(user=kepala, role=Role.HEAD, unit__code="SETTAMA").exists()


# Lapkin Settama TW II 2023, "Kendala dan Rencana Tindak Lanjut" (golden 001_kendala.csv): the rows that belong
# to an indicator, with their status per quarter (TW I "-": the kendala arose in TW II).
KENDALA_TW2 = {
    18: ("Belum tercapainya target indikator", "proses"),
    19: ('Belum tercapainya target "Indikator Persentase Permohonan Wawancara', "selesai"),
}


@pytest.mark.django_db
def test_it_loads_the_rtl_status_the_report_gives_per_quarter():
    load_demo()
    for number, (kendala, status) in KENDALA_TW2.items():
        tw1, tw2 = Realisation.objects.filter(
            indicator__goal__unit__code="SETTAMA", indicator__number=number, month__in=(3, 6)
        ).order_by("month")
        assert (tw1.rtl_status, tw2.rtl_status) == ("", status)
        assert tw2.kendala.startswith(kendala)
        assert "Status TW II" not in tw2.rtl  # the status is data, not text in the RTL
